#!/usr/bin/env python3
"""paired.py OLD NEW GUEST_DIR [ROUNDS]: one change's cost on the exit path.

Runs two builds of the supervisor (e.g. the commit before a change and
after it) interleaved, OLD then NEW, on W1 (Lab 1, start to halt), W2 (THR
writes without polling) and W3 (LSR polled before each byte), with output to
/dev/null, and prints each build's median and the median of the paired
NEW/OLD ratios. Not a substitute for bench.py's full run: a quick A/B.
"""
import statistics
import subprocess
import sys
import time

old, new, g = sys.argv[1], sys.argv[2], sys.argv[3].rstrip("/") + "/"
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 1
WORKLOADS = [
    ("W1 lab1 start->halt", ["--timeout", "30", g + "lab1.bin"], 40),
    ("W2 thr_flood 200000 B", ["--timeout", "60", "--reg", "rcx=200000", g + "bench/thr_flood.bin"], 8),
    ("W3 lsr_poll 20000 B", ["--timeout", "60", "--reg", "rcx=20000", g + "bench/lsr_poll.bin"], 8),
]
for name, args, n in WORKLOADS:
    t = {old: [], new: []}
    for _ in range(n * rounds):
        for sv in (old, new):
            t0 = time.perf_counter()
            r = subprocess.run([sv] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            t[sv].append(time.perf_counter() - t0)
            if r.returncode != 0:
                sys.exit("%s %s: exit %d" % (sv, name, r.returncode))
    ratios = [b / a for a, b in zip(t[old], t[new])]
    print("%-24s old %8.2f ms  new %8.2f ms  new/old median %.3f (min %.3f, max %.3f)" % (
        name, statistics.median(t[old]) * 1e3, statistics.median(t[new]) * 1e3,
        statistics.median(ratios), min(ratios), max(ratios)))
