/* seccomp_filter.c - policy tables to libseccomp filters (install), and to
 * text (print); both read the table (and a build's additions, if any) the
 * same way. */
#include "common/seccomp_filter.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "common/syscall_names.h"

static uint32_t default_action(enum seccomp_mode mode)
{
    return mode == SECCOMP_MODE_LOG ? SCMP_ACT_LOG : SCMP_ACT_TRAP;
}

/* The rule's comparisons as libseccomp takes them, with the own-pid marker
 * replaced. */
static void rule_cmps(const struct seccomp_rule *r, struct scmp_arg_cmp *cmp, scmp_datum_t self)
{
    for (unsigned a = 0; a < r->nargs && a < SECCOMP_RULE_MAX_ARGS; a++) {
        cmp[a] = r->args[a].cmp;
        if (cmp[a].datum_a == SECCOMP_DATUM_SELF_PID)
            cmp[a].datum_a = self;
        if (cmp[a].datum_b == SECCOMP_DATUM_SELF_PID)
            cmp[a].datum_b = self;
    }
}

/* Add one rule with `action`; 0, or -1 with the reason in `err`. */
static int add_rule(scmp_filter_ctx ctx, const struct seccomp_policy *p,
                    const struct seccomp_rule *r, uint32_t action, scmp_datum_t self, char *err,
                    size_t errlen)
{
    struct scmp_arg_cmp cmp[SECCOMP_RULE_MAX_ARGS];
    rule_cmps(r, cmp, self);
    int rc = r->nargs > SECCOMP_RULE_MAX_ARGS
                 ? -EINVAL
                 : seccomp_rule_add_array(ctx, action, r->nr, r->nargs, cmp);
    if (rc != 0) {
        snprintf(err, errlen, "%s seccomp filter: cannot add %s: %s", p->name, syscall_name(r->nr),
                 strerror(-rc));
        return -1;
    }
    return 0;
}

int seccomp_filter_install(const struct seccomp_policy *p, enum seccomp_mode mode, char *err,
                           size_t errlen)
{
    scmp_filter_ctx ctx = seccomp_init(default_action(mode));
    if (ctx == NULL) {
        snprintf(err, errlen, "%s seccomp filter: seccomp_init failed", p->name);
        return -1;
    }
    scmp_datum_t self = (scmp_datum_t)getpid();
    for (size_t i = 0; i < p->nrules; i++) {
        if (add_rule(ctx, p, &p->rules[i], SCMP_ACT_ALLOW, self, err, errlen) != 0) {
            seccomp_release(ctx);
            return -1;
        }
    }
    for (size_t i = 0; p->build != NULL && i < p->build->nrules; i++) {
        const struct seccomp_build_rule *b = &p->build->rules[i];
        uint32_t action = b->err == 0 ? SCMP_ACT_ALLOW : SCMP_ACT_ERRNO((uint32_t)b->err);
        if (add_rule(ctx, p, &b->rule, action, self, err, errlen) != 0) {
            seccomp_release(ctx);
            return -1;
        }
    }
    int rc = seccomp_load(ctx);
    seccomp_release(ctx);
    if (rc != 0) {
        snprintf(err, errlen, "%s seccomp filter: cannot load: %s", p->name, strerror(-rc));
        return -1;
    }
    return 0;
}

size_t seccomp_policy_count(const struct seccomp_policy *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nrules; i++) {
        size_t j = 0;
        while (j < i && p->rules[j].nr != p->rules[i].nr)
            j++;
        n += j == i;
    }
    return n;
}

/* ---- printing ---- */

enum arg_kind { ARG_OTHER, ARG_FD, ARG_REQUEST, ARG_SIG, ARG_PID };

/* What the arguments of the syscalls our policies name are. */
static const struct {
    const char *syscall;
    enum arg_kind kind[SECCOMP_RULE_MAX_ARGS];
} arg_kinds[] = {
    {"ioctl", {ARG_FD, ARG_REQUEST}},
    {"pidfd_send_signal", {ARG_FD, ARG_SIG}},
    {"kill", {ARG_PID, ARG_SIG}},
    {"tgkill", {ARG_PID, ARG_PID, ARG_SIG}},
    {"read", {ARG_FD}},
    {"write", {ARG_FD}},
    {"readv", {ARG_FD}},
    {"writev", {ARG_FD}},
    {"sendto", {ARG_FD}},
    {"recvfrom", {ARG_FD}},
    {"sendmsg", {ARG_FD}},
    {"recvmsg", {ARG_FD}},
    {"close", {ARG_FD}},
    {"fstat", {ARG_FD}},
    {"fcntl", {ARG_FD}},
    {"lseek", {ARG_FD}},
};

static enum arg_kind kind_of(const char *syscall, unsigned arg)
{
    for (size_t i = 0; i < sizeof arg_kinds / sizeof arg_kinds[0]; i++)
        if (strcmp(arg_kinds[i].syscall, syscall) == 0)
            return arg < SECCOMP_RULE_MAX_ARGS ? arg_kinds[i].kind[arg] : ARG_OTHER;
    return ARG_OTHER;
}

static const char *const kind_label[] = {
    [ARG_OTHER] = NULL, [ARG_FD] = "fd",   [ARG_REQUEST] = "request",
    [ARG_SIG] = "sig",  [ARG_PID] = "pid",
};

static int is_identifier(const char *s)
{
    if (s == NULL || !(isalpha((unsigned char)*s) || *s == '_'))
        return 0;
    for (; *s != '\0'; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return 0;
    return 1;
}

/* One datum, as the printer shows it for an argument of `kind`. */
static void put_datum(FILE *f, const struct seccomp_policy *p, enum arg_kind kind, scmp_datum_t v,
                      const char *name)
{
    if (v == SECCOMP_DATUM_SELF_PID) {
        fputs("self", f);
        return;
    }
    switch (kind) {
    case ARG_FD:
        fprintf(f, "%" PRIu64, (uint64_t)v);
        if (v < p->nfd_names && p->fd_names[v] != NULL)
            fprintf(f, "(%s)", p->fd_names[v]);
        return;
    case ARG_SIG: {
        const char *abbrev = v < 65 ? sigabbrev_np((int)v) : NULL;
        if (abbrev != NULL)
            fprintf(f, "SIG%s", abbrev);
        else
            fprintf(f, "%" PRIu64, (uint64_t)v);
        return;
    }
    case ARG_REQUEST:
        if (is_identifier(name))
            fputs(name, f);
        else
            fprintf(f, "0x%" PRIx64, (uint64_t)v);
        return;
    case ARG_PID:
    case ARG_OTHER:
        if (kind == ARG_OTHER && is_identifier(name))
            fputs(name, f);
        else
            fprintf(f, "%" PRIu64, (uint64_t)v);
        return;
    }
}

static const char *op_text(enum scmp_compare op)
{
    switch (op) {
    case SCMP_CMP_NE:
        return "!=";
    case SCMP_CMP_LT:
        return "<";
    case SCMP_CMP_LE:
        return "<=";
    case SCMP_CMP_EQ:
        return "==";
    case SCMP_CMP_GE:
        return ">=";
    case SCMP_CMP_GT:
        return ">";
    default:
        return "?";
    }
}

static const char *action_name(uint32_t act)
{
    switch (act) {
    case SCMP_ACT_KILL_PROCESS:
        return "kill_process";
    case SCMP_ACT_KILL_THREAD:
        return "kill_thread";
    case SCMP_ACT_TRAP:
        return "trap";
    case SCMP_ACT_LOG:
        return "log";
    case SCMP_ACT_ALLOW:
        return "allow";
    default:
        return "other";
    }
}

/* One rule's line; `verb` is "allow", or a build-only rule's action. */
static void print_rule(FILE *f, const struct seccomp_policy *p, const struct seccomp_rule *r,
                       const char *verb)
{
    const char *sys = syscall_name(r->nr);
    fprintf(f, "%s\t%s\t%s\t", p->name, verb, sys);
    if (r->nargs == 0)
        fputs("-", f);
    for (unsigned a = 0; a < r->nargs && a < SECCOMP_RULE_MAX_ARGS; a++) {
        const struct scmp_arg_cmp *c = &r->args[a].cmp;
        enum arg_kind kind = kind_of(sys, c->arg);
        if (a > 0)
            fputc(' ', f);
        if (kind_label[kind] != NULL)
            fputs(kind_label[kind], f);
        else
            fprintf(f, "arg%u", c->arg);
        if (c->op == SCMP_CMP_MASKED_EQ) {
            fprintf(f, "&0x%" PRIx64 "==", (uint64_t)c->datum_a);
            put_datum(f, p, kind, c->datum_b, NULL);
        } else {
            fputs(op_text(c->op), f);
            put_datum(f, p, kind, c->datum_a, r->args[a].name);
        }
    }
    fprintf(f, "\t%s\n", r->why);
}

int seccomp_policy_print(FILE *f, const struct seccomp_policy *p, enum seccomp_mode mode)
{
    uint32_t deflt = default_action(mode), badarch = 0;
    scmp_filter_ctx ctx = seccomp_init(deflt);
    if (ctx == NULL)
        return -1;
    int rc = seccomp_attr_get(ctx, SCMP_FLTATR_ACT_BADARCH, &badarch);
    seccomp_release(ctx);
    if (rc != 0)
        return -1;
    for (size_t i = 0; i < p->nrules; i++)
        print_rule(f, p, &p->rules[i], "allow");
    for (size_t i = 0; p->build != NULL && i < p->build->nrules; i++) {
        const struct seccomp_build_rule *b = &p->build->rules[i];
        char verb[64];
        if (b->err == 0)
            snprintf(verb, sizeof verb, "%s-allow", p->build->build);
        else
            snprintf(verb, sizeof verb, "%s-errno=%s", p->build->build,
                     strerrorname_np(b->err) != NULL ? strerrorname_np(b->err) : "?");
        print_rule(f, p, &b->rule, verb);
    }
    fprintf(f, "%s\tdefault\t%s\n", p->name, action_name(deflt));
    fprintf(f, "%s\tbadarch\t%s\n", p->name, action_name(badarch));
    return ferror(f) ? -1 : 0;
}
