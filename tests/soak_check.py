"""Load and soak: many supervisors at once, many in a row, a lot of data.

Run by tests/soak_test.sh: soak_check.py SUPERVISOR GUEST_DIR. Prints one
ok/FAIL line per check and the "N passed, N failed" line of tests/lib.sh.
  1. 100 supervisors at once on a mix of guests: every output and status
     exact, then no process of theirs, no new descriptor in this process
     and no file in their TMPDIR or /dev/shm left behind;
  2. 1000 runs in a row: the same, for each;
  3. 4 MB of guest output, byte for byte;
  4. 1 MB through COM1's input into the echo guest, nothing lost.
Guests are copied under a private directory, so "a process of theirs" is
any process whose command line names it.
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pycheck import check, finish  # noqa: E402

SV = sys.argv[1]
HOME = tempfile.mkdtemp(prefix="soak.", dir=os.environ.get("TEST_TMPDIR"))
G = os.path.join(HOME, "guests")
shutil.copytree(sys.argv[2], G)
RUN_TMP = os.path.join(HOME, "tmp")  # the supervisors' TMPDIR: must stay empty
os.mkdir(RUN_TMP)
ENV = dict(os.environ, TMPDIR=RUN_TMP)


def g(name):
    return os.path.join(G, name)


# name, argv, stdin bytes, exact stdout, status
MIX = [
    ("lab1", [g("lab1.bin")], b"", b"5\n", 0),
    ("polled_hello", [g("polled_hello.bin")], b"", b"Hello from a polled UART!\n", 0),
    ("hello32", ["--mode", "protected", g("hello32.bin")], b"",
     b"Hello from 32-bit protected mode\n", 0),
    ("hello64", ["--mode", "long", g("hello64.bin")], b"",
     b"Hello from 64-bit long mode\nEFER.LMA=1 CR0.PG=1 CR4.PAE=1\n", 0),
    ("primes", [g("primes.elf")], b"",
     b"primes below 10000: 1229\nlast: 9931 9941 9949 9967 9973\nsum: 5736396\ndone\n", 7),
    ("debug_exit", [g("debug_exit.bin")], b"", b"bye\n", 85),
    ("echo", [g("echo.bin")], b"hello\x04", b"HELLO", 0),
]


def ours():
    """Processes whose command line names our private guest directory."""
    n = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if G.encode() in f.read():
                    n += 1
        except OSError:
            pass
    return n


def leftovers():
    return sorted(os.listdir(RUN_TMP)) + sorted(
        f for f in os.listdir("/dev/shm") if f.startswith("scratchvm"))


def my_fds():
    return sorted(os.listdir("/proc/self/fd"))


fds_before = my_fds()
shm_before = set(os.listdir("/dev/shm"))

# --- 1. 100 at once ---------------------------------------------------------
# 60 s each: 100 runs of a few ms of CPU each on two cores take well under
# a second; the limit only has to outlast the queueing of 100 starts on a
# loaded machine (a tiny guest's run is ~4 ms alone, ~100x that worst case).
t0 = time.monotonic()
procs = []
for i in range(100):
    name, args, stdin, want, status = MIX[i % len(MIX)]
    p = subprocess.Popen([SV, "--timeout", "60"] + args, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    procs.append((i, name, p, stdin, want, status))
bad = []
for i, name, p, stdin, want, status in procs:
    try:
        out, err = p.communicate(stdin, timeout=120)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        bad.append("%d %s hung" % (i, name))
        continue
    if (p.returncode, out, err) != (status, want, b""):
        bad.append("%d %s: status %s, stdout %r, stderr %r" % (i, name, p.returncode, out[:80],
                                                               err[:200]))
check("100 supervisors at once: every output and status exact (%.1f s)" % (time.monotonic() - t0),
      not bad, "; ".join(bad[:5]))
check("... no process of theirs left", ours() == 0, "%d left" % ours())
check("... no file left in their TMPDIR or /dev/shm", not leftovers() and
      set(os.listdir("/dev/shm")) <= shm_before, repr(leftovers()))
check("... no descriptor left in the parent", my_fds() == fds_before,
      "%s -> %s" % (fds_before, my_fds()))

# --- 2. 1000 in a row -------------------------------------------------------
t0 = time.monotonic()
bad = []
for i in range(1000):
    name, args, stdin, want, status = MIX[i % len(MIX)]
    r = subprocess.run([SV, "--timeout", "60"] + args, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=ENV, timeout=120)
    if (r.returncode, r.stdout, r.stderr) != (status, want, b""):
        bad.append("%d %s: status %s, stdout %r, stderr %r" % (i, name, r.returncode,
                                                               r.stdout[:80], r.stderr[:200]))
check("1000 runs in a row: every output and status exact (%.1f s)" % (time.monotonic() - t0),
      not bad, "; ".join(bad[:5]))
check("... no process, file or descriptor left", ours() == 0 and not leftovers() and
      my_fds() == fds_before, "%d processes, files %r" % (ours(), leftovers()))


# --- 3. 4 MB out ------------------------------------------------------------
def thr_flood_bytes(n):
    """What guest/bench/thr_flood.S writes for ECX = n: 'a'..'z' cycling,
    every 64th byte a newline (which does not advance the letter)."""
    out = bytearray(n)
    letter = 0
    for i in range(n):
        if i % 64 == 63:
            out[i] = 10
        else:
            out[i] = 97 + letter
            letter = (letter + 1) % 26
    return bytes(out)


N = 4 * 1000 * 1000
t0 = time.monotonic()
r = subprocess.run([SV, "--timeout", "120", "--max-output", "0", "--reg", "rcx=%d" % N,
                    g("thr_flood.bin")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   env=ENV, timeout=180)
want = thr_flood_bytes(N)
check("4 MB of guest output, byte for byte (%.1f s)" % (time.monotonic() - t0),
      (r.returncode, len(r.stdout), r.stdout == want, r.stderr) == (0, N, True, b""),
      "status %s, %d bytes, stderr %r" % (r.returncode, len(r.stdout), r.stderr[:200]))

# --- 4. 1 MB in -------------------------------------------------------------
rng = random.Random(12)  # the same megabyte every run
data = bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz0123456789 \n") for _ in range(1000 * 1000))
t0 = time.monotonic()
r = subprocess.run([SV, "--timeout", "600", g("echo.bin")], input=data + b"\x04",
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, timeout=700)
check("1 MB through COM1's input into the echo guest, nothing lost (%.1f s)"
      % (time.monotonic() - t0),
      (r.returncode, r.stdout == data.upper(), r.stderr) == (0, True, b""),
      "status %s, %d bytes back, stderr %r" % (r.returncode, len(r.stdout), r.stderr[:200]))
check("... no process, file or descriptor left", ours() == 0 and not leftovers() and
      my_fds() == fds_before)

shutil.rmtree(HOME)
finish()
