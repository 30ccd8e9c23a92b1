/* sysarea32.S - protected mode: overwrites the monitor's system area (the
 * top 32 KiB of RAM: GDT and page tables; RAM size in EBP, --reg rbp=).
 * SI 0: zeroes it all, then reloads DS: the selector's descriptor is now
 *   null, a #GP with no IDT (a crash, exit 4).
 * SI 1: writes a GDT of its own over the monitor's (code 0x08, data 0x10),
 *   fills the rest of the system area with 0xff, LGDTs it, reloads CS
 *   (far jump) and every data segment, prints "gdt ok\n" and halts (0).
 * Parameters: --reg rbp=RAM --reg rsi=CASE. */
#include "guest/include/ports.h"

    .code32
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    cld
    leal    -0x8000(%ebp), %edi     /* the system area */
    movl    %edi, %ebx
    movl    $0x2000, %ecx
    xorl    %eax, %eax
    testl   %esi, %esi
    jz      1f
    decl    %eax                    /* 0xffffffff */
1:  rep stosl
    testl   %esi, %esi
    jnz     own
    movw    $0x10, %ax
    movw    %ax, %ds                /* #GP: a null descriptor */
    hlt
own:
    movl    $0, (%ebx)              /* null */
    movl    $0, 4(%ebx)
    movl    $0x0000ffff, 8(%ebx)    /* 0x08: flat 32-bit code */
    movl    $0x00cf9a00, 12(%ebx)
    movl    $0x0000ffff, 16(%ebx)   /* 0x10: flat data */
    movl    $0x00cf9200, 20(%ebx)
    movw    $23, gdtr
    movl    %ebx, gdtr + 2
    lgdt    gdtr
    ljmp    $0x08, $reload
reload:
    movw    $0x10, %ax
    movw    %ax, %ds
    movw    %ax, %es
    movw    %ax, %fs
    movw    %ax, %gs
    movw    %ax, %ss
    movl    $msg, %esi
    movl    $7, %ecx
    movw    $COM1_THR, %dx
    rep outsb
    hlt

msg:
    .ascii  "gdt ok\n"
    .balign 4
gdtr:
    .word   0
    .long   0
