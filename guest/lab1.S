/* lab1.S - the Lab 1 guest: print EAX + EBX (unsigned 32-bit, wrapping) in
 * decimal and a newline on COM1, then halt.
 *
 * 16-bit real mode, loaded at guest physical 0, CS base 0. Uses no memory:
 * digits come out highest first by dividing by 10^9, 10^8, ..., 1.
 */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    addl    %ebx, %eax              /* the sum, modulo 2^32 */
    movl    %eax, %esi              /* esi: what is left to print */
    movl    $1000000000, %ecx       /* ecx: the current power of ten */
    xorw    %di, %di                /* di: 1 once a digit was printed */
digit:
    movl    %esi, %eax
    xorl    %edx, %edx
    divl    %ecx                    /* eax = digit, edx = remainder */
    movl    %edx, %esi
    orw     %ax, %di                /* a nonzero digit starts the number */
    jnz     print
    cmpl    $1, %ecx                /* zero itself prints one digit */
    jne     next
print:
    movw    $1, %di
    addb    $'0', %al
    movw    $COM1_THR, %dx
    outb    %al, %dx
next:
    movl    %ecx, %eax              /* ecx /= 10 */
    xorl    %edx, %edx
    movl    $10, %ebx
    divl    %ebx
    movl    %eax, %ecx
    testl   %ecx, %ecx
    jnz     digit

    movb    $'\n', %al
    movw    $COM1_THR, %dx
    outb    %al, %dx
halt:
    hlt
    jmp     halt
