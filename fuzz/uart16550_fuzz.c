/* uart16550_fuzz.c - libFuzzer harness for the 16550A model
 * (supervisor/uart16550.c), driven as the guest and the host drive it. The
 * input is a program, one op per byte (with its operands after it):
 *   0x00-0x7f  a register access: offset = op & 7, a write if op & 8 (the
 *              next byte is the value), else a read
 *   0x80-0x9f  host input: (op & 0x1f) + 1 bytes follow, each pushed while
 *              the receiver has room, as devices_feed_input does
 *   0xa0-0xbf  the host has nothing more for now (uart16550_rx_idle)
 *   0xc0-0xdf  the host hangs up (uart16550_hangup)
 *   0xe0-0xff  ask uart16550_may_interrupt with input open and closed
 * After every op the model must hold: the receiver never above its capacity
 * (16, or 1 with the FIFOs off) and the host never pushes past rx_room;
 * the IRQ pin as last driven equals what IIR reports, gated by OUT2 and
 * off in loopback; IIR names a known cause with the FIFO bits right; a
 * data cause implies LSR.DR, a line-status cause an error bit, THRE and TEMT
 * always set, DR exactly when bytes wait; bytes read from RBR are the
 * received bytes (host input and loopback) in order, less those a FIFO
 * reset dropped; what reaches the console is exactly the THR writes made
 * outside DLAB and loopback, no more; overruns happen only in loopback. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "supervisor/uart16550.h"

#define ASSERT(c)                                                                                  \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "uart16550_fuzz: %s failed\n", #c);                                    \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

struct pin {
    int level;
    unsigned changes;
};

static void pin_set(void *ctx, unsigned irq, int level)
{
    struct pin *p = ctx;
    ASSERT(irq == UART_COM1_IRQ);
    ASSERT(level == 0 || level == 1);
    ASSERT(level != p->level); /* the model drives the pin on changes only */
    p->level = level;
    p->changes++;
}

/* IIR and LSR as the guest would read them now, on a copy (both reads
 * have side effects). */
static void peek(const struct uart16550 *u, uint8_t *iir, uint8_t *lsr)
{
    struct uart16550 c = *u;
    c.irq.set = NULL;
    *iir = uart16550_ops.read(&c, UART_IIR_FCR);
    c = *u;
    c.irq.set = NULL;
    c.lcr &= (uint8_t)~UART_LCR_DLAB;
    *lsr = uart16550_ops.read(&c, UART_LSR);
}

static void check(const struct uart16550 *u, const struct pin *pin)
{
    unsigned cap = (u->fcr & UART_FCR_ENABLE) ? UART_FIFO_SIZE : 1;
    ASSERT(u->rx_count <= cap && u->rx_head < UART_FIFO_SIZE);
    ASSERT(uart16550_rx_room(u) <= cap - u->rx_count);
    if ((u->mcr & UART_MCR_LOOP) || !u->rx_listening)
        ASSERT(uart16550_rx_room(u) == 0);
    uint8_t iir, lsr;
    peek(u, &iir, &lsr);
    uint8_t why = iir & 0x0f;
    ASSERT(why == UART_IIR_NO_INT || why == UART_IIR_MSI || why == UART_IIR_THRI ||
           why == UART_IIR_RDI || why == UART_IIR_RLSI || why == UART_IIR_TIMEOUT);
    ASSERT((iir & 0x30) == 0);
    ASSERT((iir & 0xc0) == ((u->fcr & UART_FCR_ENABLE) ? 0xc0 : 0));
    ASSERT((lsr & (UART_LSR_THRE | UART_LSR_TEMT)) == (UART_LSR_THRE | UART_LSR_TEMT));
    ASSERT(((lsr & UART_LSR_DR) != 0) == (u->rx_count > 0));
    if (why == UART_IIR_RDI || why == UART_IIR_TIMEOUT)
        ASSERT((lsr & UART_LSR_DR) && (u->ier & UART_IER_RDI));
    if (why == UART_IIR_RLSI)
        ASSERT((lsr & UART_LSR_ERRORS) && (u->ier & UART_IER_RLSI));
    if (why == UART_IIR_THRI)
        ASSERT(u->ier & UART_IER_THRI);
    if (why == UART_IIR_MSI)
        ASSERT((u->ier & UART_IER_MSI) && (u->msr & 0x0f));
    int want = why != UART_IIR_NO_INT && (u->mcr & UART_MCR_OUT2) && !(u->mcr & UART_MCR_LOOP);
    ASSERT(u->irq_level == want);
    ASSERT(pin->level == want);
    if (want)
        ASSERT(uart16550_may_interrupt(u, false) && uart16550_may_interrupt(u, true));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    static struct console_out out; /* 64 KiB buffer */
    static uint8_t received[1 << 16];
    console_out_init(&out, -1);
    console_out_set_filter(&out, false);
    struct pin pin = {0, 0};
    struct uart16550 u;
    uart16550_init(&u, &out, (struct irq_line){.set = pin_set, .ctx = &pin, .irq = UART_COM1_IRQ});
    uint64_t sent = 0;    /* THR writes that must reach the console */
    size_t nrecv = 0;     /* bytes the receiver took, in order */
    size_t next_read = 0; /* where RBR reads are in `received` */
    check(&u, &pin);

    for (size_t i = 0; i < len;) {
        uint8_t op = data[i++];
        uint64_t overruns = u.overruns;
        bool thr_in_loop = false;
        if (op < 0x80) {
            uint16_t off = op & 7;
            bool dlab = u.lcr & UART_LCR_DLAB;
            if (op & 8) {
                uint8_t v = i < len ? data[i++] : 0;
                if (off == UART_RBR_THR && !dlab) {
                    if (u.mcr & UART_MCR_LOOP) {
                        thr_in_loop = true;
                        unsigned cap = (u.fcr & UART_FCR_ENABLE) ? UART_FIFO_SIZE : 1;
                        if (u.rx_count < cap && nrecv < sizeof received)
                            received[nrecv++] = v;
                    } else {
                        sent++;
                    }
                }
                uart16550_ops.write(&u, off, v);
            } else {
                unsigned waiting = u.rx_count;
                uint8_t v = uart16550_ops.read(&u, off);
                if (off == UART_RBR_THR && !dlab) {
                    if (waiting == 0) {
                        ASSERT(v == 0);
                    } else {
                        /* the next byte not dropped by a FIFO reset */
                        while (next_read < nrecv && received[next_read] != v)
                            next_read++;
                        ASSERT(next_read < nrecv);
                        next_read++;
                        ASSERT(u.rx_count == waiting - 1);
                    }
                }
            }
        } else if (op < 0xa0) {
            unsigned n = (op & 0x1f) + 1u;
            for (unsigned k = 0; k < n && i < len; k++) {
                uint8_t b = data[i++];
                unsigned room = uart16550_rx_room(&u);
                if (room == 0)
                    continue; /* the host waits; the byte is not offered */
                unsigned before = u.rx_count;
                uart16550_rx_push(&u, b);
                ASSERT(u.rx_count == before + 1);
                if (nrecv < sizeof received)
                    received[nrecv++] = b;
            }
        } else if (op < 0xc0) {
            uart16550_rx_idle(&u);
        } else if (op < 0xe0) {
            uart16550_hangup(&u);
            ASSERT(!u.carrier);
            if (!(u.mcr & UART_MCR_LOOP))
                ASSERT(!(u.msr & UART_MSR_DCD));
        } else {
            bool closed = uart16550_may_interrupt(&u, false);
            bool open = uart16550_may_interrupt(&u, true);
            ASSERT(!closed || open);
        }
        if (!thr_in_loop)
            ASSERT(u.overruns == overruns);
        ASSERT(out.total == sent);
        if (out_stream_pending(&out.stream) > OUT_STREAM_CAP / 2)
            out_stream_discard(&out.stream);
        check(&u, &pin);
    }
    return 0;
}
