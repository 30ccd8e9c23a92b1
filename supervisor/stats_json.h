/* stats_json.h - the --stats report: one JSON object, one line, written
 * once at the end of the run. Keys:
 *   exit_code, end (why: halted, debug_exit, guest_crash, timeout,
 *   output_limit, user_quit, signal, violation, protocol_error,
 *   host_error), detail (the one-line message, or null), mode,
 *   wall_time_s, kvm_run_time_s, exits {io, mmio, hlt, irq_window, intr,
 *   shutdown, internal_error, fail_entry, other, total}, io_exits_by_port
 *   {"0x3f8": {"out": n, "in": n}, ..., "other": {...}}, coalesced_writes
 *   (1-byte OUTs to COM1's THR that KVM buffered without an exit), bytes_out,
 *   bytes_in, input_discarded, unclaimed_ports {reads, writes}, mmio
 *   {reads, writes}, sandbox {seccomp, namespaces, namespaces_missing,
 *   uid_switched, capabilities, no_new_privs}, strict.
 */
#ifndef SCRATCHVM_SUPERVISOR_STATS_JSON_H
#define SCRATCHVM_SUPERVISOR_STATS_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/guest_layout.h"
#include "ipc/ipc_stats.h"
#include "supervisor/port_stats.h"

struct stats_report {
    int exit_code;
    const char *end;    /* one of the words above */
    const char *detail; /* printable ASCII, or NULL */
    enum guest_mode mode;
    double wall_s;
    struct run_stats run; /* the worker's counters, copied once */
    const struct port_stats *ports;
    uint64_t bytes_out, bytes_in, input_discarded;
    uint64_t unclaimed_reads, unclaimed_writes;
    const char *seccomp;            /* "enforce" or "log" */
    const char *namespaces;         /* e.g. "pid net ipc uts mnt" */
    const char *namespaces_missing; /* "none" or names */
    bool uid_switched;
    bool strict;
};

/* Format into `buf`; returns the length, or 0 if it did not fit. */
size_t stats_json_format(const struct stats_report *r, char *buf, size_t cap);

#endif
