/* debug_exit.S - prints "bye\n", then writes 0x2a to the debug-exit port:
 * the run must end with status (0x2a << 1) | 1 = 85 and nothing after it. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    movw    $COM1_THR, %dx
    movb    $'b', %al
    outb    %al, %dx
    movb    $'y', %al
    outb    %al, %dx
    movb    $'e', %al
    outb    %al, %dx
    movb    $'\n', %al
    outb    %al, %dx
    movb    $0x2a, %al
    outb    %al, $DEBUG_EXIT_PORT
    /* never reached: these would show up in the output, and HLT would exit 0 */
    movb    $'!', %al
    outb    %al, %dx
    hlt
