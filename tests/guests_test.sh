#!/bin/bash
# One behaviour per guest: debug-exit status, string I/O, polled IN.
source tests/lib.sh
require_kvm
sv=$1
debug_exit=$2 string_io=$3 polled_hello=$4

expect "debug-exit port ends the run with (v << 1) | 1" 85 "bye
" "" "$sv" "$debug_exit"
expect "REP OUTSB delivers every byte" 0 "string I/O: 1234567890 abcdefghijklmnopqrstuvwxyz
" "" "$sv" "$string_io"
expect "LSR polling through IN" 0 "Hello from a polled UART!
" "" "$sv" "$polled_hello"
finish
