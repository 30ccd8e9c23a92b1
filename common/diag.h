/* diag.h - one-line diagnostics on stderr, prefixed "scratchvm: ".
 *
 * Owns the wording of error lines; callers decide the exit status.
 */
#ifndef SCRATCHVM_COMMON_DIAG_H
#define SCRATCHVM_COMMON_DIAG_H

#include <stdbool.h>
#include <stddef.h>

/* Print "scratchvm: <message>\n" to stderr. Returns `status`. */
int diag_error(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print "scratchvm: <message>\n" to stderr when `verbose` is set. */
void diag_verbose(bool verbose, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Format a one-line reason into `err` (for a caller to print or pass on).
 * Returns -1, so that `return diag_fail(err, errlen, ...);` ends a check. */
int diag_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
