/* string_io.S - prints its message with one REP OUTSB: KVM exits once with
 * count > 1, and every byte must reach the console. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    cld
    movw    $message, %si
    movw    $(message_end - message), %cx
    movw    $COM1_THR, %dx
    rep outsb
    hlt

    .section .rodata
message:
    .ascii  "string I/O: 1234567890 abcdefghijklmnopqrstuvwxyz\n"
message_end:
