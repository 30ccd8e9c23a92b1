#include "common/out_stream.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/clock.h"

static enum out_stream_kind kind_of(const struct stat *st)
{
    if (S_ISREG(st->st_mode))
        return OUT_STREAM_FILE;
    if (S_ISSOCK(st->st_mode))
        return OUT_STREAM_SOCKET;
    return OUT_STREAM_NONBLOCK;
}

static void reset(struct out_stream *s, int fd, enum out_stream_kind kind)
{
    s->fd = fd;
    s->kind = kind;
    s->error = 0;
    s->written = 0;
    s->off = 0;
    s->len = 0;
}

int out_stream_open(struct out_stream *s, int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return -1;
    enum out_stream_kind kind = kind_of(&st);
    int mode = fcntl(fd, F_GETFL);
    if (kind == OUT_STREAM_NONBLOCK && (mode < 0 || (mode & O_ACCMODE) == O_RDONLY))
        kind = OUT_STREAM_FILE; /* never more access than it was given: writes fail, EBADF */
    if (kind == OUT_STREAM_NONBLOCK) {
        /* A new description of the same file: O_NONBLOCK on it is ours
         * alone. (A FIFO or pipe without a reader cannot be reopened for
         * writing: ENXIO. The first write then says EPIPE.) */
        char path[32];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        int priv = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        if (priv < 0 || dup3(priv, fd, 0) < 0)
            kind = OUT_STREAM_POLLED;
        if (priv >= 0)
            close(priv);
    }
    reset(s, fd, kind);
    return 0;
}

void out_stream_adopt(struct out_stream *s, int fd)
{
    struct stat st;
    reset(s, fd, fstat(fd, &st) == 0 ? kind_of(&st) : OUT_STREAM_FILE);
}

size_t out_stream_room(const struct out_stream *s)
{
    return sizeof s->buf - s->len;
}

void out_stream_put(struct out_stream *s, const void *data, size_t n)
{
    if (s->error != 0)
        return;
    if (n > out_stream_room(s)) {
        s->error = ENOBUFS;
        return;
    }
    if (s->off + s->len + n > sizeof s->buf) {
        memmove(s->buf, s->buf + s->off, s->len);
        s->off = 0;
    }
    memcpy(s->buf + s->off + s->len, data, n);
    s->len += n;
}

/* One write of what is pending (at most a pipe's atomic size when the
 * descriptor could block). Returns bytes taken, 0 if none could be, -1. */
static ssize_t write_once(struct out_stream *s)
{
    size_t n = s->len;
    const uint8_t *p = s->buf + s->off;
    if (s->kind == OUT_STREAM_SOCKET)
        return send(s->fd, p, n, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (s->kind == OUT_STREAM_POLLED) {
        struct pollfd pf = {.fd = s->fd, .events = POLLOUT};
        if (poll(&pf, 1, 0) == 0)
            return 0;
        if (n > PIPE_BUF)
            n = PIPE_BUF;
    }
    return write(s->fd, p, n);
}

int out_stream_flush(struct out_stream *s)
{
    while (s->len > 0 && s->error == 0) {
        ssize_t n = write_once(s);
        if (n > 0) {
            s->off += (size_t)n;
            s->len -= (size_t)n;
            s->written += (uint64_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n == 0 || errno == EAGAIN || errno == EWOULDBLOCK) {
            break; /* no room now: the caller polls for POLLOUT */
        } else {
            s->error = errno;
        }
    }
    if (s->len == 0)
        s->off = 0;
    if (s->error != 0) {
        s->off = s->len = 0; /* what cannot be written is dropped; the error says so */
        return -1;
    }
    return 0;
}

int out_stream_drain(struct out_stream *s, int64_t deadline_ms)
{
    for (;;) {
        if (out_stream_flush(s) != 0)
            return -1;
        if (s->len == 0)
            return 0;
        int64_t left = deadline_ms - clock_now_ms();
        if (left <= 0)
            return 1;
        struct pollfd pf = {.fd = s->fd, .events = POLLOUT};
        if (poll(&pf, 1, left > INT_MAX ? INT_MAX : (int)left) < 0 && errno != EINTR) {
            s->error = errno;
            return -1;
        }
    }
}

short out_stream_events(const struct out_stream *s)
{
    return s->len > 0 && s->error == 0 ? POLLOUT : 0;
}

void out_stream_discard(struct out_stream *s)
{
    s->off = s->len = 0;
}
