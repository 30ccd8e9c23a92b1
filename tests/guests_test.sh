#!/bin/bash
# One behaviour per guest: debug-exit status, string I/O, polled IN, crash.
source tests/lib.sh
require_kvm
sv=$1
guests=$2

expect "debug-exit port ends the run with (v << 1) | 1" 85 "bye
" "" "$sv" "$guests/tests/debug_exit.bin"
expect "REP OUTSB delivers every byte" 0 "string I/O: 1234567890 abcdefghijklmnopqrstuvwxyz
" "" "$sv" "$guests/tests/string_io.bin"
expect "LSR polling through IN" 0 "Hello from a polled UART!
" "" "$sv" "$guests/polled_hello.bin"
expect "triple fault is a guest crash" 4 "" "scratchvm: guest crashed: triple fault (KVM_EXIT_SHUTDOWN)
" "$sv" "$guests/tests/triple_fault.bin"
finish
