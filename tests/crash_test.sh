#!/bin/bash
# Every kind of guest crash ends the run with exit 4, one line naming it,
# and a register dump with the bytes at RIP. Run with the test build of
# the supervisor: entry failures and unknown exit reasons cannot be caused
# by a guest on a KVM that validates what it enters, so a test hook
# (SCRATCHVM_TEST_WORKER_EXIT) rewrites the first exit's reason instead.
#
# Each dump is compared whole, every field exact: the registers the monitor
# set (RAX 2 and RBX 3 by default, RSP below the system area in protected
# mode), what the guest did to them, KVM's reset values (CR0 0x60000010 in
# real mode; 0x11 = PE and ET in protected mode), and the code bytes, which
# are the guests' own. Only the triple fault depends on the CPU vendor:
#  - on AMD, KVM reinitialises the vCPU at the shutdown intercept, so the
#    dump shows the reset state (RIP fff0, CS f000 with base ffff0000, and
#    in RDX the host CPU's family/model/stepping): there only those and
#    the first line are checked;
#  - elsewhere RFLAGS is 0x2 or 0x10002: whether RF (bit 16) is set in the
#    state saved at the shutdown is the CPU's (or the KVM backend's) choice.
source tests/lib.sh
require_kvm
sv=$1
triple_fault=$2 wild_jump=$3 mmio=$4 unclaimed=$5

# The lines of a dump, after its first.
zero_regs="  r8  0000000000000000  r9  0000000000000000  r10 0000000000000000  r11 0000000000000000
  r12 0000000000000000  r13 0000000000000000  r14 0000000000000000  r15 0000000000000000"
protected() { # RIP RFLAGS RAX CODE-LINE
    echo "  rip $1  rsp 0000000000ff8000  rflags $2  (started in protected mode)
  rax $3  rbx 0000000000000003  rcx 0000000000000000  rdx 0000000000000000
  rsi 0000000000000000  rdi 0000000000000000  rsp 0000000000ff8000  rbp 0000000000000000
$zero_regs
  cr0 0000000000000011  cr2 0000000000000000  cr3 0000000000000000  cr4 0000000000000000
  efer 0000000000000000  cs 0008 base 0000000000000000  ss 0010 base 0000000000000000
$4"
}
# unclaimed_port.S stopped at its IN from COM2's LSR (DX 0x2fd), in real mode.
at_unclaimed_in="  rip 0000000000000003  rsp 0000000000000000  rflags 0000000000000002  (started in real mode)
  rax 0000000000000002  rbx 0000000000000003  rcx 0000000000000000  rdx 00000000000002fd
  rsi 0000000000000000  rdi 0000000000000000  rsp 0000000000000000  rbp 0000000000000000
$zero_regs
  cr0 0000000060000010  cr2 0000000000000000  cr3 0000000000000000  cr4 0000000000000000
  efer 0000000000000000  cs 0000 base 0000000000000000  ss 0000 base 0000000000000000
  code at rip (guest physical 3): ec 3c ff 75 0a ba f8 03 b0 66 ee ee b0 0a ee fa"

# crash NAME FIRST-LINE DUMP CMD... : exit 4, nothing on stdout, and on
# stderr exactly that line and that dump.
crash() {
    local name=$1 first=$2 dump=$3
    shift 3
    expect "$name: exit 4, the line and the whole dump" 4 "" "$first
$dump
" "$@"
}

"$sv" --mode protected "$triple_fault" </dev/null >"$tmp/out" 2>"$tmp/err"
st=$?
first="scratchvm: guest crashed: triple fault (KVM_EXIT_SHUTDOWN)"
if grep -q "^  rip 000000000000fff0 " "$tmp/err"; then
    echo "note: this host's KVM resets the vCPU at a triple fault (AMD): the dump shows the reset state"
    check "triple fault: exit 4 (got $st), nothing on stdout" test "$st" = 4 -a ! -s "$tmp/out"
    check "triple fault: the line says why" test "$(head -n 1 "$tmp/err")" = "$first"
    check "triple fault (AMD): 9 lines, the reset vector" test "$(wc -l <"$tmp/err")" = 9 -a \
        "$(grep -c "  cs f000 base 00000000ffff0000 " "$tmp/err")" = 1
else
    for rflags in 0000000000000002 0000000000010002; do
        grep -q "  rflags $rflags  " "$tmp/err" && break
    done
    crash "triple fault (RFLAGS $rflags): RIP at the ud2, EAX the guest's marker" "$first" \
        "$(protected 0000000000000005 $rflags 000000007a7a7a7a \
            "  code at rip (guest physical 5): 0f 0b f4 00 00 00 00 00 00 00 00 00 00 00 00 00")" \
        "$sv" --mode protected "$triple_fault"
fi

crash "internal error: RIP where the guest jumped, not in RAM" \
    "scratchvm: guest crashed: KVM internal error, suberror 1 (instruction emulation failed)" \
    "$(protected 00000000c0000000 0000000000000002 00000000c0000000 "  code at rip: not in guest RAM")" \
    "$sv" --mode protected "$wild_jump"

# (The hook rewrites the first exit: a guest whose first instruction exits.)
SCRATCHVM_TEST_WORKER_EXIT=fail_entry crash "entry failure" \
    "scratchvm: guest crashed: VM entry failed (KVM_EXIT_FAIL_ENTRY), hardware reason 0x80000021" \
    "$at_unclaimed_in" "$sv" "$unclaimed"
SCRATCHVM_TEST_WORKER_EXIT=unknown crash "unknown exit" \
    "scratchvm: guest crashed: unexpected VM exit reason 32767" "$at_unclaimed_in" "$sv" "$unclaimed"

crash "--strict: MMIO outside RAM; RIP is the faulting instruction, not after it" \
    "scratchvm: guest crashed: MMIO read at 0xd0000000, 4 bytes, outside RAM (--strict)" \
    "$(protected 0000000000000000 0000000000000002 0000000000000002 \
        "  code at rip (guest physical 0): 8b 1d 00 00 00 d0 b9 08 00 00 00 c1 c3 04 89 d8")" \
    "$sv" --strict --mode protected "$mmio"

# Without --strict, the same guest runs: all-ones, then COM2 reads 0xff.
expect "MMIO reads float high, writes vanish, unclaimed ports read 0xff" 0 "ffffffff
ok
" "" "$sv" --mode protected "$mmio"

expect "an unclaimed port reads 0xff" 0 "ff
" "" "$sv" "$unclaimed"
crash "--strict: an unclaimed port; RIP at the IN" \
    "scratchvm: guest crashed: read of unhandled port 0x2fd, 1 byte (--strict)" \
    "$at_unclaimed_in" "$sv" --strict "$unclaimed"
finish
