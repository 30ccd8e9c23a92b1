/* rep_insb32.S - protected mode: one REP INSB from port DX into EDI, ECX
 * bytes (up to 0xffffffff: it runs over RAM, the system area and past the
 * end of RAM), downwards if ESI is nonzero (DF=1). Then prints "|end\n"
 * and halts; a huge count is ended by --timeout (124).
 * Parameters: --reg rdi=ADDR --reg rcx=COUNT --reg rsi=DF --reg rdx=PORT. */
#include "guest/include/ports.h"

    .code32
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    cld
    testl   %esi, %esi
    jz      1f
    std
1:  rep insb
    cld
    call    1f
1:  popl    %esi
    addl    $(end_msg - 1b), %esi
    movl    $5, %ecx
    movw    $COM1_THR, %dx
    rep outsb
    hlt

end_msg:
    .ascii  "|end\n"
