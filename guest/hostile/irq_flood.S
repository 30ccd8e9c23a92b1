/* irq_flood.S - an interrupt flood: COM1's THR-empty interrupt on, IRQ 4
 * unmasked, then `sti; hlt` forever. Each interrupt raises the next:
 *   SI 0: the handler reads IIR (the line falls), turns IER's THRI off
 *         and on again (it rises: a new edge), sends EOI;
 *   SI 1: it reads IIR, writes '.' to THR (empty again at once: a new
 *         edge), sends EOI: an output flood made of interrupts;
 *   SI 2: the PIC is put in level-triggered mode (ICW1 LTIM), and the
 *         handler only sends EOI: the request stays, and is taken again
 *         at every IRET.
 *   SI 3: the handler writes '.' to THR without reading IIR, then EOI
 *         (on a 16550 the THR write clears the interrupt and the byte's
 *         departure raises it again).
 * --timeout (or, for SI 1, --max-output) ends it: 124.
 * Parameter: --reg rsi=CASE. */
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
    cmpw    $2, %si
    jne     1f
    movb    $0x19, %al              /* ICW1: level triggered, cascade, ICW4 */
    outb    %al, $PIC1_CMD
    movb    $0x08, %al              /* ICW2: vectors 0x08-0x0f */
    outb    %al, $PIC1_DATA
    movb    $0x04, %al              /* ICW3: slave on IR2 */
    outb    %al, $PIC1_DATA
    movb    $0x01, %al              /* ICW4: 8086 mode */
    outb    %al, $PIC1_DATA
1:  movw    $COM1_MCR, %dx
    movb    $MCR_OUT2, %al
    outb    %al, %dx
    movw    $COM1_IER, %dx
    movb    $IER_THRI, %al
    outb    %al, %dx
    movb    $0xef, %al
    outb    %al, $PIC1_DATA
2:  sti
    hlt
    jmp     2b

isr:
    cmpw    $2, %si
    je      eoi
    cmpw    $3, %si
    je      thr
    movw    $COM1_IIR, %dx
    inb     %dx, %al
    testw   %si, %si
    jnz     thr
    movw    $COM1_IER, %dx
    xorb    %al, %al
    outb    %al, %dx
    movb    $IER_THRI, %al
    outb    %al, %dx
    jmp     eoi
thr:
    movw    $COM1_THR, %dx
    movb    $'.', %al
    outb    %al, %dx
eoi:
    movb    $PIC_EOI, %al
    outb    %al, $PIC1_CMD
    iret
