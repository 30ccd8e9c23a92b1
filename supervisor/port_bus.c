#include "supervisor/port_bus.h"

#include <string.h>

#include <stddef.h>

void port_bus_init(struct port_bus *bus)
{
    *bus = (struct port_bus){0};
}

int port_bus_add(struct port_bus *bus, uint16_t base, uint16_t len, const struct port_device *ops,
                 void *dev)
{
    if (bus->nranges == PORT_BUS_MAX_RANGES || len == 0 || (uint32_t)base + len > 0x10000)
        return -1;
    for (unsigned i = 0; i < bus->nranges; i++) {
        const struct port_range *r = &bus->ranges[i];
        if (base < r->base + r->len && r->base < base + len)
            return -1;
    }
    bus->ranges[bus->nranges++] = (struct port_range){base, len, ops, dev};
    return 0;
}

static const struct port_range *find(const struct port_bus *bus, uint16_t port)
{
    for (unsigned i = 0; i < bus->nranges; i++) {
        const struct port_range *r = &bus->ranges[i];
        if ((uint16_t)(port - r->base) < r->len)
            return r;
    }
    return NULL;
}

static void write_byte(struct port_bus *bus, uint16_t port, uint8_t value)
{
    const struct port_range *r = find(bus, port);
    if (r == NULL)
        bus->unhandled_writes++;
    else
        r->ops->write(r->dev, (uint16_t)(port - r->base), value);
}

static uint8_t read_byte(struct port_bus *bus, uint16_t port)
{
    const struct port_range *r = find(bus, port);
    if (r == NULL) {
        bus->unhandled_reads++;
        return 0xff;
    }
    return r->ops->read(r->dev, (uint16_t)(port - r->base));
}

void port_bus_out(struct port_bus *bus, uint16_t port, uint8_t size, uint32_t count,
                  const uint8_t *data)
{
    for (uint32_t i = 0; i < count; i++)
        for (uint8_t b = 0; b < size; b++)
            write_byte(bus, (uint16_t)(port + b), data[(size_t)i * size + b]);
}

void port_bus_in(struct port_bus *bus, uint16_t port, uint8_t size, uint32_t count, uint8_t *data)
{
    for (uint32_t i = 0; i < count; i++)
        for (uint8_t b = 0; b < size; b++)
            data[(size_t)i * size + b] = read_byte(bus, (uint16_t)(port + b));
}

bool port_bus_claims(const struct port_bus *bus, uint16_t port, uint8_t size)
{
    for (unsigned i = 0; i < size; i++)
        if (find(bus, (uint16_t)(port + i)) == NULL)
            return false;
    return true;
}

void port_bus_map(const struct port_bus *bus, uint8_t map[65536 / 8])
{
    memset(map, 0, 65536 / 8);
    for (unsigned r = 0; r < bus->nranges; r++)
        for (uint32_t p = bus->ranges[r].base;
             p < (uint32_t)bus->ranges[r].base + bus->ranges[r].len && p < 65536; p++)
            map[p / 8] |= (uint8_t)(1u << (p % 8));
}
