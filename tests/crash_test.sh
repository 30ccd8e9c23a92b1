#!/bin/bash
# Every kind of guest crash ends the run with exit 4, one line naming it,
# and a register dump with the bytes at RIP. Run with the test build of
# the supervisor: entry failures and unknown exit reasons cannot be caused
# by a guest on a KVM that validates what it enters, so a test hook
# (SCRATCHVM_TEST_WORKER_EXIT) rewrites the first exit's reason instead.
source tests/lib.sh
require_kvm
sv=$1
triple_fault=$2 wild_jump=$3 mmio=$4 unclaimed=$5

# crash NAME FIRST-LINE CMD... : exit 4, that first line, a whole dump.
crash() {
    local name=$1 first=$2
    shift 2
    "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    local status=$?
    check "$name: exit 4 (got $status)" test "$status" = 4
    check "$name: nothing on stdout" test ! -s "$tmp/out"
    check "$name: the line says why" test "$(head -n 1 "$tmp/err")" = "$first"
    for field in "  rip " "  rax " "  rsi " "  r8  " "  r12 " "  cr0 " "  efer "; do
        check "$name: the dump has '$field'" grep -q "^$field" "$tmp/err"
    done
    check "$name: the dump shows CS and SS with their bases" \
        grep -qE '  cs [0-9a-f]{4} base [0-9a-f]{16}  ss [0-9a-f]{4} base [0-9a-f]{16}$' "$tmp/err"
    check "$name: ... and the code at RIP" grep -q "^  code at rip" "$tmp/err"
    check "$name: 9 lines in all" test "$(wc -l <"$tmp/err")" = 9
}

crash "triple fault" "scratchvm: guest crashed: triple fault (KVM_EXIT_SHUTDOWN)" \
    "$sv" --mode protected "$triple_fault"
if grep -q "^  rip 000000000000fff0 " "$tmp/err"; then
    # KVM on AMD reinitialises the vCPU at a shutdown intercept: what is
    # left to show is the reset state.
    echo "note: this host's KVM resets the vCPU at a triple fault (AMD): the dump shows the reset state"
    check "triple fault (AMD): the dump shows the reset vector" \
        grep -q "  cs f000 base 00000000ffff0000 " "$tmp/err"
else
    check "triple fault: RIP at the ud2" \
        grep -q "^  rip 0000000000000005 .*(started in protected mode)$" "$tmp/err"
    check "triple fault: EAX holds the guest's marker" grep -q "^  rax 000000007a7a7a7a " "$tmp/err"
    check "triple fault: the bytes at RIP are ud2; hlt" \
        grep -q "^  code at rip (guest physical 5): 0f 0b f4 " "$tmp/err"
fi

crash "internal error" \
    "scratchvm: guest crashed: KVM internal error, suberror 1 (instruction emulation failed)" \
    "$sv" --mode protected "$wild_jump"
check "internal error: RIP is where the guest jumped" grep -q "^  rip 00000000c0000000 " "$tmp/err"
check "internal error: RIP is not in RAM, and the report says so" \
    grep -qx "  code at rip: not in guest RAM" "$tmp/err"

# (The hook rewrites the first exit: a guest whose first instruction exits.)
SCRATCHVM_TEST_WORKER_EXIT=fail_entry crash "entry failure" \
    "scratchvm: guest crashed: VM entry failed (KVM_EXIT_FAIL_ENTRY), hardware reason 0x80000021" \
    "$sv" "$unclaimed"
SCRATCHVM_TEST_WORKER_EXIT=unknown crash "unknown exit" \
    "scratchvm: guest crashed: unexpected VM exit reason 32767" "$sv" "$unclaimed"

crash "--strict: MMIO outside RAM" \
    "scratchvm: guest crashed: MMIO read at 0xd0000000, 4 bytes, outside RAM (--strict)" \
    "$sv" --strict --mode protected "$mmio"
check "--strict: RIP is the faulting instruction, not after it" \
    grep -q "^  code at rip (guest physical 0): 8b 1d 00 00 00 d0 " "$tmp/err"

# Without --strict, the same guest runs: all-ones, then COM2 reads 0xff.
expect "MMIO reads float high, writes vanish, unclaimed ports read 0xff" 0 "ffffffff
ok
" "" "$sv" --mode protected "$mmio"

expect "an unclaimed port reads 0xff" 0 "ff
" "" "$sv" "$unclaimed"
crash "--strict: an unclaimed port" \
    "scratchvm: guest crashed: read of unhandled port 0x2fd, 1 byte (--strict)" \
    "$sv" --strict "$unclaimed"
check "--strict: RIP at the IN" grep -q "^  code at rip (guest physical 3): ec 3c ff " "$tmp/err"
finish
