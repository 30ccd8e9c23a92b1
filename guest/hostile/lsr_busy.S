/* lsr_busy.S - polls COM1's LSR forever waiting for received data that
 * never comes (stdin is empty): a busy loop of port exits, ended by
 * --timeout (124). */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    movw    $COM1_LSR, %dx
1:  inb     %dx, %al
    testb   $LSR_DR, %al
    jz      1b
    hlt
