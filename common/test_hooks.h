/* test_hooks.h - places where a test build makes a locked-down process
 * misbehave on purpose, to prove the sandbox stops it. In the shipped
 * binary (no SCRATCHVM_TEST_HOOKS) they compile to nothing.
 *
 * The test build reads SCRATCHVM_TEST_WORKER_VIOLATION or
 * SCRATCHVM_TEST_SUPERVISOR_VIOLATION: one of openat, execve, fork,
 * socket, ptrace, mprotect_exec, ioctl_vm, ioctl_vcpu, or an allowed ioctl
 * request on the wrong fd: ioctl_run_sock (KVM_RUN on the socket),
 * ioctl_run_vm (KVM_RUN on the VM fd), ioctl_coalesce_vcpu
 * (KVM_REGISTER_COALESCED_MMIO on the vCPU fd); or a fault of the process
 * itself: segv (a write to address 8), abort (abort(), as assert does).
 *
 * It also reads SCRATCHVM_TEST_WORKER_EXIT (fail_entry or unknown): the
 * worker's first VM exit is then reported with that reason, for the crash
 * reports no guest can cause (KVM validates the state a guest could
 * otherwise enter with).
 */
#ifndef SCRATCHVM_COMMON_TEST_HOOKS_H
#define SCRATCHVM_COMMON_TEST_HOOKS_H

struct kvm_run;
/* Called by the run loop after each VM exit, when set. */
typedef void test_exit_hook_fn(struct kvm_run *run);

#ifdef SCRATCHVM_TEST_HOOKS
void test_hook_locked_down(const char *env_name);
test_exit_hook_fn *test_hook_exit(void);
#else
static inline void test_hook_locked_down(const char *env_name)
{
    (void)env_name;
}
static inline test_exit_hook_fn *test_hook_exit(void)
{
    return (test_exit_hook_fn *)0;
}
#endif

#endif
