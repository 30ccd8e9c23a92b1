/* loop32.S - protected mode (--mode protected): an infinite loop with
 * interrupts off and no VM exit. Only --timeout ends it (124). */
    .code32
    .section .text.start, "ax"
    .globl _start
_start:
    cli
1:  jmp     1b
