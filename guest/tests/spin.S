/* spin.S - never halts and never exits: only --timeout ends it. */
    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    jmp     _start
