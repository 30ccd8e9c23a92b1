/* seccomp_build_rules.c - the AddressSanitizer runtime's build-only rules
 * (--config=asan only; see seccomp_build_rules.h). Found by running the
 * sanitized binary under strace and through a report in a filtered
 * process; each rule is what the runtime calls, nothing the program does.
 * The program's own violations (openat, clone, ptrace, mprotect with
 * PROT_EXEC, ...) stay forbidden, so tests/violation_test still sees them.
 */
#include "common/seccomp_build_rules.h"

#if defined(SCRATCHVM_SANITIZER_ADDRESS)

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#if !defined(__has_feature)
#error "SCRATCHVM_SANITIZER_ADDRESS needs clang (--config=asan)"
#elif !__has_feature(address_sanitizer)
#error "SCRATCHVM_SANITIZER_ADDRESS without -fsanitize=address"
#endif

static const struct seccomp_build_rule rules[] = {
    {{SCMP_SYS(mmap),
      2,
      {SECCOMP_ARG(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0),
       SECCOMP_ARG(3, SCMP_CMP_MASKED_EQ, MAP_ANONYMOUS, MAP_ANONYMOUS)},
      "ASan's allocator and report buffers: anonymous memory, never executable"},
     0},
    {{SCMP_SYS(munmap), 0, {}, "ASan gives back its allocator's and report's memory"}, 0},
    {{SCMP_SYS(madvise), 0, {}, "ASan releases freed memory to the kernel (MADV_DONTNEED)"}, 0},
    {{SCMP_SYS(write),
      1,
      {SECCOMP_ARG(0, SCMP_CMP_EQ, STDERR_FILENO, 0)},
      "an ASan report on stderr (the worker has no write of its own)"},
     0},
    {{SCMP_SYS(sigaltstack),
      1,
      {SECCOMP_ARG(0, SCMP_CMP_EQ, 0, 0)},
      "ASan's hook before a noreturn call (_exit, abort) asks if it is on the signal "
      "stack: query only (no new stack)"},
     0},
    {{SCMP_SYS(getpid), 0, {}, "an ASan report names the process (==PID==)"}, 0},
    {{SCMP_SYS(futex), 0, {}, "the runtime's internal locks"}, 0},
    {{SCMP_SYS(sched_yield), 0, {}, "the runtime's spin locks"}, 0},
    {{SCMP_SYS(open),
      0,
      {},
      "a report re-reads /proc/self/maps and falls back to the list read at start; "
      "the program opens with openat"},
     EACCES},
};

const struct seccomp_build_rules seccomp_asan_rules = {
    .build = "asan",
    .rules = rules,
    .nrules = sizeof rules / sizeof rules[0],
};

#endif
