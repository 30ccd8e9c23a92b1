/* io_all.S - real mode: IN of size SI (1, 2 or 4 bytes) from BP ports
 * starting at DI (BP 0: none; 0x10000 is every port; the port number
 * wraps past 0xffff), then OUT of EAX at that size to every port from 0xf5
 * up to 0xffff and on from 0 (a 4-byte OUT at 0xfffd reaches 0xfffd-0xffff and
 * 0). COM1's THR (0x3f8) prints the bytes that land on it. The run ends
 * at the first OUT that reaches the debug-exit port 0xf4 (at 0xf4, 0xf3
 * or 0xf1): status (b << 1) | 1 for the byte b of EAX that lands there.
 * With 0x100 added to SI it skips the OUTs: after the INs it writes
 * 0x7e to 0xf4 itself (status 253).
 * Parameters: --reg rsi=SIZE[+0x100] --reg rax=VALUE --reg rdi=FIRST
 * --reg rbp=COUNT. */
    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    movl    %eax, %ebx              /* ebx: the value to write */
    movw    %di, %dx
    movl    %ebp, %ecx              /* ecx: INs left */
    testl   %ecx, %ecx
    jz      outs
    movw    %si, %ax
    andw    $7, %ax
    cmpw    $2, %ax
    je      in2
    cmpw    $4, %ax
    je      in4
in1:
    inb     %dx, %al
    incw    %dx
    decl    %ecx
    jnz     in1
    jmp     outs
in2:
    inw     %dx, %ax
    incw    %dx
    decl    %ecx
    jnz     in2
    jmp     outs
in4:
    inl     %dx, %eax
    incw    %dx
    decl    %ecx
    jnz     in4
outs:
    testw   $0x100, %si
    jz      1f
    movb    $0x7e, %al
    outb    %al, $0xf4
1:  andw    $7, %si
    movl    %ebx, %eax
    movw    $0xf5, %dx
    cmpw    $2, %si
    je      out2
    cmpw    $4, %si
    je      out4
out1:
    outb    %al, %dx
    incw    %dx
    jmp     out1
out2:
    outw    %ax, %dx
    incw    %dx
    jmp     out2
out4:
    outl    %eax, %dx
    incw    %dx
    jmp     out4
