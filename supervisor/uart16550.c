#include "supervisor/uart16550.h"

void uart16550_init(struct uart16550 *u, struct console_out *out)
{
    *u = (struct uart16550){.out = out, .dll = 12 /* 9600 baud */};
}

static uint8_t uart_read(void *dev, uint16_t offset)
{
    struct uart16550 *u = dev;
    int dlab = u->lcr & UART_LCR_DLAB;
    switch (offset) {
    case UART_RBR_THR:
        return dlab ? u->dll : 0; /* no receive data yet */
    case UART_IER:
        return dlab ? u->dlm : u->ier;
    case UART_IIR_FCR:
        return UART_IIR_NO_INT;
    case UART_LCR:
        return u->lcr;
    case UART_MCR:
        return u->mcr;
    case UART_LSR:
        return UART_LSR_THRE | UART_LSR_TEMT; /* output never backs up */
    case UART_MSR:
        return 0;
    case UART_SCR:
        return u->scr;
    }
    return 0xff;
}

static void uart_write(void *dev, uint16_t offset, uint8_t value)
{
    struct uart16550 *u = dev;
    int dlab = u->lcr & UART_LCR_DLAB;
    switch (offset) {
    case UART_RBR_THR:
        if (dlab)
            u->dll = value;
        else
            console_out_put(u->out, value);
        break;
    case UART_IER:
        if (dlab)
            u->dlm = value;
        else
            u->ier = value & 0x0f;
        break;
    case UART_LCR:
        u->lcr = value;
        break;
    case UART_MCR:
        u->mcr = value & 0x1f;
        break;
    case UART_SCR:
        u->scr = value;
        break;
    default: /* FCR, LSR and MSR writes have no effect yet */
        break;
    }
}

const struct port_device uart16550_ops = {
    .name = "uart16550",
    .read = uart_read,
    .write = uart_write,
};
