/* unclaimed_port.S - reads COM2's line status register; COM2 is absent, so
 * the read returns 0xff (counted as unclaimed) and the guest prints "ff".
 * With --strict the read is a crash. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    movw    $(COM2_BASE + 5), %dx
    inb     %dx, %al
    cmpb    $0xff, %al
    jne     1f
    movw    $COM1_THR, %dx
    movb    $'f', %al
    outb    %al, %dx
    outb    %al, %dx
    movb    $'\n', %al
    outb    %al, %dx
1:
    cli
    hlt
