#!/bin/bash
# smoke_test.sh - issue 7's bench at tiny sizes against scratchvm and direct
# (no QEMU, no timing assertions): every workload runs, every
# guest's output and exit status is exact (bench.py checks them), and
# results.json parses with every workload for both monitors.
# Arguments: the eleven files bench/run.sh takes.
. tests/lib.sh
require_kvm

out="$tmp/bench-out"
bench/run.sh "$@" --out "$out" --smoke --monitors direct,scratchvm >"$tmp/table" 2>"$tmp/log"
status=$?
check "bench --smoke exits 0" [ "$status" = 0 ]
[ "$status" = 0 ] || cat "$tmp/log"

check "results.json: every workload, both monitors, every check exact" python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
r = json.load(open(os.path.join(out, "results.json")))
bad = []
checks = {(c["workload"], c["monitor"]): c["ok"] for c in r["checks"]}
for w in ["W1", "W2", "W3", "W4", "W6", "W7"]:
    for m in ["direct", "scratchvm"]:
        if checks.get((w, m)) is not True:
            bad.append("check %s on %s: %r" % (w, m, checks.get((w, m))))
want = {"W1": ["wall"], "W2": ["time", "throughput"], "W3": ["per_exit"], "W4": ["p50", "p99"],
        "W5": ["seq", "par2"], "W6": ["pss", "rss"], "W7": ["per_exit"]}
for w, metrics in want.items():
    for metric in metrics:
        mons = r["workloads"].get(w, {}).get(metric, {}).get("monitors", {})
        for m in ["direct", "scratchvm"]:
            v = mons.get(m, {}).get("median")
            if not isinstance(v, (int, float)) or v <= 0:
                bad.append("%s %s %s: %r" % (w, metric, m, v))
        if mons.get("direct", {}).get("ratio_to_direct") != 1.0:
            bad.append("%s %s: direct's ratio to itself is not 1" % (w, metric))
        if w != "W6":
            pr = mons.get("scratchvm", {}).get("paired_to_direct") or {}
            if not (pr.get("pairs") == 1 and pr.get("lo") == pr.get("gmean") == pr.get("hi") > 0):
                bad.append("%s %s: no paired ratio for one round: %r" % (w, metric, pr))
            d = mons.get("direct", {}).get("paired_to_direct") or {}
            if abs(d.get("gmean", 0) - 1.0) > 1e-9:
                bad.append("%s %s: direct's paired ratio to itself is not 1: %r" % (w, metric, d))
if not any(t["target"].startswith("W1") and t["issue"] == 17 for t in r["targets"]):
    bad.append("no issue-17 targets")
if set(r.get("load", {})) < {"W1", "W2", "W3", "W4", "W5 seq", "W5 par2", "W7"}:
    bad.append("load not recorded for every workload: %r" % sorted(r.get("load", {})))
if not any(t["target"].startswith("W1") for t in r["targets"]):
    bad.append("no targets")
for b in bad:
    print("  " + b)
sys.exit(1 if bad else 0)
PY
check "table.md has a row per metric" [ "$(grep -c '^| W[1-7] |' "$out/table.md")" = 11 ]
check "table.md has the sandbox layers" grep -q '^| all_ns | ' "$out/table.md"
finish
