"""Every stream the supervisor writes, against every way it can fail.

Run by tests/streams_test.sh: streams_check.py SUPERVISOR GUEST_DIR.
stdout, stderr (--trace) and --stats=FILE each meet a reader that never
reads, a FIFO with no reader, a stream socket whose peer never reads,
/dev/full and a closed descriptor; each run must end within its limit + 1 s
with its documented status and exact line (none when stderr is the failing
stream: the status alone tells). Then the precedence of two causes meeting,
and the descriptions inherited from the "shell", whose flags the run must
leave as they were, also when it is killed. Prints one ok/FAIL line per
check and the "N passed, N failed" summary of tests/lib.sh.
"""
import fcntl
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pycheck import check, finish  # noqa: E402

SV = sys.argv[1]
G = sys.argv[2]
GUEST = {n: os.path.join(G, n) for n in (
    "lab1.bin", "flood.bin", "spin.bin", "thr_flood.bin", "debug_exit.bin",
    "print_then_strict.bin")}
TMP = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))


def run(args, stdin=None, stdout=None, stderr=None, limit=10, pass_fds=(), after_start=None):
    """Run the supervisor; returns (status, seconds). A hang past `limit`
    is killed and reported as status 'hung'."""
    t0 = time.monotonic()
    p = subprocess.Popen([SV] + args, stdin=stdin if stdin is not None else subprocess.DEVNULL,
                         stdout=stdout, stderr=stderr, pass_fds=pass_fds)
    if after_start:
        after_start(p)
    try:
        st = p.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        st = "hung"
    return st, time.monotonic() - t0


def capture_file(name):
    return open(os.path.join(TMP, name), "w+b")


def text(f):
    f.seek(0)
    return f.read().decode(errors="replace")


def stalled_pipe():
    """A pipe whose reader never reads: returns (read end kept, write end)."""
    r, w = os.pipe()
    return r, w


def fifo_without_reader():
    path = os.path.join(TMP, "fifo%d" % time.monotonic_ns())
    os.mkfifo(path)
    r = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    w = os.open(path, os.O_WRONLY)
    os.close(r)  # the reader went away: writes fail with EPIPE
    return w


def case(name, args, want_status, want_err=None, want_out=None, stdout=None, stderr=None,
         max_s=None, pass_fds=(), after_start=None):
    out = stdout if stdout is not None else capture_file("out")
    err = stderr if stderr is not None else capture_file("err")
    st, secs = run(args, stdout=out, stderr=err, pass_fds=pass_fds, after_start=after_start,
                   limit=(max_s or 5) + 5)
    detail = "status %s after %.2f s" % (st, secs)
    if stderr is None:
        detail += ", stderr %r" % text(err)
    check("%s: exit %s" % (name, want_status), st == want_status, detail)
    if max_s is not None:
        check("%s: ended within %.1f s" % (name, max_s), secs <= max_s, detail)
    if want_err is not None:
        check("%s: stderr is exactly one line" % name, text(err) == want_err, repr(text(err)))
    if want_out is not None:
        check("%s: stdout" % name, text(out) == want_out, repr(text(out)))


TIMEOUT_STALLED = ("scratchvm: timeout: the guest was stopped after 1.000 s "
                   "(its output was not being read)\n")

# --- stdout ---------------------------------------------------------------
r, w = stalled_pipe()
case("stdout: a reader that never reads", ["--timeout", "1", GUEST["flood.bin"]], 124,
     TIMEOUT_STALLED, stdout=w, max_s=2.0)
os.close(r)
os.close(w)
w = fifo_without_reader()
case("stdout: a FIFO with no reader", [GUEST["lab1.bin"]], 8,
     "scratchvm: cannot write guest output: Broken pipe\n", stdout=w, max_s=1.0)
os.close(w)
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
case("stdout: a stream socket whose peer never reads", ["--timeout", "1", GUEST["flood.bin"]],
     124, TIMEOUT_STALLED, stdout=a.fileno(), max_s=2.0)
a.close()
b.close()
full = os.open("/dev/full", os.O_WRONLY)
case("stdout: /dev/full", [GUEST["lab1.bin"]], 8,
     "scratchvm: cannot write guest output: No space left on device\n", stdout=full, max_s=1.0)
# A closed stdout: the shell starts the supervisor without fd 1.
err = capture_file("err")
t0 = time.monotonic()
p = subprocess.Popen(["/bin/sh", "-c", 'exec "$0" "$1" >&-', SV, GUEST["lab1.bin"]],
                     stdin=subprocess.DEVNULL, stderr=err)
st = p.wait(timeout=10)
check("stdout closed: exit 8", st == 8, "status %s" % st)
check("stdout closed: one line on stderr", text(err) ==
      "scratchvm: stdout is closed: the guest's output would have nowhere to go\n", repr(text(err)))

# --- stderr (--trace writes a line per exit) -------------------------------
r, w = stalled_pipe()
case("stderr: a reader that never reads (--trace)", ["--trace", "--timeout", "1",
     GUEST["flood.bin"]], 124, stdout=subprocess.DEVNULL, stderr=w, max_s=2.0)
os.close(r)
os.close(w)
w = fifo_without_reader()
case("stderr: a FIFO with no reader (--trace)", ["--trace", GUEST["lab1.bin"]], 8,
     want_out="5\n", stderr=w, max_s=1.0)
os.close(w)
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
case("stderr: a stream socket whose peer never reads (--trace)",
     ["--trace", "--timeout", "1", GUEST["flood.bin"]], 124, stdout=subprocess.DEVNULL,
     stderr=a.fileno(), max_s=2.0)
a.close()
b.close()
case("stderr: /dev/full with --trace: what was asked for is lost", ["--trace", GUEST["lab1.bin"]],
     8, want_out="5\n", stderr=full, max_s=1.0)
case("stderr: /dev/full, nothing asked for on it: the guest's status", [GUEST["lab1.bin"]], 0,
     want_out="5\n", stderr=full, max_s=1.0)
case("stderr: /dev/full and a timeout: the status tells", ["--timeout", "0.5",
     GUEST["spin.bin"]], 124, want_out="", stderr=full, max_s=1.5)
out = capture_file("out")
p = subprocess.Popen(["/bin/sh", "-c", 'exec "$0" "$1" 2>&-', SV, GUEST["lab1.bin"]],
                     stdin=subprocess.DEVNULL, stdout=out)
st = p.wait(timeout=10)
check("stderr closed: exit 8", st == 8, "status %s" % st)
check("stderr closed: one line on stdout", text(out) ==
      "scratchvm: stderr is closed: diagnostics would have nowhere to go\n", repr(text(out)))

# --- --stats=FILE ----------------------------------------------------------
fifo = os.path.join(TMP, "stats.fifo")
os.mkfifo(fifo)
case("--stats: a FIFO with no reader is refused before any guest runs",
     ["--stats=" + fifo, GUEST["lab1.bin"]], 2,
     "scratchvm: --stats=%s: a FIFO with no reader (nothing would read it)\n" % fifo,
     want_out="", max_s=1.0)
reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
filler = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
try:
    while True:
        os.write(filler, b"x" * 4096)
except BlockingIOError:
    pass
case("--stats: a FIFO whose reader never reads: the report cannot hold the run",
     ["--timeout", "1", "--stats=" + fifo, GUEST["lab1.bin"]], 124, TIMEOUT_STALLED,
     want_out="5\n", max_s=2.0)
os.close(filler)
os.close(reader)
SOCK_DIR = tempfile.mkdtemp(dir="/tmp")  # sun_path is short; removed at the end
sock_path = os.path.join(SOCK_DIR, "s.sock")
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(sock_path)
srv.listen(1)
case("--stats: a socket is refused", ["--stats=" + sock_path, GUEST["lab1.bin"]], 2,
     "scratchvm: --stats=%s: a socket (give a file, FIFO or terminal)\n" % sock_path,
     want_out="", max_s=1.0)
srv.close()
os.unlink(sock_path)
os.rmdir(SOCK_DIR)
case("--stats: /dev/full", ["--stats=/dev/full", GUEST["lab1.bin"]], 8,
     "scratchvm: cannot write the --stats report: No space left on device\n", want_out="5\n",
     max_s=1.0)
case("--stats: a directory is refused", ["--stats=" + TMP, GUEST["lab1.bin"]], 2,
     "scratchvm: --stats=%s: Is a directory\n" % TMP, want_out="", max_s=1.0)

stats_path = os.path.join(TMP, "after_failure.json")
case("--stats=FILE is written after guest output failed", ["--stats=" + stats_path,
     GUEST["lab1.bin"]], 8, "scratchvm: cannot write guest output: No space left on device\n",
     stdout=full, max_s=1.0)
report = open(stats_path).read()
check("... and the report says how the run ended",
      '"exit_code":8,"end":"host_error","detail":"cannot write guest output: No space left on '
      'device"' in report, report[:160])

# The worst case: stdout and stderr one stalled pipe (2>&1, --trace), and a
# stalled --stats FIFO too: every end-of-run wait shares one deadline.
reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
filler = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
try:
    while True:
        os.write(filler, b"x" * 4096)
except BlockingIOError:
    pass
r, w = stalled_pipe()
case("stdout and stderr one stalled pipe, --trace, a stalled --stats FIFO",
     ["--trace", "--timeout", "1", "--stats=" + fifo, GUEST["flood.bin"]], 124, stdout=w,
     stderr=w, max_s=2.0)
for fd in (r, w, filler, reader):
    os.close(fd)

# --- precedence: two causes meet at the end of a run ------------------------
case("halt, then the last output fails: 8", [GUEST["lab1.bin"]], 8,
     "scratchvm: cannot write guest output: No space left on device\n", stdout=full)
case("debug exit, then the last output fails: 8", [GUEST["debug_exit.bin"]], 8,
     "scratchvm: cannot write guest output: No space left on device\n", stdout=full)
case("crash, then the last output fails: 8 (one line, no dump)",
     ["--strict", GUEST["print_then_strict.bin"]], 8,
     "scratchvm: cannot write guest output: No space left on device\n", stdout=full)
case("output limit, then the output fails: 8", ["--max-output", "1000", GUEST["flood.bin"]], 8,
     "scratchvm: cannot write guest output: No space left on device\n", stdout=full)
r, w = stalled_pipe()
case("halt with output still unread at the deadline: 124",
     ["--timeout", "1", "--reg", "rcx=400000", GUEST["thr_flood.bin"]], 124, TIMEOUT_STALLED,
     stdout=w, max_s=2.0)
os.close(r)
os.close(w)
r, w = stalled_pipe()
case("halt with output unread, then SIGTERM: 12",
     ["--timeout", "30", "--reg", "rcx=400000", GUEST["thr_flood.bin"]], 12,
     "scratchvm: stopped by SIGTERM\n", stdout=w, max_s=2.5,
     after_start=lambda p: (time.sleep(1.0), p.send_signal(signal.SIGTERM)))
os.close(r)
os.close(w)
r, w = stalled_pipe()
case("halt with output unread, then SIGTERM, then the reader goes: 8",
     ["--timeout", "30", "--reg", "rcx=400000", GUEST["thr_flood.bin"]], 8,
     "scratchvm: cannot write guest output: Broken pipe\n", stdout=w, max_s=2.5,
     after_start=lambda p: (time.sleep(1.0), p.send_signal(signal.SIGTERM), os.close(r)))
os.close(w)
both = capture_file("both")
case("a line after an unfinished guest line starts on a new line (2>&1)",
     ["--strict", GUEST["print_then_strict.bin"]], 4, stdout=both, stderr=both)
check("... 'half a line', then the crash line on its own line",
      text(both).startswith("half a line\nscratchvm: guest crashed: read of unhandled port "
                            "0x80, 1 byte (--strict)\n  rip "), repr(text(both)[:120]))

# --- the shell's descriptions are left as they were ------------------------
def flags(fd):
    return fcntl.fcntl(fd, fcntl.F_GETFL)


r, w = os.pipe()
er, ew = os.pipe()
before = (flags(w), flags(ew), flags(r))
st, _ = run([GUEST["lab1.bin"]], stdin=r, stdout=w, stderr=ew)
check("a run leaves the flags of the inherited stdin/stdout/stderr descriptions as they were",
      (flags(w), flags(ew), flags(r)) == before and st == 0, "%s -> %s" % (before, (flags(w),
      flags(ew), flags(r))))
st, _ = run(["--timeout", "20", GUEST["spin.bin"]], stdin=r, stdout=w, stderr=ew,
            after_start=lambda p: (time.sleep(0.5), p.kill()))
check("... and so does a run killed with SIGKILL", (flags(w), flags(ew), flags(r)) == before,
      "%s -> %s" % (before, (flags(w), flags(ew), flags(r))))
for fd in (r, w, er, ew):
    os.close(fd)
os.close(full)

finish()
