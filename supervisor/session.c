#include "supervisor/session.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "common/diag.h"
#include "common/exit_code.h"
#include "common/syscall_names.h"

/* Messages handled per wake-up before the deadline is looked at again, so
 * a guest that floods output cannot outrun --timeout. */
#define SESSION_BATCH 256
/* How long a worker that closed its channel gets to exit on its own. */
#define SESSION_EXIT_GRACE_MS 1000

enum { CONTINUE = -1 };

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int protocol_error(const char *what)
{
    return diag_error(EXIT_PROTOCOL, "protocol error from the worker: %s", what);
}

/* The worker exited, or closed its channel, without a final message. */
static int worker_gone(struct session *s)
{
    if (worker_process_wait(s->worker, SESSION_EXIT_GRACE_MS) != 0)
        return protocol_error("it closed its channel but kept running");
    int st = s->worker->status;
    if (WIFSIGNALED(st))
        return diag_error(EXIT_PROTOCOL, "worker killed by signal %d (%s) before the run ended",
                          WTERMSIG(st), strsignal(WTERMSIG(st)));
    return diag_error(EXIT_PROTOCOL, "worker exited with status %d before the run ended",
                      WEXITSTATUS(st));
}

static int answer_in(struct session *s, const struct ipc_msg *m)
{
    uint8_t data[IPC_MAX_IO_BYTES];
    uint32_t len = (uint32_t)m->u.io.size * m->u.io.count; /* bounded by the decoder */
    port_bus_in(&s->dev->bus, m->u.io.port, m->u.io.size, m->u.io.count, data);
    struct ipc_msg reply = {.type = IPC_IN_DATA, .u.in_data = {data, len}};
    const char *why = NULL;
    if (ipc_channel_send(&s->ch, &reply, &why) != 0 && errno != EPIPE)
        return diag_error(EXIT_HOST, "cannot answer the worker: %s", strerror(errno));
    return CONTINUE; /* EPIPE: the worker is gone; its pidfd says how */
}

static int handle(struct session *s, const struct ipc_msg *m)
{
    if (!s->ready && m->type != IPC_READY && m->type != IPC_FAULT)
        return protocol_error("message before READY");
    switch (m->type) {
    case IPC_READY:
        if (s->ready)
            return protocol_error("READY sent twice");
        s->ready = true;
        diag_verbose(s->verbose, "worker %d is running the guest", (int)s->worker->pid);
        if (s->on_ready != NULL) {
            char err[256];
            if (s->on_ready(s->on_ready_arg, err, sizeof err) != 0)
                return diag_error(EXIT_HOST, "%s", err);
        }
        return CONTINUE;
    case IPC_IO_OUT:
        port_bus_out(&s->dev->bus, m->u.io.port, m->u.io.size, m->u.io.count, m->u.io.data);
        if (s->dev->debug_exit.requested)
            return exit_code_debug_exit(s->dev->debug_exit.value);
        return CONTINUE;
    case IPC_IO_IN:
        return answer_in(s, m);
    case IPC_HALT:
        return EXIT_HALTED;
    case IPC_FAULT:
        return diag_error(m->u.fault.kind == IPC_FAULT_GUEST ? EXIT_GUEST_CRASH : EXIT_HOST, "%.*s",
                          (int)m->u.fault.len, m->u.fault.text);
    case IPC_VIOLATION:
        return diag_error(EXIT_PROTOCOL, "worker sandbox violation: syscall %s (%u)",
                          syscall_name(m->u.violation.nr), (unsigned)m->u.violation.nr);
    case IPC_IN_DATA: /* the decoder rejects it from the worker */
        break;
    }
    return protocol_error("unexpected message");
}

/* Handle up to SESSION_BATCH queued messages. Returns an exit status, or
 * CONTINUE when the queue is empty or the batch is done. */
static int drain(struct session *s)
{
    for (int i = 0; i < SESSION_BATCH; i++) {
        struct ipc_msg m;
        const char *why = NULL;
        switch (ipc_channel_recv(&s->ch, true, &m, &why)) {
        case IPC_RX_MSG: {
            int code = handle(s, &m);
            if (code != CONTINUE)
                return code;
            break;
        }
        case IPC_RX_NONE:
            return CONTINUE;
        case IPC_RX_EOF:
            return worker_gone(s);
        case IPC_RX_BAD:
            return protocol_error(why);
        case IPC_RX_ERROR:
            return diag_error(EXIT_HOST, "%s: %s", why, strerror(errno));
        }
    }
    return CONTINUE;
}

static int flush_output(struct session *s, int code)
{
    if (console_out_flush(s->out) != 0 && code == CONTINUE)
        return diag_error(EXIT_HOST, "cannot write guest output: %s", strerror(s->out->error));
    return code;
}

static int run(struct session *s)
{
    int64_t deadline = s->timeout_ms ? now_ms() + (int64_t)s->timeout_ms : -1;
    for (;;) {
        int wait_ms = -1;
        if (deadline >= 0) {
            int64_t left = deadline - now_ms();
            if (left <= 0)
                return diag_error(EXIT_LIMIT, "timeout: the guest was stopped after %llu.%03llu s",
                                  (unsigned long long)(s->timeout_ms / 1000),
                                  (unsigned long long)(s->timeout_ms % 1000));
            wait_ms = left > INT_MAX ? INT_MAX : (int)left;
        }
        struct pollfd p[2] = {
            {.fd = s->ch.fd, .events = POLLIN},
            {.fd = s->worker->pidfd, .events = POLLIN},
        };
        int n = poll(p, 2, wait_ms);
        if (n < 0 && errno != EINTR)
            return diag_error(EXIT_HOST, "poll: %s", strerror(errno));
        if (n <= 0)
            continue;
        /* Messages first: a worker that exited may have queued its last words. */
        int code = flush_output(s, drain(s));
        if (code != CONTINUE)
            return code;
        if ((p[1].revents & POLLIN) && (p[0].revents & POLLIN) == 0)
            return worker_gone(s);
    }
}

int session_run(struct session *s)
{
    s->ready = false;
    ipc_channel_init(&s->ch, s->worker->sock, IPC_FROM_WORKER);
    int code = run(s);
    (void)console_out_flush(s->out);
    worker_process_stop(s->worker);
    return code;
}
