/* hlt_stale_line.S - raises the INTR line with interrupts off, lets the
 * worker learn of it, lowers it again (the worker is not told at once),
 * then sleeps with `sti; hlt`. Nothing can wake it, so the run must end
 * with exit 0. It once resumed after the HLT without an interrupt (exit
 * 15 below); an interrupt delivered though masked would be exit 11. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    jmp     main
    .org    0x400                   /* the interrupt vector table */
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
    outb    %al, %dx                /* THR empty: the UART's IRQ pin is high */
    movb    $0xef, %al
    outb    %al, $PIC1_DATA         /* unmask IRQ 4: INTR rises (and a kick) */
    movl    $100000, %ecx
1:  decl    %ecx
    jnz     1b
    movb    $0xff, %al
    outb    %al, $PIC1_DATA         /* mask all: INTR falls */
    movl    $100000, %ecx
2:  decl    %ecx
    jnz     2b
    sti
    hlt
    cli
    movb    $0x07, %al
    outb    %al, $DEBUG_EXIT_PORT   /* exit 15: woke without an interrupt */
isr:
    movb    $0x05, %al
    outb    %al, $DEBUG_EXIT_PORT   /* exit 11: a masked IRQ was delivered */
