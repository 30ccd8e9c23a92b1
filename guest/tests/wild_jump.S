/* wild_jump.S - run in protected mode: jumps to 0xc0000000, far above RAM,
 * where no instruction can be fetched. KVM cannot emulate the fetch and
 * stops with KVM_EXIT_INTERNAL_ERROR (emulation failure): exit 4 with a
 * register dump whose RIP is not in RAM. */
    .code32
    .section .text.start, "ax"
    .globl _start
_start:
    movl    $0xc0000000, %eax
    jmp     *%eax
