/* uart16550.h - the COM1 serial port (0x3f8-0x3ff) as the guest sees it: a
 * 16550A with its whole register set.
 *
 * RBR/THR, IER, IIR/FCR (16-byte FIFOs, trigger levels 1/4/8/14), LCR
 * (DLAB), MCR (loopback, OUT2), LSR (DR, OE, BI, THRE, TEMT), MSR, SCR,
 * DLL/DLM. The transmitter is infinitely fast: a THR write leaves at once
 * for the console, so THRE and TEMT always read 1 and the TX FIFO is never
 * seen to fill. Received bytes come from the host (uart16550_rx_push),
 * never more than the FIFO holds: the host input waits instead of being
 * lost. Host input also waits until the guest's driver shows it listens
 * (reads LSR or RBR, or enables the RX interrupt): a driver that resets the
 * FIFOs while it sets the port up would otherwise throw early bytes away,
 * and piped input must arrive whole whatever the timing. Word length, parity, stop bits and the
 * divisor are kept but do not change the data: the host side is not a wire. The character-timeout
 * indication fires when bytes below the trigger level wait and the host
 * has no more to send right now (uart16550_rx_idle).
 *
 * Interrupts: IIR reports the highest-priority cause (line status, RX data
 * or timeout, THR empty, modem status). The IRQ pin follows it, gated by
 * MCR.OUT2 as on a PC, and is off in loopback (the OUT2 pin is then
 * internal). Knows registers only: no sockets, no KVM.
 */
#ifndef SCRATCHVM_SUPERVISOR_UART16550_H
#define SCRATCHVM_SUPERVISOR_UART16550_H

#include <stdbool.h>
#include <stdint.h>

#include "supervisor/console_out.h"
#include "supervisor/irq_line.h"
#include "supervisor/port_bus.h"

#define UART_COM1_BASE 0x3f8
#define UART_COM1_IRQ 4
#define UART_NPORTS 8
#define UART_FIFO_SIZE 16

/* Register offsets from the base port. */
enum uart_reg {
    UART_RBR_THR = 0, /* DLL when LCR.DLAB */
    UART_IER = 1,     /* DLM when LCR.DLAB */
    UART_IIR_FCR = 2,
    UART_LCR = 3,
    UART_MCR = 4,
    UART_LSR = 5,
    UART_MSR = 6,
    UART_SCR = 7,
};

#define UART_IER_RDI 0x01  /* received data available (and timeout) */
#define UART_IER_THRI 0x02 /* THR empty */
#define UART_IER_RLSI 0x04 /* receiver line status */
#define UART_IER_MSI 0x08  /* modem status */

#define UART_IIR_NO_INT 0x01
#define UART_IIR_MSI 0x00
#define UART_IIR_THRI 0x02
#define UART_IIR_RDI 0x04
#define UART_IIR_RLSI 0x06
#define UART_IIR_TIMEOUT 0x0c
#define UART_IIR_FIFOS 0xc0

#define UART_FCR_ENABLE 0x01
#define UART_FCR_CLEAR_RX 0x02
#define UART_FCR_CLEAR_TX 0x04

#define UART_LCR_DLAB 0x80

#define UART_MCR_DTR 0x01
#define UART_MCR_RTS 0x02
#define UART_MCR_OUT1 0x04
#define UART_MCR_OUT2 0x08
#define UART_MCR_LOOP 0x10

#define UART_LSR_DR 0x01
#define UART_LSR_OE 0x02
#define UART_LSR_PE 0x04
#define UART_LSR_FE 0x08
#define UART_LSR_BI 0x10
#define UART_LSR_THRE 0x20
#define UART_LSR_TEMT 0x40
#define UART_LSR_ERRORS (UART_LSR_OE | UART_LSR_PE | UART_LSR_FE | UART_LSR_BI)

#define UART_MSR_DCTS 0x01
#define UART_MSR_DDSR 0x02
#define UART_MSR_TERI 0x04
#define UART_MSR_DDCD 0x08
#define UART_MSR_CTS 0x10
#define UART_MSR_DSR 0x20
#define UART_MSR_RI 0x40
#define UART_MSR_DCD 0x80

struct uart16550 {
    struct console_out *out;
    struct irq_line irq;
    uint8_t ier, lcr, mcr, scr, dll, dlm;
    uint8_t fcr;       /* FIFO enable and trigger level, as last written */
    uint8_t lsr_err;   /* OE/PE/FE/BI, latched until LSR is read */
    uint8_t msr;       /* lines (7:4) and deltas (3:0) */
    bool thri;         /* THR-empty interrupt pending */
    bool rx_idle;      /* the host has no more input right now */
    bool carrier;      /* the host side is connected (DCD); false after EOF */
    bool rx_listening; /* the guest has read LSR or RBR, or set IER.RDI */
    int irq_level;     /* the level last driven on the IRQ pin */
    uint8_t rx[UART_FIFO_SIZE];
    unsigned rx_head, rx_count;
    uint64_t overruns; /* bytes lost in loopback to a full receiver */
};

void uart16550_init(struct uart16550 *u, struct console_out *out, struct irq_line irq);

/* Host side. How many bytes the receiver takes now: the free FIFO slots
 * (one holding register with FIFOs off); 0 in loopback mode and until the
 * guest listens (rx_listening). */
unsigned uart16550_rx_room(const struct uart16550 *u);
/* A byte from the host; call only when uart16550_rx_room() > 0. */
void uart16550_rx_push(struct uart16550 *u, uint8_t byte);
/* The host has nothing more to send for now (starts the FIFO timeout). */
void uart16550_rx_idle(struct uart16550 *u);
/* The host side hung up (end of input): DCD drops, with its delta. */
void uart16550_hangup(struct uart16550 *u);
/* Whether the port could still raise its IRQ without the guest touching
 * it again, given whether host input may still arrive. */
bool uart16550_may_interrupt(const struct uart16550 *u, bool input_open);

extern const struct port_device uart16550_ops;

#endif
