/* Unit tests of the policy printer: every kind of argument and operator,
 * the own-pid marker, and the default actions, as exact lines. */
#include "common/seccomp_build_rules.h"
#include "common/seccomp_filter.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit.h"

#define TEST_REQUEST 0xae80

static const struct seccomp_rule rules[] = {
    {SCMP_SYS(ioctl),
     2,
     {SECCOMP_ARG(0, SCMP_CMP_EQ, 4, 0), SECCOMP_ARG(1, SCMP_CMP_EQ, TEST_REQUEST, 0)},
     "a request by name"},
    {SCMP_SYS(ioctl), 1, {SECCOMP_ARG(1, SCMP_CMP_EQ, (0x5401), 0)}, "a request without one"},
    {SCMP_SYS(kill),
     2,
     {SECCOMP_ARG(0, SCMP_CMP_EQ, SECCOMP_DATUM_SELF_PID, 0),
      SECCOMP_ARG(1, SCMP_CMP_EQ, SIGSEGV, 0)},
     "re-raise a fault"},
    {SCMP_SYS(write), 1, {SECCOMP_ARG(0, SCMP_CMP_LE, 9, 0)}, "an fd with no name"},
    {SCMP_SYS(mmap), 1, {SECCOMP_ARG(2, SCMP_CMP_MASKED_EQ, 0x4, 0)}, "a masked argument"},
    {SCMP_SYS(exit_group), 0, {}, "no arguments"},
};

static const char *const fd_names[] = {[4] = "vcpu"};

static const struct seccomp_policy policy = {
    .name = "test",
    .rules = rules,
    .nrules = sizeof rules / sizeof rules[0],
    .fd_names = fd_names,
    .nfd_names = sizeof fd_names / sizeof fd_names[0],
};

static char *print(enum seccomp_mode mode)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(f != NULL);
    CHECK_EQ(seccomp_policy_print(f, &policy, mode), 0);
    fclose(f);
    return buf;
}

TEST(print_enforce)
{
    char *out = print(SECCOMP_MODE_ENFORCE);
    CHECK_STR(out, "test\tallow\tioctl\tfd==4(vcpu) request==TEST_REQUEST\ta request by name\n"
                   "test\tallow\tioctl\trequest==0x5401\ta request without one\n"
                   "test\tallow\tkill\tpid==self sig==SIGSEGV\tre-raise a fault\n"
                   "test\tallow\twrite\tfd<=9\tan fd with no name\n"
                   "test\tallow\tmmap\targ2&0x4==0\ta masked argument\n"
                   "test\tallow\texit_group\t-\tno arguments\n"
                   "test\tdefault\ttrap\n"
                   "test\tbadarch\tkill_thread\n");
    free(out);
}

TEST(print_log)
{
    char *out = print(SECCOMP_MODE_LOG);
    const char *tail = "test\tdefault\tlog\ntest\tbadarch\tkill_thread\n";
    CHECK(strlen(out) > strlen(tail));
    CHECK_STR(out + strlen(out) - strlen(tail), tail);
    free(out);
}

/* The own-pid marker becomes the installing process's pid: a child that
 * may only kill(self, 0) and exit survives kill(self, 0) and dies of
 * SIGSYS for kill(1, 0). */
static const struct seccomp_rule self_rules[] = {
    {SCMP_SYS(kill),
     2,
     {SECCOMP_ARG(0, SCMP_CMP_EQ, SECCOMP_DATUM_SELF_PID, 0), SECCOMP_ARG(1, SCMP_CMP_EQ, 0, 0)},
     "probe ourselves"},
    {SCMP_SYS(exit_group), 0, {}, "end"},
};

static const struct seccomp_policy self_policy = {
    .name = "self",
    .rules = self_rules,
    .nrules = sizeof self_rules / sizeof self_rules[0],
    .build = SECCOMP_BUILD_RULES, /* a sanitizer's runtime in the child needs them */
};

static int child_status(int target_self)
{
    pid_t pid = fork();
    if (pid == 0) {
        char err[256];
        pid_t self = getpid(); /* before the filter, which forbids getpid */
        if (seccomp_filter_install(&self_policy, SECCOMP_MODE_ENFORCE, err, sizeof err) != 0)
            _exit(3);
        syscall(SYS_kill, target_self ? self : 1, 0);
        _exit(0);
    }
    int status = -1;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    return status;
}

TEST(self_pid_replaced)
{
    int status = child_status(1);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    status = child_status(0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS);
}

TEST(count)
{
    CHECK_EQ(seccomp_policy_count(&policy), 5);
}

int main(void)
{
    RUN(print_enforce);
    RUN(print_log);
    RUN(count);
    RUN(self_pid_replaced);
    return unit_summary();
}
