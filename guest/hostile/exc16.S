/* exc16.S - real mode: raises the exception SI selects, with a handler in
 * the interrupt vector table for each that ends the run with its vector
 * through the debug-exit port (status (vector << 1) | 1):
 *   0 #DE (div by 0): 1    1 #BP (int3): 7    2 #UD (ud2): 13
 *   3 #GP (a 32-bit address past the 64 KiB segment limit): 27
 *   4 INT 0x21, a software interrupt: 67
 * An unknown SI halts (0). Parameter: --reg rsi=CASE. */
    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    jmp     main
    .org    0x400                   /* the interrupt vector table */
main:
    cli
    xorw    %ax, %ax
    movw    %ax, %ds
    movw    %ax, %ss
    movw    $0x7000, %sp
    movw    $v0, 0 * 4
    movw    $v3, 3 * 4
    movw    $v6, 6 * 4
    movw    $v13, 13 * 4
    movw    $v33, 0x21 * 4
    movw    $0, 0 * 4 + 2
    movw    $0, 3 * 4 + 2
    movw    $0, 6 * 4 + 2
    movw    $0, 13 * 4 + 2
    movw    $0, 0x21 * 4 + 2
    cmpw    $0, %si
    je      de
    cmpw    $1, %si
    je      bp
    cmpw    $2, %si
    je      ud
    cmpw    $3, %si
    je      gp
    cmpw    $4, %si
    je      sw
    hlt
de: xorw    %cx, %cx
    divw    %cx
    hlt
bp: int3
    hlt
ud: ud2
    hlt
gp: movl    $0x10000, %ebx
    addr32 movb (%ebx), %al
    hlt
sw: int     $0x21
    hlt
v0: movb    $0, %al
    jmp     out
v3: movb    $3, %al
    jmp     out
v6: movb    $6, %al
    jmp     out
v13: movb   $13, %al
    jmp     out
v33: movb   $0x21, %al
out:
    outb    %al, $0xf4
    hlt
