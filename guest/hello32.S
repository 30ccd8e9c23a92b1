/* hello32.S - the protected-mode smoke test: started by the monitor in
 * 32-bit protected mode (CS 0x08 flat code, data selectors 0x10, paging
 * off, EIP 0 = the load address, ESP below the system area), it reloads
 * every segment register from the monitor's GDT to prove the GDT is usable,
 * prints "Hello from 32-bit protected mode\n" on COM1 (polling LSR before
 * each byte) and halts with interrupts off. */
#include "guest/include/ports.h"

#define SEL_CODE32 0x08 /* common/guest_layout.h: GUEST_SEL_CODE32 */
#define SEL_DATA 0x10   /* GUEST_SEL_DATA */

    .code32
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    movw    $SEL_DATA, %ax          /* each load reads the GDT descriptor */
    movw    %ax, %ds
    movw    %ax, %es
    movw    %ax, %fs
    movw    %ax, %gs
    movw    %ax, %ss                /* same flat base: ESP stays valid */
    ljmp    $SEL_CODE32, $1f        /* and CS, with a far jump */
1:
    movl    $message, %esi
next:
    movb    (%esi), %bl
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
    incl    %esi
    jmp     next
done:
    cli
    hlt
    jmp     done

    .section .rodata
message:
    .asciz  "Hello from 32-bit protected mode\n"
