/* run_loop.h - KVM_RUN until the guest halts, crashes or the sink stops it.
 *
 * The hot path: each VM exit is decoded here and handed to the sink; the
 * loop itself knows no device and allocates nothing.
 */
#ifndef SCRATCHVM_WORKER_RUN_LOOP_H
#define SCRATCHVM_WORKER_RUN_LOOP_H

#include <stdbool.h>

#include "common/guest_layout.h"
#include "common/test_hooks.h"
#include "ipc/ipc_stats.h"
#include "worker/exit_sink.h"
#include "worker/kvm_vm.h"

enum run_result {
    RUN_HALTED,  /* the guest executed HLT with interrupts off; sink->halt was called */
    RUN_FAULTED, /* guest crash or host failure; sink->fault was called */
    RUN_STOPPED, /* the sink asked to stop */
};

/* What the loop does beyond running: from the guest_config. */
struct run_options {
    enum guest_mode mode;         /* for crash reports */
    bool strict;                  /* unclaimed port or MMIO access: crash */
    bool trace;                   /* sink->trace for every exit */
    bool timing;                  /* add the time inside KVM_RUN to stats */
    const uint8_t *port_map;      /* claimed ports (strict); NULL: all */
    uint16_t coalesce_port;       /* coalesce 1-byte OUTs here once there are many; 0: never */
    struct run_stats *stats;      /* counters; never NULL */
    test_exit_hook_fn *exit_hook; /* test builds only (common/test_hooks.h) */
};

enum run_result run_loop(struct kvm_vm *vm, const struct exit_sink *sink,
                         const struct run_options *opt);

#endif
