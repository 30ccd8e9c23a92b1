/* seccomp_policy.h - the supervisor's seccomp allowlist, in force from the
 * moment the worker is READY until the run ends (seccomp_policy.c). */
#ifndef SCRATCHVM_SUPERVISOR_SECCOMP_POLICY_H
#define SCRATCHVM_SUPERVISOR_SECCOMP_POLICY_H

#include "common/seccomp_filter.h"

extern const struct seccomp_policy supervisor_seccomp_policy;

#endif
