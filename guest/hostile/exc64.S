/* exc64.S - long mode: raises the exception SI selects. With DI nonzero
 * it first loads an IDT (at 0x10000) whose 256 gates each end the run with
 * their vector through the debug-exit port (status (vector << 1) | 1);
 * with DI zero the IDT is the monitor's empty one: a triple fault.
 *   0 #DE: 1   1 #BP: 7   2 #UD: 13   3 #GP (selector past the GDT): 27
 *   4 INT 0x21: 67   5 #PF (a read at 4 GiB, beyond the identity map): 29
 *   6 #GP (a non-canonical address): 27
 * An unknown SI halts (0). Parameters: --reg rsi=CASE --reg rdi=IDT. */
#define IDT_BASE 0x10000

    .code64
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    testq   %rdi, %rdi
    jz      go
    movl    $IDT_BASE, %edi
    leaq    stubs(%rip), %rdx
    movl    $256, %ecx
1:  movl    %edx, %eax
    andl    $0xffff, %eax
    orl     $0x00180000, %eax       /* selector 0x18 | offset 15:0 */
    movl    %eax, (%rdi)
    movl    %edx, %eax
    andl    $0xffff0000, %eax
    orl     $0x8e00, %eax           /* present, 64-bit interrupt gate */
    movl    %eax, 4(%rdi)
    movq    $0, 8(%rdi)             /* offset 63:32 = 0 */
    addq    $16, %rdi
    addq    $8, %rdx
    loop    1b
    lidt    idtr(%rip)
go:
    cmpq    $0, %rsi
    je      de
    cmpq    $1, %rsi
    je      bp
    cmpq    $2, %rsi
    je      ud
    cmpq    $3, %rsi
    je      gp
    cmpq    $4, %rsi
    je      sw
    cmpq    $5, %rsi
    je      pf
    cmpq    $6, %rsi
    je      nc
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
pf: movabsq $0x100000000, %rax
    movb    (%rax), %al
    hlt
nc: movabsq $0x8000000000000000, %rax
    movb    (%rax), %al
    hlt

idtr:
    .word   256 * 16 - 1
    .quad   IDT_BASE

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
