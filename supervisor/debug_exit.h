/* debug_exit.h - the debug-exit port (0xf4, 4 ports wide), as QEMU's
 * isa-debug-exit with iobase=0xf4: a write of v asks to end the run with
 * status (v << 1) | 1. Reads return 0xff.
 */
#ifndef SCRATCHVM_SUPERVISOR_DEBUG_EXIT_H
#define SCRATCHVM_SUPERVISOR_DEBUG_EXIT_H

#include <stdbool.h>
#include <stdint.h>

#include "supervisor/port_bus.h"

#define DEBUG_EXIT_PORT 0xf4
#define DEBUG_EXIT_NPORTS 4

struct debug_exit {
    bool requested;
    uint8_t value; /* low byte of the value written: it alone decides the status */
};

void debug_exit_init(struct debug_exit *d);

extern const struct port_device debug_exit_ops;

#endif
