#include "supervisor/run_policy.h"

#include "supervisor/seccomp_policy.h"
#include "worker/seccomp_policy.h"

enum seccomp_mode run_policy_mode(const struct options *opt)
{
    return opt->seccomp_log ? SECCOMP_MODE_LOG : SECCOMP_MODE_ENFORCE;
}

const struct seccomp_policy *run_policy_worker(const struct options *opt)
{
    (void)opt; /* the same allowlist for every option set, so far */
    return &worker_seccomp_policy;
}

const struct seccomp_policy *run_policy_supervisor(const struct options *opt)
{
    (void)opt;
    return &supervisor_seccomp_policy;
}

int run_policy_print(const struct options *opt, FILE *f)
{
    enum seccomp_mode mode = run_policy_mode(opt);
    if (seccomp_policy_print(f, run_policy_worker(opt), mode) != 0 ||
        seccomp_policy_print(f, run_policy_supervisor(opt), mode) != 0)
        return -1;
    return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}
