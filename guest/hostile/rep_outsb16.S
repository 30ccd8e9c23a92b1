/* rep_outsb16.S - real mode: one REP OUTSB to COM1 from BP:SI, CX bytes,
 * downwards if DI is nonzero (DF=1). First it stores "ABCDEFGH" at BP:SI
 * (with DF=1, the 8 bytes ending there), so a buffer that starts in RAM
 * and runs past its end prints the marker, then whatever the monitor
 * gives for the bytes outside RAM. Then prints "|end\n" and halts.
 * Parameters: --reg rbp=SEG --reg rsi=OFF --reg rcx=COUNT --reg rdi=DF. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    movw    %cs, %ax
    movw    %ax, %ss
    movw    $0x8000, %sp
    movw    %bp, %es
    movw    %si, %bx
    testw   %di, %di
    jz      1f
    subw    $7, %bx                 /* DF=1: the marker ends at SI */
1:  movl    $0x44434241, %es:(%bx)
    movl    $0x48474645, %es:4(%bx)
    movw    %bp, %ds
    cld
    testw   %di, %di
    jz      2f
    std
2:  movw    $COM1_THR, %dx
    rep outsb
    cld
    movw    %cs, %ax
    movw    %ax, %ds
    movw    $end_msg, %si
    movw    $5, %cx
    rep outsb
    hlt

end_msg:
    .ascii  "|end\n"
