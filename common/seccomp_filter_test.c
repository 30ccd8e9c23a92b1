/* Unit tests of the policy printer: every kind of argument and operator,
 * the own-pid marker, the default actions and a build's additions, as
 * exact lines; and what an installed filter allows, fails and traps. */
#include "common/seccomp_filter.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/seccomp_build_rules.h"
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

/* A build-only table: printed after the policy's rules, marked with the
 * build; installed with its actions (allow, or fail with the errno). */
static const struct seccomp_build_rule extra_rules[] = {
    {{SCMP_SYS(getuid), 0, {}, "allowed by the build"}, 0},
    {{SCMP_SYS(getppid), 0, {}, "failed by the build"}, EACCES},
};

static const struct seccomp_build_rules extra = {
    .build = "san",
    .rules = extra_rules,
    .nrules = sizeof extra_rules / sizeof extra_rules[0],
};

static const struct seccomp_rule exit_only[] = {
    {SCMP_SYS(exit_group), 0, {}, "end"},
};

static const struct seccomp_policy with_extra = {
    .name = "x",
    .rules = exit_only,
    .nrules = 1,
    .build = &extra,
};

TEST(build_rules_printed)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(f != NULL);
    CHECK_EQ(seccomp_policy_print(f, &with_extra, SECCOMP_MODE_ENFORCE), 0);
    fclose(f);
    CHECK_STR(buf, "x\tallow\texit_group\t-\tend\n"
                   "x\tsan-allow\tgetuid\t-\tallowed by the build\n"
                   "x\tsan-errno=EACCES\tgetppid\t-\tfailed by the build\n"
                   "x\tdefault\ttrap\n"
                   "x\tbadarch\tkill_thread\n");
    free(buf);
    CHECK_EQ(seccomp_policy_count(&with_extra), 1); /* the policy's own */
}

/* In a child under `with_extra`: 0 if getuid ran and getppid failed with
 * EACCES, else 1; `then_kill` then makes a call neither table has. The
 * child ends with the raw exit_group (_exit may make calls a sanitizer's
 * runtime needs, which this policy does not carry). */
static int build_child(int then_kill)
{
    pid_t pid = fork();
    if (pid == 0) {
        char err[256];
        uid_t uid = getuid();
        if (seccomp_filter_install(&with_extra, SECCOMP_MODE_ENFORCE, err, sizeof err) != 0)
            syscall(SYS_exit_group, 3);
        long u = syscall(SYS_getuid);
        long pp = syscall(SYS_getppid);
        int ok = u == (long)uid && pp == -1 && errno == EACCES;
        if (then_kill)
            syscall(SYS_kill, 1, 0);
        syscall(SYS_exit_group, ok ? 0 : 1);
    }
    int status = -1;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    return status;
}

TEST(build_rules_installed)
{
    int status = build_child(0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    status = build_child(1);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS);
}

int main(void)
{
    RUN(print_enforce);
    RUN(print_log);
    RUN(count);
    RUN(self_pid_replaced);
    RUN(build_rules_printed);
    RUN(build_rules_installed);
    return unit_summary();
}
