/* lsr_poll.S - bench W3: writes ECX bytes to COM1, each preceded by an LSR
 * poll as a driver does (an IN and an OUT exit per byte: the IN waits for
 * its answer), then halts with interrupts off. The bytes are those of
 * thr_flood.S ('a'..'z', a newline after every 64th). With ESI nonzero it
 * writes 0 to the debug-exit port first (exit status 1), for QEMU. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    movb    $'a', %bh               /* bh: the next letter */
    movb    $64, %bl                /* bl: letters left on this line */
next:
    testl   %ecx, %ecx
    jz      done
    decb    %bl
    jnz     letter
    movb    $'\n', %ah
    movb    $64, %bl
    jmp     send
letter:
    movb    %bh, %ah
    incb    %bh
    cmpb    $'z', %bh
    jbe     send
    movb    $'a', %bh
send:
    movw    $COM1_LSR, %dx
wait_thre:
    inb     %dx, %al
    testb   $LSR_THRE, %al
    jz      wait_thre
    movw    $COM1_THR, %dx
    movb    %ah, %al
    outb    %al, %dx
    decl    %ecx
    jmp     next
done:
    testl   %esi, %esi
    jz      halt
    movb    $0, %al
    outb    %al, $DEBUG_EXIT_PORT
halt:
    cli
    hlt
    jmp     halt
