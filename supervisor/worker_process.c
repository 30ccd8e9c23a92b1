#include "supervisor/worker_process.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int pidfd_open(pid_t pid)
{
    return (int)syscall(SYS_pidfd_open, pid, 0);
}

int worker_process_start(struct worker_process *wp, worker_entry_fn entry, void *arg, char *err,
                         size_t errlen)
{
    int sv[2];
    *wp = (struct worker_process){.pid = -1, .pidfd = -1, .sock = -1};
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        snprintf(err, errlen, "socketpair: %s", strerror(errno));
        return -1;
    }
    pid_t parent = getpid();
    fflush(NULL); /* the child must not write the parent's buffered output again */
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errlen, "cannot create the worker process: %s", strerror(errno));
        close(sv[0]);
        close(sv[1]);
        return -1;
    }
    if (pid == 0) {
        close(sv[0]);
        /* Die with the supervisor, even if it died before this line. */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
            _exit(127);
        _exit(entry(arg, sv[1]));
    }
    close(sv[1]);
    wp->pid = pid;
    wp->sock = sv[0];
    wp->pidfd = pidfd_open(pid);
    if (wp->pidfd < 0) {
        snprintf(err, errlen, "pidfd_open: %s", strerror(errno));
        worker_process_stop(wp);
        return -1;
    }
    return 0;
}

static void reap(struct worker_process *wp)
{
    while (waitpid(wp->pid, &wp->status, 0) < 0 && errno == EINTR)
        ;
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
        kill(wp->pid, SIGKILL); /* not reaped yet, so the pid is still ours */
        reap(wp);
    }
    if (wp->pidfd >= 0)
        close(wp->pidfd);
    if (wp->sock >= 0)
        close(wp->sock);
    wp->pidfd = wp->sock = -1;
}
