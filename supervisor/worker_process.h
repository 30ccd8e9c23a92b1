/* worker_process.h - creating, watching and ending the worker process.
 *
 * The worker is a copy of the supervisor made with clone3: in new PID,
 * network, IPC, UTS and mount namespaces (through a new user namespace
 * when not root) wherever the kernel allows, joined to the supervisor by
 * one SOCK_SEQPACKET socketpair, and killed if the supervisor dies
 * (PDEATHSIG). The supervisor keeps a pidfd and its socket end at fixed
 * fd numbers, never a KVM file descriptor.
 */
#ifndef SCRATCHVM_SUPERVISOR_WORKER_PROCESS_H
#define SCRATCHVM_SUPERVISOR_WORKER_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The supervisor's fds once the worker exists (its seccomp policy names them). */
#define SUPERVISOR_FD_SOCK 3
#define SUPERVISOR_FD_PIDFD 4
#define SUPERVISOR_FD_SIGNAL 5 /* signalfd: SIGINT, SIGTERM, SIGHUP, SIGQUIT */
#define SUPERVISOR_FD_STATS 6  /* --stats=FILE */

struct worker_process {
    pid_t pid;
    int pidfd; /* readable once the worker has exited */
    int sock;  /* the supervisor's end of the socketpair */
    bool reaped;
    int status;               /* wait status, once reaped */
    double cpu_s;             /* its user + system time, once reaped */
    unsigned long ns_flags;   /* CLONE_NEW* flags the worker was created with */
    unsigned long ns_missing; /* wanted, but the kernel refused them */
};

/* The child's body: runs in the new process with its end of the socket and
 * returns its exit status. */
typedef int (*worker_entry_fn)(void *arg, int sock);

/* Create the socketpair and the child running `entry(arg, sock)`, in new
 * namespaces if `namespaces`. Returns 0, or -1 with a one-line reason in
 * `err`. The parent's socket and pidfd end up at SUPERVISOR_FD_*. */
int worker_process_start(struct worker_process *wp, worker_entry_fn entry, void *arg,
                         bool namespaces, char *err, size_t errlen);

/* Describe wp->ns_flags for --verbose: "pid net ipc uts mnt" (into buf). */
const char *worker_process_ns_names(unsigned long flags, char *buf, size_t len);

/* Wait up to `timeout_ms` for the worker to exit on its own and reap it.
 * Returns 0 when reaped (wp->status valid), -1 if it is still running. */
int worker_process_wait(struct worker_process *wp, int timeout_ms);

/* Kill the worker unless already reaped, reap it and close our fds. */
void worker_process_stop(struct worker_process *wp);

#endif
