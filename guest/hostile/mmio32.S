/* mmio32.S - protected mode: reads of 1, 2 and 4 bytes outside RAM (at
 * 0xd0000000), a 4-byte read split across two pages outside RAM
 * (0xd0000ffe), and one split between the last bytes of RAM and what lies
 * beyond (ESI-2, run with --reg rsi=<RAM size>; the guest first stores
 * 0x4241 there), each printed in hex; writes of 1, 2 and 4 bytes outside
 * RAM and across pages (dropped). Prints
 * "ff ffff ffffffff ffffffff ffff4241 \n" and halts. */
#include "guest/include/ports.h"

    .code32
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    movzbl  0xd0000000, %eax
    movl    $2, %ecx
    call    hex
    movzwl  0xd0000002, %eax
    movl    $4, %ecx
    call    hex
    movl    0xd0000004, %eax
    movl    $8, %ecx
    call    hex
    movl    0xd0000ffe, %eax
    movl    $8, %ecx
    call    hex
    movw    $0x4241, -2(%esi)
    movl    -2(%esi), %eax
    movl    $8, %ecx
    call    hex
    movb    $1, 0xd0000000
    movw    $2, 0xd0000000
    movl    $3, 0xd0000000
    movl    $4, 0xd0000ffd
    movl    $5, -1(%esi)
    movw    $COM1_THR, %dx
    movb    $'\n', %al
    outb    %al, %dx
    hlt

/* hex: prints the low ECX nibbles of EAX, then a space. */
hex:
    movl    %eax, %ebx
    movl    %ecx, %edi
    shll    $2, %edi
    negl    %edi
    addl    $32, %edi               /* edi = 32 - 4 * ecx */
    xchgl   %ecx, %edi
    shll    %cl, %ebx
    xchgl   %ecx, %edi
    movw    $COM1_THR, %dx
1:  roll    $4, %ebx
    movl    %ebx, %eax
    andl    $0xf, %eax
    movb    digits(%eax), %al
    outb    %al, %dx
    loop    1b
    movb    $' ', %al
    outb    %al, %dx
    ret

digits:
    .ascii  "0123456789abcdef"
