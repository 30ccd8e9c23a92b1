/* polled_hello.S - prints a greeting the way a real driver does: before
 * each byte it reads LSR (an IN the supervisor must answer) and waits for
 * "transmit holding register empty". */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    movw    $message, %si
next:
    movb    (%si), %bl
    testb   %bl, %bl
    jz      done
wait_thre:
    movw    $COM1_LSR, %dx
    inb     %dx, %al
    testb   $LSR_THRE, %al
    jz      wait_thre
    movw    $COM1_THR, %dx
    movb    %bl, %al
    outb    %al, %dx
    incw    %si
    jmp     next
done:
    hlt

    .section .rodata
message:
    .asciz  "Hello from a polled UART!\n"
