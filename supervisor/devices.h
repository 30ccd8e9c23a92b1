/* devices.h - the machine the guest sees: the port map and every device on
 * it (the 8259A pair, COM1 on IRQ 4, the debug-exit port). Owned by the
 * supervisor; the worker never sees any of it.
 */
#ifndef SCRATCHVM_SUPERVISOR_DEVICES_H
#define SCRATCHVM_SUPERVISOR_DEVICES_H

#include <stdbool.h>

#include "supervisor/console_in.h"
#include "supervisor/console_out.h"
#include "supervisor/debug_exit.h"
#include "supervisor/pic8259.h"
#include "supervisor/port_bus.h"
#include "supervisor/uart16550.h"

struct devices {
    struct port_bus bus;
    struct pic8259 pic;
    struct uart16550 com1;
    struct debug_exit debug_exit;
    bool hung_up; /* COM1 was told the input ended */
};

/* Build the machine; COM1 writes to `out`. Returns 0 or -1. */
int devices_init(struct devices *d, struct console_out *out);

/* Move waiting input (`in`, NULL: none) into COM1 as far as its receiver
 * has room; tell it when nothing more is coming for now, and once, when
 * nothing more ever will. Returns how many bytes moved. */
unsigned devices_feed_input(struct devices *d, struct console_in *in);

/* Whether some device could still interrupt the CPU without the guest
 * touching a port again, given whether host input may still arrive: the
 * test for "HLT with interrupts on ends the run". */
bool devices_may_interrupt(const struct devices *d, bool input_open);

#endif
