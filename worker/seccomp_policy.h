/* seccomp_policy.h - the worker's seccomp allowlist (as data, in
 * seccomp_policy.c) and the fixed fd numbers it is written against. */
#ifndef SCRATCHVM_WORKER_SECCOMP_POLICY_H
#define SCRATCHVM_WORKER_SECCOMP_POLICY_H

#include "common/seccomp_filter.h"

/* The worker's fds after lockdown: stderr, its socket, its vCPU. Nothing else. */
#define WORKER_FD_SOCK 3
#define WORKER_FD_VCPU 4
#define WORKER_FD_VM 5 /* kept only where KVM can coalesce port writes */

extern const struct seccomp_policy worker_seccomp_policy;

#endif
