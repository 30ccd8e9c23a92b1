/* ipc_stats.h - the run's counters, kept by the worker in one page of
 * memory shared with the supervisor (MAP_SHARED, made before the fork), so
 * they survive a worker killed at a timeout and cost no message.
 *
 * Trust: the supervisor copies the page once, at the end of the run, and
 * only prints the numbers (--stats); nothing it decides depends on them. A
 * compromised worker can make them lie, and do nothing else with them.
 */
#ifndef SCRATCHVM_IPC_STATS_H
#define SCRATCHVM_IPC_STATS_H

#include <stdint.h>

/* VM exits as the worker counts and traces them. */
enum vm_exit_kind {
    VM_EXIT_IO,
    VM_EXIT_MMIO,
    VM_EXIT_HLT,
    VM_EXIT_IRQ_WINDOW,
    VM_EXIT_INTR, /* KVM_RUN interrupted by the supervisor's kick */
    VM_EXIT_SHUTDOWN,
    VM_EXIT_INTERNAL_ERROR,
    VM_EXIT_FAIL_ENTRY,
    VM_EXIT_OTHER,
    VM_EXIT_KINDS
};

/* Names used in --trace lines and --stats keys. */
extern const char *const vm_exit_kind_names[VM_EXIT_KINDS];

struct run_stats {
    uint64_t exits[VM_EXIT_KINDS];
    uint64_t mmio_reads, mmio_writes; /* accesses outside RAM, answered all-ones / dropped */
    uint64_t coalesced_out;           /* 1-byte OUTs that reached us without an exit */
    uint64_t kvm_run_ns;              /* time spent inside KVM_RUN */
};

#endif
