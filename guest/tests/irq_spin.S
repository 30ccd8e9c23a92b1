/* irq_spin.S - takes COM1 receive interrupts while it computes: the main
 * loop spins with interrupts on and never exits to the VMM, so only the
 * supervisor's kick can bring an interrupt in. Echoes input with echo.S's
 * handler (upper-cased, until ^D), then ends through the debug-exit port with 0x21:
 * exit status 67. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    jmp     main
    .org    0x400               /* the interrupt vector table */

main:
    cli
    xorw    %ax, %ax
    movw    %ax, %ds
    movw    %ax, %ss
    movw    $0x7000, %sp
    movw    $isr, COM1_VECTOR * 4
    movw    $0, COM1_VECTOR * 4 + 2
    movb    $0, done
    movw    $COM1_MCR, %dx
    movb    $(MCR_DTR | MCR_RTS | MCR_OUT2), %al
    outb    %al, %dx
    movw    $COM1_IER, %dx
    movb    $IER_RDI, %al
    outb    %al, %dx
    inb     $PIC1_DATA, %al
    andb    $~0x10, %al
    outb    %al, $PIC1_DATA
    sti
spin:
    incl    %ecx                /* busy, no VM exit */
    cmpb    $0, done
    je      spin
    cli
    movb    $0x21, %al
    outb    %al, $DEBUG_EXIT_PORT

#include "guest/include/echo_isr.S"

    .section .data
done:
    .byte   0
