/* smc16.S - self-modifying code, real mode: ten times it rewrites the
 * immediate of the `movb $imm, %al` just ahead of it, then runs it and
 * prints the result: "0123456789". Then it overwrites its own HLT with a
 * NOP and prints "\n" after it, then halts: "0123456789\n", status 0.
 * (The code before the patched bytes is in the same 16-byte line.) */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    movw    $COM1_THR, %dx
    movb    $'0', %bl
1:  movb    %bl, patch + 1          /* the immediate of the next movb */
patch:
    movb    $'?', %al
    outb    %al, %dx
    incb    %bl
    cmpb    $'9' + 1, %bl
    jne     1b
    movb    $0x90, stop             /* HLT becomes NOP */
stop:
    hlt
    movb    $'\n', %al
    outb    %al, %dx
    hlt
