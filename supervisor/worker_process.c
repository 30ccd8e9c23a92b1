#include "supervisor/worker_process.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct {
    unsigned long flag;
    const char *name;
} ns_layers[] = {
    {CLONE_NEWUSER, "user"}, {CLONE_NEWPID, "pid"}, {CLONE_NEWNET, "net"},
    {CLONE_NEWIPC, "ipc"},   {CLONE_NEWUTS, "uts"}, {CLONE_NEWNS, "mnt"},
};

const char *worker_process_ns_names(unsigned long flags, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof ns_layers / sizeof ns_layers[0]; i++)
        if (flags & ns_layers[i].flag)
            used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
                                     used ? " " : "", ns_layers[i].name);
    if (used == 0)
        snprintf(buf, len, "none");
    return buf;
}

/* clone3 has no glibc wrapper. Like fork, but with namespace flags and a
 * pidfd. The child must not rely on glibc's cached thread id (no raise()). */
static pid_t clone3_child(unsigned long flags, int *pidfd)
{
    struct clone_args args = {
        .flags = flags | CLONE_PIDFD,
        .pidfd = (uint64_t)(uintptr_t)pidfd,
        .exit_signal = SIGCHLD,
    };
    return (pid_t)syscall(SYS_clone3, &args, sizeof args);
}

/* Which namespace layers can this process create? Probe each one alone
 * (only when creating all of them at once failed). */
static unsigned long probe_namespaces(unsigned long wanted)
{
    unsigned long user = wanted & CLONE_NEWUSER, ok = 0;
    for (size_t i = 0; i < sizeof ns_layers / sizeof ns_layers[0]; i++) {
        unsigned long f = ns_layers[i].flag;
        if (!(wanted & f) || f == CLONE_NEWUSER)
            continue;
        int pidfd = -1;
        pid_t pid = clone3_child(user | f, &pidfd);
        if (pid == 0)
            _exit(0);
        if (pid > 0) {
            ok |= f;
            while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
                ;
            close(pidfd);
        }
    }
    return ok ? ok | user : 0;
}

static int move_fd(int fd, int to)
{
    if (fd == to)
        return fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 ? 0 : -1;
    if (fcntl(to, F_GETFD) >= 0) { /* never clobber an fd someone else owns */
        errno = EBUSY;
        return -1;
    }
    if (dup3(fd, to, O_CLOEXEC) < 0)
        return -1;
    close(fd);
    return 0;
}

int worker_process_start(struct worker_process *wp, worker_entry_fn entry, void *arg,
                         bool namespaces, char *err, size_t errlen)
{
    int sv[2];
    *wp = (struct worker_process){.pid = -1, .pidfd = -1, .sock = -1};
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        snprintf(err, errlen, "socketpair: %s", strerror(errno));
        return -1;
    }
    unsigned long wanted = 0;
    if (namespaces) {
        wanted = CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNS;
        if (geteuid() != 0)
            wanted |= CLONE_NEWUSER; /* lets an ordinary user create the rest */
    }
    fflush(NULL); /* the child must not write the parent's buffered output again */
    unsigned long all = wanted;
    int pidfd = -1;
    pid_t pid = clone3_child(wanted, &pidfd);
    if (pid < 0 && wanted != 0) {
        wanted = probe_namespaces(wanted);
        pid = clone3_child(wanted, &pidfd);
    }
    if (pid < 0) {
        snprintf(err, errlen, "cannot create the worker process: %s", strerror(errno));
        close(sv[0]);
        close(sv[1]);
        return -1;
    }
    if (pid == 0) {
        close(sv[0]);
        /* Die with the supervisor. Had it died already, the worker's first
         * message fails with EPIPE and it exits then. */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
            _exit(127);
        _exit(entry(arg, sv[1]));
    }
    close(sv[1]);
    wp->pid = pid;
    wp->ns_flags = wanted;
    wp->ns_missing = all & ~wanted & ~(unsigned long)CLONE_NEWUSER;
    /* Fixed numbers, so the seccomp policy can name them. */
    if (move_fd(sv[0], SUPERVISOR_FD_SOCK) != 0 || move_fd(pidfd, SUPERVISOR_FD_PIDFD) != 0) {
        snprintf(err, errlen, "cannot move the worker's fds to %d and %d: %s", SUPERVISOR_FD_SOCK,
                 SUPERVISOR_FD_PIDFD, strerror(errno));
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        close(sv[0]);
        close(pidfd);
        return -1;
    }
    wp->sock = SUPERVISOR_FD_SOCK;
    wp->pidfd = SUPERVISOR_FD_PIDFD;
    return 0;
}

static void reap(struct worker_process *wp)
{
    struct rusage ru = {0};
    while (wait4(wp->pid, &wp->status, 0, &ru) < 0 && errno == EINTR)
        ;
    wp->cpu_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    wp->reaped = true;
}

int worker_process_wait(struct worker_process *wp, int timeout_ms)
{
    if (wp->reaped)
        return 0;
    struct pollfd p = {.fd = wp->pidfd, .events = POLLIN};
    int n;
    do {
        n = poll(&p, 1, timeout_ms);
    } while (n < 0 && errno == EINTR);
    if (n <= 0)
        return -1;
    reap(wp);
    return 0;
}

void worker_process_stop(struct worker_process *wp)
{
    if (wp->pid > 0 && !wp->reaped) {
        /* Through the pidfd: the only way to signal the seccomp policy allows. */
        syscall(SYS_pidfd_send_signal, wp->pidfd, SIGKILL, NULL, 0);
        reap(wp);
    }
    if (wp->pidfd >= 0)
        close(wp->pidfd);
    if (wp->sock >= 0)
        close(wp->sock);
    wp->pidfd = wp->sock = -1;
}
