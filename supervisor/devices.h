/* devices.h - the machine the guest sees: the port map and every device on
 * it (COM1 and the debug-exit port). Owned by the supervisor; the worker
 * never sees any of it.
 */
#ifndef SCRATCHVM_SUPERVISOR_DEVICES_H
#define SCRATCHVM_SUPERVISOR_DEVICES_H

#include "supervisor/console_out.h"
#include "supervisor/debug_exit.h"
#include "supervisor/port_bus.h"
#include "supervisor/uart16550.h"

struct devices {
    struct port_bus bus;
    struct uart16550 com1;
    struct debug_exit debug_exit;
};

/* Build the machine; COM1 writes to `out`. Returns 0 or -1. */
int devices_init(struct devices *d, struct console_out *out);

#endif
