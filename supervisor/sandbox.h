/* sandbox.h - the supervisor's own lockdown, entered once the worker is
 * READY: drop capabilities and uid (libcap-ng), no_new_privs, a SIGSYS
 * reporter that names a forbidden syscall, then the seccomp allowlist. */
#ifndef SCRATCHVM_SUPERVISOR_SANDBOX_H
#define SCRATCHVM_SUPERVISOR_SANDBOX_H

#include <stddef.h>

#include "common/sandbox_config.h"

/* Returns 0, or -1 with a one-line reason in `err`. */
int supervisor_sandbox_enter(const struct sandbox_config *sb, char *err, size_t errlen);

/* Resolve --user NAME to a uid and gid into `sb` (root only). Returns 0, or
 * -1 with a one-line reason in `err`. */
int supervisor_sandbox_user(struct sandbox_config *sb, const char *name, char *err, size_t errlen);

#endif
