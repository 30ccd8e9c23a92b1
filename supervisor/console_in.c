#include "supervisor/console_in.h"

#include <errno.h>
#include <unistd.h>

const char console_in_help[] =
    "escape keys: Ctrl-A x quit (exit 10) | Ctrl-A Ctrl-A send Ctrl-A | Ctrl-A h this help";

void console_in_init(struct console_in *c, int fd, bool escapes)
{
    *c = (struct console_in){.fd = fd, .escapes = escapes};
}

bool console_in_wants_input(const struct console_in *c)
{
    if (c->eof || c->quit)
        return false;
    return c->escapes || c->len == 0;
}

static void keep(struct console_in *c, uint8_t byte)
{
    if (c->len == sizeof c->buf) {
        c->discarded++;
        return;
    }
    if (c->len == 0)
        c->head = 0;
    c->buf[(c->head + c->len) % sizeof c->buf] = byte;
    c->len++;
}

static void accept_byte(struct console_in *c, uint8_t byte)
{
    if (!c->escapes) {
        keep(c, byte);
        return;
    }
    if (!c->after_escape) {
        if (byte == CONSOLE_IN_ESCAPE)
            c->after_escape = true;
        else
            keep(c, byte);
        return;
    }
    c->after_escape = false;
    if (byte == 'x' || byte == 'X') {
        c->quit = true;
    } else if (byte == 'h' || byte == 'H' || byte == '?') {
        c->help = true;
    } else if (byte == CONSOLE_IN_ESCAPE) {
        keep(c, CONSOLE_IN_ESCAPE);
    } else {
        keep(c, CONSOLE_IN_ESCAPE);
        keep(c, byte);
    }
}

int console_in_read(struct console_in *c)
{
    uint8_t chunk[sizeof c->buf];
    size_t room = c->escapes ? sizeof chunk : sizeof c->buf - c->len;
    if (room == 0)
        return 0;
    ssize_t n;
    do {
        n = read(c->fd, chunk, room);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return 0;
    if (n <= 0) {
        c->eof = true;
        c->error = n < 0 ? errno : 0;
        return n < 0 ? -1 : 0;
    }
    for (ssize_t i = 0; i < n && !c->quit; i++)
        accept_byte(c, chunk[i]);
    return 0;
}

size_t console_in_pending(const struct console_in *c)
{
    return c->len;
}

uint8_t console_in_take(struct console_in *c)
{
    if (c->len == 0)
        return 0;
    uint8_t byte = c->buf[c->head];
    c->head = (c->head + 1) % sizeof c->buf;
    c->len--;
    return byte;
}

bool console_in_open(const struct console_in *c)
{
    return !c->quit && (!c->eof || c->len > 0);
}
