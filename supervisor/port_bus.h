/* port_bus.h - the x86 I/O port space: a table mapping port ranges to
 * devices. Accesses wider than a byte are split into byte accesses at
 * consecutive ports, as the ISA bus does. Unclaimed ports read as 0xff and
 * ignore writes; both are counted.
 */
#ifndef SCRATCHVM_SUPERVISOR_PORT_BUS_H
#define SCRATCHVM_SUPERVISOR_PORT_BUS_H

#include <stdbool.h>
#include <stdint.h>

#define PORT_BUS_MAX_RANGES 8

struct port_device {
    const char *name;
    uint8_t (*read)(void *dev, uint16_t offset);
    void (*write)(void *dev, uint16_t offset, uint8_t value);
};

struct port_range {
    uint16_t base;
    uint16_t len;
    const struct port_device *ops;
    void *dev;
};

struct port_bus {
    struct port_range ranges[PORT_BUS_MAX_RANGES];
    unsigned nranges;
    uint64_t unhandled_reads;
    uint64_t unhandled_writes;
};

void port_bus_init(struct port_bus *bus);
/* Claim [base, base+len). Returns 0, or -1 if full or overlapping. */
int port_bus_add(struct port_bus *bus, uint16_t base, uint16_t len, const struct port_device *ops,
                 void *dev);
/* A guest OUT or IN of `count` items of `size` bytes, little endian. */
void port_bus_out(struct port_bus *bus, uint16_t port, uint8_t size, uint32_t count,
                  const uint8_t *data);
void port_bus_in(struct port_bus *bus, uint16_t port, uint8_t size, uint32_t count, uint8_t *data);
/* Whether a device answers every byte of a `size`-byte access at `port`. */
bool port_bus_claims(const struct port_bus *bus, uint16_t port, uint8_t size);
/* Set one bit per claimed port in `map` (65536 bits), for the worker. */
void port_bus_map(const struct port_bus *bus, uint8_t map[65536 / 8]);

#endif
