#include "supervisor/crash_guard.h"

#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Read by signal handlers only; set before the worker exists. */
static struct terminal *guarded_terminal;
static pid_t self;                  /* the supervisor (a forked worker is not it) */
static int worker_pidfd = -1;       /* set once the worker exists */
static char fault_stack[64 * 1024]; /* a stack overflow still gets its line */

static const struct {
    int sig;
    const char *line;
} faults[] = {
    {SIGSEGV, "scratchvm: supervisor crashed: SIGSEGV\n"},
    {SIGBUS, "scratchvm: supervisor crashed: SIGBUS\n"},
    {SIGILL, "scratchvm: supervisor crashed: SIGILL\n"},
    {SIGFPE, "scratchvm: supervisor crashed: SIGFPE\n"},
    {SIGABRT, "scratchvm: supervisor crashed: SIGABRT\n"},
    {SIGTRAP, "scratchvm: supervisor crashed: SIGTRAP\n"},
};

void crash_guard_set_terminal(struct terminal *t)
{
    guarded_terminal = t;
}

void crash_guard_set_worker(int pidfd)
{
    worker_pidfd = pidfd;
}

void crash_guard_restore_terminal(void)
{
    if (guarded_terminal != NULL)
        terminal_restore(guarded_terminal);
}

static void on_fault(int sig)
{
    /* A worker not yet past its reset of the signals it inherited is not
     * the supervisor: it only dies (the action is back to the default). */
    if (getpid() == self) {
        crash_guard_restore_terminal();
        if (worker_pidfd >= 0)
            syscall(SYS_pidfd_send_signal, worker_pidfd, SIGKILL, NULL, 0);
    }
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
        if (faults[i].sig == sig)
            (void)!write(STDERR_FILENO, faults[i].line, strlen(faults[i].line));
    /* SA_RESETHAND made the action the default, SA_NODEFER left the signal
     * unblocked: this ends the process by `sig`. Were it to return, the
     * faulting instruction runs again and faults for good. */
    kill(getpid(), sig);
}

int crash_guard_install(void)
{
    self = getpid();
    stack_t ss = {.ss_sp = fault_stack, .ss_size = sizeof fault_stack};
    if (sigaltstack(&ss, NULL) != 0)
        return -1;
    struct sigaction sa = {.sa_handler = on_fault,
                           .sa_flags = SA_RESETHAND | SA_NODEFER | SA_ONSTACK};
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
        if (sigaction(faults[i].sig, &sa, NULL) != 0)
            return -1;
    return 0;
}
