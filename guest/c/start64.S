/* start64.S - the C runtime of the freestanding 64-bit guests: entered in
 * long mode at _start (the ELF entry), it switches to the stack that
 * elf64.ld reserves, zeroes .bss, calls main() and hands its return value v
 * to the debug-exit port (the run ends with status (v << 1) | 1). Should
 * that port be missing, it halts with interrupts off. */
#include "guest/include/ports.h"

    .code64
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    cld
    leaq    __stack_top(%rip), %rsp /* 16-byte aligned, as the ABI wants */
    xorl    %ebp, %ebp              /* the outermost frame */
    leaq    __bss_start(%rip), %rdi
    leaq    __bss_end(%rip), %rcx
    subq    %rdi, %rcx
    xorl    %eax, %eax
    rep stosb
    call    main
    outb    %al, $DEBUG_EXIT_PORT
1:
    cli
    hlt
    jmp     1b
