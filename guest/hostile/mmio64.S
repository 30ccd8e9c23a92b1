/* mmio64.S - long mode: reads of 1, 2, 4 and 8 bytes outside RAM (at
 * 0xd0000000, identity-mapped), an 8-byte read split across two pages
 * outside RAM (0xd0000ffc), and one split between the last 4 bytes of RAM
 * and what lies beyond (RSI-4, run with --reg rsi=<RAM size>; the guest
 * first stores 0x44434241 there), each printed in hex; writes of every
 * size outside RAM and split (dropped). Prints "ff ffff ffffffff
 * ffffffffffffffff ffffffffffffffff ffffffff44434241 \n" and halts. */
#include "guest/include/ports.h"

    .code64
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    movl    $0xd0000000, %ebp
    movzbq  (%rbp), %rax
    movl    $2, %ecx
    call    hex
    movzwq  2(%rbp), %rax
    movl    $4, %ecx
    call    hex
    movl    4(%rbp), %eax
    movl    $8, %ecx
    call    hex
    movq    8(%rbp), %rax
    movl    $16, %ecx
    call    hex
    movq    0xffc(%rbp), %rax
    movl    $16, %ecx
    call    hex
    movl    $0x44434241, -4(%rsi)
    movq    -4(%rsi), %rax
    movl    $16, %ecx
    call    hex
    movb    $1, (%rbp)
    movw    $2, (%rbp)
    movl    $3, (%rbp)
    movq    $4, (%rbp)
    movq    $5, 0xffc(%rbp)
    movq    $6, -4(%rsi)
    movw    $COM1_THR, %dx
    movb    $'\n', %al
    outb    %al, %dx
    hlt

/* hex: prints the low RCX nibbles of RAX, then a space. */
hex:
    movq    %rax, %rbx
    movl    $16, %edi
    subl    %ecx, %edi
    shll    $2, %edi
    xchgl   %ecx, %edi
    shlq    %cl, %rbx
    xchgl   %ecx, %edi
    movw    $COM1_THR, %dx
    leaq    digits(%rip), %rdi
1:  rolq    $4, %rbx
    movl    %ebx, %eax
    andl    $0xf, %eax
    movb    (%rdi,%rax), %al
    outb    %al, %dx
    loop    1b
    movb    $' ', %al
    outb    %al, %dx
    ret

digits:
    .ascii  "0123456789abcdef"
