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
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/diag.h"
#include "common/exit_code.h"
#include "supervisor/console_in.h"
#include "supervisor/devices.h"
#include "supervisor/guest_image.h"
#include "supervisor/load_plan.h"
#include "supervisor/options.h"
#include "supervisor/run_policy.h"
#include "supervisor/sandbox.h"
#include "supervisor/session.h"
#include "supervisor/terminal.h"
#include "supervisor/worker_process.h"
#include "worker/worker.h"

#define SCRATCHVM_VERSION "0.1.0"
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

/* stdout on a private, non-blocking open file description, so that a
 * terminal or pipe that stops reading cannot hold a write past --timeout
 * (a blocking write to a terminal sleeps until every byte is taken). The
 * shell's own description is not touched. Regular files (whose offset and
 * append mode a reopen would lose) and sockets keep fd 1 as it is. */
static void stdout_nonblocking(void)
{
    struct stat st;
    if (fstat(STDOUT_FILENO, &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)))
        return;
    int fd = open("/proc/self/fd/1", O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return; /* no /proc: the deadline then holds for pipes, not terminals */
    (void)dup3(fd, STDOUT_FILENO, 0); /* if it fails, fd 1 stays as it was */
    close(fd);
}

/* --stats goes to stderr, or to FILE at SUPERVISOR_FD_STATS. */
static int open_stats(const char *path, char *err, size_t errlen)
{
    if (path == NULL)
        return STDERR_FILENO;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0644);
    if (fd < 0) {
        snprintf(err, errlen, "--stats=%s: %s", path, strerror(errno));
        return -1;
    }
    if (fd != SUPERVISOR_FD_STATS && (dup3(fd, SUPERVISOR_FD_STATS, O_CLOEXEC) < 0 || close(fd))) {
        snprintf(err, errlen, "--stats=%s: %s", path, strerror(errno));
        return -1;
    }
    return SUPERVISOR_FD_STATS;
}

static int lock_down(void *arg, char *err, size_t errlen)
{
    return supervisor_sandbox_enter(arg, err, errlen);
}

/* fds 0-2 exist from here on (on /dev/null if they were closed), so no
 * socket or pidfd can land on them. */
static int sanitise_stdio(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1)
            continue;
        int null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (null != fd)
            return -1;
    }
    return 0;
}

/* The signals that end a run arrive as data on SUPERVISOR_FD_SIGNAL, so the
 * run ends on the normal path: worker killed, terminal restored. Blocked
 * before the worker exists, so none is lost in between. */
static int block_stop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
    sigaddset(set, SIGQUIT);
    return sigprocmask(SIG_BLOCK, set, NULL);
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

int main(int argc, char **argv)
{
    struct options opt;
    char err[512];

    if (sanitise_stdio() != 0)
        return EXIT_HOST; /* not even stderr to say so */
    if (options_parse(argc, argv, &opt, err, sizeof err) != 0 ||
        options_resolve_paths(&opt, getenv("BUILD_WORKING_DIRECTORY"), err, sizeof err) != 0)
        return diag_error(EXIT_USAGE, "%s", err);
    if (opt.help) {
        printf("%s%s", options_usage, exit_code_help);
        return 0;
    }
    if (opt.version) {
        printf("scratchvm supervisor %s\n", SCRATCHVM_VERSION);
        return 0;
    }
    if (opt.print_policy) /* before anything is created: no VM, no KVM */
        return run_policy_print(&opt, stdout) == 0
                   ? 0
                   : diag_error(EXIT_HOST, "--print-policy: cannot write the filters");
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

    /* A closed stdout must end the run with an error, not kill us silently. */
    signal(SIGPIPE, SIG_IGN);
    sigset_t stop_signals;
    if (block_stop_signals(&stop_signals) != 0)
        return diag_error(EXIT_HOST, "sigprocmask: %m");

    struct console_out out;
    struct devices dev;
    stdout_nonblocking();
    console_out_init(&out, STDOUT_FILENO);
    console_out_set_filter(&out, !opt.raw_output && isatty(STDOUT_FILENO));
    out.limit = opt.max_output;
    if (devices_init(&dev, &out) != 0)
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

    struct worker_process worker;
    if (worker_process_start(&worker, run_worker, &wcfg, true, err, sizeof err) != 0)
        return diag_error(EXIT_HOST, "%s", err);
    guest_image_free(&img); /* the worker has its own copy */
    /* After the fork, so the worker never holds it; before the lockdown. */
    int stats_fd = -1;
    if (opt.stats)
        stats_fd = open_stats(opt.stats_path, err, sizeof err);
    if (opt.stats && stats_fd < 0) {
        worker_process_stop(&worker);
        return diag_error(EXIT_USAGE, "%s", err);
    }
    if (open_signal_fd(&stop_signals) < 0) {
        worker_process_stop(&worker);
        return diag_error(EXIT_HOST, "signalfd: %m");
    }
    struct terminal term;
    int raw = terminal_make_raw(&term, STDIN_FILENO, err, sizeof err);
    if (raw < 0) {
        worker_process_stop(&worker);
        return diag_error(EXIT_HOST, "%s", err);
    }
    supervisor_sandbox_restore_on_violation(&term);
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
        .out = &out,
        .in = &in,
        .signal_fd = SUPERVISOR_FD_SIGNAL,
        .timeout_ms = opt.timeout_ms,
        .strict = opt.strict,
        .trace = opt.trace,
        .coalesce_port = guest.coalesce_port,
        .spin_ns = guest.spin_ns,
        .verbose = opt.verbose,
        .report = opt.stats ? &report : NULL,
        .stats_fd = stats_fd,
        .shared_stats = shared,
        .on_ready = lock_down,
        .on_ready_arg = &sb,
    };
    int code = session_run(&s);
    terminal_restore(&term);
    return code;
}
