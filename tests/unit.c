#include "tests/unit.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct unit_state unit;

int unit_summary(void)
{
    printf("%d passed, %d failed\n", unit.passed, unit.failed);
    return unit.failed ? 1 : 0;
}

static void record(const char *name, bool ok, const char *why)
{
    if (ok) {
        unit.passed++;
        printf("ok   %s\n", name);
    } else {
        unit.failed++;
        printf("FAIL %s%s\n", name, why);
    }
    fflush(stdout);
}

void unit_run_within(const char *name, void (*fn)(void), int seconds)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        record(name, false, ": cannot fork");
        return;
    }
    if (pid == 0) {
        setpgid(0, 0); /* so that what the case started goes with it */
        unit.current_failed = 0;
        fn();
        fflush(stdout);
        _exit(unit.current_failed ? 1 : 0);
    }
    setpgid(pid, pid);
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    struct pollfd p = {.fd = pidfd, .events = POLLIN};
    int n;
    do {
        n = pidfd >= 0 ? poll(&p, 1, seconds * 1000) : 1;
    } while (n < 0 && errno == EINTR);
    if (n == 0) {
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (pidfd >= 0)
        close(pidfd);
    char why[96] = "";
    if (n == 0)
        snprintf(why, sizeof why, ": hung for more than %d s, killed", seconds);
    else if (WIFSIGNALED(st))
        snprintf(why, sizeof why, ": killed by signal %d", WTERMSIG(st));
    record(name, n != 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0, why);
}
