#include "supervisor/uart16550.h"

/* The modem lines the outside world shows when not in loopback: a
 * terminal that is there (CTS, DSR) and connected (DCD) until hangup. */
static uint8_t external_lines(const struct uart16550 *u)
{
    return (uint8_t)(UART_MSR_CTS | UART_MSR_DSR | (u->carrier ? UART_MSR_DCD : 0));
}

/* In loopback, the MCR outputs feed the MSR inputs. */
static uint8_t loopback_lines(uint8_t mcr)
{
    uint8_t l = 0;
    if (mcr & UART_MCR_RTS)
        l |= UART_MSR_CTS;
    if (mcr & UART_MCR_DTR)
        l |= UART_MSR_DSR;
    if (mcr & UART_MCR_OUT1)
        l |= UART_MSR_RI;
    if (mcr & UART_MCR_OUT2)
        l |= UART_MSR_DCD;
    return l;
}

/* New modem lines: latch the deltas (TERI on RI's trailing edge only). */
static void set_lines(struct uart16550 *u, uint8_t lines)
{
    uint8_t old = u->msr & 0xf0, changed = old ^ lines, delta = 0;
    if (changed & UART_MSR_CTS)
        delta |= UART_MSR_DCTS;
    if (changed & UART_MSR_DSR)
        delta |= UART_MSR_DDSR;
    if ((old & UART_MSR_RI) && !(lines & UART_MSR_RI))
        delta |= UART_MSR_TERI;
    if (changed & UART_MSR_DCD)
        delta |= UART_MSR_DDCD;
    u->msr = (uint8_t)(lines | (u->msr & 0x0f) | delta);
}

static bool fifo_on(const struct uart16550 *u)
{
    return u->fcr & UART_FCR_ENABLE;
}

static unsigned trigger_level(const struct uart16550 *u)
{
    static const unsigned levels[4] = {1, 4, 8, 14};
    return levels[u->fcr >> 6];
}

/* The highest-priority pending cause, as IIR bits 3:0. */
static uint8_t cause(const struct uart16550 *u)
{
    if ((u->ier & UART_IER_RLSI) && (u->lsr_err & UART_LSR_ERRORS))
        return UART_IIR_RLSI;
    if ((u->ier & UART_IER_RDI) && u->rx_count > 0) {
        if (!fifo_on(u) || u->rx_count >= trigger_level(u))
            return UART_IIR_RDI;
        if (u->rx_idle)
            return UART_IIR_TIMEOUT;
    }
    if ((u->ier & UART_IER_THRI) && u->thri)
        return UART_IIR_THRI;
    if ((u->ier & UART_IER_MSI) && (u->msr & 0x0f))
        return UART_IIR_MSI;
    return UART_IIR_NO_INT;
}

static void update_irq(struct uart16550 *u)
{
    int level =
        cause(u) != UART_IIR_NO_INT && (u->mcr & UART_MCR_OUT2) && !(u->mcr & UART_MCR_LOOP);
    if (level != u->irq_level) {
        u->irq_level = level;
        irq_line_set(&u->irq, level);
    }
}

void uart16550_init(struct uart16550 *u, struct console_out *out, struct irq_line irq)
{
    *u = (struct uart16550){.out = out, .irq = irq, .dll = 12 /* 9600 baud */, .carrier = true};
    u->msr = external_lines(u);
}

static unsigned capacity(const struct uart16550 *u)
{
    return fifo_on(u) ? UART_FIFO_SIZE : 1;
}

static void rx_clear(struct uart16550 *u)
{
    u->rx_head = 0;
    u->rx_count = 0;
}

/* A byte arrives at the receiver; with no room it is an overrun. */
static void receive(struct uart16550 *u, uint8_t byte)
{
    if (u->rx_count == capacity(u)) {
        u->lsr_err |= UART_LSR_OE;
        u->overruns++;
        return;
    }
    u->rx[(u->rx_head + u->rx_count) % UART_FIFO_SIZE] = byte;
    u->rx_count++;
}

unsigned uart16550_rx_room(const struct uart16550 *u)
{
    if (u->mcr & UART_MCR_LOOP)
        return 0; /* the receiver listens to the transmitter only */
    if (!u->rx_listening)
        return 0; /* host input waits for the guest's driver */
    return capacity(u) - u->rx_count;
}

void uart16550_rx_push(struct uart16550 *u, uint8_t byte)
{
    if (uart16550_rx_room(u) == 0)
        return; /* the caller checks; never overrun from the host */
    u->rx_idle = false;
    receive(u, byte);
    update_irq(u);
}

void uart16550_rx_idle(struct uart16550 *u)
{
    u->rx_idle = true;
    update_irq(u);
}

void uart16550_hangup(struct uart16550 *u)
{
    if (!u->carrier)
        return;
    u->carrier = false;
    if (!(u->mcr & UART_MCR_LOOP))
        set_lines(u, external_lines(u));
    update_irq(u);
}

bool uart16550_may_interrupt(const struct uart16550 *u, bool input_open)
{
    if (!(u->mcr & UART_MCR_OUT2) || (u->mcr & UART_MCR_LOOP))
        return false;
    if (cause(u) != UART_IIR_NO_INT)
        return true;
    if ((u->ier & UART_IER_RDI) && input_open)
        return true;                                            /* a byte may come */
    return (u->ier & UART_IER_MSI) && u->carrier && input_open; /* the hangup may come */
}

static uint8_t read_rbr(struct uart16550 *u)
{
    if (u->rx_count == 0)
        return 0;
    uint8_t byte = u->rx[u->rx_head];
    u->rx_head = (u->rx_head + 1) % UART_FIFO_SIZE;
    u->rx_count--;
    return byte;
}

static uint8_t read_iir(struct uart16550 *u)
{
    uint8_t c = cause(u);
    if (c == UART_IIR_THRI)
        u->thri = false; /* reading IIR acknowledges a THR-empty interrupt */
    return (uint8_t)(c | (fifo_on(u) ? UART_IIR_FIFOS : 0));
}

static uint8_t read_lsr(struct uart16550 *u)
{
    uint8_t lsr = (uint8_t)(UART_LSR_THRE | UART_LSR_TEMT | u->lsr_err);
    if (u->rx_count > 0)
        lsr |= UART_LSR_DR;
    u->lsr_err = 0;
    return lsr;
}

static uint8_t read_msr(struct uart16550 *u)
{
    uint8_t msr = u->msr;
    u->msr &= 0xf0;
    return msr;
}

static uint8_t uart_read(void *dev, uint16_t offset)
{
    struct uart16550 *u = dev;
    bool dlab = u->lcr & UART_LCR_DLAB;
    uint8_t v = 0xff;
    switch (offset) {
    case UART_RBR_THR:
        if (!dlab)
            u->rx_listening = true;
        v = dlab ? u->dll : read_rbr(u);
        break;
    case UART_IER:
        v = dlab ? u->dlm : u->ier;
        break;
    case UART_IIR_FCR:
        v = read_iir(u);
        break;
    case UART_LCR:
        v = u->lcr;
        break;
    case UART_MCR:
        v = u->mcr;
        break;
    case UART_LSR:
        u->rx_listening = true;
        v = read_lsr(u);
        break;
    case UART_MSR:
        v = read_msr(u);
        break;
    case UART_SCR:
        v = u->scr;
        break;
    }
    update_irq(u);
    return v;
}

static void write_thr(struct uart16550 *u, uint8_t value)
{
    /* Writing THR clears a THR-empty interrupt; the byte leaving at once
     * sets it again: the line falls and rises (a new edge for the PIC, as
     * an interrupt-driven transmitter needs), unless another cause holds it. */
    u->thri = false;
    update_irq(u);
    if (u->mcr & UART_MCR_LOOP) {
        receive(u, value);
        u->rx_idle = true; /* nothing else is on its way */
    } else {
        console_out_put(u->out, value);
    }
    u->thri = true; /* sent at once: the holding register is empty again */
}

static void write_fcr(struct uart16550 *u, uint8_t value)
{
    if (!(value & UART_FCR_ENABLE)) {
        /* FIFOs off: the other bits are ignored (datasheet); turning them
         * off empties them. */
        if (u->fcr & UART_FCR_ENABLE)
            rx_clear(u);
        u->fcr = 0;
        return;
    }
    if ((value ^ u->fcr) & UART_FCR_ENABLE)
        rx_clear(u); /* switching the FIFOs on or off empties them */
    if (value & UART_FCR_CLEAR_RX)
        rx_clear(u);
    /* UART_FCR_CLEAR_TX: the TX FIFO is always empty. */
    u->fcr = value & (UART_FCR_ENABLE | 0xc0);
}

static void write_mcr(struct uart16550 *u, uint8_t value)
{
    u->mcr = value & 0x1f;
    set_lines(u, (u->mcr & UART_MCR_LOOP) ? loopback_lines(u->mcr) : external_lines(u));
}

static void uart_write(void *dev, uint16_t offset, uint8_t value)
{
    struct uart16550 *u = dev;
    bool dlab = u->lcr & UART_LCR_DLAB;
    switch (offset) {
    case UART_RBR_THR:
        if (dlab)
            u->dll = value;
        else
            write_thr(u, value);
        break;
    case UART_IER:
        if (dlab) {
            u->dlm = value;
        } else {
            if ((value & UART_IER_THRI) && !(u->ier & UART_IER_THRI))
                u->thri = true; /* enabling it with THR empty interrupts at once */
            u->ier = value & 0x0f;
            if (value & UART_IER_RDI)
                u->rx_listening = true;
        }
        break;
    case UART_IIR_FCR:
        write_fcr(u, value);
        break;
    case UART_LCR:
        u->lcr = value;
        break;
    case UART_MCR:
        write_mcr(u, value);
        break;
    case UART_SCR:
        u->scr = value;
        break;
    default: /* LSR and MSR are read-only (factory test writes ignored) */
        break;
    }
    update_irq(u);
}

const struct port_device uart16550_ops = {
    .name = "uart16550",
    .read = uart_read,
    .write = uart_write,
};
