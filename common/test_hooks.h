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
 *
 * And SCRATCHVM_TEST_WORKER_SCRIPT (the script's text itself, so that
 * nothing is opened after lockdown): the locked-down worker then plays a
 * hostile peer on its socket instead of sending READY and running the
 * guest (tests/hostile_peer_test.sh). Commands, one per line or separated
 * by ';', '#' to the end of a line is a comment; numbers are C literals
 * (0x3f8), TEXT is a "quoted" string with \n, \r, \t, \\, \" and \xHH:
 *   ready | halt | idle | inta   that message, empty payload
 *   out PORT TEXT                IO_OUT, size 1, the text's bytes
 *   batch PORT TEXT              OUT_BATCH, the same
 *   in PORT SIZE COUNT           IO_IN (follow with recv IN_DATA)
 *   fault guest|host TEXT        FAULT
 *   violation NR                 VIOLATION of syscall NR
 *   cpu                          a CPU_STATE of zeros (real mode)
 *   trace                        a TRACE: OUT of 0x41 to port 0x3f8
 *   send HEX...                  one raw datagram (hex digit pairs)
 *   sendlen N HEX...             a raw datagram of N bytes: HEX, then zeros
 *   repeat N COMMAND             that command N times (N >= 1)
 *   repeat N ( CMD; CMD... )     the group N times
 *   recv [TYPE]                  wait for one message; exit 97 if it is
 *                                not a valid TYPE (READY, IN_DATA, ...)
 *   sleep MS | stall             wait MS ms | forever (kicks are eaten)
 *   exit N                       _exit(N)
 *   segv | ud2 | int3 | div0     a fault: SIGSEGV | SIGILL | SIGTRAP | SIGFPE
 *   kill PID SIG                 raw kill(PID, SIG): trapped unless --seccomp=log
 *   close                        raw close of the socket: the same
 * At the end of the script the worker exits 0; a command it cannot parse
 * exits 98, a failed send 96.
 */
#ifndef SCRATCHVM_COMMON_TEST_HOOKS_H
#define SCRATCHVM_COMMON_TEST_HOOKS_H

struct kvm_run;
/* Called by the run loop after each VM exit, when set. */
typedef void test_exit_hook_fn(struct kvm_run *run);

#ifdef SCRATCHVM_TEST_HOOKS
void test_hook_locked_down(const char *env_name);
test_exit_hook_fn *test_hook_exit(void);
void test_hook_worker_script(int sock);
#else
static inline void test_hook_locked_down(const char *env_name)
{
    (void)env_name;
}
static inline test_exit_hook_fn *test_hook_exit(void)
{
    return (test_exit_hook_fn *)0;
}
static inline void test_hook_worker_script(int sock)
{
    (void)sock;
}
#endif

#endif
