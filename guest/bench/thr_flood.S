/* thr_flood.S - bench W2: writes ECX bytes to COM1's THR without polling
 * LSR (one OUT exit per byte), then halts with interrupts off. The bytes
 * cycle through 'a'..'z' with a newline after every 64th, so the output is
 * exact and checkable. With ESI nonzero it writes 0 to the debug-exit port
 * first (exit status 1): QEMU cannot end a run on HLT. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    movw    $COM1_THR, %dx
    movb    $'a', %al               /* al: the next letter */
    movb    $64, %bl                /* bl: letters left on this line */
next:
    testl   %ecx, %ecx
    jz      done
    decb    %bl
    jnz     letter
    movb    %al, %bh
    movb    $'\n', %al
    outb    %al, %dx
    movb    %bh, %al
    movb    $64, %bl
    jmp     counted
letter:
    outb    %al, %dx
    incb    %al
    cmpb    $'z', %al
    jbe     counted
    movb    $'a', %al
counted:
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
