/* run_loop.h - KVM_RUN until the guest halts, crashes or the sink stops it.
 *
 * The hot path: each VM exit is decoded here and handed to the sink; the
 * loop itself knows no device and allocates nothing.
 */
#ifndef SCRATCHVM_WORKER_RUN_LOOP_H
#define SCRATCHVM_WORKER_RUN_LOOP_H

#include "worker/exit_sink.h"
#include "worker/kvm_vm.h"

enum run_result {
    RUN_HALTED,  /* the guest executed HLT with interrupts off; sink->halt was called */
    RUN_FAULTED, /* guest crash or host failure; sink->fault was called */
    RUN_STOPPED, /* the sink asked to stop */
};

enum run_result run_loop(struct kvm_vm *vm, const struct exit_sink *sink);

#endif
