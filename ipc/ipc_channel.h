/* ipc_channel.h - one end of the SOCK_SEQPACKET socketpair: sends encoded
 * messages and receives, size-checks and decodes the peer's.
 *
 * Owns the transmit and receive buffers; a decoded message points into the
 * receive buffer and is valid until the next receive.
 */
#ifndef SCRATCHVM_IPC_CHANNEL_H
#define SCRATCHVM_IPC_CHANNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "ipc/ipc_codec.h"

struct ipc_channel {
    int fd;
    enum ipc_sender peer; /* who is at the other end */
    bool nonblock_send;   /* a full socket is the peer's fault: fail with EAGAIN */
    uint8_t tx[IPC_MAX_MSG];
    uint8_t rx[IPC_MAX_MSG + 1];
};

enum ipc_rx {
    IPC_RX_MSG,   /* *out holds a valid message */
    IPC_RX_NONE,  /* non-blocking receive found nothing */
    IPC_RX_EOF,   /* the peer closed its end */
    IPC_RX_BAD,   /* the peer broke the protocol: *why says how */
    IPC_RX_ERROR, /* the receive itself failed: errno is set, *why names it */
};

void ipc_channel_init(struct ipc_channel *ch, int fd, enum ipc_sender peer);

/* Send one message. Returns 0, or -1 with errno set (EPIPE: peer gone;
 * EAGAIN: with nonblock_send, the peer is not reading) or EINVAL when `m`
 * is not encodable (*why says why). Never raises SIGPIPE. */
int ipc_channel_send(struct ipc_channel *ch, const struct ipc_msg *m, const char **why);

/* Receive one message; waits for one unless `nonblock`. */
enum ipc_rx ipc_channel_recv(struct ipc_channel *ch, bool nonblock, struct ipc_msg *out,
                             const char **why);

/* The same, but first looking for a message for up to `spin_ns` without
 * sleeping: a peer that answers within microseconds is heard without the
 * cost of a wake-up. Worth it only with a CPU for each side. */
enum ipc_rx ipc_channel_recv_spin(struct ipc_channel *ch, uint64_t spin_ns, bool nonblock,
                                  struct ipc_msg *out, const char **why);

#endif
