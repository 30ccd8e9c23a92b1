/* privdrop_test - privdrop() itself sets no_new_privs and clears dumpable
 * and the capabilities, with no seccomp filter loaded (loading one would
 * also set no_new_privs, and hide a privdrop that stopped doing it). Each
 * case runs in a forked child, which reports what it saw. */
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/privdrop.h"
#include "tests/unit.h"

struct seen {
    int nnp_before, nnp_after, dumpable_after, rc, seccomp_after;
    char cap_eff[32];
    char err[256];
};

/* The CapEff line of /proc/self/status, its value only. */
static void read_cap_eff(char *out, size_t len)
{
    snprintf(out, len, "?");
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL)
        return;
    char line[256];
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "CapEff:\t", 8) == 0) {
            line[strcspn(line, "\n")] = '\0';
            snprintf(out, len, "%s", line + 8);
        }
    }
    fclose(f);
}

/* Runs privdrop in a child; fills `s` from what the child saw. Returns 0,
 * or -1 when the child could not report. */
static int drop_in_child(struct seen *s)
{
    int p[2];
    if (pipe(p) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(p[0]);
        struct seen c = {0};
        struct sandbox_config sb = {.change_id = false, .seccomp = SECCOMP_MODE_ENFORCE};
        c.nnp_before = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
        c.rc = privdrop(&sb, c.err, sizeof c.err);
        c.nnp_after = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
        c.dumpable_after = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
        c.seccomp_after = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
        read_cap_eff(c.cap_eff, sizeof c.cap_eff);
        _exit(write(p[1], &c, sizeof c) == (ssize_t)sizeof c ? 0 : 1);
    }
    close(p[1]);
    ssize_t n = read(p[0], s, sizeof *s);
    close(p[0]);
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return n == (ssize_t)sizeof *s ? 0 : -1;
}

TEST(privdrop_sets_no_new_privs_itself)
{
    struct seen s;
    CHECK_EQ(drop_in_child(&s), 0);
    CHECK_EQ(s.nnp_before, 0); /* else this test could not tell */
    CHECK_STR(s.err, "");
    CHECK_EQ(s.rc, 0);
    CHECK_EQ(s.seccomp_after, 0); /* no filter: privdrop alone did it */
    CHECK_EQ(s.nnp_after, 1);
}

TEST(privdrop_clears_dumpable_and_capabilities)
{
    struct seen s;
    CHECK_EQ(drop_in_child(&s), 0);
    CHECK_EQ(s.rc, 0);
    CHECK_EQ(s.dumpable_after, 0);
    CHECK_STR(s.cap_eff, "0000000000000000");
}

int main(void)
{
    RUN(privdrop_sets_no_new_privs_itself);
    RUN(privdrop_clears_dumpable_and_capabilities);
    return unit_summary();
}
