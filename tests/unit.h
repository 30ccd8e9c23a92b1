/* unit.h - a minimal unit-test harness: CHECK macros and a summary line.
 *
 * A test file defines TEST(name) functions and a main that calls
 * RUN(name) for each and returns unit_summary(). A failed CHECK prints
 * file:line and the expression and marks the current test failed.
 */
#ifndef SCRATCHVM_TESTS_UNIT_H
#define SCRATCHVM_TESTS_UNIT_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct unit_state {
    int passed, failed;
    int current_failed;
};
extern struct unit_state unit;

#define TEST(name) static void test_##name(void)

#define RUN(name)                                                                                  \
    do {                                                                                           \
        unit.current_failed = 0;                                                                   \
        test_##name();                                                                             \
        if (unit.current_failed) {                                                                 \
            unit.failed++;                                                                         \
            printf("FAIL %s\n", #name);                                                            \
        } else {                                                                                   \
            unit.passed++;                                                                         \
            printf("ok   %s\n", #name);                                                            \
        }                                                                                          \
    } while (0)

#define CHECK(expr)                                                                                \
    do {                                                                                           \
        if (!(expr)) {                                                                             \
            printf("  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #expr);                      \
            unit.current_failed = 1;                                                               \
        }                                                                                          \
    } while (0)

#define CHECK_EQ(a, b)                                                                             \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        if (a_ != b_) {                                                                            \
            printf("  %s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, #a, a_, #b,   \
                   b_);                                                                            \
            unit.current_failed = 1;                                                               \
        }                                                                                          \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        if (a_ == NULL || strcmp(a_, b_) != 0) {                                                   \
            printf("  %s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a,             \
                   a_ ? a_ : "(null)", b_);                                                        \
            unit.current_failed = 1;                                                               \
        }                                                                                          \
    } while (0)

/* RUN in a child process, killed (with everything it started) after
 * `seconds`: a case that hangs is named and fails, and the rest still run. */
#define RUN_WITHIN(name, seconds) unit_run_within(#name, test_##name, (seconds))
void unit_run_within(const char *name, void (*fn)(void), int seconds);

/* Prints "N passed, N failed" and returns the process exit status. */
int unit_summary(void);

#endif
