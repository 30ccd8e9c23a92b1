/* rep_insb16.S - real mode: one REP INSB from port DX into BP:DI, CX
 * bytes, downwards if SI is nonzero (DF=1). A buffer past the end of RAM
 * writes outside it (dropped). Then prints "|end\n" and halts.
 * Parameters: --reg rbp=SEG --reg rdi=OFF --reg rcx=COUNT --reg rsi=DF
 * --reg rdx=PORT. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    movw    %bp, %es
    cld
    testw   %si, %si
    jz      1f
    std
1:  rep insb
    cld
    movw    %cs, %ax
    movw    %ax, %ds
    movw    $end_msg, %si
    movw    $5, %cx
    movw    $COM1_THR, %dx
    rep outsb
    hlt

end_msg:
    .ascii  "|end\n"
