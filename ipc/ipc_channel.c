#include "ipc/ipc_channel.h"

#include "common/clock.h"
#include <errno.h>
#include <sys/socket.h>

void ipc_channel_init(struct ipc_channel *ch, int fd, enum ipc_sender peer)
{
    ch->fd = fd;
    ch->peer = peer;
    ch->nonblock_send = false;
}

int ipc_channel_send(struct ipc_channel *ch, const struct ipc_msg *m, const char **why)
{
    size_t len = ipc_encode(m, ch->tx, sizeof ch->tx, why);
    if (len == 0) {
        errno = EINVAL;
        return -1;
    }
    for (;;) {
        ssize_t n =
            send(ch->fd, ch->tx, len, MSG_NOSIGNAL | (ch->nonblock_send ? MSG_DONTWAIT : 0));
        if (n == (ssize_t)len)
            return 0;
        if (n >= 0) { /* a seqpacket send is all or nothing */
            errno = EIO;
            *why = "short send";
            return -1;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            *why = "the peer is not reading its messages";
            return -1;
        }
        if (errno != EINTR) {
            *why = "send failed";
            return -1;
        }
    }
}

enum ipc_rx ipc_channel_recv(struct ipc_channel *ch, bool nonblock, struct ipc_msg *out,
                             const char **why)
{
    ssize_t n;
    do {
        /* MSG_TRUNC makes recv return the datagram's real length. */
        n = recv(ch->fd, ch->rx, sizeof ch->rx, MSG_TRUNC | (nonblock ? MSG_DONTWAIT : 0));
        /* A peer that closed with our messages unread leaves ECONNRESET,
         * reported once and before its own datagrams still queued here:
         * read on, so that its last words are not lost; EOF comes after. */
    } while (n < 0 && (errno == EINTR || errno == ECONNRESET));

    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return IPC_RX_NONE;
        *why = "receive failed";
        return IPC_RX_ERROR;
    }
    if (n == 0)
        return IPC_RX_EOF;
    if ((size_t)n > IPC_MAX_MSG) {
        *why = "message longer than the protocol allows";
        return IPC_RX_BAD;
    }
    if (ipc_decode(ch->rx, (size_t)n, ch->peer, out, why) != 0)
        return IPC_RX_BAD;
    return IPC_RX_MSG;
}

enum ipc_rx ipc_channel_recv_spin(struct ipc_channel *ch, uint64_t spin_ns, bool nonblock,
                                  struct ipc_msg *out, const char **why)
{
    if (spin_ns > 0) {
        uint64_t end = clock_now_ns() + spin_ns;
        do {
            enum ipc_rx r = ipc_channel_recv(ch, true, out, why);
            if (r != IPC_RX_NONE)
                return r;
            __builtin_ia32_pause();
        } while (clock_now_ns() < end);
    }
    return ipc_channel_recv(ch, nonblock, out, why);
}
