/* The supervisor's allowlist for the device loop: it reads and answers the
 * worker, writes guest output and diagnostics, keeps time, and ends and
 * reaps the worker. Default action: trap (sandbox.c names the syscall). */
#include "supervisor/seccomp_policy.h"

#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/seccomp_build_rules.h"
#include "ipc/ipc_proto.h"

#include "supervisor/worker_process.h"

#define FD_IS(fd) SECCOMP_ARG(0, SCMP_CMP_EQ, (fd), 0)
/* crash_guard.c re-raises a fault of its own with its default action. */
#define KILL_SELF(sig)                                                                             \
    {                                                                                              \
        SCMP_SYS(kill), 2,                                                                         \
            {SECCOMP_ARG(0, SCMP_CMP_EQ, SECCOMP_DATUM_SELF_PID, 0),                               \
             SECCOMP_ARG(1, SCMP_CMP_EQ, (sig), 0)},                                               \
            "re-raise a fault of the supervisor itself (" #sig ") after the terminal is restored"  \
    }

static const struct seccomp_rule rules[] = {
    {SCMP_SYS(poll), 0, {}, "wait for the worker, stdin, a stop signal or the timeout"},
    {SCMP_SYS(read), 1, {FD_IS(STDIN_FILENO)}, "the guest's input, for COM1's receiver"},
    {SCMP_SYS(read), 1, {FD_IS(SUPERVISOR_FD_SIGNAL)}, "which signal stops the run (signalfd)"},
    {SCMP_SYS(ioctl),
     2,
     {FD_IS(STDIN_FILENO), SECCOMP_ARG(1, SCMP_CMP_EQ, TCSETS, 0)},
     "put the terminal's settings back when the run ends (tcsetattr)"},
    {SCMP_SYS(recvfrom), 1, {FD_IS(SUPERVISOR_FD_SOCK)}, "read the worker's messages"},
    {SCMP_SYS(sendto), 1, {FD_IS(SUPERVISOR_FD_SOCK)}, "answer the worker's INs"},
    {SCMP_SYS(write), 1, {FD_IS(STDOUT_FILENO)}, "guest output to the terminal"},
    {SCMP_SYS(write), 1, {FD_IS(STDERR_FILENO)}, "one-line diagnostics, --trace, --stats"},
    {SCMP_SYS(write), 1, {FD_IS(SUPERVISOR_FD_STATS)}, "the --stats=FILE report"},
    {SCMP_SYS(sendto),
     3,
     {FD_IS(STDOUT_FILENO), SECCOMP_ARG(3, SCMP_CMP_EQ, MSG_DONTWAIT | MSG_NOSIGNAL, 0),
      SECCOMP_ARG(4, SCMP_CMP_EQ, 0, 0)},
     "guest output when stdout is a stream socket (send, MSG_DONTWAIT, no address)"},
    {SCMP_SYS(sendto),
     3,
     {FD_IS(STDERR_FILENO), SECCOMP_ARG(3, SCMP_CMP_EQ, MSG_DONTWAIT | MSG_NOSIGNAL, 0),
      SECCOMP_ARG(4, SCMP_CMP_EQ, 0, 0)},
     "diagnostics when stderr is a stream socket (send, MSG_DONTWAIT, no address)"},
    {SCMP_SYS(recvfrom),
     3,
     {FD_IS(STDIN_FILENO), SECCOMP_ARG(3, SCMP_CMP_EQ, MSG_DONTWAIT, 0),
      SECCOMP_ARG(4, SCMP_CMP_EQ, 0, 0)},
     "the guest's input when stdin is a stream socket (recv, MSG_DONTWAIT)"},
    {SCMP_SYS(pidfd_send_signal),
     2,
     {FD_IS(SUPERVISOR_FD_PIDFD), SECCOMP_ARG(1, SCMP_CMP_EQ, SIGKILL, 0)},
     "kill the worker, through its pidfd, with SIGKILL only"},
    {SCMP_SYS(pidfd_send_signal),
     2,
     {FD_IS(SUPERVISOR_FD_PIDFD), SECCOMP_ARG(1, SCMP_CMP_EQ, IPC_KICK_SIGNAL, 0)},
     "kick the worker out of KVM_RUN to read a raised INTR line (SIGUSR1 only)"},
    KILL_SELF(SIGSEGV),
    KILL_SELF(SIGBUS),
    KILL_SELF(SIGILL),
    KILL_SELF(SIGFPE),
    KILL_SELF(SIGABRT),
    KILL_SELF(SIGTRAP),
    {SCMP_SYS(rt_sigprocmask),
     0,
     {},
     "abort() and raise() change the mask around raising SIGABRT (SIGSYS cannot be held off)"},
    {SCMP_SYS(getpid), 0, {}, "abort() and raise() name this process (information only)"},
    {SCMP_SYS(gettid), 0, {}, "abort() and raise() name this thread (information only)"},
    {SCMP_SYS(tgkill),
     3,
     {SECCOMP_ARG(0, SCMP_CMP_EQ, SECCOMP_DATUM_SELF_PID, 0),
      SECCOMP_ARG(1, SCMP_CMP_EQ, SECCOMP_DATUM_SELF_PID, 0),
      SECCOMP_ARG(2, SCMP_CMP_EQ, SIGABRT, 0)},
     "abort() (a failed assert) raises SIGABRT on this one thread, so crash_guard runs"},
    {SCMP_SYS(wait4), 0, {}, "reap the worker (a process can only wait for its children)"},
    {SCMP_SYS(close), 1, {FD_IS(SUPERVISOR_FD_SOCK)}, "close the socket when the run ends"},
    {SCMP_SYS(close), 1, {FD_IS(SUPERVISOR_FD_PIDFD)}, "close the pidfd when the run ends"},
    {SCMP_SYS(clock_gettime), 0, {}, "the timeout's clock, when the vDSO cannot serve it"},
    {SCMP_SYS(restart_syscall),
     0,
     {},
     "resume a poll with a timeout after the supervisor was stopped and continued (SIGSTOP)"},
    {SCMP_SYS(exit_group), 0, {}, "exit with the run's status"},
};

static const char *const fd_names[] = {
    [STDIN_FILENO] = "stdin",        [STDOUT_FILENO] = "stdout",
    [STDERR_FILENO] = "stderr",      [SUPERVISOR_FD_SOCK] = "socket",
    [SUPERVISOR_FD_PIDFD] = "pidfd", [SUPERVISOR_FD_SIGNAL] = "signalfd",
    [SUPERVISOR_FD_STATS] = "stats",
};

const struct seccomp_policy supervisor_seccomp_policy = {
    .name = "supervisor",
    .rules = rules,
    .nrules = sizeof rules / sizeof rules[0],
    .fd_names = fd_names,
    .nfd_names = sizeof fd_names / sizeof fd_names[0],
    .build = SECCOMP_BUILD_RULES, /* NULL: the shipped build adds nothing */
};
