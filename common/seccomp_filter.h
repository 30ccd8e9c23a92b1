/* seccomp_filter.h - seccomp allowlists as data. A policy is a table of
 * rules (syscall, optional argument comparisons, a one-line reason);
 * seccomp_filter_install turns it into a filter with libseccomp, in this
 * one place, with "trap" (enforce) or "log" as the default action, and
 * seccomp_policy_print writes the same filter out as data (--print-policy).
 *
 * With "trap", a forbidden syscall raises SIGSYS; each process installs a
 * handler that names the syscall (see the sandbox code of each process).
 *
 * A sanitizer build (--config=asan) adds a second, build-only table to
 * each process's policy (common/seccomp_build_rules.h): what the
 * sanitizer's runtime needs. The printer marks its rules as build-only;
 * in a shipped build the table is absent and the filter is the policy's.
 */
#ifndef SCRATCHVM_COMMON_SECCOMP_FILTER_H
#define SCRATCHVM_COMMON_SECCOMP_FILTER_H

#include <seccomp.h>
#include <stddef.h>
#include <stdio.h>

#include "common/sandbox_config.h"

#define SECCOMP_RULE_MAX_ARGS 3

/* A datum usable in a static rule that stands for the installing process's
 * own pid: seccomp_filter_install puts getpid() in its place, the printer
 * says "self". No pid, fd, request or signal has this value. */
#define SECCOMP_DATUM_SELF_PID 0x53454c4650494400ull /* "SELFPID" */

/* One argument comparison, and the source's name for its datum (e.g.
 * "KVM_RUN"), which the printer shows when it is an identifier. */
struct seccomp_arg {
    struct scmp_arg_cmp cmp;
    const char *name;
};

struct seccomp_rule {
    int nr; /* SCMP_SYS(name) */
    unsigned nargs;
    struct seccomp_arg args[SECCOMP_RULE_MAX_ARGS];
    const char *why;
};

/* A rule of a build-only table: allow the call (err == 0), or fail it
 * with errno `err` without running it. */
struct seccomp_build_rule {
    struct seccomp_rule rule;
    int err;
};

struct seccomp_build_rules {
    const char *build; /* which build adds them, e.g. "asan" */
    const struct seccomp_build_rule *rules;
    size_t nrules;
};

struct seccomp_policy {
    const char *name;
    const struct seccomp_rule *rules;
    size_t nrules;
    /* What each fd number is, for the printer ("vcpu"); NULL: unnamed. */
    const char *const *fd_names;
    size_t nfd_names;
    /* SECCOMP_BUILD_RULES (common/seccomp_build_rules.h): NULL except in a
     * sanitizer build. */
    const struct seccomp_build_rules *build;
};

/* An argument comparison usable in a static table; the datum `a` is also
 * kept as text (stringified before expansion, so KVM_RUN stays KVM_RUN). */
#define SECCOMP_ARG(n, op_, a, b)                                                                  \
    {                                                                                              \
        .cmp = {.arg = (n), .op = (op_), .datum_a = (a), .datum_b = (b)}, .name = #a               \
    }

/* Load `p` into this process (it also sets no_new_privs). Returns 0, or -1
 * with a one-line reason in `err`. */
int seccomp_filter_install(const struct seccomp_policy *p, enum seccomp_mode mode, char *err,
                           size_t errlen);

/* Number of distinct syscalls a policy allows (its own table; not a
 * build's additions). */
size_t seccomp_policy_count(const struct seccomp_policy *p);

/* Write the filter seccomp_filter_install(p, mode) would load, one line
 * per rule, fields separated by tabs:
 *   PROCESS allow SYSCALL ARGS WHY      (ARGS: "-", or comparisons joined
 *                                        by " ", e.g. fd==4(vcpu)
 *                                        request==KVM_RUN sig==SIGKILL
 *                                        pid==self arg2&0xff==0x1)
 *   PROCESS BUILD-allow SYSCALL ARGS WHY   a build-only rule (BUILD: e.g.
 *   PROCESS BUILD-errno=E SYSCALL ARGS WHY asan); errno: fails with E
 *   PROCESS default ACTION              (trap or log: any other syscall)
 *   PROCESS badarch ACTION              (a syscall of another ABI)
 * Returns 0, or -1 if the policy cannot be built or written. */
int seccomp_policy_print(FILE *f, const struct seccomp_policy *p, enum seccomp_mode mode);

#endif
