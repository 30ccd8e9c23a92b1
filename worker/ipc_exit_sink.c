#include "worker/ipc_exit_sink.h"

#include <signal.h>
#include <string.h>
#include <time.h>

static int send_msg(struct ipc_exit_sink *s, const struct ipc_msg *m)
{
    const char *why = NULL;
    return ipc_channel_send(&s->ch, m, &why);
}

enum got { GOT_WANTED, GOT_LINE, GOT_NOTHING, GOT_BAD };

/* Take in one message from the supervisor: an IRQ_LINE updates the line;
 * a message of type `want` (0: none is expected) lands in *out. With
 * `nonblock`, an empty queue is GOT_NOTHING. Anything else is GOT_BAD: the
 * supervisor is trusted less than nothing here. */
static enum got recv_one(struct ipc_exit_sink *s, unsigned want, bool nonblock, struct ipc_msg *out)
{
    const char *why = NULL;
    switch (ipc_channel_recv_spin(&s->ch, nonblock ? 0 : s->spin_ns, nonblock, out, &why)) {
    case IPC_RX_MSG:
        break;
    case IPC_RX_NONE:
        return GOT_NOTHING;
    default:
        return GOT_BAD;
    }
    if (out->type == IPC_IRQ_LINE) {
        s->intr_line = out->u.irq_line.level;
        return GOT_LINE;
    }
    return out->type == want ? GOT_WANTED : GOT_BAD;
}

/* Block for the answer of type `want`, taking in IRQ_LINEs on the way. */
static int await(struct ipc_exit_sink *s, enum ipc_type want, struct ipc_msg *out)
{
    for (;;) {
        enum got g = recv_one(s, want, false, out);
        if (g == GOT_WANTED)
            return 0;
        if (g != GOT_LINE)
            return -1;
    }
}

static int sink_io_out(void *ctx, uint16_t port, uint8_t size, uint32_t count, const uint8_t *data)
{
    struct ipc_msg m = {.type = IPC_IO_OUT, .u.io = {port, size, count, data}};
    return send_msg(ctx, &m);
}

static int sink_out_batch(void *ctx, uint16_t port, const uint8_t *data, uint32_t n)
{
    struct ipc_msg m = {.type = IPC_OUT_BATCH, .u.io = {port, 1, n, data}};
    return send_msg(ctx, &m);
}

static int sink_io_in(void *ctx, uint16_t port, uint8_t size, uint32_t count, uint8_t *data)
{
    struct ipc_exit_sink *s = ctx;
    struct ipc_msg m = {.type = IPC_IO_IN, .u.io = {port, size, count, NULL}};
    struct ipc_msg reply;
    if (send_msg(s, &m) != 0 || await(s, IPC_IN_DATA, &reply) != 0)
        return -1;
    if (reply.u.in_data.len != (uint32_t)size * count)
        return -1;
    memcpy(data, reply.u.in_data.data, reply.u.in_data.len);
    return 0;
}

static void sink_halt(void *ctx)
{
    struct ipc_msg m = {.type = IPC_HALT};
    (void)send_msg(ctx, &m); /* nothing more to do if the supervisor is gone */
}

static int sink_idle(void *ctx)
{
    struct ipc_exit_sink *s = ctx;
    struct ipc_msg m = {.type = IPC_IDLE};
    if (send_msg(s, &m) != 0)
        return -1;
    /* Only IRQ_LINE may come now; wait for the line to go high. */
    while (!s->intr_line) {
        struct ipc_msg m2;
        if (recv_one(s, 0, false, &m2) != GOT_LINE)
            return -1;
    }
    return 0;
}

static int sink_kicked(void *ctx)
{
    struct ipc_exit_sink *s = ctx;
    sigset_t kick;
    sigemptyset(&kick);
    sigaddset(&kick, IPC_KICK_SIGNAL);
    struct timespec now = {0, 0};
    (void)sigtimedwait(&kick, NULL, &now); /* consume it, or KVM_RUN returns at once again */
    for (;;) {                             /* only IRQ_LINE may be queued */
        struct ipc_msg m;
        enum got g = recv_one(s, 0, true, &m);
        if (g == GOT_NOTHING)
            return 0;
        if (g != GOT_LINE)
            return -1;
    }
}

static int sink_intr_ack(void *ctx, int *vector)
{
    struct ipc_exit_sink *s = ctx;
    struct ipc_msg m = {.type = IPC_INTA};
    struct ipc_msg reply;
    if (send_msg(s, &m) != 0 || await(s, IPC_INTA_VECTOR, &reply) != 0)
        return -1;
    s->intr_line = reply.u.inta.line;
    *vector = reply.u.inta.deliver ? reply.u.inta.vector : -1;
    return 0;
}

static void sink_fault(void *ctx, enum ipc_fault_kind kind, const char *text,
                       const struct ipc_cpu_state *cpu)
{
    if (cpu != NULL) {
        struct ipc_msg state = {.type = IPC_CPU_STATE, .u.cpu = *cpu};
        (void)send_msg(ctx, &state); /* the FAULT below still ends the run */
    }
    char clean[IPC_MAX_TEXT];
    size_t len = strnlen(text, sizeof clean);
    for (size_t i = 0; i < len; i++)
        clean[i] = (text[i] >= 0x20 && text[i] <= 0x7e) ? text[i] : '?';
    if (len == 0)
        clean[len++] = '?';
    struct ipc_msg m = {.type = IPC_FAULT, .u.fault = {kind, clean, (uint16_t)len}};
    (void)send_msg(ctx, &m);
}

static int sink_trace(void *ctx, const struct ipc_trace *t)
{
    struct ipc_msg m = {.type = IPC_TRACE, .u.trace = *t};
    return send_msg(ctx, &m);
}

void ipc_exit_sink_init(struct ipc_exit_sink *ctx, int fd, struct exit_sink *sink)
{
    ipc_channel_init(&ctx->ch, fd, IPC_FROM_SUPERVISOR);
    ctx->intr_line = 0;
    ctx->spin_ns = 0;
    *sink = (struct exit_sink){
        .io_out = sink_io_out,
        .io_in = sink_io_in,
        .out_batch = sink_out_batch,
        .halt = sink_halt,
        .idle = sink_idle,
        .kicked = sink_kicked,
        .intr_ack = sink_intr_ack,
        .fault = sink_fault,
        .trace = sink_trace,
        .intr_line = &ctx->intr_line,
        .ctx = ctx,
    };
}

int ipc_exit_sink_ready(struct ipc_exit_sink *ctx)
{
    struct ipc_msg m = {.type = IPC_READY};
    return send_msg(ctx, &m);
}
