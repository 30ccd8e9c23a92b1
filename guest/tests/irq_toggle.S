/* irq_toggle.S - with interrupts off and COM1's THR-empty interrupt
 * pending, masks and unmasks IRQ 4 at the PIC 3000 times: the INTR line
 * rises and falls that often while the guest never takes an interrupt.
 * The supervisor must not flood the worker with line changes (it once
 * filled the socket and ended the run with a protocol error). Ends through
 * the debug-exit port with 0: exit status 1. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    movw    $COM1_MCR, %dx
    movb    $MCR_OUT2, %al
    outb    %al, %dx
    movw    $COM1_IER, %dx
    movb    $IER_THRI, %al
    outb    %al, %dx                /* THR empty: the UART's IRQ pin is high */
    movl    $3000, %ecx
1:  movb    $0xef, %al
    outb    %al, $PIC1_DATA         /* unmask IRQ 4: INTR rises */
    movb    $0xff, %al
    outb    %al, $PIC1_DATA         /* mask it: INTR falls */
    decl    %ecx
    jnz     1b
    movb    $0, %al
    outb    %al, $DEBUG_EXIT_PORT
