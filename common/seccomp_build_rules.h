/* seccomp_build_rules.h - the build-only seccomp rules a sanitizer build
 * adds to both processes' policies, so that its runtime can work (and
 * report) in a locked-down process. SECURITY.md "Sanitizer builds" says
 * why each is there; --print-policy shows them, marked with the build.
 * A shipped build has none: SECCOMP_BUILD_RULES is NULL there.
 */
#ifndef SCRATCHVM_COMMON_SECCOMP_BUILD_RULES_H
#define SCRATCHVM_COMMON_SECCOMP_BUILD_RULES_H

#include "common/seccomp_filter.h"

#if defined(SCRATCHVM_SANITIZER_ADDRESS)
extern const struct seccomp_build_rules seccomp_asan_rules;
#define SECCOMP_BUILD_RULES (&seccomp_asan_rules)
#else
/* UBSan builds trap in place (-fsanitize-trap): no runtime, no rules. */
#define SECCOMP_BUILD_RULES NULL
#endif

#endif
