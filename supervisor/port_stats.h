/* port_stats.h - I/O exits counted by port for --stats: the first
 * PORT_STATS_MAX ports seen get their own counters, the rest are summed.
 * Fixed size: a guest touching every port costs nothing more.
 */
#ifndef SCRATCHVM_SUPERVISOR_PORT_STATS_H
#define SCRATCHVM_SUPERVISOR_PORT_STATS_H

#include <stdbool.h>
#include <stdint.h>

#define PORT_STATS_MAX 32

struct port_stats {
    unsigned n;
    struct {
        uint16_t port;
        uint64_t in, out;
    } entry[PORT_STATS_MAX];
    uint64_t other_in, other_out; /* ports beyond the table */
};

void port_stats_count(struct port_stats *p, uint16_t port, bool out);

#endif
