/* mask_storm.S - with interrupts on and COM1's THR-empty interrupt armed,
 * toggles the PIC mask of IRQ 4 and COM1's IER forever; the handler reads
 * IIR and sends EOI. Interrupts come and go as fast as the guest can
 * toggle; only --timeout ends it (124). */
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
    sti
1:  movw    $COM1_IER, %dx
    movb    $IER_THRI, %al
    outb    %al, %dx
    movb    $0xef, %al
    outb    %al, $PIC1_DATA
    movb    $0xff, %al
    outb    %al, $PIC1_DATA
    movw    $COM1_IER, %dx
    xorb    %al, %al
    outb    %al, %dx
    movb    $0xef, %al
    outb    %al, $PIC1_DATA
    jmp     1b
isr:
    pushw   %ax
    pushw   %dx
    movw    $COM1_IIR, %dx
    inb     %dx, %al
    movb    $PIC_EOI, %al
    outb    %al, $PIC1_CMD
    popw    %dx
    popw    %ax
    iret
