/* fillram64.S - long mode: fills every byte of RAM between its own code
 * and the system area (RAM size in RBP, --reg rbp=) with 0xf4 (HLT), the
 * stack included, with REP STOSQ, then prints "filled\n" and halts. */
#include "guest/include/ports.h"

    .code64
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    cld
    leaq    end(%rip), %rdi
    leaq    -0x8000(%rbp), %rcx
    subq    %rdi, %rcx
    shrq    $3, %rcx
    movabsq $0xf4f4f4f4f4f4f4f4, %rax
    rep stosq
    leaq    msg(%rip), %rsi
    movl    $7, %ecx
    movw    $COM1_THR, %dx
    rep outsb
    hlt

msg:
    .ascii  "filled\n"
    .balign 16
end:
