/* exit_sink.h - where the run loop sends what the guest does.
 *
 * The run loop knows KVM and no device; a sink knows what to do with a port
 * access, a halt or a crash. The shipped worker's sink turns each into an
 * ipc message (ipc_exit_sink.c); the bench's in-process build hands them
 * straight to the device model.
 */
#ifndef SCRATCHVM_WORKER_EXIT_SINK_H
#define SCRATCHVM_WORKER_EXIT_SINK_H

#include <stdint.h>

#include "ipc/ipc_proto.h"

struct exit_sink {
    /* A guest OUT: `count` items of `size` bytes. Nonzero stops the run. */
    int (*io_out)(void *ctx, uint16_t port, uint8_t size, uint32_t count, const uint8_t *data);
    /* `n` 1-byte OUTs to `port` that KVM buffered (coalesced) without an
     * exit, in order. Nonzero stops the run. NULL: coalescing is never on. */
    int (*out_batch)(void *ctx, uint16_t port, const uint8_t *data, uint32_t n);
    /* A guest IN: fill `count` items of `size` bytes. Nonzero stops the run. */
    int (*io_in)(void *ctx, uint16_t port, uint8_t size, uint32_t count, uint8_t *data);
    /* The guest executed HLT with interrupts off; the run ends. */
    void (*halt)(void *ctx);
    /* HLT with interrupts on: return once the INTR line is high (or the
     * run may go on). Nonzero stops the run. */
    int (*idle)(void *ctx);
    /* KVM_RUN was interrupted by the kick: take in what was posted.
     * Nonzero stops the run. */
    int (*kicked)(void *ctx);
    /* The interrupt acknowledge cycle: *vector gets the vector to inject,
     * or -1 if the request went away. Nonzero stops the run. */
    int (*intr_ack)(void *ctx, int *vector);
    /* The run ends because of the guest (a crash) or of the host. `text` is
     * one line, printable ASCII. A guest crash comes with `cpu` (the
     * register dump), NULL otherwise. */
    void (*fault)(void *ctx, enum ipc_fault_kind kind, const char *text,
                  const struct ipc_cpu_state *cpu);
    /* One VM exit, with --trace only. Nonzero stops the run. */
    int (*trace)(void *ctx, const struct ipc_trace *t);
    /* The CPU's INTR line as the sink last heard of it (the run loop asks
     * for the interrupt window while it is high). */
    const int *intr_line;
    void *ctx;
};

#endif
