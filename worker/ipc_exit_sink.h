/* ipc_exit_sink.h - the shipped worker's exit sink: each VM exit becomes an
 * ipc message to the supervisor. OUTs are posted (no answer awaited); an IN
 * waits for exactly one IN_DATA of the right length, an INTA for exactly
 * one INTA_VECTOR. IRQ_LINE messages may come before either answer, or
 * alone after a kick; anything else from the supervisor ends the run.
 */
#ifndef SCRATCHVM_WORKER_IPC_EXIT_SINK_H
#define SCRATCHVM_WORKER_IPC_EXIT_SINK_H

#include "ipc/ipc_channel.h"
#include "worker/exit_sink.h"

struct ipc_exit_sink {
    struct ipc_channel ch; /* peer: the supervisor */
    int intr_line;         /* the INTR line, as the supervisor last said */
    uint64_t spin_ns;      /* how long to look for an answer before sleeping */
};

/* Fill `sink` with the ipc sink's operations over `ctx`'s channel on `fd`. */
void ipc_exit_sink_init(struct ipc_exit_sink *ctx, int fd, struct exit_sink *sink);

/* Send READY. Returns 0, or -1 if the supervisor is gone. */
int ipc_exit_sink_ready(struct ipc_exit_sink *ctx);

#endif
