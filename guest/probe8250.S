/* probe8250.S - the probe Linux's 8250 driver runs on a serial port
 * (autoconfig() and the THRE test of serial8250_startup()), one check per
 * line: "PASS name" or "FAIL name". The checks run first, keeping what they
 * read (in loopback or with DLAB set the port cannot print); then they are
 * reported. Ends through the debug-exit port with
 * the number of failures: exit status 1 when every check passed. */
#include "guest/include/ports.h"

/* al = in(port) */
.macro IN port
    movw    $\port, %dx
    inb     %dx, %al
.endm
/* out(port, value) */
.macro OUT port, value
    movw    $\port, %dx
    movb    $\value, %al
    outb    %al, %dx
.endm
/* Report whether al (masked with `mask`) equals `want`. Only once the
 * port is out of loopback and DLAB is off: the report itself is output. */
.macro EXPECT mask, want, name
    andb    $\mask, %al
    cmpb    $\want, %al
    movw    $\name, %si
    call    result
.endm

    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    xorw    %ax, %ax
    movw    %ax, %ds
    movw    %ax, %ss
    movw    $0x7000, %sp
    movb    $0, failures

    /* The scratch register keeps what is written. */
    OUT     COM1_SCR, 0xa5
    IN      COM1_SCR
    movb    %al, results + 0
    OUT     COM1_SCR, 0x5a
    IN      COM1_SCR
    movb    %al, results + 1

    /* IER keeps its four bits (autoconfig's first test). */
    OUT     COM1_IER, 0x00
    IN      COM1_IER
    movb    %al, results + 2
    OUT     COM1_IER, 0x0f
    IN      COM1_IER
    movb    %al, results + 3
    OUT     COM1_IER, 0xff
    IN      COM1_IER
    movb    %al, results + 4      /* no UUE bit: not an XScale UART */
    OUT     COM1_IER, 0x00

    /* Loopback: MCR outputs come back on the MSR inputs. */
    OUT     COM1_MCR, (MCR_LOOP | MCR_OUT2 | MCR_RTS)
    IN      COM1_MSR
    movb    %al, results + 5      /* DCD | CTS, as Linux expects */
    OUT     COM1_MCR, (MCR_LOOP | 0x04 | MCR_DTR)
    IN      COM1_MSR
    movb    %al, results + 6      /* RI | DSR */

    /* Loopback data: a byte sent comes back to the receiver, not the wire. */
    OUT     COM1_THR, 'Z'
    IN      COM1_LSR
    movb    %al, results + 7
    IN      COM1_RBR
    movb    %al, results + 8
    IN      COM1_LSR
    movb    %al, results + 9
    OUT     COM1_MCR, 0x00

    /* FIFO detection: LCR=0xbf, "EFR"=0 (an FCR write here), then FCR
     * enable must show 11 in IIR bits 7:6. */
    OUT     COM1_LCR, 0xbf
    OUT     COM1_FCR, 0x00
    OUT     COM1_LCR, 0x00
    OUT     COM1_FCR, 0x01
    IN      COM1_IIR
    movb    %al, results + 10
    OUT     COM1_LCR, 0xbf              /* an EFR read is IIR here: not 0 */
    IN      COM1_IIR
    movb    %al, results + 11
    OUT     COM1_LCR, 0x00
    OUT     COM1_FCR, 0x21              /* 64-byte bit: a 16750 would show it */
    IN      COM1_IIR
    movb    %al, results + 12
    OUT     COM1_FCR, 0x00
    IN      COM1_IIR
    movb    %al, results + 13

    /* 16-byte receive FIFO: 17 bytes in loopback overrun by one. */
    OUT     COM1_FCR, 0x07
    OUT     COM1_MCR, MCR_LOOP
    movw    $17, %cx
1:  OUT     COM1_THR, 'a'
    loop    1b
    IN      COM1_LSR
    movb    %al, results + 14
    IN      COM1_LSR
    movb    %al, results + 15
    xorw    %cx, %cx
2:  IN      COM1_LSR
    testb   $LSR_DR, %al
    jz      3f
    IN      COM1_RBR
    incw    %cx
    jmp     2b
3:  movb    %cl, %al
    movb    %al, results + 16
    OUT     COM1_MCR, 0x00
    OUT     COM1_FCR, 0x00

    /* The divisor latch, behind LCR.DLAB. */
    OUT     COM1_LCR, 0x80
    OUT     COM1_DLL, 0x01
    OUT     COM1_DLM, 0x00
    IN      COM1_DLL
    movb    %al, results + 17
    OUT     COM1_LCR, 0x03
    IN      COM1_IER
    movb    %al, results + 18

    /* THRE test of serial8250_startup(): enabling the THR-empty interrupt
     * with the transmitter empty raises it at once; reading IIR clears it. */
    OUT     COM1_IER, IER_THRI
    IN      COM1_IIR
    movb    %al, results + 19
    IN      COM1_IIR
    movb    %al, results + 20
    OUT     COM1_IER, 0x00

    /* An idle port's LSR: transmitter empty, nothing received, no error. */
    IN      COM1_LSR
    movb    %al, results + 21

    /* COM2 is not there: its ports float high and forget writes. */
    OUT     (COM2_BASE + 7), 0xa5
    IN      (COM2_BASE + 7)
    movb    %al, results + 22

    /* Every value is taken and the port is back to normal: report. */
    movb    results + 0, %al
    EXPECT  0xff, 0xa5, n_scr_a5
    movb    results + 1, %al
    EXPECT  0xff, 0x5a, n_scr_5a
    movb    results + 2, %al
    EXPECT  0x0f, 0x00, n_ier_0
    movb    results + 3, %al
    EXPECT  0x0f, 0x0f, n_ier_f
    movb    results + 4, %al
    EXPECT  0xf0, 0x00, n_ier_high
    movb    results + 5, %al
    EXPECT  0xf0, 0x90, n_loop_msr
    movb    results + 6, %al
    EXPECT  0xf0, 0x60, n_loop_msr2
    movb    results + 7, %al
    EXPECT  LSR_DR, LSR_DR, n_loop_dr
    movb    results + 8, %al
    EXPECT  0xff, 'Z', n_loop_rbr
    movb    results + 9, %al
    EXPECT  LSR_DR, 0, n_loop_empty
    movb    results + 10, %al
    EXPECT  0xc0, 0xc0, n_fifo_on
    movb    results + 11, %al
    EXPECT  0xff, 0xc1, n_no_efr
    movb    results + 12, %al
    EXPECT  0xe0, 0xc0, n_not_16750
    movb    results + 13, %al
    EXPECT  0xc0, 0x00, n_fifo_off
    movb    results + 14, %al
    EXPECT  (LSR_OE | LSR_DR), (LSR_OE | LSR_DR), n_overrun
    movb    results + 15, %al
    EXPECT  LSR_OE, 0, n_oe_cleared
    movb    results + 16, %al
    EXPECT  0xff, 16, n_fifo_16
    movb    results + 17, %al
    EXPECT  0xff, 0x01, n_dll
    movb    results + 18, %al
    EXPECT  0xff, 0x00, n_dlab_off
    movb    results + 19, %al
    EXPECT  0x0f, 0x02, n_thri
    movb    results + 20, %al
    EXPECT  0x0f, 0x01, n_thri_read
    movb    results + 21, %al
    EXPECT  0xff, 0x60, n_lsr_idle
    movb    results + 22, %al
    EXPECT  0xff, 0xff, n_com2

    movb    failures, %al
    outb    %al, $DEBUG_EXIT_PORT
    hlt

/* The line for one check: ZF set means it passed. Name in si. */
result:
    pushw   %si
    jne     1f
    movw    $s_pass, %si
    jmp     2f
1:  incb    failures
    movw    $s_fail, %si
2:  call    puts
    popw    %si
    call    puts
    movb    $'\n', %al
    call    putc
    ret

puts:
    lodsb
    testb   %al, %al
    jz      1f
    call    putc
    jmp     puts
1:  ret

/* Polled output of al (dx preserved). */
putc:
    pushw   %dx
    movb    %al, %ah
    movw    $COM1_LSR, %dx
1:  inb     %dx, %al
    testb   $LSR_THRE, %al
    jz      1b
    movb    %ah, %al
    movw    $COM1_THR, %dx
    outb    %al, %dx
    popw    %dx
    ret

    .section .rodata
s_pass:       .asciz "PASS "
s_fail:       .asciz "FAIL "
n_scr_a5:     .asciz "scratch register keeps 0xa5"
n_scr_5a:     .asciz "scratch register keeps 0x5a"
n_ier_0:      .asciz "IER reads back 0"
n_ier_f:      .asciz "IER reads back 0x0f"
n_ier_high:   .asciz "IER bits 7:4 read 0"
n_loop_msr:   .asciz "loopback: MCR RTS|OUT2 reads MSR CTS|DCD (0x90)"
n_loop_msr2:  .asciz "loopback: MCR DTR|OUT1 reads MSR DSR|RI (0x60)"
n_loop_dr:    .asciz "loopback: a sent byte makes data ready"
n_loop_rbr:   .asciz "loopback: RBR returns the byte sent"
n_loop_empty: .asciz "loopback: reading it empties the receiver"
n_fifo_on:    .asciz "FCR enable: IIR bits 7:6 are 11 (16550A)"
n_no_efr:     .asciz "no EFR at LCR 0xbf: reads IIR, not 0"
n_not_16750:  .asciz "no 64-byte FIFO: IIR bit 5 is 0"
n_fifo_off:   .asciz "FCR disable: IIR bits 7:6 are 00"
n_overrun:    .asciz "17 bytes into the FIFO: data ready and overrun"
n_oe_cleared: .asciz "reading LSR clears the overrun"
n_fifo_16:    .asciz "the FIFO kept exactly 16 bytes"
n_dll:        .asciz "divisor latch reads back"
n_dlab_off:   .asciz "DLAB off: offset 1 is IER again"
n_thri:       .asciz "THRE test: enabling IER.THRI raises it (IIR 0x02)"
n_thri_read:  .asciz "THRE test: reading IIR clears it"
n_lsr_idle:   .asciz "idle LSR reads 0x60"
n_com2:       .asciz "COM2 is absent: its scratch register reads 0xff"

    .section .data
failures:
    .byte   0
results:                /* what each check read, reported once the port is normal */
    .fill   23, 1, 0
