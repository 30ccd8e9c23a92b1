#include "supervisor/devices.h"

int devices_init(struct devices *d, struct console_out *out)
{
    port_bus_init(&d->bus);
    uart16550_init(&d->com1, out);
    debug_exit_init(&d->debug_exit);
    if (port_bus_add(&d->bus, UART_COM1_BASE, UART_NPORTS, &uart16550_ops, &d->com1) != 0 ||
        port_bus_add(&d->bus, DEBUG_EXIT_PORT, DEBUG_EXIT_NPORTS, &debug_exit_ops,
                     &d->debug_exit) != 0)
        return -1;
    return 0;
}
