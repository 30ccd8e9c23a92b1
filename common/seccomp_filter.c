#include "common/seccomp_filter.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/syscall_names.h"

int seccomp_filter_install(const struct seccomp_policy *p, enum seccomp_mode mode, char *err,
                           size_t errlen)
{
    uint32_t deflt = mode == SECCOMP_MODE_LOG ? SCMP_ACT_LOG : SCMP_ACT_TRAP;
    scmp_filter_ctx ctx = seccomp_init(deflt);
    if (ctx == NULL) {
        snprintf(err, errlen, "%s seccomp filter: seccomp_init failed", p->name);
        return -1;
    }
    for (size_t i = 0; i < p->nrules; i++) {
        const struct seccomp_rule *r = &p->rules[i];
        struct scmp_arg_cmp args[SECCOMP_RULE_MAX_ARGS];
        for (unsigned a = 0; a < r->nargs && a < SECCOMP_RULE_MAX_ARGS; a++) {
            args[a] = r->args[a];
            if (args[a].datum_a == SECCOMP_DATUM_SELF_PID)
                args[a].datum_a = (scmp_datum_t)getpid();
        }
        int rc = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, r->nr, r->nargs, args);
        if (rc != 0) {
            snprintf(err, errlen, "%s seccomp filter: cannot add %s: %s", p->name,
                     syscall_name(r->nr), strerror(-rc));
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
