/* uart16550.h - the COM1 serial port (0x3f8-0x3ff) as the guest sees it.
 *
 * For now the transmit side of a 16550A: THR writes go to the console,
 * LSR always reads "transmitter empty", IER/LCR/MCR/SCR and the divisor
 * latch hold what is written, IIR reads "no interrupt pending" and the
 * receiver never has data. Knows registers only: no sockets, no KVM.
 */
#ifndef SCRATCHVM_SUPERVISOR_UART16550_H
#define SCRATCHVM_SUPERVISOR_UART16550_H

#include <stdint.h>

#include "supervisor/console_out.h"
#include "supervisor/port_bus.h"

#define UART_COM1_BASE 0x3f8
#define UART_NPORTS 8

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

#define UART_LCR_DLAB 0x80
#define UART_LSR_THRE 0x20
#define UART_LSR_TEMT 0x40
#define UART_IIR_NO_INT 0x01

struct uart16550 {
    struct console_out *out;
    uint8_t ier, lcr, mcr, scr, dll, dlm;
};

void uart16550_init(struct uart16550 *u, struct console_out *out);

extern const struct port_device uart16550_ops;

#endif
