#!/usr/bin/env python3
"""bench.py - issue 7's benchmark: ScratchVM (the shipped supervisor, every
sandbox layer on) against `direct` (the same worker and device code in one
process: bench/direct/) and QEMU, on the same guest images.

Run it as `bazel run //bench -- --out DIR` (bench/run.sh passes the built
files). Writes DIR/results.json, DIR/table.md and DIR/chart.png.

Workloads (issue 7):
  W1  start -> halt of the Lab 1 guest: wall time of the whole command
  W2  N bytes to THR without polling (guest/bench/thr_flood.S): bytes/s
  W3  N bytes, each after an LSR poll (guest/bench/lsr_poll.S): time per exit
  W4  echo latency over pipes (guest/echo.S, bench/tools/latency.c): p50, p99
  W5  launch rate of W1: sequential (pinned to one core) and 2 in parallel
  W6  peak PSS/RSS of all of a run's processes for W1, minus guest RAM
      touched (bench/tools/memwatch.c samples /proc)
  W7  a test kernel's report: N lines "PASS: selftest NNNNN" through a
      polled 16550A with interrupts off (guest/bench/ktest_lines.S), as
      kvm-unit-tests prints: time per exit
Every guest's output and exit status is checked exactly before it is timed.

Figures that hold (issue 17): the monitors run interleaved, one sample of
each per round (the order rotating from round to round), so that each
ratio comes from paired samples taken under the same load; every ratio is
the geometric mean of the per-round ratios with its 95% interval (Student's
t on the logarithms). A target holds when the interval's far end meets it.
The machine's load average is recorded at the start and end of every
workload.

--smoke: tiny sizes, one run each (the smoke test).
"""
import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

FULL = {"w1_runs": 50, "w2_bytes": 1_000_000, "w2_runs": 10, "w3_bytes": 100_000, "w3_runs": 10,
        "w4_trips": 2_000, "w4_runs": 5, "w5_launches": 50, "w5_runs": 8, "w6_runs": 10,
        "w7_lines": 10_000, "w7_runs": 8}
SMOKE = {"w1_runs": 1, "w2_bytes": 2_000, "w2_runs": 1, "w3_bytes": 500, "w3_runs": 1,
         "w4_trips": 20, "w4_runs": 1, "w5_launches": 4, "w5_runs": 1, "w6_runs": 1,
         "w7_lines": 20, "w7_runs": 1}
# Two-sided 95% quantiles of Student's t, by degrees of freedom.
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
       9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120,
       17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086, 25: 2.060, 30: 2.042, 40: 2.021, 60: 2.000,
       120: 1.980}
RAM_KB = 16 * 1024  # every monitor runs the guest with 16 MiB of RAM (ScratchVM's default)
QEMU_BIN = "qemu-system-x86_64"
FILES = ("supervisor", "direct", "latency", "memwatch", "layers", "qemu_rom", "lab1_exit",
         "thr_flood", "lsr_poll", "echo", "ktest_lines")


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def pattern(n):
    """The exact output of thr_flood.S and lsr_poll.S for n bytes."""
    out = bytearray()
    letter, left = 0, 64
    for _ in range(n):
        left -= 1
        if left == 0:
            out.append(10)
            left = 64
        else:
            out.append(97 + letter)
            letter = (letter + 1) % 26
    return bytes(out)


def ktest_lines(n):
    """The exact output of ktest_lines.S for n lines."""
    return b"".join(b"PASS: selftest %05d\n" % (i % 100000) for i in range(1, n + 1))


def t95(df):
    """Student's t quantile for a two-sided 95% interval (the table's next
    lower entry: a slightly wider interval, never a narrower one)."""
    if df <= 0:
        return float("inf")
    return T95[max(k for k in T95 if k <= df)] if df < 120 else 1.96


def paired_ratio(a, b):
    """The geometric mean of a[i] / b[i] with its 95% interval."""
    r = [math.log(x / y) for x, y in zip(a, b) if x > 0 and y > 0]
    if not r:
        return None
    m = statistics.fmean(r)
    if len(r) < 2:
        return {"gmean": math.exp(m), "lo": math.exp(m), "hi": math.exp(m), "pairs": len(r)}
    h = t95(len(r) - 1) * statistics.stdev(r) / math.sqrt(len(r))
    return {"gmean": math.exp(m), "lo": math.exp(m - h), "hi": math.exp(m + h), "pairs": len(r)}


def spawn_timed(argv):
    """Wall time of one run of argv, stdin/stdout/stderr on /dev/null, and
    its wait status."""
    null = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
    t0 = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=null)
    _, status = os.waitpid(pid, 0)
    return time.perf_counter() - t0, status


def num(x):
    """A figure for the table: 3 significant digits, no exponent."""
    return "%.0f" % x if abs(x) >= 100 else "%.3g" % x


class Bench:
    def __init__(self, a):
        self.a = a
        self.sizes = SMOKE if a.smoke else FULL
        self.out = a.out
        self.work = os.path.join(self.out, "work")
        os.makedirs(self.work, exist_ok=True)
        self.checks = []
        self.notes = []
        self.results = {}
        self.monitors = [m for m in a.monitors.split(",") if m]
        self.qemu_accel = None
        self.load = {}

    # ---- command lines -------------------------------------------------
    def rom(self, guest, regs, name):
        path = os.path.join(self.work, name + ".rom")
        subprocess.run([sys.executable, self.a.qemu_rom, guest, path] + regs, check=True)
        return path

    def qemu(self, rom, machine="microvm"):
        return [QEMU_BIN, "-accel", self.qemu_accel, "-M", machine, "-nodefaults",
                "-no-user-config", "-display", "none", "-serial", "stdio", "-device",
                "isa-debug-exit,iobase=0xf4,iosize=0x04", "-m", "16M", "-bios", rom]

    def cmd(self, mon, work, n=0):
        """The command line of workload `work` on monitor `mon`."""
        a = self.a
        if mon in ("scratchvm", "direct"):
            exe = a.supervisor if mon == "scratchvm" else a.direct
            return {
                "W1": [exe],
                "W2": [exe, "--reg", "rcx=%d" % n, a.thr_flood],
                "W3": [exe, "--reg", "rcx=%d" % n, a.lsr_poll],
                "W4": [exe, a.echo],
                "W7": [exe, "--reg", "rcx=%d" % n, a.ktest_lines],
            }[work]
        # QEMU: the same images wrapped as 64 KiB firmware (bench/qemu_rom.py).
        # QEMU never ends a run on HLT: W1 uses Lab 1 ending in a debug-exit
        # write, W2/W3 take ESI=1 (debug exit before the HLT). W4 runs on
        # -M isapc: microvm's local APIC leaves LINT0 masked for a guest
        # without firmware, so the 8259A's interrupts never arrive.
        return {
            "W1": lambda: self.qemu(self.rom(a.lab1_exit, [], "w1")),
            "W2": lambda: self.qemu(self.rom(a.thr_flood, ["rcx=%d" % n, "rsi=1"], "w2_%d" % n)),
            "W3": lambda: self.qemu(self.rom(a.lsr_poll, ["rcx=%d" % n, "rsi=1"], "w3_%d" % n)),
            "W4": lambda: self.qemu(self.rom(a.echo, [], "w4"), machine="isapc"),
            "W7": lambda: self.qemu(self.rom(a.ktest_lines, ["rcx=%d" % n, "rsi=1"], "w7_%d" % n)),
        }[work]()

    # ---- checks ----------------------------------------------------------
    def check(self, work, mon, argv, want_out, want_status):
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=600)
        ok = p.stdout == want_out and p.returncode == want_status
        detail = "" if ok else "status %d (want %d), %d bytes out (want %d), stderr %r" % (
            p.returncode, want_status, len(p.stdout), len(want_out), p.stderr[-300:].decode(
                "utf-8", "replace"))
        self.checks.append({"workload": work, "monitor": mon, "ok": ok, "detail": detail})
        if not ok:
            log("CHECK FAILED: %s on %s: %s" % (work, mon, detail))
        return ok

    def setup_qemu(self):
        if "qemu" not in self.monitors:
            return
        if shutil.which(QEMU_BIN) is None:
            self.notes.append("qemu-system-x86_64 not installed: QEMU skipped")
            self.monitors.remove("qemu")
            return
        for accel in ("kvm", "tcg"):
            self.qemu_accel = accel
            p = subprocess.run(self.cmd("qemu", "W1"), stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=60)
            if p.stdout == b"5\n" and p.returncode == 1:
                if accel != "kvm":
                    self.notes.append("QEMU could not use KVM here; it ran with TCG")
                return
        self.notes.append("QEMU could not run the guests (neither KVM nor TCG): skipped")
        self.monitors.remove("qemu")

    # ---- timing ----------------------------------------------------------
    def interleaved(self, name, mons, runs, warmup, sample):
        """Runs sample(mon) for every monitor once per round, `runs` rounds
        after `warmup` untimed ones, the order rotating each round (ABC,
        BCA, CAB, ...), so that sample i of every monitor comes from the
        same stretch of time. Returns {mon: [values]}; records the load."""
        mons = list(mons)
        res = {m: [] for m in mons}
        load0 = os.getloadavg()
        if runs > 1:
            log("%s: %d rounds of %s, interleaved" % (name, runs, ", ".join(mons)))
        for k in range(warmup + runs):
            for m in mons[k % len(mons):] + mons[:k % len(mons)] if mons else []:
                v = sample(m)
                if k >= warmup:
                    res[m].append(v)
        self.load[name] = {"start": list(load0), "end": list(os.getloadavg())}
        return res

    def time_cmds(self, name, cmds, runs, warmup):
        """Whole-process wall times (s) of each command, interleaved.
        Returns {mon: [times]}."""
        if self.a.smoke:
            runs, warmup = 1, 0
        return self.interleaved(name, cmds, runs, warmup, lambda m: spawn_timed(cmds[m])[0])

    @staticmethod
    def stats(v):
        s = sorted(v)
        q = statistics.quantiles(s, n=4) if len(s) >= 2 else [s[0], s[0], s[0]]
        return {"median": statistics.median(s), "mean": statistics.fmean(s),
                "stddev": statistics.stdev(s) if len(s) >= 2 else 0.0, "min": s[0], "max": s[-1],
                "q1": q[0], "q3": q[2], "runs": len(s)}

    def record(self, work, metric, unit, better, samples, what, per_mon=None):
        """samples: {mon: [values in `unit`]}, sample i of each monitor from
        the same round. Adds the median's ratio to direct and the paired
        ratios (to direct, and scratchvm's to QEMU) with their intervals.
        per_mon: stats computed otherwise (W6), unpaired."""
        if per_mon is None:
            per_mon = {m: self.stats(v) for m, v in samples.items() if v}
        base = per_mon.get("direct", {}).get("median")
        for m, st in per_mon.items():
            st["ratio_to_direct"] = (st["median"] / base) if base else None
            if samples and m in samples and "direct" in samples:
                st["paired_to_direct"] = paired_ratio(samples[m], samples["direct"])
        if samples and "scratchvm" in per_mon and "qemu" in samples:
            per_mon["scratchvm"]["paired_to_qemu"] = paired_ratio(samples["scratchvm"],
                                                                  samples["qemu"])
        self.results.setdefault(work, {})[metric] = {
            "unit": unit, "better": better, "what": what, "monitors": per_mon}

    # ---- workloads ---------------------------------------------------------
    def w1(self):
        cmds = {}
        for mon in self.monitors:
            argv = self.cmd(mon, "W1")
            if self.check("W1", mon, argv, b"5\n", 1 if mon == "qemu" else 0):
                cmds[mon] = argv
        t = self.time_cmds("W1", cmds, self.sizes["w1_runs"], 5)
        self.record("W1", "wall", "ms", "lower", {m: [x * 1e3 for x in v] for m, v in t.items()},
                    "start -> halt of the Lab 1 guest, whole command")

    def w23(self, work, key, exits_per_byte):
        n = self.sizes[key + "_bytes"]
        want = pattern(n)
        self.timed_output(work, key, n, want, "%d bytes" % n, n * exits_per_byte,
                          "LSR IN + THR OUT per byte")

    def w7(self):
        n = self.sizes["w7_lines"]
        want = ktest_lines(n)
        self.timed_output("W7", "w7", n, want, "%d lines" % n, 2 * len(want),
                          "LSR IN + THR OUT per byte, %d bytes" % len(want))

    def timed_output(self, work, key, n, want, size, exits, how):
        cmds = {}
        for mon in self.monitors:
            argv = self.cmd(mon, work, n)
            if self.check(work, mon, argv, want, 1 if mon == "qemu" else 0):
                cmds[mon] = argv
        t = self.time_cmds(work, cmds, self.sizes[key + "_runs"], 1)
        self.record(work, "time", "s", "lower", t, "%s, whole command" % size)
        if work == "W2":
            self.record(work, "throughput", "MB/s", "higher",
                        {m: [n / x / 1e6 for x in v] for m, v in t.items()},
                        "%s / whole-command time" % size)
        else:
            self.record(work, "per_exit", "us", "lower",
                        {m: [x / exits * 1e6 for x in v] for m, v in t.items()},
                        "whole-command time / %d exits (%s)" % (exits, how))

    def w4(self):
        """Echo round trips, one latency run of n trips per monitor per
        round, interleaved; each round gives a p50 and a p99."""
        n = self.sizes["w4_trips"]
        bad = set()

        def one(mon):
            if mon in bad:
                return None
            argv = [self.a.latency, str(n)] + self.cmd(mon, "W4")
            p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=900)
            try:
                r = json.loads(p.stdout)
            except ValueError:
                r = {"echo_ok": False}
            want_status = -1 if mon == "qemu" else 0  # QEMU does not end on HLT: killed
            ok = r.get("echo_ok") is True and r.get("n") == n and r.get("exit_status") == want_status
            if not ok:
                bad.add(mon)
                self.checks.append({"workload": "W4", "monitor": mon, "ok": False,
                                    "detail": "%r %s" % (r, p.stderr[-300:])})
                log("CHECK FAILED: W4 on %s: %r" % (mon, r))
                return None
            return r

        runs = 1 if self.a.smoke else self.sizes["w4_runs"]
        res = self.interleaved("W4", self.monitors, runs, 0, one)
        for mon in self.monitors:
            if mon not in bad:
                self.checks.append({"workload": "W4", "monitor": mon, "ok": True, "detail": ""})
        good = {m: v for m, v in res.items() if m not in bad}
        what = "%d rounds of %d echo round trips over pipes (QEMU: -M isapc)" % (runs, n)
        self.record("W4", "p50", "us", "lower", {m: [r["p50_us"] for r in v] for m, v in good.items()},
                    what)
        self.record("W4", "p99", "us", "lower", {m: [r["p99_us"] for r in v] for m, v in good.items()},
                    what)

    def w5(self):
        k = self.sizes["w5_launches"]
        seq, par = {}, {}
        for mon in self.monitors:
            if not any(c["ok"] for c in self.checks if c["workload"] == "W1" and c["monitor"] == mon):
                continue
            one = " ".join(self.cmd(mon, "W1")) + " >/dev/null 2>&1"
            s = os.path.join(self.work, "launch_seq_%s.sh" % mon)
            with open(s, "w") as f:
                f.write("i=0\nwhile [ $i -lt %d ]; do %s; i=$((i+1)); done\n" % (k, one))
            pscript = os.path.join(self.work, "launch_par_%s.sh" % mon)
            with open(pscript, "w") as f:
                f.write("for j in 1 2; do (i=0; while [ $i -lt %d ]; do %s; i=$((i+1)); done) & "
                        "done\nwait\n" % (k // 2, one))
            seq[mon] = ["taskset", "-c", "0", "sh", s]
            par[mon] = ["sh", pscript]
        ts = self.time_cmds("W5 seq", seq, self.sizes["w5_runs"], 1)
        tp = self.time_cmds("W5 par2", par, self.sizes["w5_runs"], 1)
        self.record("W5", "seq", "launches/s", "higher", {m: [k / x for x in v] for m, v in ts.items()},
                    "%d W1 runs one after another, pinned to CPU 0" % k)
        self.record("W5", "par2", "launches/s", "higher",
                    {m: [(k // 2 * 2) / x for x in v] for m, v in tp.items()},
                    "%d W1 runs, 2 at a time (both CPUs)" % (k // 2 * 2))

    def w6(self):
        pss, rss, hwm = {}, {}, {}
        self.mem_raw = {}
        for mon in self.monitors:
            runs = []
            for _ in range(self.sizes["w6_runs"]):
                p = subprocess.run([self.a.memwatch, str(RAM_KB)] + self.cmd(mon, "W1"),
                                   capture_output=True, timeout=120)
                try:
                    runs.append(json.loads(p.stdout))
                except ValueError:
                    pass
            want = 1 if mon == "qemu" else 0
            ok = bool(runs) and all(r["exit_status"] == want for r in runs)
            self.checks.append({"workload": "W6", "monitor": mon, "ok": ok,
                                "detail": "" if ok else repr(runs[:1])})
            if not ok:
                continue
            self.mem_raw[mon] = runs
            ram = max(r["guest_ram_kb"] for r in runs)
            for d, key in ((pss, "peak_pss_kb"), (rss, "peak_rss_kb"), (hwm, "hwm_sum_kb")):
                d[mon] = self.stats([r[key] - r["guest_ram_kb"] for r in runs])
                d[mon]["peak"] = max(r[key] for r in runs) - ram
                d[mon]["guest_ram_kb"] = ram
                d[mon]["procs"] = max(r["procs"] for r in runs)
        what = "W1, all processes of the run, minus resident guest RAM; sampled /proc"
        self.record("W6", "pss", "KiB", "lower", None, what, pss)
        self.record("W6", "rss", "KiB", "lower", None, what, rss)
        self.record("W6", "hwm_sum", "KiB", "lower", None, what + " (sum of each VmHWM)", hwm)

    # ---- targets, table, chart ------------------------------------------------
    def get(self, work, metric, mon, key="median"):
        try:
            return self.results[work][metric]["monitors"][mon][key]
        except KeyError:
            return None

    def paired(self, work, metric, mon, to="direct"):
        """The paired ratio of mon to `to` ({gmean, lo, hi, pairs}) or None."""
        try:
            return self.results[work][metric]["monitors"][mon]["paired_to_" + to]
        except KeyError:
            return None

    def targets(self):
        """Each target holds when its ratio's 95% interval lies wholly on
        the right side of the limit: the upper end for a cost, the lower
        end for a rate."""
        t = []

        def ratio(name, work, metric, limit, to="direct", issue=7):
            r = self.paired(work, metric, "scratchvm", to)
            better = self.results.get(work, {}).get(metric, {}).get("better", "lower")
            if r is None:
                met, end = None, None
            elif better == "lower":
                met, end = r["hi"] <= limit, r["hi"]
            else:
                met, end = r["lo"] >= limit, r["lo"]
            t.append({"target": name, "issue": issue, "value": None if r is None else r["gmean"],
                      "interval": None if r is None else [r["lo"], r["hi"]], "limit": limit,
                      "deciding_end": end, "met": met})

        def plain(name, value, limit, met, issue=7):
            t.append({"target": name, "issue": issue, "value": value, "interval": None,
                      "limit": limit, "deciding_end": value,
                      "met": None if value is None else bool(met)})

        ratio("W1 scratchvm <= 2.0x direct", "W1", "wall", 2.0)
        ratio("W2 scratchvm time <= 0.35x direct (unbatched in-process)", "W2", "time", 0.35)
        ratio("W3 scratchvm per exit <= 1.3x direct", "W3", "per_exit", 1.3)
        ratio("W4 scratchvm p99 <= 2x direct", "W4", "p99", 2.0)
        r = self.get("W5", "seq", "scratchvm")
        plain("W5 scratchvm >= 100 launches/s on one core", r, 100, r is not None and r >= 100)
        a, b = self.get("W6", "pss", "scratchvm"), self.get("W6", "pss", "direct")
        d = None if a is None or b is None else a - b
        plain("W6 scratchvm PSS <= direct + 2048 KiB", d, 2048, d is not None and d <= 2048)
        ratio("W1 scratchvm <= 1.4x direct", "W1", "wall", 1.4, issue=17)
        ratio("W3 scratchvm per exit <= 1.0x direct", "W3", "per_exit", 1.0, issue=17)
        ratio("W5 scratchvm >= 0.7x direct on one core", "W5", "seq", 0.7, issue=17)
        ratio("W5 scratchvm >= 0.85x direct, 2 in parallel", "W5", "par2", 0.85, issue=17)
        if "qemu" in self.monitors:
            for work, metric in self.metrics():
                res = self.results.get(work, {}).get(metric)
                if res is None or self.paired(work, metric, "scratchvm", "qemu") is None:
                    continue
                # scratchvm / QEMU: a cost below 1, a rate above 1
                ratio("%s %s: scratchvm beats QEMU" % (work, metric), work, metric,
                      1.0, to="qemu", issue=17 if work in ("W3", "W7") else 7)
        return t

    @staticmethod
    def metrics():
        return [("W1", "wall"), ("W2", "throughput"), ("W2", "time"), ("W3", "per_exit"),
                ("W4", "p50"), ("W4", "p99"), ("W5", "seq"), ("W5", "par2"), ("W6", "pss"),
                ("W6", "rss"), ("W7", "per_exit")]

    def table(self):
        mons = [m for m in ("direct", "scratchvm", "qemu") if m in self.monitors]
        lines = ["| workload | metric | " + " | ".join(mons) + " |",
                 "|---|---|" + "---|" * len(mons)]
        for work, metric in self.metrics():
            res = self.results.get(work, {}).get(metric)
            if res is None:
                continue
            cells = []
            for m in mons:
                st = res["monitors"].get(m)
                if st is None:
                    cells.append("—")
                    continue
                cell = "%s (%s–%s)" % (num(st["median"]), num(st["min"]), num(st["max"]))
                pr = st.get("paired_to_direct")
                if m != "direct" and pr:
                    cell += " **%.2f×** [%.2f–%.2f]" % (pr["gmean"], pr["lo"], pr["hi"])
                elif m != "direct" and st.get("ratio_to_direct"):
                    cell += " **%.2f×**" % st["ratio_to_direct"]
                cells.append(cell)
            lines.append("| %s | %s, %s (%s is better) | %s |" % (
                work, metric, res["unit"], res["better"], " | ".join(cells)))
        lines.append("")
        lines.append("Each cell: median (min–max) over the rounds; **N×** [lo–hi] is the "
                     "geometric mean of the paired per-round ratios to `direct` with its 95% "
                     "interval (monitors interleaved, one sample each per round). W4: each "
                     "round's p50/p99 of its round trips. W6: KiB above resident guest RAM, "
                     "all processes of the run summed (unpaired: the median's ratio).")
        lines.append("")
        lines.append("| target | issue | value [95% interval] | met (the interval's far end) |")
        lines.append("|---|---|---|---|")
        for t in self.targets():
            v = "—" if t["value"] is None else num(t["value"])
            if t["interval"]:
                v += " [%s–%s]" % (num(t["interval"][0]), num(t["interval"][1]))
            lines.append("| %s | %d | %s | %s |" % (t["target"], t["issue"], v,
                                                    {True: "yes", False: "**no**", None: "—"}[t["met"]]))
        lines.append("")
        lines.append("Load average (1 min) at the start and end of each workload: " + ", ".join(
            "%s %.2f→%.2f" % (w, l["start"][0], l["end"][0]) for w, l in self.load.items()))
        if self.notes:
            lines.append("")
            lines += ["- " + n for n in self.notes]
        return "\n".join(lines) + "\n"

    def chart(self):
        gp = shutil.which("gnuplot")
        if gp is None:
            self.notes.append("gnuplot not installed: no chart")
            return
        rows = []
        for work, metric in self.metrics():
            res = self.results.get(work, {}).get(metric)
            if res is None or (work, metric) == ("W2", "time"):  # the same as W2 throughput
                continue
            row = ["%s-%s" % (work, metric)]
            for m in ("scratchvm", "qemu"):
                r = res["monitors"].get(m, {}).get("ratio_to_direct")
                if r and res["better"] == "higher":
                    r = 1 / r  # plot cost: lower is better everywhere
                row.append("%.4g" % r if r else "?")
            rows.append(" ".join(row))
        dat = os.path.join(self.work, "chart.dat")
        with open(dat, "w") as f:
            f.write("\n".join(rows) + "\n")
        script = """
set terminal pngcairo size 1100,560 font ",10"
set output '%s'
set title "ScratchVM and QEMU relative to the in-process monitor (direct = 1; lower is better)"
set ylabel "cost ratio to direct (log scale; rates inverted)"
set logscale y
set yrange [0.3:*]
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by -30 noenhanced
set grid ytics
set datafile missing '?'
set key top left
plot '%s' using 2:xtic(1) title 'scratchvm' lc rgb '#2c7fb8', \\
     '' using 3 title 'qemu' lc rgb '#d95f0e', \\
     1 with lines lc rgb 'black' dt 2 title 'direct'
""" % (os.path.join(self.out, "chart.png"), dat)
        p = subprocess.run([gp], input=script.encode(), capture_output=True)
        if p.returncode != 0:
            self.notes.append("gnuplot failed: %s" % p.stderr.decode()[-200:])

    def machine(self):
        def sh(*argv):
            try:
                return subprocess.run(argv, capture_output=True, text=True).stdout.strip()
            except OSError:
                return None
        cpu = None
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        ws = os.environ.get("BUILD_WORKSPACE_DIRECTORY")
        git = None
        if ws:
            head = sh("git", "-C", ws, "rev-parse", "--short", "HEAD")
            dirty = sh("git", "-C", ws, "status", "--porcelain", "--untracked-files=no")
            git = "%s%s" % (head, " (with uncommitted changes)" if dirty else "")
        return {"git": git, "kernel": platform.release(), "cpu": cpu, "cpus": os.cpu_count(),
                "qemu": (sh(QEMU_BIN, "--version") or "").split("\n")[0] or None,
                "qemu_accel": self.qemu_accel, "python": platform.python_version()}

    def layers(self):
        """What each sandbox layer adds to creating and reaping a process
        (bench/tools/layers.c), in microseconds."""
        n = "20" if self.a.smoke else "300"
        out = subprocess.run([self.a.layers, n], capture_output=True, text=True, check=True).stdout
        return json.loads(out)

    @staticmethod
    def layers_table(layers):
        rows = ["", "Sandbox layers: microseconds each adds to creating, using and reaping "
                "a process (mean of %d; `process` is the plain clone3 + pidfd + reap)." % layers["n"],
                "", "| layer | us |", "|---|---|"]
        for k, v in layers.items():
            if k not in ("n", "unit"):
                rows.append("| %s | %.1f |" % (k, v))
        return "\n".join(rows) + "\n"

    def run(self):
        self.setup_qemu()
        steps = {"W1": self.w1, "W2": lambda: self.w23("W2", "w2", 1),
                 "W3": lambda: self.w23("W3", "w3", 2), "W4": self.w4, "W5": self.w5,
                 "W6": self.w6, "W7": self.w7}
        for w in self.a.workloads.split(","):
            log("%s on %s" % (w, ", ".join(self.monitors)))
            steps[w]()
        layers = self.layers()
        self.chart()
        res = {"layers_us": layers,"command": self.a.command, "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
               "smoke": self.a.smoke, "sizes": self.sizes, "monitors": self.monitors,
               "machine": self.machine(), "checks": self.checks, "workloads": self.results,
               "targets": self.targets(), "memwatch_runs": getattr(self, "mem_raw", {}),
               "load": self.load,
               "notes": self.notes}
        with open(os.path.join(self.out, "results.json"), "w") as f:
            json.dump(res, f, indent=1)
        table = self.table() + self.layers_table(layers)
        with open(os.path.join(self.out, "table.md"), "w") as f:
            f.write(table)
        sys.stdout.write(table)
        bad = [c for c in self.checks if not c["ok"]]
        if bad:
            log("%d check(s) failed: see results.json" % len(bad))
            return 1
        log("results in %s" % self.out)
        return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--out", required=True, help="directory for results.json, table.md, chart.png")
    p.add_argument("--smoke", action="store_true", help="tiny sizes, one run each")
    p.add_argument("--monitors", default="direct,scratchvm,qemu")
    p.add_argument("--workloads", default="W1,W2,W3,W4,W5,W6,W7")
    for f in FILES:
        p.add_argument("--" + f.replace("_", "-"), dest=f, required=True)
    p.add_argument("--command-args", default=None, help="the user's arguments, for the record")
    a = p.parse_args()
    a.command = "bazel run //bench -- " + (a.command_args if a.command_args is not None
                                           else " ".join(sys.argv[1:]))
    for f in FILES:
        setattr(a, f, os.path.abspath(getattr(a, f)))
    if not os.path.isabs(a.out) and os.environ.get("BUILD_WORKSPACE_DIRECTORY"):
        a.out = os.path.join(os.environ["BUILD_WORKSPACE_DIRECTORY"], a.out)
    a.out = os.path.abspath(a.out)
    os.makedirs(a.out, exist_ok=True)
    return Bench(a).run()


if __name__ == "__main__":
    sys.exit(main())
