/* mmio.S - run in protected mode: touches 0xd0000000, outside RAM. By
 * default the read returns all-ones (printed as "ffffffff") and the write
 * is dropped; both are counted. With --strict the read is a crash. Then
 * reads COM2 (absent: 0xff, an unclaimed port) and prints "ok". */
#include "guest/include/ports.h"

    .code32
    .section .text.start, "ax"
    .globl _start
_start:
    movl    0xd0000000, %ebx    /* MMIO read: 0xffffffff */
    movl    $8, %ecx
hex:
    roll    $4, %ebx
    movl    %ebx, %eax
    andl    $0xf, %eax
    movb    digits(%eax), %al
    movw    $COM1_THR, %dx
    outb    %al, %dx
    loop    hex
    movl    $0x12345678, 0xd0000004 /* MMIO write: dropped */
    movw    $COM2_BASE, %dx
    inb     %dx, %al
    cmpb    $0xff, %al
    jne     bad
    movb    $'\n', %al
    movw    $COM1_THR, %dx
    outb    %al, %dx
    movb    $'o', %al
    outb    %al, %dx
    movb    $'k', %al
    outb    %al, %dx
    movb    $'\n', %al
    outb    %al, %dx
bad:
    cli
    hlt

digits:
    .ascii  "0123456789abcdef"
