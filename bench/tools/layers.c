/* layers.c - what each sandbox layer costs a run: the worker's process and
 * each of its namespaces, the two seccomp filters, dropping privileges.
 * Each layer is timed in a fresh child, created, used and reaped, against
 * a plain child (clone3 + pidfd, as worker_process.c does), N times; the
 * report is one JSON object of mean microseconds per layer, on stdout.
 *
 *   layers [N]        (default 200; run as root, as the bench is)
 */
#include <errno.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/privdrop.h"
#include "common/seccomp_filter.h"
#include "supervisor/seccomp_policy.h"
#include "worker/seccomp_policy.h"

enum work { NOTHING, SECCOMP_WORKER, SECCOMP_SUPERVISOR, PRIVDROP };

static int child(enum work w)
{
    char err[256];
    struct sandbox_config sb = {
        .seccomp = SECCOMP_MODE_ENFORCE, .change_id = true, .uid = 65534, .gid = 65534};
    switch (w) {
    case NOTHING:
        return 0;
    case SECCOMP_WORKER:
        return seccomp_filter_install(&worker_seccomp_policy, SECCOMP_MODE_ENFORCE, err,
                                      sizeof err) != 0;
    case SECCOMP_SUPERVISOR:
        return seccomp_filter_install(&supervisor_seccomp_policy, SECCOMP_MODE_ENFORCE, err,
                                      sizeof err) != 0;
    case PRIVDROP:
        return privdrop(&sb, err, sizeof err) != 0;
    }
    return 1;
}

/* Mean ns of create + `w` + exit + reap, over n children. */
static double run(unsigned long flags, enum work w, int n)
{
    uint64_t t0 = clock_now_ns();
    for (int i = 0; i < n; i++) {
        int pidfd = -1;
        struct clone_args args = {.flags = flags | CLONE_PIDFD,
                                  .pidfd = (uint64_t)(uintptr_t)&pidfd,
                                  .exit_signal = SIGCHLD};
        pid_t pid = (pid_t)syscall(SYS_clone3, &args, sizeof args);
        if (pid < 0) {
            perror("clone3");
            exit(1);
        }
        if (pid == 0)
            _exit(child(w));
        int st;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        close(pidfd);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            fprintf(stderr, "layers: a child failed (flags %#lx, work %d)\n", flags, (int)w);
            exit(1);
        }
    }
    return (double)(clock_now_ns() - t0) / n;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 200;
    if (n <= 0)
        n = 200;
    static const struct {
        const char *name;
        unsigned long flags;
        enum work w;
    } layers[] = {
        {"pid_ns", CLONE_NEWPID, NOTHING},
        {"net_ns", CLONE_NEWNET, NOTHING},
        {"ipc_ns", CLONE_NEWIPC, NOTHING},
        {"uts_ns", CLONE_NEWUTS, NOTHING},
        {"mnt_ns", CLONE_NEWNS, NOTHING},
        {"all_ns", CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNS,
         NOTHING},
        {"seccomp_worker", 0, SECCOMP_WORKER},
        {"seccomp_supervisor", 0, SECCOMP_SUPERVISOR},
        {"privdrop", 0, PRIVDROP},
    };
    (void)run(0, NOTHING, 20); /* warm up */
    double base = run(0, NOTHING, n);
    printf("{\"n\": %d, \"unit\": \"us\", \"process\": %.1f", n, base / 1000);
    for (size_t i = 0; i < sizeof layers / sizeof layers[0]; i++) {
        double t = run(layers[i].flags, layers[i].w, n);
        printf(", \"%s\": %.1f", layers[i].name, (t - base) / 1000);
    }
    printf("}\n");
    return 0;
}
