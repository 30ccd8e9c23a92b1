/* direct.c - the bench-only in-process monitor: the SAME worker code
 * (worker_build_vm, run_loop) and device model (devices.c, COM1, the PIC,
 * the consoles) as the supervisor, in ONE process: no fork, no socket, no
 * sandbox. Its exit sink calls the devices directly. It is the cost floor of
 * our own code, so the bench's ratios show what privilege separation costs.
 * Never shipped; not a place for features.
 *
 * Threads:
 * - the vCPU thread (main) runs run_loop(); every sink callback takes the
 *   device lock, so the devices see one guest access at a time;
 * - the input thread polls stdin when the console wants input, feeds COM1
 *   (as session.c's feed_input does) and, when the INTR line rose, kicks the
 *   vCPU thread with SIGUSR1 (blocked except inside KVM_RUN:
 *   kvm_vm_set_kick_signal) or wakes it from its idle wait;
 * - the control thread waits for SIGINT/TERM/HUP/QUIT (exit 12) or the
 *   --timeout deadline (exit 124).
 * Whoever ends the run takes the lock, flushes the output and _exits: the
 * exit statuses are the supervisor's (common/exit_code.h).
 *
 * `line` (the INTR line the run loop reads) is written only by the vCPU
 * thread, as the ipc sink's is: the input thread changes the PIC and kicks,
 * and the kicked/idle callbacks read the new level. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/diag.h"
#include "common/exit_code.h"
#include "supervisor/console_in.h"
#include "supervisor/console_out.h"
#include "supervisor/crash_report.h"
#include "supervisor/devices.h"
#include "supervisor/guest_image.h"
#include "supervisor/load_plan.h"
#include "supervisor/options.h"
#include "supervisor/stop_signals.h"
#include "worker/exit_sink.h"
#include "worker/run_loop.h"
#include "worker/worker.h"

/* Flush the console at least this often while the guest runs without
 * waiting (the supervisor flushes after each batch of messages). */
#define DIRECT_FLUSH_NS (20ull * 1000 * 1000)

struct direct {
    pthread_mutex_t lock;
    pthread_cond_t wake; /* the idle vCPU, or the input thread waiting for room */
    pthread_t vcpu;
    struct devices dev;
    struct console_out out;
    struct console_in in;
    bool idle; /* the vCPU thread waits in sink_idle */
    int line;  /* the INTR line as the run loop sees it (vCPU thread only) */
    int code;  /* the exit status, once the sink decided it */
    uint64_t timeout_ms;
    uint64_t last_flush_ns;
    bool verbose;
};

/* End the process with `code`: output flushed first. Caller holds the lock. */
static void finish(struct direct *d, int code) __attribute__((noreturn));
static void finish(struct direct *d, int code)
{
    if (console_out_flush(&d->out) != 0 && code == EXIT_HALTED)
        code =
            diag_error(EXIT_HOST, "cannot write guest output: %s", strerror(d->out.stream.error));
    if (d->in.discarded > 0)
        diag_error(0, "%llu typed bytes were discarded: the guest was not reading its input",
                   (unsigned long long)d->in.discarded);
    fflush(stderr);
    _exit(code);
}

static bool input_open(const struct direct *d)
{
    return console_in_open(&d->in);
}

/* Refill COM1 from the input (devices.c, as the supervisor does); wake the
 * input thread when it may read again. */
static void feed_input(struct direct *d)
{
    (void)devices_feed_input(&d->dev, &d->in);
    if (console_in_wants_input(&d->in))
        pthread_cond_broadcast(&d->wake);
}

/* After a guest access (vCPU thread, lock held): refill the receiver, take
 * the INTR line as it is now. */
static void devices_changed(struct direct *d)
{
    feed_input(d);
    d->line = pic8259_output(&d->dev.pic);
}

static void maybe_flush(struct direct *d)
{
    if (out_stream_pending(&d->out.stream) == 0)
        return;
    uint64_t t = clock_now_ns();
    if (t - d->last_flush_ns < DIRECT_FLUSH_NS)
        return;
    d->last_flush_ns = t;
    (void)console_out_flush(&d->out);
}

static int sink_io_out(void *ctx, uint16_t port, uint8_t size, uint32_t count, const uint8_t *data)
{
    struct direct *d = ctx;
    pthread_mutex_lock(&d->lock);
    port_bus_out(&d->dev.bus, port, size, count, data);
    if (d->dev.debug_exit.requested) {
        d->code = exit_code_debug_exit(d->dev.debug_exit.value);
    } else if (d->out.limit_hit) {
        d->code = diag_error(EXIT_LIMIT,
                             "output limit: the guest wrote more than %llu bytes (--max-output)",
                             (unsigned long long)d->out.limit);
    } else {
        devices_changed(d);
        if (d->out.stream.error != 0)
            d->code = diag_error(EXIT_HOST, "cannot write guest output: %s",
                                 strerror(d->out.stream.error));
        else
            maybe_flush(d);
    }
    pthread_mutex_unlock(&d->lock);
    return d->code >= 0;
}

static int sink_io_in(void *ctx, uint16_t port, uint8_t size, uint32_t count, uint8_t *data)
{
    struct direct *d = ctx;
    pthread_mutex_lock(&d->lock);
    port_bus_in(&d->dev.bus, port, size, count, data);
    devices_changed(d); /* e.g. an RBR read made room and lowered the line */
    pthread_mutex_unlock(&d->lock);
    return 0;
}

static void sink_halt(void *ctx)
{
    struct direct *d = ctx;
    d->code = EXIT_HALTED;
}

/* HLT with interrupts on: wait until the line is high, or end the run
 * (exit 0) when no device could ever raise it (session.c check_idle). */
static int sink_idle(void *ctx)
{
    struct direct *d = ctx;
    pthread_mutex_lock(&d->lock);
    (void)console_out_flush(&d->out); /* the guest waits: show what it wrote */
    d->last_flush_ns = clock_now_ns();
    for (;;) {
        devices_changed(d);
        if (d->line)
            break;
        if (!devices_may_interrupt(&d->dev, input_open(d))) {
            diag_verbose(d->verbose,
                         "the guest halted with interrupts on and nothing left to wake it");
            d->code = EXIT_HALTED;
            break;
        }
        d->idle = true;
        pthread_cond_wait(&d->wake, &d->lock);
        d->idle = false;
    }
    pthread_mutex_unlock(&d->lock);
    return d->code >= 0;
}

static int sink_kicked(void *ctx)
{
    struct direct *d = ctx;
    sigset_t kick;
    sigemptyset(&kick);
    sigaddset(&kick, IPC_KICK_SIGNAL);
    struct timespec zero = {0, 0};
    (void)sigtimedwait(&kick, NULL, &zero); /* or KVM_RUN returns at once again */
    pthread_mutex_lock(&d->lock);
    devices_changed(d);
    pthread_mutex_unlock(&d->lock);
    return 0;
}

/* The interrupt acknowledge cycle (session.c answer_inta). */
static int sink_intr_ack(void *ctx, int *vector)
{
    struct direct *d = ctx;
    pthread_mutex_lock(&d->lock);
    *vector = pic8259_output(&d->dev.pic) ? pic8259_ack(&d->dev.pic) : -1;
    devices_changed(d);
    pthread_mutex_unlock(&d->lock);
    return 0;
}

static void sink_fault(void *ctx, enum ipc_fault_kind kind, const char *text,
                       const struct ipc_cpu_state *cpu)
{
    struct direct *d = ctx;
    pthread_mutex_lock(&d->lock);
    (void)console_out_flush(&d->out);
    if (kind == IPC_FAULT_HOST) {
        d->code = diag_error(EXIT_HOST, "%s", text);
    } else {
        d->code = diag_error(EXIT_GUEST_CRASH, "%s", text);
        if (cpu != NULL)
            crash_report_print(cpu);
    }
    pthread_mutex_unlock(&d->lock);
}

static int sink_trace(void *ctx, const struct ipc_trace *t)
{
    (void)ctx;
    (void)t;
    return 0; /* --trace is not offered here */
}

/* stdin → COM1. Reads only when the console wants input (pipes pause while
 * bytes wait); a rising INTR line kicks the vCPU or wakes it. */
static void *input_thread(void *arg)
{
    struct direct *d = arg;
    pthread_mutex_lock(&d->lock);
    for (;;) {
        while (!console_in_wants_input(&d->in))
            pthread_cond_wait(&d->wake, &d->lock);
        pthread_mutex_unlock(&d->lock);
        struct pollfd p = {.fd = d->in.fd, .events = POLLIN};
        int n = poll(&p, 1, -1);
        pthread_mutex_lock(&d->lock);
        if (n < 0 && errno != EINTR) {
            d->in.eof = true; /* as a read error: the end of input */
            d->in.error = errno;
        } else if (n <= 0) {
            continue;
        } else if (console_in_read(&d->in) != 0) {
            diag_verbose(d->verbose, "stdin: %s: treated as the end of input",
                         strerror(d->in.error));
        }
        if (d->in.quit) {
            diag_error(0, "quit (Ctrl-A x)");
            finish(d, EXIT_USER_QUIT);
        }
        feed_input(d);
        if (d->idle)
            pthread_cond_broadcast(&d->wake); /* it re-checks the line and the idle rule */
        else if (pic8259_output(&d->dev.pic) && !d->line)
            pthread_kill(d->vcpu, IPC_KICK_SIGNAL);
    }
    return NULL;
}

/* Stop signals (exit 12) and --timeout (exit 124). */
static void *control_thread(void *arg)
{
    struct direct *d = arg;
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    sigaddset(&stop, SIGQUIT);
    uint64_t deadline = d->timeout_ms ? clock_now_ns() + d->timeout_ms * 1000000ull : 0;
    for (;;) {
        struct timespec left = {3600, 0};
        if (deadline) {
            uint64_t t = clock_now_ns();
            if (t >= deadline) {
                pthread_mutex_lock(&d->lock);
                diag_error(0, "timeout: the guest was stopped after %llu.%03llu s",
                           (unsigned long long)(d->timeout_ms / 1000),
                           (unsigned long long)(d->timeout_ms % 1000));
                finish(d, EXIT_LIMIT);
            }
            uint64_t ns = deadline - t;
            left = (struct timespec){(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
        }
        int sig = sigtimedwait(&stop, NULL, &left);
        if (sig > 0) {
            pthread_mutex_lock(&d->lock);
            char name[16];
            diag_error(0, "stopped by %s", stop_signal_name(sig, name, sizeof name));
            finish(d, EXIT_SIGNALLED);
        }
    }
    return NULL;
}

static struct direct D = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
    .code = -1,
};

int main(int argc, char **argv)
{
    struct options opt;
    char err[512];
    struct direct *d = &D;

    if (options_parse(argc, argv, &opt, err, sizeof err) != 0 ||
        options_resolve_paths(&opt, getenv("BUILD_WORKING_DIRECTORY"), err, sizeof err) != 0)
        return diag_error(EXIT_USAGE, "%s", err);
    if (opt.help) {
        printf("direct: the bench's in-process monitor (no fork, no socket, no sandbox)\n%s%s",
               options_usage, exit_code_help);
        return 0;
    }
    static struct run_stats stats;
    struct guest_config guest = {.strict = opt.strict, .verbose = opt.verbose, .stats = &stats};
    struct guest_image img;
    if (load_plan_guest(&opt, &img, &guest, err, sizeof err) != 0)
        return diag_error(EXIT_USAGE, "%s", err);

    signal(SIGPIPE, SIG_IGN);
    /* Blocked here, inherited by every thread: only the control thread
     * takes them (sigtimedwait). */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    sigaddset(&stop, SIGQUIT);
    if (pthread_sigmask(SIG_BLOCK, &stop, NULL) != 0)
        return diag_error(EXIT_HOST, "pthread_sigmask failed");

    console_out_init(&d->out, STDOUT_FILENO);
    console_out_set_filter(&d->out, !opt.raw_output && isatty(STDOUT_FILENO));
    d->out.limit = opt.max_output;
    console_in_init(&d->in, STDIN_FILENO, false); /* no raw terminal: pipes only */
    if (devices_init(&d->dev, &d->out) != 0)
        return diag_error(EXIT_HOST, "cannot build the device map");
    static uint8_t port_map[GUEST_PORT_MAP_BYTES];
    port_bus_map(&d->dev.bus, port_map);
    guest.port_map = port_map;
    d->timeout_ms = opt.timeout_ms;
    d->verbose = opt.verbose;
    d->vcpu = pthread_self();

    struct exit_sink sink = {
        .io_out = sink_io_out,
        .io_in = sink_io_in,
        .halt = sink_halt,
        .idle = sink_idle,
        .kicked = sink_kicked,
        .intr_ack = sink_intr_ack,
        .fault = sink_fault,
        .trace = sink_trace,
        .intr_line = &d->line,
        .ctx = d,
    };
    struct kvm_vm vm;
    /* Also blocks the kick signal in this thread; the threads made below
     * inherit that, so the kick only ever reaches KVM_RUN. */
    if (worker_build_vm(&guest, &vm, &sink) != 0) {
        pthread_mutex_lock(&d->lock);
        finish(d, d->code >= 0 ? d->code : EXIT_HOST);
    }
    pthread_t t;
    if (pthread_create(&t, NULL, control_thread, d) != 0 ||
        pthread_create(&t, NULL, input_thread, d) != 0)
        return diag_error(EXIT_HOST, "cannot start a thread");

    pthread_mutex_lock(&d->lock);
    devices_changed(d); /* as the supervisor does at READY */
    pthread_mutex_unlock(&d->lock);
    struct run_options ropt = {
        .mode = guest.load.mode,
        .strict = opt.strict,
        .port_map = port_map,
        .stats = &stats,
    };
    enum run_result r = run_loop(&vm, &sink, &ropt);
    pthread_mutex_lock(&d->lock);
    int code = d->code;
    if (code < 0)
        code = r == RUN_HALTED ? EXIT_HALTED : EXIT_HOST;
    finish(d, code);
}
