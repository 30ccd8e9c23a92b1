/* smc64.S - self-modifying code, long mode: like smc16.S, rewrites the
 * immediate of the next instruction ten times ("0123456789"), then turns
 * a `ud2` ahead into two NOPs (else a triple fault) and prints "\n". */
#include "guest/include/ports.h"

    .code64
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    movw    $COM1_THR, %dx
    movb    $'0', %bl
1:  movb    %bl, patch + 1(%rip)
patch:
    movb    $'?', %al
    outb    %al, %dx
    incb    %bl
    cmpb    $'9' + 1, %bl
    jne     1b
    movw    $0x9090, trap(%rip)
trap:
    ud2
    movb    $'\n', %al
    outb    %al, %dx
    hlt
