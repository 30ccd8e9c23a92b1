/* jump64.S - long mode: jumps to RAX (--reg rax=): outside RAM but
 * identity-mapped (below 4 GiB), or not mapped at all (above it: a page
 * fault with no IDT). */
    .code64
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    jmp     *%rax
