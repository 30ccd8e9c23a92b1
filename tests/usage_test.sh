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
expect "bad timeout" 2 "" "scratchvm: --timeout -1: expected seconds from 0 (none) to 86400, decimals to the millisecond (e.g. 1, 0.5 or 0.001)
" "$sv" --timeout -1
expect "timeout past its maximum" 2 "" "scratchvm: --timeout 86400.001: expected seconds from 0 (none) to 86400, decimals to the millisecond (e.g. 1, 0.5 or 0.001)
" "$sv" --timeout 86400.001
expect "timeout finer than a millisecond" 2 "" "scratchvm: --timeout 0.0005: expected seconds from 0 (none) to 86400, decimals to the millisecond (e.g. 1, 0.5 or 0.001)
" "$sv" --timeout 0.0005
expect "unknown option" 2 "" "scratchvm: --frobnicate: unknown option (see --help)
" "$sv" --frobnicate
expect "unknown short option" 2 "" "scratchvm: -x: unknown option (see --help)
" "$sv" -x
expect "no abbreviations" 2 "" "scratchvm: --tim: unknown option (see --help)
" "$sv" --tim 5
expect "missing option value" 2 "" "scratchvm: --timeout: needs a value
" "$sv" --timeout
expect "--trace takes no value" 2 "" "scratchvm: --trace=1: --trace takes no value
" "$sv" --trace=1
expect "--verbose takes no value" 2 "" "scratchvm: --verbose=1: --verbose takes no value
" "$sv" --verbose=1
expect "control bytes in an option are escaped" 2 "" 'scratchvm: --mode \x1b[2J\x0a.: expected real, protected or long
' "$sv" --mode "$(printf '\033[2J\n.')"
expect "an empty --stats= file" 2 "" "scratchvm: --stats=: needs a file name
" "$sv" --stats=
expect "two guests" 2 "" "scratchvm: unexpected argument 'b.bin': only one GUEST may be given
" "$sv" a.bin b.bin

"$sv" --help >"$tmp/help" 2>"$tmp/help_err"
check "--help exits 0, nothing on stderr" test "$?" = 0 -a ! -s "$tmp/help_err"
# The options (first column of the option lines) and exit statuses --help
# lists, exactly.
sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z-]*\(\[=FILE\]\)\{0,1\}\( [A-Z][A-Z=]*\)\{0,1\}\).*/\1\2/p' \
    "$tmp/help" >"$tmp/help_options"
printf '%s\n' "--mode MODE" "--mem SIZE" "--load-addr ADDR" "--reg NAME=VALUE" \
    "--timeout SECONDS" "--max-output BYTES" "--strict" "--trace" "--stats[=FILE]" \
    "--user NAME" "--seccomp MODE" "--raw-output" "--print-policy" "-v, --verbose" \
    "-h, --help" "-V, --version" >"$tmp/want_options"
check "--help lists exactly the options" diff "$tmp/want_options" "$tmp/help_options"
sed -n 's/^  \([0-9][0-9]*\|odd\)  .*/\1/p' "$tmp/help" >"$tmp/help_codes"
printf '%s\n' 0 2 4 6 8 10 12 124 odd >"$tmp/want_codes"
check "--help lists exactly the exit statuses" diff "$tmp/want_codes" "$tmp/help_codes"
expect "--version" 0 "scratchvm supervisor 0.1.0
" "" "$sv" --version
finish
