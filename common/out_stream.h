/* out_stream.h - one output file descriptor written without ever blocking.
 *
 * Owns how the supervisor writes to stdout, stderr and the --stats file:
 * bytes go into a buffer, and out_stream_flush writes what the descriptor
 * takes now and returns. The caller's poll loop waits for POLLOUT
 * (out_stream_events) and enforces the deadline, so a reader that stops
 * reading, a FIFO nobody opened or a stream socket whose peer is asleep can
 * hold nothing past --timeout or a stop signal.
 *
 * Kinds, decided once by out_stream_open from fstat:
 *  - a regular file is written directly (a disk does not stop reading);
 *  - a terminal, pipe, FIFO or other character device gets a private,
 *    non-blocking open file description (reopened through /proc/self/fd and
 *    put on the same number), so the description the shell shares with us
 *    is never changed, not even by a run that is killed;
 *  - a socket is written with send(MSG_DONTWAIT), which leaves its flags
 *    alone too;
 *  - where /proc cannot reopen it, poll(POLLOUT) before each write of at
 *    most PIPE_BUF bytes (a pipe then never blocks; a terminal may, for as
 *    long as it takes those bytes: documented in the README).
 */
#ifndef SCRATCHVM_COMMON_OUT_STREAM_H
#define SCRATCHVM_COMMON_OUT_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OUT_STREAM_CAP (64 * 1024)

enum out_stream_kind {
    OUT_STREAM_FILE,     /* regular file: write(2), never waits long */
    OUT_STREAM_NONBLOCK, /* a private O_NONBLOCK description of a tty, pipe, FIFO, device */
    OUT_STREAM_SOCKET,   /* send(MSG_DONTWAIT) */
    OUT_STREAM_POLLED,   /* no /proc: poll, then at most PIPE_BUF per write */
};

struct out_stream {
    int fd;
    enum out_stream_kind kind;
    int error;        /* first write errno (EPIPE, ENOSPC, EBADF, ...), 0 if none */
    uint64_t written; /* bytes the descriptor took */
    size_t off, len;  /* pending bytes: buf[off .. off+len) */
    uint8_t buf[OUT_STREAM_CAP];
};

/* Set up `s` to write to `fd` (see the kinds above; may replace `fd` with a
 * private description of the same file). Returns 0, or -1 with errno when
 * `fd` is not open. */
int out_stream_open(struct out_stream *s, int fd);
/* Like out_stream_open, but for a descriptor this process opened itself
 * (already O_NONBLOCK where it matters): only the kind is decided. */
void out_stream_adopt(struct out_stream *s, int fd);

/* Free space in the buffer. */
size_t out_stream_room(const struct out_stream *s);
/* Bytes not written yet. */
static inline size_t out_stream_pending(const struct out_stream *s)
{
    return s->len;
}
/* Append up to `n` bytes (what does not fit is dropped and counted as an
 * ENOBUFS error: callers check room first). After an error, appends are
 * dropped silently: the error is what the run reports. */
void out_stream_put(struct out_stream *s, const void *data, size_t n);
/* Write what the descriptor takes now. Returns 0 (bytes may remain), or -1
 * with s->error set. */
int out_stream_flush(struct out_stream *s);
/* Flush, waiting for room at most until `deadline_ms` (CLOCK_MONOTONIC ms,
 * common/clock.h). Returns 0 when everything is out, -1 with s->error on an
 * error, 1 when the deadline came first. For the end of a run, and for the
 * few lines written before the device loop starts. */
int out_stream_drain(struct out_stream *s, int64_t deadline_ms);
/* Drop what is pending (the end of a run gave up on it). */
void out_stream_discard(struct out_stream *s);
/* The poll(2) events to wait for: POLLOUT while bytes are pending. */
short out_stream_events(const struct out_stream *s);

#endif
