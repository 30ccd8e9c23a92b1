/* triple_fault.S - run in protected mode (--mode protected), where the
 * monitor leaves the IDT empty (limit 0): ud2 raises #UD, which cannot be
 * delivered, nor the #GP and double fault that follow, so the CPU shuts
 * down: a triple fault, exit 4 with a register dump. */
    .code32
    .section .text.start, "ax"
    .globl _start
_start:
    movl    $0x7a7a7a7a, %eax   /* a marker to find in the dump */
    ud2
    hlt
