/* console_out.h - the terminal writer: buffers guest output bytes and
 * writes them to stdout (or any fd) in as few write(2)s as possible.
 *
 * With the terminal filter on (stdout is a terminal and --raw-output was
 * not given), a hostile guest cannot drive the user's terminal: every byte
 * outside printable ASCII except \n, \r, \t and \b is shown as the four
 * characters \xHH instead of being sent. ESC, CSI (0x9b), every other
 * control and every byte >= 0x7f are therefore never interpreted.
 *
 * The session flushes once per batch of messages, before it waits again,
 * so output is prompt without a write per byte.
 */
#ifndef SCRATCHVM_SUPERVISOR_CONSOLE_OUT_H
#define SCRATCHVM_SUPERVISOR_CONSOLE_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct console_out {
    int fd;
    int error;      /* first write errno, 0 if none; later output is dropped */
    bool filter;    /* escape what could drive a terminal */
    uint64_t limit; /* --max-output: guest bytes accepted at most; 0: none */
    uint64_t total; /* guest bytes accepted so far */
    bool limit_hit; /* a byte beyond the limit arrived (and was dropped) */
    /* CLOCK_MONOTONIC ms after which writing gives up with ETIMEDOUT (a
     * reader that stopped reading cannot hold the run); 0: none. */
    int64_t deadline_ms;
    size_t len;
    uint8_t buf[4096];
};

void console_out_init(struct console_out *c, int fd);
void console_out_set_filter(struct console_out *c, bool on);
void console_out_put(struct console_out *c, uint8_t byte);
/* Write out the buffer. Returns 0, or -1 with c->error set (ETIMEDOUT:
 * the deadline passed while stdout had no room). */
int console_out_flush(struct console_out *c);

#endif
