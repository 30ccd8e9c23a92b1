#include "supervisor/console_out.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

void console_out_init(struct console_out *c, int fd)
{
    c->fd = fd;
    c->error = 0;
    c->len = 0;
}

void console_out_put(struct console_out *c, uint8_t byte)
{
    if (c->len == sizeof c->buf)
        (void)console_out_flush(c);
    if (c->len < sizeof c->buf)
        c->buf[c->len++] = byte;
}

int console_out_flush(struct console_out *c)
{
    size_t done = 0;
    while (done < c->len && c->error == 0) {
        ssize_t n = write(c->fd, c->buf + done, c->len - done);
        if (n > 0) {
            done += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* stdout may be non-blocking if the caller's shell left it so */
            struct pollfd p = {.fd = c->fd, .events = POLLOUT};
            (void)poll(&p, 1, -1);
        } else {
            c->error = n < 0 ? errno : EIO;
        }
    }
    c->len = 0; /* on error the bytes are dropped; the session ends the run */
    return c->error ? -1 : 0;
}
