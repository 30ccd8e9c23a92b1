/* irq_flood.S - an interrupt flood: COM1's THR-empty interrupt on, IRQ 4
 * unmasked, `sti; hlt`; the handler sends EOI but never clears the
 * interrupt (no IIR read, no THR write unless SI is nonzero: then it
 * writes '.', and THR empties again at once), so it is taken again at
 * every IRET. Ends by --timeout (124), or with SI nonzero by
 * --max-output (124). Parameter: --reg rsi=PRINT. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    jmp     main
    .org    0x400
main:
    cli
    xorw    %ax, %ax
    movw    %ax, %ds
    movw    %ax, %ss
    movw    $0x7000, %sp
    movw    $isr, COM1_VECTOR * 4
    movw    $0, COM1_VECTOR * 4 + 2
    movw    $COM1_MCR, %dx
    movb    $MCR_OUT2, %al
    outb    %al, %dx
    movw    $COM1_IER, %dx
    movb    $IER_THRI, %al
    outb    %al, %dx
    movb    $0xef, %al
    outb    %al, $PIC1_DATA
1:  sti
    hlt
    jmp     1b
isr:
    testw   %si, %si
    jz      2f
    movw    $COM1_THR, %dx
    movb    $'.', %al
    outb    %al, %dx
2:  movb    $PIC_EOI, %al
    outb    %al, $PIC1_CMD
    iret
