/* The supervisor's setup order, top to bottom, as in Solo5's hvt tender:
 * parse -> validate the image -> create the worker in its namespaces ->
 * (worker READY) lock ourselves down -> device loop -> exit status.
 * The supervisor never opens /dev/kvm. */
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/diag.h"
#include "common/exit_code.h"
#include "common/out_stream.h"
#include "supervisor/console_in.h"
#include "supervisor/crash_guard.h"
#include "supervisor/devices.h"
#include "supervisor/guest_image.h"
#include "supervisor/load_plan.h"
#include "supervisor/options.h"
#include "supervisor/run_policy.h"
#include "supervisor/sandbox.h"
#include "supervisor/session.h"
#include "supervisor/stop_signals.h"
#include "supervisor/terminal.h"
#include "supervisor/worker_process.h"
#include "worker/worker.h"

#define SCRATCHVM_VERSION "0.1.0"
/* The longest the last diagnostic lines get to reach stderr at exit. */
#define MAIN_END_GRACE_MS 300
/* How long each side looks for the other's next message before sleeping: as
 * KVM polls a halted vCPU for 200 us (halt_poll_ns) before it sleeps. */
#define SPIN_NS 200000

static int run_worker(void *arg, int sock)
{
    return worker_main(arg, sock);
}

/* CPUs this process may run on (its affinity, not the machine's count):
 * spinning for the peer's answer only pays when the peer has a CPU too. */
static int usable_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 1;
    return CPU_COUNT(&set);
}

/* --stats=FILE: opened here, before the worker exists, and never waiting:
 * a FIFO nobody reads is refused at once (ENXIO), a directory or a device
 * that is not a character device too, so no open can leave a guest running
 * that nobody can stop. Lands at SUPERVISOR_FD_STATS (the worker closes it
 * before its first guest instruction). */
static int open_stats(const char *path, const char *shown, char *err, size_t errlen)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0644);
    struct stat st;
    if (fd < 0 && errno == ENXIO && stat(path, &st) == 0 && S_ISSOCK(st.st_mode))
        return diag_fail(err, errlen, "--stats=%s: a socket (give a file, FIFO or terminal)",
                         shown);
    if (fd < 0 && errno == ENXIO)
        return diag_fail(err, errlen, "--stats=%s: a FIFO with no reader (nothing would read it)",
                         shown);
    if (fd < 0)
        return diag_fail(err, errlen, "--stats=%s: %s", shown, strerror(errno));
    if (fstat(fd, &st) != 0 ||
        !(S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))) {
        close(fd);
        return diag_fail(err, errlen, "--stats=%s: not a regular file, FIFO or terminal", shown);
    }
    if (fd != SUPERVISOR_FD_STATS && (dup3(fd, SUPERVISOR_FD_STATS, O_CLOEXEC) < 0 || close(fd))) {
        close(fd);
        return diag_fail(err, errlen, "--stats=%s: %s", shown, strerror(errno));
    }
    return SUPERVISOR_FD_STATS;
}

static int lock_down(void *arg, char *err, size_t errlen)
{
    return supervisor_sandbox_enter(arg, err, errlen);
}

/* fds 0-2 exist from here on (on /dev/null if they were closed), so no
 * socket, pidfd or file of ours can become a standard stream. Returns a mask
 * of the ones that were closed (bit n: fd n). */
static int reserve_stdio(void)
{
    int closed = 0;
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1)
            continue;
        closed |= 1 << fd;
        if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
            return -1;
    }
    return closed;
}

static int open_signal_fd(const sigset_t *set)
{
    int fd = signalfd(-1, set, SFD_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fd != SUPERVISOR_FD_SIGNAL) {
        if (dup3(fd, SUPERVISOR_FD_SIGNAL, O_CLOEXEC) < 0)
            return -1;
        close(fd);
    }
    return SUPERVISOR_FD_SIGNAL;
}

/* Guest output and diagnostics may share a destination (2>&1, one
 * terminal): a supervisor line then starts on a line of its own. */
struct line_guard {
    struct console_out *out;
    bool shared;
};

static bool before_diag_line(void *arg)
{
    struct line_guard *g = arg;
    (void)console_out_flush(g->out); /* the guest's bytes first, if stdout takes them */
    if (!g->shared || !g->out->line_open)
        return false;
    g->out->line_open = false;
    return true;
}

static bool same_file(int a, int b)
{
    struct stat sa, sb;
    return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* Text for stdout (--help, --version, --print-policy), within a short time. */
static int print_text(struct console_out *out, const char *text)
{
    int64_t until = clock_now_ms() + MAIN_END_GRACE_MS;
    size_t left = strlen(text);
    int rc = 0;
    while (rc == 0 && left > 0) {
        size_t n = left < out_stream_room(&out->stream) ? left : out_stream_room(&out->stream);
        out_stream_put(&out->stream, text, n);
        text += n;
        left -= n;
        rc = out_stream_drain(&out->stream, until);
    }
    if (rc == 0)
        return 0;
    return diag_error(EXIT_HOST, "cannot write to stdout: %s",
                      rc > 0 ? "it is not being read" : strerror(out->stream.error));
}

/* --print-policy: the filters this run would load, through the stdout
 * stream (so a stalled reader cannot hold it either). */
static int print_policy(struct console_out *out, const struct options *opt)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL)
        return diag_error(EXIT_HOST, "--print-policy: %s", strerror(errno));
    int rc = run_policy_print(opt, f);
    if (fclose(f) != 0 || rc != 0) {
        free(text);
        return diag_error(EXIT_HOST, "--print-policy: cannot format the filters");
    }
    rc = print_text(out, text);
    free(text);
    return rc;
}

/* RLIMIT_CPU (ulimit -t) in seconds, 0 when there is none. */
static double cpu_limit_s(void)
{
    struct rlimit r;
    if (getrlimit(RLIMIT_CPU, &r) != 0 || r.rlim_cur == RLIM_INFINITY)
        return 0;
    return (double)r.rlim_cur;
}

/* Everything after stdio is set up: parse, validate, run. */
static int supervise(int argc, char **argv, struct console_out *out, struct out_stream *err_stream,
                     const sigset_t *stop_signals)
{
    struct options opt;
    char err[512];

    if (options_parse(argc, argv, &opt, err, sizeof err) != 0 ||
        options_resolve_paths(&opt, getenv("BUILD_WORKING_DIRECTORY"), err, sizeof err) != 0)
        return diag_error(EXIT_USAGE, "%s", err);
    if (opt.help) {
        int rc = print_text(out, options_usage);
        return rc != 0 ? rc : print_text(out, exit_code_help);
    }
    if (opt.version)
        return print_text(out, "scratchvm supervisor " SCRATCHVM_VERSION "\n");
    if (opt.print_policy) /* before anything is created: no VM, no KVM */
        return print_policy(out, &opt);
    /* Nothing inherited beyond stdio reaches the worker or stays here. */
    if (syscall(SYS_close_range, 3, ~0u, 0) != 0)
        return diag_error(EXIT_HOST, "close_range: %m");

    struct sandbox_config sb = {
        .seccomp = opt.seccomp_log ? SECCOMP_MODE_LOG : SECCOMP_MODE_ENFORCE,
    };
    if (geteuid() == 0) {
        if (supervisor_sandbox_user(&sb, opt.user, err, sizeof err) != 0)
            return diag_error(EXIT_USAGE, "%s", err);
    } else if (opt.user_given) {
        diag_verbose(opt.verbose, "not root: --user %s ignored", opt.user);
    }

    struct guest_config guest = {
        .strict = opt.strict,
        .trace = opt.trace,
        /* THR writes need no exit each; --trace shows every one as an exit. */
        .coalesce_port = opt.trace ? 0 : UART_COM1_BASE + UART_RBR_THR,
        /* With a CPU for each process, a round trip is faster spun than slept. */
        .spin_ns = usable_cpus() > 1 ? SPIN_NS : 0,
        .timing = opt.stats,
        .verbose = opt.verbose,
    };
    struct guest_image img;
    if (load_plan_guest(&opt, &img, &guest, err, sizeof err) != 0)
        return diag_error(EXIT_USAGE, "%s", err);

    struct devices dev;
    console_out_set_filter(out, !opt.raw_output && isatty(STDOUT_FILENO));
    out->limit = opt.max_output;
    if (devices_init(&dev, out) != 0)
        return diag_error(EXIT_HOST, "cannot build the device map");
    uint8_t port_map[GUEST_PORT_MAP_BYTES];
    port_bus_map(&dev.bus, port_map);
    guest.port_map = port_map;
    /* The worker's counters: one page shared with it, read once at the end
     * (ipc/ipc_stats.h says why that is safe). */
    struct run_stats *shared =
        mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED)
        return diag_error(EXIT_HOST, "cannot map the statistics page: %m");
    guest.stats = shared;
    struct worker_config wcfg = {.guest = &guest, .sandbox = &sb};

    /* Before the worker exists: nothing that can wait (a FIFO) is opened
     * while a guest runs. */
    struct out_stream stats;
    if (opt.stats_path != NULL) {
        if (open_stats(opt.stats_path, opt.stats_path, err, sizeof err) < 0)
            return diag_error(EXIT_USAGE, "%s", err);
        out_stream_adopt(&stats, SUPERVISOR_FD_STATS);
    }

    struct worker_process worker;
    if (worker_process_start(&worker, run_worker, &wcfg, true, err, sizeof err) != 0)
        return diag_error(EXIT_HOST, "%s", err);
    guest_image_free(&img); /* the worker has its own copy */
    crash_guard_set_worker(SUPERVISOR_FD_PIDFD);
    /* After the fork, so the worker never holds it; before the lockdown. */
    if (open_signal_fd(stop_signals) < 0) {
        worker_process_stop(&worker);
        return diag_error(EXIT_HOST, "signalfd: %m");
    }
    struct terminal term = {.fd = -1};
    crash_guard_set_terminal(&term);
    int raw = terminal_make_raw(&term, STDIN_FILENO, err, sizeof err);
    if (raw < 0) {
        worker_process_stop(&worker);
        return diag_error(EXIT_HOST, "%s", err);
    }
    if (raw == 2)
        diag_verbose(opt.verbose, "stdin is the terminal of another (foreground) job: no input");
    struct console_in in;
    console_in_init(&in, STDIN_FILENO, raw == 1);
    char ns[64], missing[64];
    struct stats_report report = {
        .mode = guest.load.mode,
        .seccomp = opt.seccomp_log ? "log" : "enforce",
        .namespaces = worker_process_ns_names(worker.ns_flags, ns, sizeof ns),
        .namespaces_missing = worker_process_ns_names(worker.ns_missing, missing, sizeof missing),
        .uid_switched = sb.change_id,
        .strict = opt.strict,
    };
    if (opt.verbose) {
        diag_verbose(true, "supervisor %d started worker %d", (int)getpid(), (int)worker.pid);
        diag_verbose(true, "sandbox: worker namespaces: %s; missing: %s", report.namespaces,
                     report.namespaces_missing);
        diag_verbose(true, "sandbox: both processes: %s, no capabilities, no_new_privs, seccomp %s",
                     sb.change_id ? "uid/gid of --user, no supplementary groups"
                                  : "not root, uid unchanged",
                     opt.seccomp_log ? "LOGGING ONLY (debugging)" : "enforcing");
        diag_verbose(true,
                     "exit path: %d CPU(s) usable, spin before sleeping: %u us; THR writes %s",
                     usable_cpus(), (unsigned)(guest.spin_ns / 1000),
                     guest.coalesce_port ? "coalesced after 1024" : "each an exit (--trace)");
    }
    struct session s = {
        .worker = &worker,
        .dev = &dev,
        .out = out,
        .in = raw == 2 ? NULL : &in,
        .signal_fd = SUPERVISOR_FD_SIGNAL,
        .err = err_stream,
        .err_is_data = opt.trace || opt.verbose || (opt.stats && opt.stats_path == NULL),
        .timeout_ms = opt.timeout_ms,
        .cpu_limit_s = cpu_limit_s(),
        .strict = opt.strict,
        .trace = opt.trace,
        .coalesce_port = guest.coalesce_port,
        .spin_ns = guest.spin_ns,
        .verbose = opt.verbose,
        .report = opt.stats ? &report : NULL,
        .stats = opt.stats_path != NULL ? &stats : NULL,
        .shared_stats = shared,
        .on_ready = lock_down,
        .on_ready_arg = &sb,
    };
    int code = session_run(&s);
    terminal_restore(&term);
    return code;
}

int main(int argc, char **argv)
{
    int closed = reserve_stdio();
    if (closed < 0)
        return EXIT_HOST; /* not even stderr to say so */
    sigset_t stop_signals;
    if (stop_signals_block(&stop_signals) != 0 || crash_guard_install() != 0)
        return diag_error(EXIT_HOST, "cannot set up signal handling: %m");
    /* stdout and stderr as streams that never block (common/out_stream.h):
     * private descriptions, so the shell's are never changed. */
    struct console_out out;
    struct out_stream err_stream;
    console_out_init(&out, STDOUT_FILENO);
    if (console_in_make_private(STDIN_FILENO) != 0 ||
        out_stream_open(&out.stream, STDOUT_FILENO) != 0 ||
        out_stream_open(&err_stream, STDERR_FILENO) != 0)
        return EXIT_HOST;
    struct line_guard guard = {&out, same_file(STDOUT_FILENO, STDERR_FILENO)};
    diag_use_stream(&err_stream, before_diag_line, &guard);
    int code;
    if ((closed & 6) == 6) {
        code = EXIT_HOST; /* nowhere to say it */
    } else if (closed & 2) {
        code =
            diag_error(EXIT_HOST, "stdout is closed: the guest's output would have nowhere to go");
    } else if (closed & 4) {
        diag_use_stream(&out.stream, NULL, NULL); /* the line goes where it can be read */
        code = diag_error(EXIT_HOST, "stderr is closed: diagnostics would have nowhere to go");
        (void)out_stream_drain(&out.stream, clock_now_ms() + MAIN_END_GRACE_MS);
    } else {
        code = supervise(argc, argv, &out, &err_stream, &stop_signals);
    }
    (void)out_stream_drain(&err_stream, clock_now_ms() + MAIN_END_GRACE_MS);
    return code;
}
