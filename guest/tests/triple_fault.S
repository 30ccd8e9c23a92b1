/* triple_fault.S - loads an empty IDT and raises an exception: the CPU
 * cannot deliver it, nor the double fault, so it shuts down (exit 4). */
    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    lidt    empty_idt
    int3
    hlt

    .section .rodata
empty_idt:
    .word   0       /* limit 0: no vector fits */
    .long   0
