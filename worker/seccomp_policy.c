/* The worker's allowlist: after lockdown it runs the vCPU and talks to the
 * supervisor, nothing else. Default action: trap (the SIGSYS handler in
 * sandbox.c reports the syscall and exits). */
#include "worker/seccomp_policy.h"

#include "common/seccomp_build_rules.h"

#include <linux/kvm.h>

static const struct seccomp_rule rules[] = {
    {SCMP_SYS(ioctl),
     2,
     {SECCOMP_ARG(0, SCMP_CMP_EQ, WORKER_FD_VCPU, 0), SECCOMP_ARG(1, SCMP_CMP_EQ, KVM_RUN, 0)},
     "run the guest: KVM_RUN on the vCPU fd, no other request, no other fd"},
    {SCMP_SYS(ioctl),
     2,
     {SECCOMP_ARG(0, SCMP_CMP_EQ, WORKER_FD_VCPU, 0),
      SECCOMP_ARG(1, SCMP_CMP_EQ, KVM_INTERRUPT, 0)},
     "inject the vector the supervisor's PIC acknowledged (KVM_INTERRUPT), vCPU fd only"},
    {SCMP_SYS(ioctl),
     2,
     {SECCOMP_ARG(0, SCMP_CMP_EQ, WORKER_FD_VCPU, 0), SECCOMP_ARG(1, SCMP_CMP_EQ, KVM_GET_REGS, 0)},
     "read the general registers for a crash report (read-only), vCPU fd only"},
    {SCMP_SYS(ioctl),
     2,
     {SECCOMP_ARG(0, SCMP_CMP_EQ, WORKER_FD_VCPU, 0),
      SECCOMP_ARG(1, SCMP_CMP_EQ, KVM_GET_SREGS, 0)},
     "read control and segment registers for a crash report (read-only), vCPU fd only"},
    {SCMP_SYS(ioctl),
     2,
     {SECCOMP_ARG(0, SCMP_CMP_EQ, WORKER_FD_VCPU, 0),
      SECCOMP_ARG(1, SCMP_CMP_EQ, KVM_TRANSLATE, 0)},
     "find the guest bytes at RIP for a crash report (read-only), vCPU fd only"},
    {SCMP_SYS(ioctl),
     2,
     {SECCOMP_ARG(0, SCMP_CMP_EQ, WORKER_FD_VM, 0),
      SECCOMP_ARG(1, SCMP_CMP_EQ, KVM_REGISTER_COALESCED_MMIO, 0)},
     "turn on coalesced THR writes once a guest writes a lot, VM fd only, this request only"},
    {SCMP_SYS(clock_gettime),
     0,
     {},
     "KVM_RUN time for --stats, the spin before sleeping (when the vDSO cannot serve it)"},
    {SCMP_SYS(rt_sigtimedwait),
     0,
     {},
     "consume the supervisor's kick signal, which is blocked outside KVM_RUN"},
    {SCMP_SYS(sendto),
     1,
     {SECCOMP_ARG(0, SCMP_CMP_EQ, WORKER_FD_SOCK, 0)},
     "send exits, faults and violations to the supervisor (send(2) is sendto)"},
    {SCMP_SYS(recvfrom),
     1,
     {SECCOMP_ARG(0, SCMP_CMP_EQ, WORKER_FD_SOCK, 0)},
     "receive the supervisor's answer to an IN (recv(2) is recvfrom)"},
    {SCMP_SYS(exit_group), 0, {}, "end the process (_exit)"},
};

static const char *const fd_names[] = {
    [0] = "stdin",
    [1] = "stdout",
    [2] = "stderr",
    [WORKER_FD_SOCK] = "socket",
    [WORKER_FD_VCPU] = "vcpu",
    [WORKER_FD_VM] = "vm",
};

const struct seccomp_policy worker_seccomp_policy = {
    .name = "worker",
    .rules = rules,
    .nrules = sizeof rules / sizeof rules[0],
    .fd_names = fd_names,
    .nfd_names = sizeof fd_names / sizeof fd_names[0],
    .build = SECCOMP_BUILD_RULES, /* NULL: the shipped build adds nothing */
};
