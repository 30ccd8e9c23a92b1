/* flood.S - writes 'x' to COM1 forever, without polling: the output limit
 * (--max-output) or the timeout has to stop it. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    movw    $COM1_THR, %dx
    movb    $'x', %al
1:
    outb    %al, %dx
    jmp     1b
