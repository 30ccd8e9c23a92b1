/* loopback.S - reads back, in UART loopback mode (MCR bit 4), what it
 * wrote to COM1's THR, after more than GUEST_COALESCE_AFTER (1024) THR
 * writes: by then KVM buffers THR writes in the coalesced ring, and only a
 * worker that drains the ring before every IN lets the guest read them.
 *
 * With ESI zero it first writes 1100 bytes to the line (25 lines of 43
 * times one letter, 'a' to 'y', and a newline); with ESI nonzero it goes
 * to loopback at once. Then 80 rounds (1280 writes): 16 bytes to THR, LSR
 * must say data ready, then 16 times LSR (no overrun, data ready) and RBR,
 * the bytes in order, and then no 17th. Then it leaves loopback, prints
 * "loopback ok" and halts. A failed check writes its number to the
 * debug-exit port (exit status (n << 1) | 1):
 *   1  no data after the 16 writes (the ring was not drained)
 *   2  overrun      3  a byte out of order or wrong
 *   4  fewer than 16 bytes      5  more than 16 bytes */
#include "guest/include/ports.h"

#define ROUNDS 80

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    movw    $COM1_FCR, %dx
    movb    $0x07, %al              /* FIFOs on and cleared: 16 bytes of RX FIFO */
    outb    %al, %dx
    testl   %esi, %esi
    jnz     loopback
    movw    $COM1_THR, %dx
    movb    $'a', %bl               /* bl: this line's letter */
line:
    movw    $43, %cx
    movb    %bl, %al
letter:
    outb    %al, %dx
    loop    letter
    movb    $'\n', %al
    outb    %al, %dx
    incb    %bl
    cmpb    $'z', %bl
    jne     line
loopback:
    movw    $COM1_MCR, %dx
    movb    $MCR_LOOP, %al
    outb    %al, %dx
    xorw    %di, %di                /* di: the round */
round:
    movw    %di, %ax
    shlw    $4, %ax
    movb    %al, %bl                /* bl: the round's first byte, (16 * round) & 0xff */
    movw    $16, %cx
    movw    $COM1_THR, %dx
send:
    outb    %al, %dx
    incb    %al
    loop    send
    movw    $COM1_LSR, %dx
    inb     %dx, %al
    movb    $1, %ah
    testb   $LSR_DR, %al
    jz      fail
    movw    $16, %cx
receive:
    movw    $COM1_LSR, %dx
    inb     %dx, %al
    movb    $2, %ah
    testb   $LSR_OE, %al
    jnz     fail
    movb    $4, %ah
    testb   $LSR_DR, %al
    jz      fail
    movw    $COM1_RBR, %dx
    inb     %dx, %al
    movb    $3, %ah
    cmpb    %bl, %al
    jne     fail
    incb    %bl
    loop    receive
    movw    $COM1_LSR, %dx
    inb     %dx, %al
    movb    $5, %ah
    testb   $LSR_DR, %al
    jnz     fail
    incw    %di
    cmpw    $ROUNDS, %di
    jne     round
    movw    $COM1_MCR, %dx
    xorb    %al, %al                /* loopback off: THR goes to the line again */
    outb    %al, %dx
    movw    $message, %si
    movw    $COM1_THR, %dx
print:
    movb    (%si), %al
    testb   %al, %al
    jz      done
    outb    %al, %dx
    incw    %si
    jmp     print
done:
    hlt
fail:
    movb    %ah, %al
    outb    %al, $DEBUG_EXIT_PORT
    hlt

    .section .rodata
message:
    .asciz  "loopback ok\n"
