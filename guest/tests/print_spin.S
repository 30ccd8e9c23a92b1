/* print_spin.S - writes 2000 'x' to COM1 without polling, then spins
 * forever without another exit. The first 1024 writes exit; the rest KVM
 * buffers (coalesced), and only the supervisor's kick of a quiet worker
 * brings the last of them out before --timeout stops the guest. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    movw    $COM1_THR, %dx
    movb    $'x', %al
    movw    $2000, %cx
1:
    outb    %al, %dx
    loop    1b
2:
    jmp     2b
