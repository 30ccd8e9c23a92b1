#include "supervisor/console_in.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

const char console_in_help[] =
    "escape keys: Ctrl-A x quit (exit 10) | Ctrl-A Ctrl-A send Ctrl-A | Ctrl-A h this help";

void console_in_init(struct console_in *c, int fd, bool escapes)
{
    struct stat st;
    *c = (struct console_in){.fd = fd, .escapes = escapes};
    c->socket = fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

int console_in_make_private(int fd)
{
    struct stat st;
    int mode = fcntl(fd, F_GETFL);
    if (fstat(fd, &st) != 0 || mode < 0)
        return -1;
    if (S_ISREG(st.st_mode) || S_ISSOCK(st.st_mode) || (mode & O_ACCMODE) == O_WRONLY)
        return 0; /* a file never waits; a socket is read with MSG_DONTWAIT */
    char path[32];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    int priv = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (priv < 0)
        return 0; /* no /proc: poll said readable, so a read mostly does not wait */
    int rc = dup3(priv, fd, 0) < 0 ? -1 : 0;
    close(priv);
    return rc;
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
        n = c->socket ? recv(c->fd, chunk, room, MSG_DONTWAIT) : read(c->fd, chunk, room);
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
