#!/bin/bash
# Every usage and image error: one line on stderr naming the problem, exit 2,
# nothing on stdout, no VM created (so this runs without KVM too).
source tests/lib.sh
sv=$1
lab1=$2

printf '' >"$tmp/empty.bin"
head -c 65537 /dev/zero >"$tmp/big.bin"
mkdir -p "$tmp/dir.bin"
mkfifo "$tmp/fifo.bin"

expect "missing guest" 2 "" \
    "scratchvm: cannot open guest image $tmp/nope.bin: No such file or directory
" "$sv" "$tmp/nope.bin"
expect "empty guest" 2 "" "scratchvm: guest image $tmp/empty.bin is empty
" "$sv" "$tmp/empty.bin"
expect "directory as guest" 2 "" "scratchvm: guest image $tmp/dir.bin is not a regular file
" "$sv" "$tmp/dir.bin"
expect "fifo as guest does not hang" 2 "" "scratchvm: guest image $tmp/fifo.bin is not a regular file
" "$sv" "$tmp/fifo.bin"
expect "guest larger than RAM" 2 "" \
    "scratchvm: guest image $tmp/big.bin is 65537 bytes, larger than the 65536 bytes of guest RAM from the load address
" "$sv" --mem 64K "$tmp/big.bin"
expect "guest past the end of RAM from the load address" 2 "" \
    "scratchvm: guest image $lab1 is $(stat -L -c %s "$lab1") bytes, larger than the 16 bytes of guest RAM from the load address
" "$sv" --mem 64K --load-addr 0xfff0 "$lab1"
expect "bad size" 2 "" "scratchvm: --mem 12Q: not a size (e.g. 16M, 65536, 1G)
" "$sv" --mem 12Q
expect "RAM too large" 2 "" "scratchvm: --mem 3G: must be between 64K and 2G
" "$sv" --mem 3G
expect "bad register value" 2 "" "scratchvm: --reg rax=12x: '12x' is not a 64-bit decimal or 0x hex number
" "$sv" --reg rax=12x
expect "unknown register" 2 "" "scratchvm: --reg eax=1: unknown register 'eax' (rax..r15)
" "$sv" --reg eax=1
expect "bad timeout" 2 "" "scratchvm: --timeout -1: expected seconds from 0 (none) to 86400, e.g. 1 or 0.5
" "$sv" --timeout -1
expect "unknown option" 2 "" "scratchvm: unknown option --frobnicate (see --help)
" "$sv" --frobnicate
expect "missing option value" 2 "" "scratchvm: option --timeout needs a value
" "$sv" --timeout
expect "two guests" 2 "" "scratchvm: unexpected argument 'b.bin': only one GUEST may be given
" "$sv" a.bin b.bin

"$sv" --help >"$tmp/help" 2>&1
check "--help exits 0 and lists every exit status" \
    grep -q '^  124  timeout or resource limit$' "$tmp/help"
check "--help names every option" bash -c "grep -q -- '--mem SIZE' '$tmp/help' && grep -q -- '--load-addr ADDR' '$tmp/help' && grep -q -- '--reg NAME=VALUE' '$tmp/help' && grep -q -- '--timeout SECONDS' '$tmp/help'"
expect "--version" 0 "scratchvm supervisor 0.1.0
" "" "$sv" --version
finish
