#!/bin/bash
# Coalesced THR writes arrive in order before every IN: after more than
# 1024 THR writes KVM buffers them in its ring, and the worker must send
# the ring on before it asks the supervisor for a port read. The guest
# (guest/tests/loopback.S) reads back in UART loopback what it wrote to
# THR; a worker that did not drain first gives it nothing to read, and the
# guest ends the run through the debug-exit port instead (exit 3).
source tests/lib.sh
require_kvm
sv=$1
loopback=$2

# What the guest writes to the line first: 25 lines of 43 times one letter.
lines=""
for c in a b c d e f g h i j k l m n o p q r s t u v w x y; do
    lines+="$(printf "$c%.0s" $(seq 43))"$'\n'
done
check "the expected line output is 1100 bytes" test "${#lines}" = 1100

coalesced() { # STATS-FILE -> its coalesced_writes
    grep -o '"coalesced_writes": *[0-9]*' "$1" | grep -o '[0-9]*$'
}

expect "1100 writes to the line, then 80 rounds of 16 in loopback: all read back in order" 0 \
    "${lines}loopback ok
" "" "$sv" --stats="$tmp/line.json" "$loopback"
expect "loopback alone, 1280 writes: all read back in order" 0 "loopback ok
" "" "$sv" --stats="$tmp/alone.json" --reg rsi=1 "$loopback"
# The point of the test is the ring: say so when this KVM cannot coalesce.
if [ "$(coalesced "$tmp/line.json")" = 0 ]; then
    skip_part "this KVM does not coalesce port writes (KVM_CAP_COALESCED_PIO): the ring is not exercised"
else
    check "... with the ring in use (after the line: $(coalesced "$tmp/line.json") coalesced writes)" \
        test "$(coalesced "$tmp/line.json")" -gt 0
    check "... with the ring in use (loopback alone: $(coalesced "$tmp/alone.json") coalesced writes)" \
        test "$(coalesced "$tmp/alone.json")" -gt 0
fi
# With --trace every OUT exits (no ring): the same guest, the same output.
"$sv" --trace --reg rsi=1 "$loopback" >"$tmp/out" 2>/dev/null
st=$?
check "without coalescing (--trace) too: exit 0 (got $st)" test "$st" = 0
printf 'loopback ok\n' >"$tmp/want" # (the test VM has no /dev/fd for <(...))
check "... and exactly 'loopback ok'" cmp -s "$tmp/out" "$tmp/want"
finish
