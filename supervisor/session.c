#include "supervisor/session.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/diag.h"
#include "common/exit_code.h"
#include "common/guest_config.h"
#include "common/syscall_names.h"
#include "supervisor/crash_report.h"
#include "supervisor/stats_json.h"
#include "supervisor/stop_signals.h"

/* Messages handled per wake-up before the deadline is looked at again, so
 * a guest that floods output cannot outrun --timeout. */
#define SESSION_BATCH 256
/* With coalesced port writes (after GUEST_COALESCE_AFTER of them), the
 * longest a guest's output may wait in KVM's ring: after this long without
 * a message from a running worker, it is kicked, and drains the ring on its
 * way out of KVM_RUN. To the guest this is a transmitter that takes time. */
#define SESSION_RING_FLUSH_MS 10
/* How long a worker that closed its channel gets to exit on its own. */
#define SESSION_EXIT_GRACE_MS 1000
/* After a run the deadline ended (or one without a deadline), how long the
 * last output and lines get to go out. */
#define SESSION_END_GRACE_MS 300

enum { CONTINUE = -1 };

static int end_run(struct session *s, int code, const char *end, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Take `code` as the run's outcome unless an earlier cause outranks it
 * (exit_code_precedence; equal: the first stays). Returns whether taken. */
static bool take_outcome(struct session *s, int code, const char *end)
{
    if (s->ended && exit_code_precedence(code) <= exit_code_precedence(s->code))
        return false;
    s->ended = true;
    s->code = code;
    s->end = end;
    s->crash_dump = false;
    s->detail[0] = '\0';
    return true;
}

/* Record why the run ends; the winner's line is printed once, when the run
 * is over (session_run), and kept for --stats. */
static int end_run(struct session *s, int code, const char *end, const char *fmt, ...)
{
    if (!take_outcome(s, code, end))
        return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->detail, sizeof s->detail, fmt, ap);
    va_end(ap);
    return code;
}

/* An end that prints no line of its own (a halt, a debug exit). */
static int end_quietly(struct session *s, int code)
{
    take_outcome(s, code, NULL);
    return code;
}

/* One --trace line. Every field is a number, formatted here. */
static void trace_print(const struct ipc_trace *t)
{
    const char *name = vm_exit_kind_names[t->kind]; /* kind checked by the decoder */
    switch (t->kind) {
    case VM_EXIT_IO:
        diag_error(0, "exit io %s port 0x%llx size %u count %u value 0x%llx",
                   t->write ? "out" : "in", (unsigned long long)t->addr, t->size, t->count,
                   (unsigned long long)t->value);
        break;
    case VM_EXIT_MMIO:
        diag_error(0, "exit mmio %s addr 0x%llx size %u value 0x%llx", t->write ? "write" : "read",
                   (unsigned long long)t->addr, t->size, (unsigned long long)t->value);
        break;
    default:
        diag_error(0, "exit %s", name);
        break;
    }
}

static int protocol_error(struct session *s, const char *what)
{
    return end_run(s, EXIT_PROTOCOL, NULL, "protocol error from the worker: %s", what);
}

/* The worker exited, or closed its channel, without a final message. */
static int worker_gone(struct session *s)
{
    int grace = SESSION_EXIT_GRACE_MS;
    if (s->deadline_ms >= 0 && s->deadline_ms - clock_now_ms() < grace)
        grace = s->deadline_ms > clock_now_ms() ? (int)(s->deadline_ms - clock_now_ms()) : 0;
    if (worker_process_wait(s->worker, grace) != 0)
        return protocol_error(s, "it closed its channel but kept running");
    int st = s->worker->status;
    /* The kernel ends a worker at RLIMIT_CPU with SIGKILL (SIGXCPU when it
     * is not its namespace's init). Its rusage can read well below the
     * limit (0.8 s of 1 s, seen here under load), so a SIGKILL after at
     * least half the limit counts as the limit: nothing else of ours sends
     * it before the run ends. */
    if (WIFSIGNALED(st) && (WTERMSIG(st) == SIGXCPU || WTERMSIG(st) == SIGKILL) &&
        s->cpu_limit_s > 0 && s->worker->cpu_s >= s->cpu_limit_s / 2)
        return end_run(s, EXIT_SIGNALLED, "signal",
                       "stopped by SIGXCPU (the CPU time limit, ulimit -t, reached in the worker)");
    if (WIFSIGNALED(st))
        return end_run(s, EXIT_PROTOCOL, NULL,
                       "worker killed by signal %d (%s) before the run ended", WTERMSIG(st),
                       strsignal(WTERMSIG(st)));
    return end_run(s, EXIT_PROTOCOL, NULL, "worker exited with status %d before the run ended",
                   WEXITSTATUS(st));
}

static int send_to_worker(struct session *s, const struct ipc_msg *m)
{
    const char *why = NULL;
    if (ipc_channel_send(&s->ch, m, &why) == 0 || errno == EPIPE)
        return CONTINUE; /* EPIPE: the worker is gone; its pidfd says how */
    if (errno == EAGAIN)
        return protocol_error(s, why);
    return end_run(s, EXIT_HOST, NULL, "cannot send to the worker: %s", strerror(errno));
}

static bool input_open(const struct session *s)
{
    return s->in != NULL && console_in_open(s->in);
}

static void feed_input(struct session *s)
{
    s->bytes_in += devices_feed_input(s->dev, s->in);
}

/* A kick, so that the worker leaves KVM_RUN (and drains what KVM buffered). */
static int kick(struct session *s)
{
    if (syscall(SYS_pidfd_send_signal, s->worker->pidfd, IPC_KICK_SIGNAL, NULL, 0) != 0 &&
        errno != ESRCH)
        return end_run(s, EXIT_HOST, NULL, "cannot kick the worker: %s", strerror(errno));
    return CONTINUE;
}

/* Tell the worker when the INTR line rose. Only rises are posted (with a
 * kick, so that KVM_RUN returns and the worker reads it), and only while
 * the worker believes the line low: at most one IRQ_LINE is ever unread,
 * however fast the guest toggles its masks. A fall reaches the worker with
 * the next answer it waits for (IN_DATA is preceded by it; INTA_VECTOR
 * carries the line): until then it may believe the line high, which costs
 * at most one acknowledge cycle that delivers nothing. */
static int sync_line(struct session *s)
{
    int level = pic8259_output(&s->dev->pic);
    if (!level || s->line_sent)
        return CONTINUE;
    s->line_sent = 1;
    struct ipc_msg m = {.type = IPC_IRQ_LINE, .u.irq_line = {1}};
    int code = send_to_worker(s, &m);
    if (code != CONTINUE)
        return code;
    if (s->worker_idle) {
        s->worker_idle = false; /* it wakes on this message */
        return CONTINUE;
    }
    return kick(s);
}

/* Before an answer the worker waits for: tell it the line fell, if it did. */
static int sync_fall(struct session *s)
{
    if (!s->line_sent || pic8259_output(&s->dev->pic))
        return CONTINUE;
    s->line_sent = 0;
    struct ipc_msg m = {.type = IPC_IRQ_LINE, .u.irq_line = {0}};
    return send_to_worker(s, &m);
}

/* Device state may have changed: refill the receiver, update the line. */
static int devices_changed(struct session *s)
{
    feed_input(s);
    return sync_line(s);
}

/* An idle guest (HLT, interrupts on) that nothing can wake has halted. */
static int check_idle(struct session *s)
{
    if (!s->worker_idle || s->line_sent || devices_may_interrupt(s->dev, input_open(s)))
        return CONTINUE;
    diag_verbose(s->verbose, "the guest halted with interrupts on and nothing left to wake it");
    return end_quietly(s, EXIT_HALTED);
}

static int answer_in(struct session *s, const struct ipc_msg *m)
{
    uint8_t data[IPC_MAX_IO_BYTES];
    uint32_t len = (uint32_t)m->u.io.size * m->u.io.count; /* bounded by the decoder */
    port_bus_in(&s->dev->bus, m->u.io.port, m->u.io.size, m->u.io.count, data);
    int code = devices_changed(s); /* e.g. an RBR read lowers the line: say so first */
    if (code == CONTINUE)
        code = sync_fall(s);
    if (code != CONTINUE)
        return code;
    struct ipc_msg reply = {.type = IPC_IN_DATA, .u.in_data = {data, len}};
    return send_to_worker(s, &reply);
}

/* The interrupt acknowledge cycle, run when the vCPU can take one. Every
 * message the worker sent before has been handled, so the PIC's state is
 * the guest's: if the request went away meanwhile, nothing is delivered. */
static int answer_inta(struct session *s)
{
    struct ipc_msg reply = {.type = IPC_INTA_VECTOR};
    if (pic8259_output(&s->dev->pic)) {
        reply.u.inta.deliver = 1;
        reply.u.inta.vector = pic8259_ack(&s->dev->pic);
    }
    feed_input(s);
    s->line_sent = pic8259_output(&s->dev->pic);
    reply.u.inta.line = (uint8_t)s->line_sent;
    return send_to_worker(s, &reply);
}

static int on_ready(struct session *s)
{
    if (s->ready)
        return protocol_error(s, "READY sent twice");
    s->ready = true;
    diag_verbose(s->verbose, "worker %d is running the guest", (int)s->worker->pid);
    if (s->on_ready != NULL) {
        char err[256];
        if (s->on_ready(s->on_ready_arg, err, sizeof err) != 0)
            return end_run(s, EXIT_HOST, NULL, "%s", err);
    }
    return devices_changed(s);
}

static int handle(struct session *s, const struct ipc_msg *m)
{
    /* Before READY only a worker's last words: it failed to build the VM
     * (FAULT), or its filter trapped a syscall while it locked down. */
    if (!s->ready && m->type != IPC_READY && m->type != IPC_FAULT && m->type != IPC_VIOLATION)
        return protocol_error(s, "message before READY");
    s->worker_idle = false; /* any message but IDLE means it runs */
    switch (m->type) {
    case IPC_READY:
        return on_ready(s);
    case IPC_IO_OUT:
    case IPC_OUT_BATCH:
    case IPC_IO_IN: {
        bool out = m->type != IPC_IO_IN;
        if (m->type != IPC_OUT_BATCH) /* a batch arrived without exits */
            port_stats_count(&s->ports, m->u.io.port, out);
        if (m->type == IPC_IO_OUT && m->u.io.port == s->coalesce_port && m->u.io.size == 1 &&
            m->u.io.count == 1)
            s->coalescible++;
        if (s->strict && !port_bus_claims(&s->dev->bus, m->u.io.port, m->u.io.size))
            return end_run(s, EXIT_GUEST_CRASH, NULL,
                           "guest crashed: %s of unhandled port 0x%x (--strict; the worker let "
                           "it through)",
                           out ? "write" : "read", m->u.io.port);
        if (!out)
            return answer_in(s, m);
        port_bus_out(&s->dev->bus, m->u.io.port, m->u.io.size, m->u.io.count, m->u.io.data);
        if (s->dev->debug_exit.requested)
            return end_quietly(s, exit_code_debug_exit(s->dev->debug_exit.value));
        if (s->out->limit_hit)
            return end_run(s, EXIT_LIMIT, "output_limit",
                           "output limit: the guest wrote more than %llu bytes (--max-output)",
                           (unsigned long long)s->out->limit);
        return devices_changed(s);
    }
    case IPC_CPU_STATE:
        if (s->have_cpu)
            return protocol_error(s, "CPU_STATE sent twice");
        s->cpu = m->u.cpu;
        s->have_cpu = true;
        return CONTINUE;
    case IPC_TRACE:
        if (!s->trace)
            return protocol_error(s, "TRACE without --trace");
        trace_print(&m->u.trace);
        return CONTINUE;
    case IPC_INTA:
        return answer_inta(s);
    case IPC_IDLE:
        s->worker_idle = true;
        return check_idle(s);
    case IPC_HALT:
        return end_quietly(s, EXIT_HALTED);
    case IPC_FAULT:
        if (m->u.fault.kind == IPC_FAULT_HOST)
            return end_run(s, EXIT_HOST, NULL, "%.*s", (int)m->u.fault.len, m->u.fault.text);
        end_run(s, EXIT_GUEST_CRASH, NULL, "%.*s", (int)m->u.fault.len, m->u.fault.text);
        s->crash_dump = true; /* printed under the line, from CPU_STATE if it came */
        return EXIT_GUEST_CRASH;
    case IPC_VIOLATION:
        return end_run(s, EXIT_PROTOCOL, "violation", "worker sandbox violation: syscall %s (%u)",
                       syscall_name(m->u.violation.nr), (unsigned)m->u.violation.nr);
    case IPC_IN_DATA: /* the decoder rejects these from the worker */
    case IPC_IRQ_LINE:
    case IPC_INTA_VECTOR:
        break;
    }
    return protocol_error(s, "unexpected message");
}

/* Whether the session may take another message: stdout, and stderr while
 * --trace writes a line per message, have room for what it could add. */
static bool output_has_room(const struct session *s)
{
    return console_out_has_room(s->out) &&
           (s->err == NULL || out_stream_room(s->err) >= CONSOLE_OUT_MAX_PER_MESSAGE);
}

/* Handle up to SESSION_BATCH queued messages, fewer when the output
 * buffers fill (the worker then waits on its socket). Returns an exit
 * status, or CONTINUE when the queue is empty or the batch is done. */
static int drain(struct session *s)
{
    for (int i = 0; i < SESSION_BATCH && output_has_room(s); i++) {
        struct ipc_msg m;
        const char *why = NULL;
        /* A running worker usually says more within microseconds (the IN
         * after a batch, the next exit): look a little before sleeping. */
        uint64_t spin = s->ready && !s->worker_idle ? s->spin_ns : 0;
        switch (ipc_channel_recv_spin(&s->ch, spin, true, &m, &why)) {
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
            return protocol_error(s, why);
        case IPC_RX_ERROR:
            return end_run(s, EXIT_HOST, NULL, "%s: %s", why, strerror(errno));
        }
    }
    return CONTINUE;
}

static int read_input(struct session *s)
{
    if (console_in_read(s->in) != 0)
        diag_verbose(s->verbose, "stdin: %s: treated as the end of input", strerror(s->in->error));
    if (s->in->quit)
        return end_run(s, EXIT_USER_QUIT, NULL, "quit (Ctrl-A x)");
    if (s->in->help) {
        s->in->help = false;
        diag_error(0, "%s", console_in_help);
    }
    int code = devices_changed(s);
    return code != CONTINUE ? code : check_idle(s);
}

static int read_signal(struct session *s)
{
    struct signalfd_siginfo si;
    ssize_t n = read(s->signal_fd, &si, sizeof si);
    if (n != (ssize_t)sizeof si)
        return CONTINUE;
    char name[16];
    return end_run(s, EXIT_SIGNALLED, NULL, "stopped by %s",
                   stop_signal_name((int)si.ssi_signo, name, sizeof name));
}

/* What the deadline says when it passes, with or without a stalled reader. */
static int timed_out(struct session *s, bool stalled)
{
    return end_run(s, EXIT_LIMIT, "timeout", "timeout: the guest was stopped after %llu.%03llu s%s",
                   (unsigned long long)(s->timeout_ms / 1000),
                   (unsigned long long)(s->timeout_ms % 1000),
                   stalled ? " (its output was not being read)" : "");
}

/* A write that failed: guest output (stdout), or what the user asked for on
 * stderr (--trace, --verbose); no line can say the latter. */
static int output_failed(struct session *s)
{
    if (s->out->stream.error != 0)
        return end_run(s, EXIT_HOST, "host_error", "cannot write guest output: %s",
                       strerror(s->out->stream.error));
    return end_run(s, EXIT_HOST, "host_error", "cannot write to stderr: %s",
                   strerror(s->err->error));
}

/* Write what stdout and stderr take now. */
static int flush_output(struct session *s)
{
    int failed = console_out_flush(s->out);
    if (s->err != NULL && out_stream_flush(s->err) != 0 && s->err_is_data)
        failed = -1;
    return failed ? output_failed(s) : CONTINUE;
}

static bool output_pending(const struct session *s)
{
    return out_stream_pending(&s->out->stream) > 0 ||
           (s->err != NULL && out_stream_pending(s->err) > 0);
}

enum { POLL_SOCK, POLL_PIDFD, POLL_SIGNAL, POLL_STDIN, POLL_STDOUT, POLL_STDERR, POLL_COUNT };

static int run(struct session *s)
{
    for (;;) {
        int wait_ms = -1;
        if (s->deadline_ms >= 0) {
            int64_t left = s->deadline_ms - clock_now_ms();
            if (left <= 0)
                return timed_out(s, output_pending(s));
            wait_ms = left > INT_MAX ? INT_MAX : (int)left;
        }
        /* While stdout or stderr has no room, the worker is not read: it
         * waits on its socket, and the guest with it. */
        bool room = output_has_room(s);
        /* A running worker whose writes KVM may be buffering gets a kick
         * when it has been quiet for SESSION_RING_FLUSH_MS. */
        bool flush_due = room && s->coalesce_port != 0 && s->coalescible >= GUEST_COALESCE_AFTER &&
                         s->ready && !s->worker_idle;
        if (flush_due && (wait_ms < 0 || wait_ms > SESSION_RING_FLUSH_MS))
            wait_ms = SESSION_RING_FLUSH_MS;
        bool want_input = s->ready && s->in != NULL && console_in_wants_input(s->in);
        struct pollfd p[POLL_COUNT] = {
            [POLL_SOCK] = {.fd = room ? s->ch.fd : -1, .events = POLLIN},
            [POLL_PIDFD] = {.fd = room ? s->worker->pidfd : -1, .events = POLLIN},
            [POLL_SIGNAL] = {.fd = s->signal_fd, .events = POLLIN},
            [POLL_STDIN] = {.fd = want_input ? s->in->fd : -1, .events = POLLIN},
            [POLL_STDOUT] = {.fd = s->out->stream.fd, .events = out_stream_events(&s->out->stream)},
            [POLL_STDERR] = {.fd = s->err != NULL ? s->err->fd : -1,
                             .events = s->err != NULL ? out_stream_events(s->err) : 0},
        };
        if (p[POLL_STDOUT].events == 0)
            p[POLL_STDOUT].fd = -1;
        if (p[POLL_STDERR].events == 0)
            p[POLL_STDERR].fd = -1;
        int n = poll(p, POLL_COUNT, wait_ms);
        if (n < 0 && errno != EINTR)
            return end_run(s, EXIT_HOST, NULL, "poll: %s", strerror(errno));
        if (n == 0 && flush_due) {
            int code = kick(s);
            if (code != CONTINUE)
                return code;
        }
        if (n <= 0)
            continue;
        if (p[POLL_SIGNAL].revents & POLLIN) {
            int code = read_signal(s);
            if (code != CONTINUE)
                return code;
        }
        /* Messages first: a worker that exited may have queued its last words. */
        int code = room ? drain(s) : CONTINUE;
        if (code != CONTINUE)
            return code;
        if ((code = flush_output(s)) != CONTINUE)
            return code;
        if ((p[POLL_PIDFD].revents & POLLIN) && (p[POLL_SOCK].revents & POLLIN) == 0)
            return worker_gone(s);
        if (p[POLL_STDIN].revents & (POLLIN | POLLHUP | POLLERR)) {
            code = read_input(s);
            if (code == CONTINUE)
                code = flush_output(s);
            if (code != CONTINUE)
                return code;
        }
    }
}

/* A stream that is still worth writing to at the end. */
static bool live(const struct out_stream *o)
{
    return o != NULL && o->error == 0 && out_stream_pending(o) > 0;
}

/* When the end deadline comes first: a guest's own end (its status ranks
 * lowest) gets until the run's deadline, anything else SESSION_END_GRACE_MS
 * from when it was found. Called again whenever the outcome may have
 * changed; it only ever moves the end closer. */
static void end_deadline(struct session *s)
{
    int64_t grace = clock_now_ms() + SESSION_END_GRACE_MS;
    int64_t until = grace;
    if (exit_code_precedence(s->code) <= exit_code_precedence(EXIT_HALTED))
        until = s->deadline_ms < 0 ? INT64_MAX : s->deadline_ms > grace ? s->deadline_ms : grace;
    if (s->end_until_ms == 0 || until < s->end_until_ms)
        s->end_until_ms = until;
}

/* After the end: what is still buffered in stdout, stderr and `extra` (the
 * stats file) goes out, until it is all out or has failed, a stop signal
 * comes, or the end deadline passes. A stream that fails is recorded (its
 * outcome) and the others go on. */
static void drain_after(struct session *s, struct out_stream *extra)
{
    for (;;) {
        if (console_out_flush(s->out) != 0 ||
            (s->err != NULL && out_stream_flush(s->err) != 0 && s->err_is_data)) {
            output_failed(s);
            end_deadline(s);
        }
        if (extra != NULL && out_stream_flush(extra) != 0) {
            end_run(s, EXIT_HOST, "host_error", "cannot write the --stats report: %s",
                    strerror(extra->error));
            end_deadline(s);
        }
        if (!live(&s->out->stream) && !live(s->err) && !live(extra))
            return;
        int64_t left = s->end_until_ms - clock_now_ms();
        if (left <= 0) {
            timed_out(s, true);
            return;
        }
        struct pollfd p[4] = {
            {.fd = s->signal_fd, .events = POLLIN},
            {.fd = live(&s->out->stream) ? s->out->stream.fd : -1, .events = POLLOUT},
            {.fd = live(s->err) ? s->err->fd : -1, .events = POLLOUT},
            {.fd = live(extra) ? extra->fd : -1, .events = POLLOUT},
        };
        int n = poll(p, 4, left > INT_MAX ? INT_MAX : (int)left);
        if (n < 0 && errno != EINTR) {
            end_run(s, EXIT_HOST, NULL, "poll: %s", strerror(errno));
            return;
        }
        if (n > 0 && (p[0].revents & POLLIN) && read_signal(s) == EXIT_SIGNALLED)
            return;
    }
}

/* Why the run ended, in one word, for --stats. */
static const char *end_word(const struct session *s, int code)
{
    if (s->end != NULL)
        return s->end;
    switch (code) {
    case EXIT_HALTED:
        return "halted";
    case EXIT_GUEST_CRASH:
        return "guest_crash";
    case EXIT_PROTOCOL:
        return "protocol_error";
    case EXIT_HOST:
        return "host_error";
    case EXIT_USER_QUIT:
        return "user_quit";
    case EXIT_SIGNALLED:
        return "signal";
    default:
        return (code & 1) ? "debug_exit" : "other";
    }
}

static void format_stats(struct session *s, int64_t started_ms, struct out_stream *to)
{
    struct stats_report *r = s->report;
    r->exit_code = s->code;
    r->end = end_word(s, s->code);
    r->detail = s->detail[0] != '\0' ? s->detail : NULL;
    r->wall_s = (double)(clock_now_ms() - started_ms) / 1000.0;
    if (s->shared_stats != NULL)
        memcpy(&r->run, (const void *)s->shared_stats, sizeof r->run); /* one copy, untrusted */
    r->ports = &s->ports;
    r->bytes_out = s->out->total;
    r->bytes_in = s->bytes_in;
    r->input_discarded = s->in != NULL ? s->in->discarded : 0;
    r->unclaimed_reads = s->dev->bus.unhandled_reads;
    r->unclaimed_writes = s->dev->bus.unhandled_writes;
    char buf[4096];
    size_t n = stats_json_format(r, buf, sizeof buf);
    /* A stream stalled full (the deadline has said so already) does not
     * also fail for want of room. */
    if (n <= out_stream_room(to))
        out_stream_put(to, buf, n);
}

/* The line that says why the run ended, and what goes with it. */
static void say_why(struct session *s)
{
    if (s->detail[0] == '\0')
        return;
    diag_error(0, "%s", s->detail);
    if (!s->crash_dump)
        return;
    if (s->have_cpu)
        crash_report_print(&s->cpu);
    else
        diag_more("  (the worker sent no register state)");
}

int session_run(struct session *s)
{
    int64_t started_ms = clock_now_ms();
    s->ready = false;
    s->worker_idle = false;
    s->line_sent = 0;
    s->have_cpu = false;
    s->ended = false;
    s->code = CONTINUE;
    s->end = NULL;
    s->crash_dump = false;
    s->detail[0] = '\0';
    s->bytes_in = 0;
    s->coalescible = 0;
    s->ports = (struct port_stats){0};
    s->deadline_ms = s->timeout_ms ? started_ms + (int64_t)s->timeout_ms : -1;
    ipc_channel_init(&s->ch, s->worker->sock, IPC_FROM_WORKER);
    s->ch.nonblock_send = true;
    run(s);
    /* Nothing more comes from the guest. */
    worker_process_stop(s->worker);
    s->end_until_ms = 0;
    end_deadline(s);
    drain_after(s, NULL);
    diag_verbose(s->verbose, "unclaimed ports: %llu reads (answered 0xff), %llu writes (ignored)",
                 (unsigned long long)s->dev->bus.unhandled_reads,
                 (unsigned long long)s->dev->bus.unhandled_writes);
    if (s->report != NULL && s->stats != NULL) {
        /* Into FILE first: if it cannot be written, that is the line. It is
         * written whatever else failed: a report of a failed run is a report. */
        format_stats(s, started_ms, s->stats);
        drain_after(s, s->stats);
    }
    /* stderr failing loses what was asked for on it: the status says so. */
    if (s->err != NULL && s->err->error != 0 && s->err_is_data)
        output_failed(s);
    say_why(s);
    if (s->report != NULL && s->stats == NULL) {
        /* Under the line on stderr (a failure there is stderr's own). */
        struct out_stream direct;
        struct out_stream *to = s->err;
        if (to == NULL) { /* unit tests: plain stderr */
            out_stream_adopt(&direct, STDERR_FILENO);
            to = &direct;
        }
        format_stats(s, started_ms, to);
        if (out_stream_flush(to) != 0 && s->err != NULL)
            output_failed(s);
    }
    if (s->in != NULL && s->in->discarded > 0)
        diag_error(0, "%llu typed bytes were discarded: the guest was not reading its input",
                   (unsigned long long)s->in->discarded);
    /* The last lines: within the same end deadline (what the user asked for
     * on stderr counts as output), but the one line itself gets at most
     * SESSION_END_GRACE_MS: it cannot change the status. */
    if (s->err_is_data) {
        drain_after(s, NULL);
    } else if (s->err != NULL) {
        int64_t grace = clock_now_ms() + SESSION_END_GRACE_MS;
        (void)out_stream_drain(s->err, grace < s->end_until_ms ? grace : s->end_until_ms);
    }
    if (s->err != NULL)
        out_stream_discard(s->err); /* what did not go out by now never will */
    return s->code;
}
