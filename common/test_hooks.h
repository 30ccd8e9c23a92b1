/* test_hooks.h - places where a test build makes a locked-down process
 * misbehave on purpose, to prove the sandbox stops it. In the shipped
 * binary (no SCRATCHVM_TEST_HOOKS) they compile to nothing.
 *
 * The test build reads SCRATCHVM_TEST_WORKER_VIOLATION or
 * SCRATCHVM_TEST_SUPERVISOR_VIOLATION: one of openat, execve, fork,
 * socket, ptrace, mprotect_exec, ioctl_vm, ioctl_vcpu.
 */
#ifndef SCRATCHVM_COMMON_TEST_HOOKS_H
#define SCRATCHVM_COMMON_TEST_HOOKS_H

#ifdef SCRATCHVM_TEST_HOOKS
void test_hook_locked_down(const char *env_name);
#else
static inline void test_hook_locked_down(const char *env_name)
{
    (void)env_name;
}
#endif

#endif
