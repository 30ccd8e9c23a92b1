/* console_out.h - guest output on its way to stdout: the --max-output
 * limit, the terminal filter and the buffer of an out_stream
 * (common/out_stream.h), which writes without blocking.
 *
 * With the terminal filter on (stdout is a terminal and --raw-output was
 * not given), a hostile guest cannot drive the user's terminal: every byte
 * outside printable ASCII except \n, \r, \t and \b is shown as the four
 * characters \xHH instead of being sent. ESC, CSI (0x9b), every other
 * control and every byte >= 0x7f are therefore never interpreted.
 *
 * The session flushes once per batch of messages and waits for POLLOUT
 * when stdout has no room; it stops reading the worker while the buffer is
 * above CONSOLE_OUT_HIGH_WATER, so a guest that out-writes its reader
 * waits, and a stalled reader holds nothing past the deadline.
 */
#ifndef SCRATCHVM_SUPERVISOR_CONSOLE_OUT_H
#define SCRATCHVM_SUPERVISOR_CONSOLE_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/out_stream.h"

/* The most one message can add (4096 data bytes, each shown as \xHH). */
#define CONSOLE_OUT_MAX_PER_MESSAGE (4 * 4096)
/* Above this many pending bytes the session stops taking messages. */
#define CONSOLE_OUT_HIGH_WATER (OUT_STREAM_CAP - CONSOLE_OUT_MAX_PER_MESSAGE)

struct console_out {
    bool filter;    /* escape what could drive a terminal */
    uint64_t limit; /* --max-output: guest bytes accepted at most; 0: none */
    uint64_t total; /* guest bytes accepted so far */
    bool limit_hit; /* a byte beyond the limit arrived (and was dropped) */
    bool line_open; /* the last byte accepted was not a newline */
    struct out_stream stream;
};

/* Write to `fd` as it is (its kind from fstat; see out_stream_adopt). The
 * supervisor calls out_stream_open on the fd first, which makes it its own
 * non-blocking description. */
void console_out_init(struct console_out *c, int fd);
void console_out_set_filter(struct console_out *c, bool on);
void console_out_put(struct console_out *c, uint8_t byte);
/* Write what stdout takes now (all of it, if the fd blocks). Returns 0, or
 * -1 with c->stream.error set. */
int console_out_flush(struct console_out *c);
/* Whether the session may take another message (room for its output). */
static inline bool console_out_has_room(const struct console_out *c)
{
    return out_stream_pending(&c->stream) <= CONSOLE_OUT_HIGH_WATER;
}

#endif
