/* sysarea64.S - long mode: overwrites the monitor's system area (the top
 * 32 KiB of RAM: GDT and page tables; RAM size in RBP, --reg rbp=).
 * SI 0: zeroes it all and reloads CR3: the next fetch finds no page
 *   table, a page fault with no IDT (a crash, exit 4).
 * SI 1: first builds page tables of its own at 0x20000 (identity, 2 MiB
 *   pages over the first 1 GiB) and a GDT at 0x30000 (0x10 data, 0x18
 *   64-bit code), loads CR3 and the GDT, reloads CS (far return) and the
 *   data segments, then fills the whole system area with 0xff, reloads
 *   CR3 and the segments again, prints "sys ok\n" and halts (0).
 * Parameters: --reg rbp=RAM --reg rsi=CASE. */
#include "guest/include/ports.h"

#define PML4 0x20000
#define PDPT 0x21000
#define PD 0x22000
#define GDT 0x30000

    .code64
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    cld
    testq   %rsi, %rsi
    jnz     own
    leaq    -0x8000(%rbp), %rdi
    movl    $0x1000, %ecx
    xorl    %eax, %eax
    rep stosq
    movq    %cr3, %rax
    movq    %rax, %cr3              /* flush: the tables are gone */
    hlt
own:
    movl    $PML4, %edi             /* zero the three tables */
    movl    $0x3000 / 8, %ecx
    xorl    %eax, %eax
    rep stosq
    movq    $(PDPT | 3), PML4
    movq    $(PD | 3), PDPT
    movl    $PD, %edi
    movl    $0x83, %eax             /* present, writable, 2 MiB */
    movl    $512, %ecx
1:  movq    %rax, (%rdi)
    addq    $0x200000, %rax
    addq    $8, %rdi
    loop    1b
    movq    $0, GDT
    movq    $0, GDT + 8
    movq    $0x00cf92000000ffff, %rax   /* 0x10: data */
    movq    %rax, GDT + 0x10
    movq    $0x00af9a000000ffff, %rax   /* 0x18: 64-bit code */
    movq    %rax, GDT + 0x18
    movl    $PML4, %eax
    movq    %rax, %cr3
    lgdt    gdtr(%rip)
    call    reload
    leaq    -0x8000(%rbp), %rdi
    movl    $0x1000, %ecx
    movq    $-1, %rax
    rep stosq
    movl    $PML4, %eax
    movq    %rax, %cr3
    call    reload
    leaq    msg(%rip), %rsi
    movl    $7, %ecx
    movw    $COM1_THR, %dx
    rep outsb
    hlt

/* reload: CS by a far return, then DS, ES, SS. */
reload:
    popq    %rbx                    /* our return address */
    pushq   $0x18
    leaq    1f(%rip), %rax
    pushq   %rax
    lretq
1:  movw    $0x10, %ax
    movw    %ax, %ds
    movw    %ax, %es
    movw    %ax, %ss
    jmp     *%rbx

msg:
    .ascii  "sys ok\n"
gdtr:
    .word   0x1f
    .quad   GDT
