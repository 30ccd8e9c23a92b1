#!/bin/bash
# The limits a run of an untrusted guest has: wall time (--timeout, see
# also timeout_test), output (--max-output: exactly that many bytes), guest
# RAM (--mem, capped at 2G). Each hit is one line and exit 124 (2 for a
# refused --mem), with no process left behind.
source tests/lib.sh
require_kvm
sv=$1
flood=$2 lab1=$3 print_spin=$4

expect "--max-output stops the output at exactly that many bytes" 124 \
    "$(head -c 1000 /dev/zero | tr '\0' x)" \
    "scratchvm: output limit: the guest wrote more than 1000 bytes (--max-output)
" "$sv" --max-output 1000 "$flood"
expect "--max-output counts guest bytes, before the terminal filter" 124 \
    "$(head -c 4096 /dev/zero | tr '\0' x)" \
    "scratchvm: output limit: the guest wrote more than 4096 bytes (--max-output)
" "$sv" --max-output 4K "$flood"
expect "a guest that writes exactly the limit is not stopped" 0 "5
" "" "$sv" --max-output 2 "$lab1"
expect "--timeout stops a flood whose output is unlimited" 124 "" \
    "scratchvm: timeout: the guest was stopped after 0.500 s
" sh -c '"$1" --max-output 0 --timeout 0.5 "$2" >/dev/null' sh "$sv" "$flood"
# A reader that stops reading cannot hold the run past --timeout.
start=${EPOCHREALTIME/./}
{
    "$sv" --timeout 1 "$flood" 2>"$tmp/err"
    echo "$? $(((${EPOCHREALTIME/./} - start) / 1000))" >"$tmp/status"
} | sleep 4
read -r st ms <"$tmp/status"
check "stdout not read: exit 124 within the limit + 1 s (got $st after $ms ms)" \
    test "$st" = 124 -a "$ms" -ge 900 -a "$ms" -le 2000
check "... with one line saying it was the timeout, and why" test "$(cat "$tmp/err")" = \
    "scratchvm: timeout: the guest was stopped after 1.000 s (its output was not being read)"

# Output KVM buffers (coalesced writes) is not stranded by a guest that
# stops exiting: the quiet worker is kicked and drains it.
# (3 s: the guest needs its time to write 2000 bytes in the slow test VM.)
expect "2000 bytes, then a spin: every byte is out before the timeout" 124 \
    "$(head -c 2000 /dev/zero | tr '\0' x)" "scratchvm: timeout: the guest was stopped after 3.000 s
" "$sv" --timeout 3 "$print_spin"

# The same with a terminal on stdout that stops reading: a blocking write
# to a terminal would sleep until every byte is taken, past any deadline.
if command -v python3 >/dev/null; then
    python3 - "$sv" "$flood" >"$tmp/pty" 2>&1 <<'PY'
import os, pty, subprocess, sys, time
m, s = pty.openpty()
t0 = time.time()
p = subprocess.Popen([sys.argv[1], "--timeout", "1", sys.argv[2]], stdin=subprocess.DEVNULL,
                     stdout=s, stderr=subprocess.PIPE)
os.close(s)
time.sleep(0.3)
os.read(m, 1000)  # take a little, then stop reading
try:
    rc = p.wait(timeout=10)
except subprocess.TimeoutExpired:
    p.kill()
    rc = p.wait()
print(rc, int((time.time() - t0) * 1000), p.stderr.read().decode().count("timeout:"))
PY
    read -r st ms lines <"$tmp/pty"
    check "a terminal that stops reading: exit 124 within the limit + 1 s, one line (got $st, $ms ms, $lines)" \
        test "$st" = 124 -a "$ms" -ge 900 -a "$ms" -le 2000 -a "$lines" = 1
else
    skip_part "no python3 here: the stalled-terminal case is not shown"
fi

expect "--mem is capped at 2G" 2 "" "scratchvm: --mem 4G: must be between 64K and 2G
" "$sv" --mem 4G "$lab1"
expect "--mem 2G is allowed (RAM is mapped on demand)" 0 "5
" "" "$sv" --mem 2G "$lab1"
check "no process left behind" test "$(count_procs "--max-output 1000 $flood")" = 0
finish
