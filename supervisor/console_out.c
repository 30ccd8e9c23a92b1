#include "supervisor/console_out.h"

#include <limits.h>

#include "common/clock.h"
#include <errno.h>
#include <poll.h>
#include <unistd.h>

void console_out_init(struct console_out *c, int fd)
{
    c->fd = fd;
    c->error = 0;
    c->len = 0;
    c->filter = false;
    c->limit = 0;
    c->total = 0;
    c->limit_hit = false;
    c->deadline_ms = 0;
}

void console_out_set_filter(struct console_out *c, bool on)
{
    c->filter = on;
}

static void put_raw(struct console_out *c, uint8_t byte)
{
    if (c->len == sizeof c->buf)
        (void)console_out_flush(c);
    if (c->len < sizeof c->buf)
        c->buf[c->len++] = byte;
}

static bool harmless(uint8_t byte)
{
    return (byte >= 0x20 && byte <= 0x7e) || byte == '\n' || byte == '\r' || byte == '\t' ||
           byte == '\b';
}

void console_out_put(struct console_out *c, uint8_t byte)
{
    if (c->limit != 0 && c->total >= c->limit) {
        c->limit_hit = true;
        return;
    }
    c->total++;
    if (!c->filter || harmless(byte)) {
        put_raw(c, byte);
        return;
    }
    static const char hex[] = "0123456789abcdef";
    put_raw(c, '\\');
    put_raw(c, 'x');
    put_raw(c, (uint8_t)hex[byte >> 4]);
    put_raw(c, (uint8_t)hex[byte & 15]);
}

/* Wait until a write of up to a page cannot block (a pipe or terminal
 * with room), but not past the deadline. Returns 0, or -1 with c->error
 * ETIMEDOUT. */
static int wait_writable(struct console_out *c)
{
    for (;;) {
        int wait = -1;
        if (c->deadline_ms != 0) {
            int64_t left = c->deadline_ms - clock_now_ms();
            wait = left <= 0 ? 0 : left > INT_MAX ? INT_MAX : (int)left;
        }
        struct pollfd p = {.fd = c->fd, .events = POLLOUT};
        int n = poll(&p, 1, wait);
        if (n > 0)
            return 0;
        if (n == 0) {
            c->error = ETIMEDOUT;
            return -1;
        }
        if (errno != EINTR) {
            c->error = errno;
            return -1;
        }
    }
}

int console_out_flush(struct console_out *c)
{
    size_t done = 0;
    while (done < c->len && c->error == 0) {
        /* A reader that stops reading must not hold the run past its
         * deadline: wait for room first, then write at most a page. */
        if (c->deadline_ms != 0 && wait_writable(c) != 0)
            break;
        size_t chunk = c->len - done < 4096 ? c->len - done : 4096;
        ssize_t n = write(c->fd, c->buf + done, chunk);
        if (n > 0) {
            done += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* stdout may be non-blocking if the caller's shell left it so */
            if (wait_writable(c) != 0)
                break;
        } else {
            c->error = n < 0 ? errno : EIO;
        }
    }
    c->len = 0; /* on error the bytes are dropped; the session ends the run */
    return c->error ? -1 : 0;
}
