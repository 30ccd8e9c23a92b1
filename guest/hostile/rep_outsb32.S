/* rep_outsb32.S - protected mode: one REP OUTSB to COM1 from ESI, ECX
 * bytes (up to 0xffffffff), downwards if EDI is nonzero (DF=1). Stores
 * "ABCDEFGH" at ESI first (with DF=1, ending there). A huge count is a
 * legal flood: --max-output or --timeout ends it (124). Otherwise prints
 * "|end\n" and halts.
 * Parameters: --reg rsi=ADDR --reg rcx=COUNT --reg rdi=DF. */
#include "guest/include/ports.h"

    .code32
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    movl    %esi, %ebx
    testl   %edi, %edi
    jz      1f
    subl    $7, %ebx
1:  movl    $0x44434241, (%ebx)
    movl    $0x48474645, 4(%ebx)
    cld
    testl   %edi, %edi
    jz      2f
    std
2:  movw    $COM1_THR, %dx
    rep outsb
    cld
    call    1f
1:  popl    %esi
    addl    $(end_msg - 1b), %esi
    movl    $5, %ecx
    rep outsb
    hlt

end_msg:
    .ascii  "|end\n"
