/* print_then_strict.S - prints "half a line" without a newline, then reads
 * an unclaimed port (0x80): under --strict that is a crash (exit 4), so the
 * guest's last bytes and a crash meet at the end of the run. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    movw    $COM1_THR, %dx
    movw    $msg, %si
1:
    movb    (%si), %al
    testb   %al, %al
    jz      2f
    outb    %al, %dx
    incw    %si
    jmp     1b
2:
    inb     $0x80, %al
    hlt
msg:
    .asciz  "half a line"
