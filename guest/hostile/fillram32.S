/* fillram32.S - protected mode: fills every byte of RAM past its own code
 * with 0xf4 (HLT), the monitor's system area (GDT) included, with REP
 * STOSL (RAM size in EBP, --reg rbp=), then prints "filled\n" and halts:
 * the segment registers keep their cached descriptors, so it goes on. */
#include "guest/include/ports.h"

    .code32
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    cld
    movl    $end, %edi
    movl    %ebp, %ecx
    subl    %edi, %ecx
    shrl    $2, %ecx
    movl    $0xf4f4f4f4, %eax
    rep stosl
    movl    $msg, %esi
    movl    $7, %ecx
    movw    $COM1_THR, %dx
    rep outsb
    hlt

msg:
    .ascii  "filled\n"
    .balign 16
end:
