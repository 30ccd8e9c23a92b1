#include "worker/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/privdrop.h"
#include "ipc/ipc_codec.h"
#include "worker/seccomp_policy.h"

int worker_signals_reset(struct kvm_err *err)
{
    /* A session of its own: no signal of the terminal reaches it, and a
     * kill(0, ...) from it (where a filter only logs) reaches nobody else. */
    if (setsid() < 0)
        return kvm_fail(err, IPC_FAULT_HOST, "setsid: %s", strerror(errno));
    stack_t off = {.ss_flags = SS_DISABLE};
    (void)sigaltstack(&off, NULL);
    /* The raw call, for every signal: glibc's sigaction refuses its two
     * internal ones (32, 33), which a parent may have left ignored too. */
    struct {
        void (*handler)(int);
        unsigned long flags;
        void (*restorer)(void);
        uint64_t mask;
    } dfl = {.handler = SIG_DFL};
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP || sig == SIGPIPE)
            continue;
        if (syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof dfl.mask) != 0)
            return kvm_fail(err, IPC_FAULT_HOST, "resetting signal %d: %s", sig, strerror(errno));
    }
    /* The raw call, so that glibc's two internal signals are unblocked too. */
    sigset_t none;
    sigemptyset(&none);
    if (syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, 8) != 0)
        return kvm_fail(err, IPC_FAULT_HOST, "sigprocmask: %s", strerror(errno));
    return 0;
}

/* KVM starts a kernel thread on a VM's first KVM_RUN on some kernels, and
 * counts it against RLIMIT_NPROC: run once now, leaving at once. */
static int prime_vcpu(struct kvm_vm *vm, struct kvm_err *err)
{
    vm->run->immediate_exit = 1;
    int rc = ioctl(vm->vcpu_fd, KVM_RUN, 0);
    int e = errno;
    vm->run->immediate_exit = 0;
    if (rc == 0 || e != EINTR)
        return kvm_fail(err, IPC_FAULT_HOST, "priming KVM_RUN: expected EINTR, got %s",
                        rc == 0 ? "success" : strerror(e));
    return 0;
}

/* Keep stderr, the socket and the vCPU, at fixed numbers, and the VM fd
 * where the run loop may turn on coalesced port writes later (seccomp lets
 * it do that and nothing else with it); close the rest, /dev/kvm included
 * (the vCPU keeps the VM alive). */
static int keep_only_fds(struct kvm_vm *vm, int *sock, struct kvm_err *err)
{
    bool keep_vm = vm->ring_page != NULL;
    int s = fcntl(*sock, F_DUPFD_CLOEXEC, 100);
    int v = fcntl(vm->vcpu_fd, F_DUPFD_CLOEXEC, 100);
    int m = keep_vm ? fcntl(vm->vm_fd, F_DUPFD_CLOEXEC, 100) : 0;
    if (s < 0 || v < 0 || m < 0 || dup3(s, WORKER_FD_SOCK, O_CLOEXEC) < 0 ||
        dup3(v, WORKER_FD_VCPU, O_CLOEXEC) < 0 || (keep_vm && dup3(m, WORKER_FD_VM, O_CLOEXEC) < 0))
        return kvm_fail(err, IPC_FAULT_HOST, "cannot renumber the worker's fds: %s",
                        strerror(errno));
    unsigned first_closed = keep_vm ? WORKER_FD_VM + 1 : WORKER_FD_VCPU + 1;
    if (syscall(SYS_close_range, first_closed, ~0u, 0) != 0)
        return kvm_fail(err, IPC_FAULT_HOST, "close_range: %s", strerror(errno));
    close(STDIN_FILENO);
    close(STDOUT_FILENO);
    *sock = WORKER_FD_SOCK;
    vm->vcpu_fd = WORKER_FD_VCPU;
    vm->vm_fd = keep_vm ? WORKER_FD_VM : -1;
    vm->kvm_fd = -1;
    return 0;
}

static int set_rlimits(struct kvm_err *err)
{
    /* ulimit -t: as the init of its PID namespace the worker ignores the
     * kernel's SIGXCPU at the soft limit; with the hard limit lowered to it
     * the kernel's SIGKILL comes there instead (the supervisor says so). */
    struct rlimit cpu;
    if (getrlimit(RLIMIT_CPU, &cpu) == 0 && cpu.rlim_cur != RLIM_INFINITY &&
        cpu.rlim_cur < cpu.rlim_max) {
        cpu.rlim_max = cpu.rlim_cur;
        if (setrlimit(RLIMIT_CPU, &cpu) != 0)
            return kvm_fail(err, IPC_FAULT_HOST, "setrlimit RLIMIT_CPU: %s", strerror(errno));
    }
    static const struct {
        int resource;
        const char *name;
    } zero[] = {
        {RLIMIT_NOFILE, "RLIMIT_NOFILE"}, /* no new fds, not even passed ones */
        {RLIMIT_NPROC, "RLIMIT_NPROC"},   /* no new processes or threads */
        {RLIMIT_CORE, "RLIMIT_CORE"},     /* no core dumps of guest memory */
        {RLIMIT_FSIZE, "RLIMIT_FSIZE"},   /* no file writes */
        {RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK"}, {RLIMIT_MSGQUEUE, "RLIMIT_MSGQUEUE"},
    };
    for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++) {
        struct rlimit r = {0, 0};
        if (setrlimit(zero[i].resource, &r) != 0)
            return kvm_fail(err, IPC_FAULT_HOST, "setrlimit %s: %s", zero[i].name, strerror(errno));
    }
    return 0;
}

/* SECCOMP_RET_TRAP lands here: tell the supervisor which syscall, then
 * exit. Only async-signal-safe work: encode into the stack, sendto, _exit. */
static void report_violation(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    uint8_t buf[IPC_MAX_MSG];
    const char *why;
    struct ipc_msg m = {.type = IPC_VIOLATION, .u.violation = {(uint32_t)si->si_syscall}};
    size_t len = ipc_encode(&m, buf, sizeof buf, &why);
    if (len != 0)
        (void)send(WORKER_FD_SOCK, buf, len, MSG_NOSIGNAL);
    _exit(1);
}

int worker_sandbox_enter(struct kvm_vm *vm, int *sock, const struct sandbox_config *sb,
                         struct kvm_err *err)
{
    char why[IPC_MAX_TEXT];
    if (prime_vcpu(vm, err) != 0 || keep_only_fds(vm, sock, err) != 0 || set_rlimits(err) != 0)
        return -1;
    if (privdrop(sb, why, sizeof why) != 0)
        return kvm_fail(err, IPC_FAULT_HOST, "worker: %s", why);
    /* Changing credentials cleared the parent-death signal: arm it again. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
        return kvm_fail(err, IPC_FAULT_HOST, "PR_SET_PDEATHSIG: %s", strerror(errno));
    struct sigaction sa = {.sa_sigaction = report_violation, .sa_flags = SA_SIGINFO};
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSYS, &sa, NULL) != 0)
        return kvm_fail(err, IPC_FAULT_HOST, "sigaction SIGSYS: %s", strerror(errno));
    if (seccomp_filter_install(&worker_seccomp_policy, sb->seccomp, why, sizeof why) != 0)
        return kvm_fail(err, IPC_FAULT_HOST, "%s", why);
    return 0;
}
