/* privdrop.h - giving up privileges with libcap-ng: every capability in
 * the effective, permitted, inheritable, ambient and (where allowed)
 * bounding sets, the uid/gid and supplementary groups when started as
 * root, then no_new_privs and not dumpable. Used by both processes. */
#ifndef SCRATCHVM_COMMON_PRIVDROP_H
#define SCRATCHVM_COMMON_PRIVDROP_H

#include <stddef.h>

#include "common/sandbox_config.h"

/* Returns 0, or -1 with a one-line reason in `err`. */
int privdrop(const struct sandbox_config *sb, char *err, size_t errlen);

#endif
