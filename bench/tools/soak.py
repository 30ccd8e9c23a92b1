#!/usr/bin/env python3
"""soak.py SUPERVISOR GUEST_DIR [RUNS] [OUT_MB] [IN_MB]: the long soak.

Outside CI (BENCHMARKS.md records a run): RUNS runs of Lab 1 in a row (each
output and status checked; the supervisor's peak resident memory of the
first and last hundred compared), then one run writing OUT_MB MB through
COM1 (guest/bench/thr_flood.S, output counted) and one reading IN_MB MB
through COM1's input into the echo guest (compared), each sampling the
supervisor's VmRSS through the run: growth from the first sample after
start-up to the last must stay within 1%. IN_MB 0 skips the input run.
"""
import os
import statistics
import subprocess
import sys
import threading
import time

sv, g = sys.argv[1], sys.argv[2].rstrip("/") + "/"
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
out_mb = int(sys.argv[4]) if len(sys.argv) > 4 else 100
in_mb = int(sys.argv[5]) if len(sys.argv) > 5 else 100
ok = True


maxrss = []
t0 = time.monotonic()
bad = 0
for i in range(runs):
    p = subprocess.Popen([sv, g + "lab1.bin"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    maxrss.append(ru.ru_maxrss)
    if (p.returncode, out, err) != (0, b"5\n", b""):
        bad += 1
first, last = statistics.median(maxrss[:100]), statistics.median(maxrss[-100:])
print("%d runs in a row: %d wrong, %.1f s; peak RSS median first 100 %d KiB, last 100 %d KiB"
      % (runs, bad, time.monotonic() - t0, first, last))
ok &= bad == 0 and last <= first * 1.01


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None


def sampled(args, feed=None, want=None, count_only=None):
    """Run, sampling the supervisor's VmRSS every 0.5 s; returns samples."""
    p = subprocess.Popen([sv] + args, stdin=subprocess.PIPE if feed else subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    samples, got = [], [0]
    done = threading.Event()

    def sample():
        while not done.wait(0.5):
            r = rss_kib(p.pid)
            if r is not None:
                samples.append(r)

    def reader():
        while True:
            b = p.stdout.read(1 << 16)
            if not b:
                break
            got[0] += len(b)

    def writer():
        for chunk in feed:
            p.stdin.write(chunk)
        p.stdin.close()

    threads = [threading.Thread(target=sample), threading.Thread(target=reader)]
    if feed:
        threads.append(threading.Thread(target=writer))
    for t in threads:
        t.start()
    err = p.stderr.read()
    p.wait()
    done.set()
    for t in threads:
        t.join()
    return p.returncode, got[0], err, samples


if out_mb:
    n = out_mb * 1000 * 1000
    t0 = time.monotonic()
    st, got, err, s = sampled(["--timeout", "0", "--max-output", "0", "--reg", "rcx=%d" % n,
                               g + "bench/thr_flood.bin"])
    grow = (s[-1] - s[1]) / s[1] * 100 if len(s) > 2 else 0.0
    print("%d MB out: status %d, %d bytes, %.1f s; VmRSS %s KiB -> %s KiB (%+.2f%%)"
          % (out_mb, st, got, time.monotonic() - t0, s[1] if len(s) > 2 else "?",
             s[-1] if s else "?", grow))
    ok &= st == 0 and got == n and grow <= 1.0
if in_mb:
    n = in_mb * 1000 * 1000
    chunk = (b"abcdefghijklmnopqrstuvwxyz0123456789\n" * 1800)[:65536]
    feed = [chunk] * (n // len(chunk)) + [b"\x04"]
    t0 = time.monotonic()
    st, got, err, s = sampled(["--timeout", "0", "--max-output", "0", g + "echo.bin"], feed=feed)
    grow = (s[-1] - s[1]) / s[1] * 100 if len(s) > 2 else 0.0
    print("%d MB in: status %d, %d bytes back, %.1f s; VmRSS %s KiB -> %s KiB (%+.2f%%)"
          % (in_mb, st, got, time.monotonic() - t0, s[1] if len(s) > 2 else "?",
             s[-1] if s else "?", grow))
    ok &= st == 0 and got == len(chunk) * (n // len(chunk)) and grow <= 1.0
print("soak: %s" % ("ok" if ok else "FAILED"))
sys.exit(0 if ok else 1)
