/* diag.h - one-line diagnostics on stderr, prefixed "scratchvm: ".
 *
 * Owns the wording of error lines and how they reach stderr; callers decide
 * the exit status. Every line is printable ASCII: any other byte in it (a
 * path with a newline or an escape in it, say) is shown as \xHH, so a line
 * stays one line and cannot drive a terminal.
 *
 * By default lines go to stdio's stderr. The supervisor hands diag its
 * non-blocking stderr stream (diag_use_stream) before it starts the worker:
 * from then on a line is appended to that stream and written as far as
 * stderr takes it now, never waiting; the session's poll loop writes the
 * rest. stderr is one per process, so this is the one piece of process-wide
 * state here.
 */
#ifndef SCRATCHVM_COMMON_DIAG_H
#define SCRATCHVM_COMMON_DIAG_H

#include <stdbool.h>
#include <stddef.h>

struct out_stream;

/* Print "scratchvm: <message>\n" to stderr. Returns `status`. */
int diag_error(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print "scratchvm: <message>\n" to stderr when `verbose` is set. */
void diag_verbose(bool verbose, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print "<message>\n" (no prefix): the continuation lines of a report. */
void diag_more(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Format a one-line reason into `err` (for a caller to print or pass on).
 * Returns -1, so that `return diag_fail(err, errlen, ...);` ends a check. */
int diag_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* From now on write lines to `stream` (NULL: back to stdio's stderr).
 * `before_line`, if not NULL, is called before each line: it may flush
 * other output first, and returns true when the line must start on a new
 * line (guest output sharing stderr's destination ended mid-line). */
void diag_use_stream(struct out_stream *stream, bool (*before_line)(void *ctx), void *ctx);

/* Show `in` as printable ASCII in `out` (bytes outside 0x20..0x7e as
 * \xHH), truncated to fit; returns `out`. For user text echoed in a line. */
char *diag_printable(const char *in, char *out, size_t cap);

#endif
