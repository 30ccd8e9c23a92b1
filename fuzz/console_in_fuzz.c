/* console_in_fuzz.c - libFuzzer harness for the guest's input path
 * (supervisor/console_in.c): bytes through a real pipe into console_in,
 * with its Ctrl-A escapes, and out again as COM1 would take them. Byte 0:
 * bit 0 turns the escapes on (stdin is a terminal). Then a program:
 *   0x00-0x3f  write the next (op + 1) * 8 bytes (or what is left) into
 *              the pipe, then read as the device loop does (only when
 *              console_in_wants_input)
 *   0x40-0x7f  read again
 *   0x80-0xbf  the guest takes (op & 0x3f) * 64 + 1 bytes at most
 *   0xc0-0xff  close the writing end (end of input), then read
 * A reference model (a queue of bytes in the pipe, the escape state, a
 * 4096-byte buffer) runs alongside. Whatever the input, the bytes the
 * guest takes are exactly the model's, in order; Ctrl-A x quits (nothing
 * after it is kept, no more reads), Ctrl-A h/H/? asks for help, Ctrl-A
 * Ctrl-A is one Ctrl-A, Ctrl-A and anything else are both bytes; the
 * buffer never holds more than 4096 bytes; without escapes (a pipe or
 * file) nothing is ever discarded, with them the discards are counted
 * exactly; end of input comes once the pipe is empty and closed. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "supervisor/console_in.h"

#define ASSERT(c)                                                                                  \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "console_in_fuzz: %s failed\n", #c);                                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#define BUF 4096
/* The pipe never holds more than this (below its 64 KiB capacity). */
#define PIPE_MAX 32768

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

struct model {
    bool escapes, after, quit, help, eof, closed;
    uint8_t pipe[PIPE_MAX];
    size_t phead, plen;
    uint8_t q[BUF];
    size_t qhead, qlen;
    uint64_t discarded;
};

static void keep(struct model *m, uint8_t b)
{
    if (m->qlen == BUF) {
        m->discarded++;
        return;
    }
    m->q[(m->qhead + m->qlen) % BUF] = b;
    m->qlen++;
}

static void accept(struct model *m, uint8_t b)
{
    if (!m->escapes) {
        keep(m, b);
    } else if (!m->after) {
        if (b == 0x01)
            m->after = true;
        else
            keep(m, b);
    } else {
        m->after = false;
        if (b == 'x' || b == 'X') {
            m->quit = true;
        } else if (b == 'h' || b == 'H' || b == '?') {
            m->help = true;
        } else {
            keep(m, 0x01);
            if (b != 0x01)
                keep(m, b);
        }
    }
}

/* What one console_in_read does: read up to `room` bytes of the pipe. */
static void model_read(struct model *m)
{
    size_t room = m->escapes ? BUF : BUF - m->qlen;
    if (room == 0)
        return;
    if (m->plen == 0) {
        if (m->closed)
            m->eof = true;
        return; /* EAGAIN */
    }
    size_t n = m->plen < room ? m->plen : room;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = m->pipe[m->phead];
        m->phead = (m->phead + 1) % PIPE_MAX;
        m->plen--;
        if (!m->quit)
            accept(m, b);
    }
}

static void do_read(struct console_in *c, struct model *m)
{
    bool wants = !m->eof && !m->quit && (m->escapes || m->qlen == 0);
    ASSERT(console_in_wants_input(c) == wants);
    if (!wants)
        return;
    ASSERT(console_in_read(c) == 0);
    model_read(m);
    ASSERT(c->eof == m->eof && c->quit == m->quit && c->help == m->help);
    ASSERT(console_in_pending(c) == m->qlen && c->discarded == m->discarded);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    static struct model m;
    static struct console_in c;
    if (len == 0)
        return 0;
    int fds[2];
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) {
        perror("pipe2");
        abort();
    }
    memset(&m, 0, sizeof m);
    m.escapes = data[0] & 1;
    console_in_init(&c, fds[0], m.escapes);
    ASSERT(!c.socket);
    for (size_t i = 1; i < len;) {
        uint8_t op = data[i++];
        if (op < 0x40) {
            size_t n = (size_t)(op + 1) * 8;
            if (n > len - i)
                n = len - i;
            if (m.closed || m.plen + n > PIPE_MAX)
                n = 0; /* the writer is gone, or the pipe is full enough */
            if (n > 0) {
                ASSERT(write(fds[1], data + i, n) == (ssize_t)n);
                for (size_t k = 0; k < n; k++)
                    m.pipe[(m.phead + m.plen + k) % PIPE_MAX] = data[i + k];
                m.plen += n;
            }
            i += n;
            do_read(&c, &m);
        } else if (op < 0x80) {
            do_read(&c, &m);
        } else if (op < 0xc0) {
            size_t want = (size_t)(op & 0x3f) * 64 + 1;
            for (size_t k = 0; k < want && m.qlen > 0; k++) {
                ASSERT(console_in_pending(&c) > 0);
                uint8_t b = console_in_take(&c);
                ASSERT(b == m.q[m.qhead]);
                m.qhead = (m.qhead + 1) % BUF;
                m.qlen--;
            }
            ASSERT(console_in_pending(&c) == m.qlen);
        } else {
            if (!m.closed) {
                close(fds[1]);
                fds[1] = -1;
                m.closed = true;
            }
            do_read(&c, &m);
        }
        ASSERT(console_in_pending(&c) <= BUF);
        if (!m.escapes)
            ASSERT(c.discarded == 0 && !c.quit && !c.help);
        ASSERT(console_in_open(&c) == (!m.quit && (!m.eof || m.qlen > 0)));
    }
    close(fds[0]);
    if (fds[1] >= 0)
        close(fds[1]);
    return 0;
}
