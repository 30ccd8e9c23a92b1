/* ktest_lines.S - bench W7: a test kernel's report, ECX lines of
 * "PASS: selftest NNNNN\n" (NNNNN = 00001, 00002, ...), every byte after an
 * LSR poll through the 16550A with interrupts off, as kvm-unit-tests'
 * puts() does; then halts. With ESI nonzero it writes 0 to the debug-exit
 * port first (exit status 1), for QEMU. */
#include "guest/include/ports.h"

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    cld
    movw    %cs, %ax
    movw    %ax, %ds
    movl    %esi, %ebp              /* ebp: the debug-exit flag (lodsb takes si) */
next_line:
    testl   %ecx, %ecx
    jz      done
    /* the counter: five ASCII digits, incremented with carry */
    movw    $counter + 4, %di
carry:
    incb    (%di)
    cmpb    $'9', (%di)
    jbe     counted
    movb    $'0', (%di)
    decw    %di
    cmpw    $counter, %di
    jae     carry
counted:
    movw    $line, %si
next_byte:
    lodsb
    testb   %al, %al
    jz      line_done
    movb    %al, %ah
    movw    $COM1_LSR, %dx
wait_thre:
    inb     %dx, %al
    testb   $LSR_THRE, %al
    jz      wait_thre
    movw    $COM1_THR, %dx
    movb    %ah, %al
    outb    %al, %dx
    jmp     next_byte
line_done:
    decl    %ecx
    jmp     next_line
done:
    testl   %ebp, %ebp
    jz      halt
    movb    $0, %al
    outb    %al, $DEBUG_EXIT_PORT
halt:
    cli
    hlt
    jmp     halt

line:
    .ascii  "PASS: selftest "
counter:
    .ascii  "00000"
    .asciz  "\n"
