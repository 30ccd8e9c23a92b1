#include "supervisor/port_stats.h"

void port_stats_count(struct port_stats *p, uint16_t port, bool out)
{
    unsigned i;
    for (i = 0; i < p->n && p->entry[i].port != port; i++)
        ;
    if (i == p->n) {
        if (p->n == PORT_STATS_MAX) {
            if (out)
                p->other_out++;
            else
                p->other_in++;
            return;
        }
        p->entry[p->n++].port = port;
    }
    if (out)
        p->entry[i].out++;
    else
        p->entry[i].in++;
}
