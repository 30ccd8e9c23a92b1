/* terminal.h - the user's terminal on stdin: raw mode for the run, the
 * saved settings put back on every way out.
 *
 * Raw input only: no line editing, echo or signal keys (Ctrl-C reaches
 * the guest), CR is not turned into LF, flow control is off, reads return
 * each byte as it comes. Output processing (OPOST, the \n -> \r\n of the
 * tty) is left as it was, so guest text looks as it does on a console.
 * terminal_restore is async-signal-safe (one ioctl) and idempotent.
 */
#ifndef SCRATCHVM_SUPERVISOR_TERMINAL_H
#define SCRATCHVM_SUPERVISOR_TERMINAL_H

#include <stdbool.h>
#include <stddef.h>
#include <termios.h>

struct terminal {
    int fd;
    bool raw; /* raw mode is on: restore owes the saved settings */
    struct termios saved;
};

/* If `fd` is a terminal, save its settings and switch it to raw input.
 * Returns 1 when switched, 0 when `fd` is not a terminal, 2 when it is one
 * but this process is not in its foreground job (it is left alone, and not
 * read), -1 with a reason in err on failure. */
int terminal_make_raw(struct terminal *t, int fd, char *err, size_t errlen);
/* Put the saved settings back (no-op when not raw). */
void terminal_restore(struct terminal *t);

#endif
