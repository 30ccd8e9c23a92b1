/* bytes256.S - prints every byte value 0-255 once, in order, then halts:
 * a pipe gets all 256 unchanged; a terminal gets them filtered. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    movw    $COM1_THR, %dx
    xorw    %cx, %cx
1:  movb    %cl, %al
    outb    %al, %dx
    incw    %cx
    cmpw    $256, %cx
    jne     1b
    hlt
