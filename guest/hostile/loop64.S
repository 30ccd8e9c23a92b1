/* loop64.S - long mode (--mode long): an infinite loop with no VM exit.
 * Only --timeout ends it (124). */
    .code64
    .section .text.start, "ax"
    .globl _start
_start:
    cli
1:  jmp     1b
