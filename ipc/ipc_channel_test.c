/* Unit tests of the ipc channel over a real SOCK_SEQPACKET socketpair:
 * messages cross intact, oversized datagrams, EOF and EPIPE are reported. */
#include "ipc/ipc_channel.h"
#include "tests/unit.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

static struct ipc_channel worker, supervisor;
static int fds[2];

static void open_pair(void)
{
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0) {
        perror("socketpair");
        _exit(1);
    }
    ipc_channel_init(&supervisor, fds[0], IPC_FROM_WORKER);
    ipc_channel_init(&worker, fds[1], IPC_FROM_SUPERVISOR);
}

static void close_pair(void)
{
    close(fds[0]);
    close(fds[1]);
}

TEST(message_crosses_and_nonblocking_empty)
{
    open_pair();
    const char *why = NULL;
    struct ipc_msg m;
    CHECK_EQ(ipc_channel_recv(&supervisor, true, &m, &why), IPC_RX_NONE);
    uint8_t b = 'Z';
    struct ipc_msg out = {.type = IPC_IO_OUT, .u.io = {0x3f8, 1, 1, &b}};
    CHECK_EQ(ipc_channel_send(&worker, &out, &why), 0);
    CHECK_EQ(ipc_channel_recv(&supervisor, false, &m, &why), IPC_RX_MSG);
    CHECK_EQ(m.type, IPC_IO_OUT);
    CHECK_EQ(m.u.io.data[0], 'Z');
    close_pair();
}

TEST(oversized_datagram_is_bad)
{
    open_pair();
    static uint8_t big[IPC_MAX_MSG + 100];
    big[0] = IPC_VERSION;
    big[1] = IPC_IO_OUT;
    CHECK_EQ(send(fds[1], big, sizeof big, 0), (ssize_t)sizeof big);
    const char *why = NULL;
    struct ipc_msg m;
    CHECK_EQ(ipc_channel_recv(&supervisor, false, &m, &why), IPC_RX_BAD);
    CHECK_STR(why, "message longer than the protocol allows");
    close_pair();
}

TEST(garbage_is_bad_and_wrong_direction_is_bad)
{
    open_pair();
    const char *why = NULL;
    struct ipc_msg m;
    CHECK_EQ(send(fds[1], "garbage!", 8, 0), 8);
    CHECK_EQ(ipc_channel_recv(&supervisor, false, &m, &why), IPC_RX_BAD);
    CHECK_STR(why, "unsupported protocol version");
    /* the supervisor must not accept a message only it may send */
    uint8_t d = 1;
    struct ipc_msg reply = {.type = IPC_IN_DATA, .u.in_data = {&d, 1}};
    CHECK_EQ(ipc_channel_send(&worker, &reply, &why), 0);
    CHECK_EQ(ipc_channel_recv(&supervisor, false, &m, &why), IPC_RX_BAD);
    CHECK_STR(why, "message type not allowed from this sender");
    close_pair();
}

TEST(eof_and_epipe)
{
    open_pair();
    close(fds[1]);
    const char *why = NULL;
    struct ipc_msg m;
    CHECK_EQ(ipc_channel_recv(&supervisor, false, &m, &why), IPC_RX_EOF);
    struct ipc_msg halt = {.type = IPC_HALT};
    /* the supervisor's channel sending to a closed peer must fail, not kill us */
    CHECK_EQ(ipc_channel_send(&supervisor, &halt, &why), -1);
    CHECK_EQ(errno, EPIPE);
    close(fds[0]);
}

int main(void)
{
    RUN(message_crosses_and_nonblocking_empty);
    RUN(oversized_datagram_is_bad);
    RUN(garbage_is_bad_and_wrong_direction_is_bad);
    RUN(eof_and_epipe);
    return unit_summary();
}
