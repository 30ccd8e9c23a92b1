#include "supervisor/debug_exit.h"

void debug_exit_init(struct debug_exit *d)
{
    *d = (struct debug_exit){0};
}

static uint8_t debug_exit_read(void *dev, uint16_t offset)
{
    (void)dev;
    (void)offset;
    return 0xff;
}

static void debug_exit_write(void *dev, uint16_t offset, uint8_t value)
{
    struct debug_exit *d = dev;
    /* A wider write arrives as bytes at offsets 0..3; (v << 1) | 1 modulo
     * 256 depends on the low byte only, and the first write wins. */
    if (offset == 0 && !d->requested) {
        d->requested = true;
        d->value = value;
    }
}

const struct port_device debug_exit_ops = {
    .name = "debug-exit",
    .read = debug_exit_read,
    .write = debug_exit_write,
};
