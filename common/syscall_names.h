/* syscall_names.h - x86-64 syscall numbers to names, as a static table
 * generated at build time: usable from a signal handler. */
#ifndef SCRATCHVM_COMMON_SYSCALL_NAMES_H
#define SCRATCHVM_COMMON_SYSCALL_NAMES_H

#define SYSCALL_NAMES_MAX 511

extern const char *const syscall_names[SYSCALL_NAMES_MAX + 1];

/* The name of syscall `nr`, or "unknown". */
static inline const char *syscall_name(long nr)
{
    if (nr < 0 || nr > SYSCALL_NAMES_MAX || syscall_names[nr] == 0)
        return "unknown";
    return syscall_names[nr];
}

#endif
