#include "supervisor/sandbox.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/exit_code.h"
#include "common/privdrop.h"
#include "common/syscall_names.h"
#include "common/test_hooks.h"
#include "supervisor/crash_guard.h"
#include "supervisor/seccomp_policy.h"
#include "supervisor/worker_process.h"

static size_t append(char *buf, size_t len, size_t cap, const char *s)
{
    while (*s != '\0' && len < cap)
        buf[len++] = *s++;
    return len;
}

/* SECCOMP_RET_TRAP lands here. Async-signal-safe only: format by hand,
 * write(2), kill the worker through its pidfd, _exit. */
static void report_violation(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    char line[128], num[12];
    unsigned nr = (unsigned)si->si_syscall;
    size_t n = 0, d = sizeof num;
    num[--d] = '\0';
    do {
        num[--d] = (char)('0' + nr % 10);
        nr /= 10;
    } while (nr != 0 && d > 0);
    n = append(line, n, sizeof line, "scratchvm: supervisor sandbox violation: syscall ");
    n = append(line, n, sizeof line, syscall_name(si->si_syscall));
    n = append(line, n, sizeof line, " (");
    n = append(line, n, sizeof line, num + d);
    n = append(line, n, sizeof line, ")\n");
    crash_guard_restore_terminal();
    (void)!write(STDERR_FILENO, line, n);
    syscall(SYS_pidfd_send_signal, SUPERVISOR_FD_PIDFD, SIGKILL, NULL, 0);
    _exit(EXIT_PROTOCOL);
}

int supervisor_sandbox_enter(const struct sandbox_config *sb, char *err, size_t errlen)
{
    char why[200];
    if (privdrop(sb, why, sizeof why) != 0) {
        snprintf(err, errlen, "supervisor: %s", why);
        return -1;
    }
    struct sigaction sa = {.sa_sigaction = report_violation, .sa_flags = SA_SIGINFO};
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSYS, &sa, NULL) != 0) {
        snprintf(err, errlen, "sigaction SIGSYS: %s", strerror(errno));
        return -1;
    }
    if (seccomp_filter_install(&supervisor_seccomp_policy, sb->seccomp, err, errlen) != 0)
        return -1;
    test_hook_locked_down("SCRATCHVM_TEST_SUPERVISOR_VIOLATION");
    return 0;
}

int supervisor_sandbox_user(struct sandbox_config *sb, const char *name, char *err, size_t errlen)
{
    errno = 0;
    struct passwd *pw = getpwnam(name);
    if (pw == NULL) {
        snprintf(err, errlen, "--user %s: no such user%s%s", name, errno ? ": " : "",
                 errno ? strerror(errno) : "");
        return -1;
    }
    if (pw->pw_uid == 0) {
        snprintf(err, errlen, "--user %s: refusing to run as root", name);
        return -1;
    }
    sb->change_id = true;
    sb->uid = pw->pw_uid;
    sb->gid = pw->pw_gid;
    return 0;
}
