#include "supervisor/devices.h"

static void pic_input(void *ctx, unsigned irq, int level)
{
    pic8259_set_irq(ctx, irq, level);
}

int devices_init(struct devices *d, struct console_out *out)
{
    port_bus_init(&d->bus);
    pic8259_init(&d->pic);
    uart16550_init(&d->com1, out,
                   (struct irq_line){.set = pic_input, .ctx = &d->pic, .irq = UART_COM1_IRQ});
    debug_exit_init(&d->debug_exit);
    d->hung_up = false;
    if (port_bus_add(&d->bus, PIC_MASTER_BASE, PIC_NPORTS, &pic8259_master_ops, &d->pic) != 0 ||
        port_bus_add(&d->bus, PIC_SLAVE_BASE, PIC_NPORTS, &pic8259_slave_ops, &d->pic) != 0 ||
        port_bus_add(&d->bus, UART_COM1_BASE, UART_NPORTS, &uart16550_ops, &d->com1) != 0 ||
        port_bus_add(&d->bus, DEBUG_EXIT_PORT, DEBUG_EXIT_NPORTS, &debug_exit_ops,
                     &d->debug_exit) != 0)
        return -1;
    return 0;
}

bool devices_may_interrupt(const struct devices *d, bool input_open)
{
    if (pic8259_output(&d->pic))
        return true;
    return pic8259_irq_may_reach_cpu(&d->pic, UART_COM1_IRQ, input_open) &&
           uart16550_may_interrupt(&d->com1, input_open);
}

unsigned devices_feed_input(struct devices *d, struct console_in *in)
{
    struct uart16550 *u = &d->com1;
    unsigned moved = 0;
    if (in != NULL) {
        for (; console_in_pending(in) > 0 && uart16550_rx_room(u) > 0; moved++)
            uart16550_rx_push(u, console_in_take(in));
        if (console_in_pending(in) > 0)
            return moved;
    }
    if (!u->rx_idle)
        uart16550_rx_idle(u);
    if ((in == NULL || !console_in_open(in)) && !d->hung_up) {
        d->hung_up = true;
        uart16550_hangup(u);
    }
    return moved;
}
