/* echo.S - an interrupt-driven serial echo. Enables COM1's receive
 * interrupt (FIFO on, trigger level 4, OUT2 set, IRQ 4 unmasked at the
 * PIC) and sleeps in `sti; hlt`. The handler drains the receiver, echoes
 * every byte upper-cased and, on ^D (0x04), ends the program: interrupts
 * off, HLT, exit 0. The ^D itself is not echoed. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    jmp     main
    .org    0x400               /* the interrupt vector table lives here */

main:
    cli
    xorw    %ax, %ax
    movw    %ax, %ds
    movw    %ax, %ss
    movw    $0x7000, %sp
    movw    $isr, COM1_VECTOR * 4       /* IVT entry: offset, segment 0 */
    movw    $0, COM1_VECTOR * 4 + 2
    movb    $0, done

    movw    $COM1_LCR, %dx              /* 8 data bits, no parity, 1 stop */
    movb    $0x03, %al
    outb    %al, %dx
    movw    $COM1_FCR, %dx              /* FIFOs on and cleared, trigger 4 */
    movb    $0x47, %al
    outb    %al, %dx
    movw    $COM1_MCR, %dx
    movb    $(MCR_DTR | MCR_RTS | MCR_OUT2), %al
    outb    %al, %dx
    movw    $COM1_IER, %dx
    movb    $IER_RDI, %al
    outb    %al, %dx
    inb     $PIC1_DATA, %al             /* unmask IRQ 4 */
    andb    $~0x10, %al
    outb    %al, $PIC1_DATA

sleep:
    sti
    hlt                                 /* woken by IRQ 4 */
    cli
    cmpb    $0, done
    je      sleep
    hlt                                 /* interrupts off: the run ends */

#include "guest/include/echo_isr.S"

    .section .data
done:
    .byte   0
