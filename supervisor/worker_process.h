/* worker_process.h - creating, watching and ending the worker process.
 *
 * The worker is a forked copy of the supervisor joined to it by one
 * SOCK_SEQPACKET socketpair; it dies with the supervisor (PDEATHSIG). The
 * supervisor keeps its pid and a pidfd, never a KVM file descriptor.
 */
#ifndef SCRATCHVM_SUPERVISOR_WORKER_PROCESS_H
#define SCRATCHVM_SUPERVISOR_WORKER_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct worker_process {
    pid_t pid;
    int pidfd; /* readable once the worker has exited */
    int sock;  /* the supervisor's end of the socketpair */
    bool reaped;
    int status; /* wait status, once reaped */
};

/* The child's body: runs in the new process with its end of the socket and
 * returns its exit status. */
typedef int (*worker_entry_fn)(void *arg, int sock);

/* Create the socketpair and the child running `entry(arg, sock)`. Returns
 * 0, or -1 with a one-line reason in `err`. */
int worker_process_start(struct worker_process *wp, worker_entry_fn entry, void *arg, char *err,
                         size_t errlen);

/* Wait up to `timeout_ms` for the worker to exit on its own and reap it.
 * Returns 0 when reaped (wp->status valid), -1 if it is still running. */
int worker_process_wait(struct worker_process *wp, int timeout_ms);

/* Kill the worker unless already reaped, reap it and close our fds. */
void worker_process_stop(struct worker_process *wp);

#endif
