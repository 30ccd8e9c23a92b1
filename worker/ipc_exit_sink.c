#include "worker/ipc_exit_sink.h"

#include <string.h>

static int send_msg(struct ipc_exit_sink *s, const struct ipc_msg *m)
{
    const char *why = NULL;
    return ipc_channel_send(&s->ch, m, &why);
}

static int sink_io_out(void *ctx, uint16_t port, uint8_t size, uint32_t count, const uint8_t *data)
{
    struct ipc_msg m = {.type = IPC_IO_OUT, .u.io = {port, size, count, data}};
    return send_msg(ctx, &m);
}

static int sink_io_in(void *ctx, uint16_t port, uint8_t size, uint32_t count, uint8_t *data)
{
    struct ipc_exit_sink *s = ctx;
    struct ipc_msg m = {.type = IPC_IO_IN, .u.io = {port, size, count, NULL}};
    if (send_msg(s, &m) != 0)
        return -1;
    struct ipc_msg reply;
    const char *why = NULL;
    /* The supervisor is trusted less than nothing here: exactly one IN_DATA
     * of exactly the requested length, or the run ends. */
    if (ipc_channel_recv(&s->ch, false, &reply, &why) != IPC_RX_MSG)
        return -1;
    if (reply.type != IPC_IN_DATA || reply.u.in_data.len != (uint32_t)size * count)
        return -1;
    memcpy(data, reply.u.in_data.data, reply.u.in_data.len);
    return 0;
}

static void sink_halt(void *ctx)
{
    struct ipc_msg m = {.type = IPC_HALT};
    (void)send_msg(ctx, &m); /* nothing more to do if the supervisor is gone */
}

static void sink_fault(void *ctx, enum ipc_fault_kind kind, const char *text)
{
    char clean[IPC_MAX_TEXT];
    size_t len = strnlen(text, sizeof clean);
    for (size_t i = 0; i < len; i++)
        clean[i] = (text[i] >= 0x20 && text[i] <= 0x7e) ? text[i] : '?';
    if (len == 0)
        clean[len++] = '?';
    struct ipc_msg m = {.type = IPC_FAULT, .u.fault = {kind, clean, (uint16_t)len}};
    (void)send_msg(ctx, &m);
}

void ipc_exit_sink_init(struct ipc_exit_sink *ctx, int fd, struct exit_sink *sink)
{
    ipc_channel_init(&ctx->ch, fd, IPC_FROM_SUPERVISOR);
    *sink = (struct exit_sink){
        .io_out = sink_io_out,
        .io_in = sink_io_in,
        .halt = sink_halt,
        .fault = sink_fault,
        .ctx = ctx,
    };
}

int ipc_exit_sink_ready(struct ipc_exit_sink *ctx)
{
    struct ipc_msg m = {.type = IPC_READY};
    return send_msg(ctx, &m);
}
