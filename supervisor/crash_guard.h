/* crash_guard.h - what the supervisor does when it itself dies of a fault.
 *
 * A synchronous fault (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP)
 * runs an async-signal-safe handler on its own stack: it puts the user's
 * terminal back, kills the worker through its pidfd, writes one line
 * (`scratchvm: supervisor crashed: SIGSEGV`) and re-raises the signal with
 * its default action, so the shell sees the supervisor killed by it (status
 * 128 + signal, and a core dump where the system makes one). The handler is
 * installed SA_RESETHAND | SA_NODEFER, and re-raises with kill(2) of its own
 * pid, which the supervisor's seccomp policy allows for these six signals
 * only. In a forked worker that has not yet reset what it inherited, the
 * handler only re-raises (its pid is not the supervisor's).
 *
 * The SIGSYS reporter of the supervisor's sandbox restores the same
 * terminal (crash_guard_restore_terminal).
 */
#ifndef SCRATCHVM_SUPERVISOR_CRASH_GUARD_H
#define SCRATCHVM_SUPERVISOR_CRASH_GUARD_H

#include "supervisor/terminal.h"

/* Install the handlers. Returns 0, or -1 with errno. */
int crash_guard_install(void);
/* The terminal to restore on a fatal signal (NULL: none). Set once. */
void crash_guard_set_terminal(struct terminal *t);
/* The worker's pidfd, once it exists (before, nothing is killed: fd 4
 * might be anything the supervisor inherited). */
void crash_guard_set_worker(int pidfd);
/* Restore it now; async-signal-safe. */
void crash_guard_restore_terminal(void);

#endif
