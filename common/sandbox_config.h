/* sandbox_config.h - how both processes lock themselves down: which user
 * to become, and whether the seccomp filters kill or only log. Decided by
 * the supervisor from the command line, inherited by the worker. */
#ifndef SCRATCHVM_COMMON_SANDBOX_CONFIG_H
#define SCRATCHVM_COMMON_SANDBOX_CONFIG_H

#include <stdbool.h>
#include <sys/types.h>

enum seccomp_mode {
    SECCOMP_MODE_ENFORCE, /* a syscall off the allowlist ends the run, named */
    SECCOMP_MODE_LOG,     /* debugging only: log it (audit) and allow it */
};

struct sandbox_config {
    bool change_id; /* started as root: become uid/gid, drop groups */
    uid_t uid;
    gid_t gid;
    enum seccomp_mode seccomp;
};

#endif
