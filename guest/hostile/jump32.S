/* jump32.S - protected mode: jumps to EAX (--reg rax=), outside RAM. */
    .code32
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    jmp     *%eax
