/* flood_nonl.S - writes 'y' to COM1 forever, never a newline: the output
 * limit (--max-output) or the timeout ends it (124), not an error. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    movw    $COM1_THR, %dx
    movb    $'y', %al
1:  outb    %al, %dx
    jmp     1b
