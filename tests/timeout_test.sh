#!/bin/bash
# A guest that never halts is stopped by --timeout: exit 124 in about the
# time asked for, one line on stderr, and no worker left behind.
source tests/lib.sh
require_kvm
sv=$1
spin=$2

start=${EPOCHREALTIME/./}
expect "spinning guest times out" 124 "" "scratchvm: timeout: the guest was stopped after 1.000 s
" "$sv" --timeout 1 "$spin"
ms=$(((${EPOCHREALTIME/./} - start) / 1000))
echo "  took $ms ms"
check "stopped within about a second (0.9 s .. 3 s)" test "$ms" -ge 900 -a "$ms" -le 3000
check "no process left behind" test "$(count_procs "--timeout 1 $spin")" = 0
finish
