/* exc32.S - protected mode: raises the exception SI selects. With DI
 * nonzero it first loads an IDT (at 0x10000) whose 256 gates each end the
 * run with their vector through the debug-exit port (status
 * (vector << 1) | 1); with DI zero the IDT is the monitor's empty one, so
 * the exception cannot be delivered (a triple fault on hardware).
 *   0 #DE: 1   1 #BP: 7   2 #UD: 13   3 #GP (selector past the GDT): 27
 *   4 INT 0x21: 67
 * An unknown SI halts (0). Parameters: --reg rsi=CASE --reg rdi=IDT. */
#define IDT_BASE 0x10000

    .code32
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    testl   %edi, %edi
    jz      go
    movl    $IDT_BASE, %edi
    movl    $stubs, %edx
    movl    $256, %ecx
1:  movl    %edx, %eax
    andl    $0xffff, %eax
    orl     $0x00080000, %eax       /* selector 0x08 | offset 15:0 */
    movl    %eax, (%edi)
    movl    %edx, %eax
    andl    $0xffff0000, %eax
    orl     $0x8e00, %eax           /* present, 32-bit interrupt gate */
    movl    %eax, 4(%edi)
    addl    $8, %edi
    addl    $8, %edx
    loop    1b
    lidt    idtr
go:
    cmpl    $0, %esi
    je      de
    cmpl    $1, %esi
    je      bp
    cmpl    $2, %esi
    je      ud
    cmpl    $3, %esi
    je      gp
    cmpl    $4, %esi
    je      sw
    hlt
de: xorl    %ecx, %ecx
    divl    %ecx
    hlt
bp: int3
    hlt
ud: ud2
    hlt
gp: movw    $0x48, %ax
    movw    %ax, %ds
    hlt
sw: int     $0x21
    hlt

idtr:
    .word   256 * 8 - 1
    .long   IDT_BASE

    .balign 8
stubs:
    .set    vec, 0
    .rept   256
    .balign 8
    movb    $vec, %al
    jmp     out
    .set    vec, vec + 1
    .endr
out:
    outb    %al, $0xf4
    hlt
