/* loop16.S - real mode: an infinite loop with no VM exit. Only --timeout
 * ends it (124). */
    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    jmp     _start
