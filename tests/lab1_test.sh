#!/bin/bash
# The Lab 1 guest, embedded and from a file: exact output and exit status.
source tests/lib.sh
require_kvm
sv=$1
lab1=$2

expect "default guest prints 2 + 3" 0 "5
" "" "$sv"
expect "wrap-around case" 0 "4294967295
" "" "$sv" --reg rax=4000000000 --reg rbx=294967295
expect "32-bit sum wraps to 0" 0 "0
" "" "$sv" --reg rax=0xffffffff --reg rbx=1
expect "only the low 32 bits count" 0 "7
" "" "$sv" --reg rax=0x500000003 --reg rbx=0x700000004
expect "zero" 0 "0
" "" "$sv" --reg rax=0 --reg rbx=0
expect "guest from a file" 0 "42
" "" "$sv" --reg rax=40 --reg rbx=2 "$lab1"
expect "small RAM" 0 "5
" "" "$sv" --mem 64K "$lab1"
finish
