#!/usr/bin/env python3
"""The docs agree with the code, both ways:
1. the options `supervisor --help` lists == the README's option table ==
   the parser's table (supervisor/options.c options_spec), and each one is
   accepted by the built parser;
2. the exit statuses `--help` lists == the README's table == the values in
   common/exit_code.h;
3. the --stats keys in the README's table == the keys stats_json_format
   emits (tests/stats_keys.c), in order;
4. SECURITY.md's allowlist tables == `--print-policy` output, for every
   option `--help` lists (each variant of the filters has its own table,
   whose heading names the options that select it), with the counts in
   the headings; a sanitizer build's build-only rules (BUILD-allow,
   BUILD-errno=E lines) == the table in SECURITY.md "Sanitizer builds"
   in --config=asan (SCRATCHVM_SANITIZER=asan, set by .bazelrc), and there
   are none in any other build.
Each difference is named on its own line; the last line is the summary.

usage: docs_test.py SUPERVISOR STATS_KEYS README SECURITY OPTIONS_C EXIT_CODE_H
"""
import json
import os
import re
import subprocess
import sys

sv, stats_keys, readme_path, security_path, options_c, exit_code_h = sys.argv[1:7]
readme = open(readme_path).read()
security = open(security_path).read()
failures = []
passed = 0


def check(name, ok, detail=""):
    global passed
    if ok:
        passed += 1
        print("ok   " + name)
    else:
        failures.append(name)
        print("FAIL " + name + (":\n" + detail if detail else ""))


def diff(what_a, a, what_b, b):
    """Lines naming what is in one list and not the other (or the order)."""
    out = []
    for x in a:
        if x not in b:
            out.append("  %r is in %s, not in %s" % (x, what_a, what_b))
    for x in b:
        if x not in a:
            out.append("  %r is in %s, not in %s" % (x, what_b, what_a))
    if not out and list(a) != list(b):
        out.append("  same entries, different order:\n    %s: %s\n    %s: %s"
                   % (what_a, a, what_b, b))
    return "\n".join(out)


def run(args):
    p = subprocess.run([sv] + args, stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, errors="replace", timeout=20)
    return p.returncode, p.stdout, p.stderr


def section(text, heading):
    """The text under a '## heading' up to the next '## '."""
    m = re.search(r"^## " + re.escape(heading) + r"\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not m:
        raise SystemExit("docs_test: no section '## %s'" % heading)
    return m.group(1)


def tables(text):
    """Every markdown table: (the line before it, [rows as cell lists])."""
    found, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        if lines[i].startswith("|") and i + 1 < len(lines) and lines[i + 1].startswith("|---"):
            before = next((l for l in reversed(lines[:i]) if l.strip()), "")
            header = cells(lines[i])
            rows, i = [], i + 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(cells(lines[i]))
                i += 1
            found.append((before, header, rows))
        else:
            i += 1
    return found


def cells(line):
    parts = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [p.strip().replace("\\|", "|") for p in parts]


def table_with_header(text, first):
    for before, header, rows in tables(text):
        if header and header[0] == first:
            return rows
    raise SystemExit("docs_test: no table whose first column is '%s'" % first)


def unquote(cell):
    """'`-v`, `--verbose`' -> '-v, --verbose'; '`fd==4(vcpu)`' -> 'fd==4(vcpu)'."""
    return re.sub(r"`([^`]*)`", r"\1", cell)


# ---- 1. options ----
status, help_text, help_err = run(["--help"])
check("--help exits 0 with nothing on stderr", status == 0 and help_err == "",
      "  status %d, stderr %r" % (status, help_err))
opt_lines = re.findall(r"^  ((?:-[A-Za-z], )?--[a-z-]+(?:\[=[A-Z]+\]| [A-Z][A-Z=]*)?)",
                       help_text.split("Options:\n", 1)[-1].split("\n\n", 1)[0], re.M)
readme_opts = [unquote(r[0]) for r in table_with_header(readme, "option")]
check("--help's options == the README's option table", opt_lines == readme_opts,
      diff("--help", opt_lines, "README", readme_opts))

spec = re.findall(r'^\s*\{"([a-z-]+)", (0|\'.\'), OPTION_ARG_([A-Z]+), \w+\},',
                  open(options_c).read(), re.M)
code_opts = []
for name, short, arg in spec:
    s = "" if short == "0" else "-%s, " % short.strip("'")
    code_opts.append((s + "--" + name, arg))


def parse_help_opt(text):
    m = re.match(r"((?:-., )?--[a-z-]+)(\[=[A-Z]+\]| [A-Z][A-Z=]*)?$", text)
    arg = "NONE" if not m.group(2) else ("OPTIONAL" if m.group(2).startswith("[") else "REQUIRED")
    return m.group(1), arg


help_opts = [parse_help_opt(o) for o in opt_lines]
check("--help's options == the parser's table (names, short forms, values)",
      sorted(help_opts) == sorted(code_opts),
      diff("--help", sorted(help_opts), "options.c", sorted(code_opts)))

# Values to try each option with: what --help says it takes. An option
# missing here fails the test, so a new option gets its samples (and its
# --print-policy variant checked).
SAMPLES = {
    "--mode": ["real", "protected", "long"],
    "--mem": ["64K", "2G"],
    "--load-addr": ["0x100"],
    "--reg": ["rax=0x1", "r15=18446744073709551615"],
    "--timeout": ["0", "0.5000", "86400"],
    "--max-output": ["0", "64K"],
    "--stats": [None, "=s.json"],
    "--user": ["nobody"],
    "--seccomp": ["enforce", "log"],
}


def tries(long_name, arg):
    if arg == "NONE":
        return [[long_name]]
    if long_name not in SAMPLES:
        return None
    out = []
    for v in SAMPLES[long_name]:
        if v is None:
            out.append([long_name])
        elif v.startswith("="):
            out.append([long_name + v])
        else:
            out.append([long_name, v])
    return out


option_sets = [[]]
for text, arg in help_opts:
    long_name = text.split()[-1]
    t = tries(long_name, arg)
    check("docs_test has sample values for " + long_name, t is not None,
          "  add them to SAMPLES in tests/docs_test.py")
    for args in t or []:
        if long_name in ("--help", "--version"):
            st, _, err = run(args)
        else:
            st, _, err = run(args + ["--print-policy"])
            if long_name != "--print-policy":
                option_sets.append(args)
        check("the parser accepts " + " ".join(args), st == 0 and err == "",
              "  status %d, stderr %r" % (st, err))

# ---- 2. exit statuses ----
help_codes = re.findall(r"^  (\d+|odd)  ", help_text.split("Exit status:\n", 1)[-1], re.M)
readme_codes = [r[0] for r in table_with_header(readme, "status")]
code_codes = [m for m in re.findall(r"^\s*EXIT_\w+ = (\d+),", open(exit_code_h).read(), re.M)]
check("--help's exit statuses == the README's table", help_codes == readme_codes,
      diff("--help", help_codes, "README", readme_codes))
check("--help's exit statuses == common/exit_code.h (and 'odd')",
      help_codes == code_codes + ["odd"],
      diff("--help", help_codes, "exit_code.h", code_codes + ["odd"]))

# ---- 3. --stats keys ----
out = subprocess.run([stats_keys], capture_output=True, text=True, check=True).stdout


def flatten(obj, prefix=""):
    keys = []
    for k, v in obj.items():
        if prefix == "io_exits_by_port." and k != "other":
            k = "<port>"
        path = prefix + k
        if isinstance(v, dict):
            keys += flatten(v, path + ".")
        else:
            keys.append(path)
    return keys


emitted = flatten(json.loads(out))
readme_keys = [unquote(r[0]) for r in table_with_header(readme, "key")]
check("the README's --stats keys == the keys stats_json_format emits", readme_keys == emitted,
      diff("README", readme_keys, "stats_json", emitted))

# ---- 4. SECURITY.md's allowlists == --print-policy ----
allow = section(security, "The allowlists")
HEADING = re.compile(r"^(Worker|Supervisor)(?: with ((?:`[^`]+`(?:, )?)+))? "
                     r"\((\d+) syscalls?, (\d+) rules?\):$")
ELSE = re.compile(r"^Anything else: `(\w+)`(?: \(with `([^`]+)`: `(\w+)`\))?; "
                  r"another ABI: `(\w+)`\.$", re.M)
doc_tables = []  # (process, options selecting it, syscalls, rules, rows, else-line)
for before, header, rows in tables(allow):
    m = HEADING.match(before)
    if not m:
        check("SECURITY.md allowlist table heading parses", False,
              "  %r is not 'Worker|Supervisor [with `OPT`] (N syscalls, M rules):'" % before)
        continue
    sel = re.findall(r"`([^`]+)`", m.group(2) or "")
    doc_tables.append((m.group(1).lower(), sel, int(m.group(3)), int(m.group(4)), rows))
doc_else = {}
for m in ELSE.finditer(allow):
    doc_else = {"default": m.group(1), "variant": m.group(2), "variant_default": m.group(3),
                "badarch": m.group(4)}
check("SECURITY.md says what happens to anything else", bool(doc_else),
      "  no line 'Anything else: `trap` (with `--seccomp log`: `log`); another ABI: `...`.'")


def pick(process, args):
    """The table whose selecting options are all in args (the most specific)."""
    joined = " ".join(args)
    best = None
    for t in doc_tables:
        if t[0] == process and all(o in joined for o in t[1]):
            if best is None or len(t[1]) > len(best[1]):
                best = t
    return best


# Option sets whose filters are the same, and whose SECURITY.md tables are
# the same, are checked once, under the first one's name.
seen = {}
for args in option_sets:
    st, out, err = run(args + ["--print-policy"])
    name = " ".join(args + ["--print-policy"])
    if st != 0:
        check(name + " exits 0", False, "  status %d, stderr %r" % (st, err))
        continue
    key = (out, tuple(id(pick(p, args)) for p in ("worker", "supervisor")),
           doc_else.get("variant", "") in " ".join(args))
    if key in seen:
        seen[key].append(name)
        continue
    seen[key] = [name]
    by_proc = {}
    for line in out.rstrip("\n").split("\n"):
        f = line.split("\t")
        by_proc.setdefault(f[0], []).append(f[1:])
    for process, lines in by_proc.items():
        t = pick(process, args)
        if t is None:
            check("SECURITY.md has a %s table for %s" % (process, name), False)
            continue
        rules = [l[1:] for l in lines if l[0] == "allow"]
        got = [[r[0], "" if r[1] == "-" else r[1], r[2]] for r in rules]
        want = [[unquote(c) for c in row] for row in t[4]]
        nsys = len(dict.fromkeys(r[0] for r in rules))
        ok = got == want and t[2] == nsys and t[3] == len(rules)
        detail = diff("SECURITY.md", [" | ".join(r) for r in want], name,
                      [" | ".join(r) for r in got])
        if t[2] != nsys or t[3] != len(rules):
            detail += "\n  heading says %d syscalls, %d rules; the filter has %d, %d" % (
                t[2], t[3], nsys, len(rules))
        check("SECURITY.md's %s table == %s" % (process, name), ok, detail)
        actions = {l[0]: l[1] for l in lines if l[0] != "allow"}
        variant = doc_else.get("variant")
        want_default = doc_else.get("variant_default") if variant and variant in " ".join(
            args) else doc_else.get("default")
        check("SECURITY.md's default and other-ABI actions == %s (%s)" % (name, process),
              actions.get("default") == want_default
              and actions.get("badarch") == doc_else.get("badarch"),
              "  SECURITY.md: default %s, badarch %s; filter: default %s, badarch %s" % (
                  want_default, doc_else.get("badarch"), actions.get("default"),
                  actions.get("badarch")))

# ---- 4b. a sanitizer build's build-only rules == SECURITY.md ----
san_rows = table_with_header(section(security, "Sanitizer builds"), "action")
want_build = [[unquote(c) for c in row] for row in san_rows]
st, out, err = run(["--print-policy"])
build_lines = {}
for line in out.rstrip("\n").split("\n"):
    f = line.split("\t")
    if len(f) == 5 and f[1] not in ("allow", "default", "badarch"):
        build_lines.setdefault(f[0], []).append([f[1], f[2], "" if f[3] == "-" else f[3], f[4]])
sanitizer = os.environ.get("SCRATCHVM_SANITIZER", "")
if sanitizer != "asan":
    check("no build-only seccomp rules in this build (%s)" % (sanitizer or "not a sanitizer build"),
          not build_lines, "  --print-policy has: %r" % build_lines)
for process in ("worker", "supervisor") if sanitizer == "asan" else ():
    got = build_lines.get(process, [])
    check("SECURITY.md's sanitizer build-only rules == --print-policy (%s)" % process,
          got == want_build, diff("SECURITY.md", [" | ".join(r) for r in want_build],
                                  "--print-policy", [" | ".join(r) for r in got]))

for names in seen.values():
    if len(names) > 1:
        print("     (%s: the same filters as %s)" % (", ".join(names[1:]), names[0]))
print("%d passed, %d failed" % (passed, len(failures)))
sys.exit(1 if failures else 0)
