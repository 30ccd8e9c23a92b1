/* seccomp_filter.h - seccomp allowlists as data. A policy is a table of
 * rules (syscall, optional argument comparisons, a one-line reason);
 * seccomp_filter_install turns it into a filter with libseccomp, in this
 * one place, with "trap" (enforce) or "log" as the default action.
 *
 * With "trap", a forbidden syscall raises SIGSYS; each process installs a
 * handler that names the syscall (see the sandbox code of each process).
 */
#ifndef SCRATCHVM_COMMON_SECCOMP_FILTER_H
#define SCRATCHVM_COMMON_SECCOMP_FILTER_H

#include <seccomp.h>
#include <stddef.h>

#include "common/sandbox_config.h"

#define SECCOMP_RULE_MAX_ARGS 3

struct seccomp_rule {
    int nr; /* SCMP_SYS(name) */
    unsigned nargs;
    struct scmp_arg_cmp args[SECCOMP_RULE_MAX_ARGS];
    const char *why;
};

struct seccomp_policy {
    const char *name;
    const struct seccomp_rule *rules;
    size_t nrules;
};

/* An argument comparison usable in a static table. */
#define SECCOMP_ARG(n, op_, a, b)                                                                  \
    {                                                                                              \
        .arg = (n), .op = (op_), .datum_a = (a), .datum_b = (b)                                    \
    }

/* A datum that stands for "this process's pid" in a static rule: replaced
 * by getpid() when the filter is installed (kill(2) of oneself only). */
#define SECCOMP_DATUM_SELF_PID 0x5e1f00005e1f0000ull

/* Load `p` into this process (it also sets no_new_privs). Returns 0, or -1
 * with a one-line reason in `err`. */
int seccomp_filter_install(const struct seccomp_policy *p, enum seccomp_mode mode, char *err,
                           size_t errlen);

/* Number of distinct syscalls a policy allows. */
size_t seccomp_policy_count(const struct seccomp_policy *p);

#endif
