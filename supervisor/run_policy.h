/* run_policy.h - the seccomp filters a run with given options loads: each
 * process's policy (worker/seccomp_policy.c, supervisor/seccomp_policy.c)
 * and the default action (--seccomp). --print-policy prints them as data
 * (format: common/seccomp_filter.h), and SECURITY.md's tables are checked
 * against that output (tests/docs_test.py). A policy that comes to depend
 * on an option is chosen here, for the sandboxes and the printer alike. */
#ifndef SCRATCHVM_SUPERVISOR_RUN_POLICY_H
#define SCRATCHVM_SUPERVISOR_RUN_POLICY_H

#include <stdio.h>

#include "common/sandbox_config.h"
#include "common/seccomp_filter.h"
#include "supervisor/options.h"

enum seccomp_mode run_policy_mode(const struct options *opt);
const struct seccomp_policy *run_policy_worker(const struct options *opt);
const struct seccomp_policy *run_policy_supervisor(const struct options *opt);

/* The worker's filter, then the supervisor's. Returns 0, or -1 if either
 * cannot be built or `f` cannot be written. */
int run_policy_print(const struct options *opt, FILE *f);

#endif
