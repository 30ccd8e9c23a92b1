/* console_in.h - the guest's input: bytes from stdin on their way to COM1.
 *
 * Reads happen only when poll says stdin is readable, so the device loop
 * never blocks here. Read bytes wait in a buffer until the UART has room:
 * from a pipe or file, reading pauses while the buffer holds anything, so
 * nothing is ever dropped. On a terminal reading never pauses (the escape
 * key must always work); typed bytes beyond the buffer while the guest is
 * not reading are discarded and counted, and the run ends with a line
 * saying how many.
 *
 * Escapes (terminals only, as in QEMU): Ctrl-A x quits, Ctrl-A h (or ?)
 * asks for the list of escapes (console_in_help, printed by the session),
 * Ctrl-A Ctrl-A sends one Ctrl-A, Ctrl-A followed by anything else sends
 * both bytes.
 */
#ifndef SCRATCHVM_SUPERVISOR_CONSOLE_IN_H
#define SCRATCHVM_SUPERVISOR_CONSOLE_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONSOLE_IN_ESCAPE 0x01 /* Ctrl-A */

struct console_in {
    int fd;
    bool escapes; /* stdin is a terminal: honour Ctrl-A, never pause */
    bool socket;  /* stdin is a socket: recv(MSG_DONTWAIT) */
    bool eof;     /* end of input (or a read error, kept in `error`) */
    bool after_escape;
    bool quit; /* Ctrl-A x was typed */
    bool help; /* Ctrl-A h was typed: the session shows console_in_help */
    int error;
    size_t head, len;
    uint64_t discarded;
    uint8_t buf[4096];
};

/* Give `fd` a private non-blocking open file description of the same file
 * (reopened through /proc/self/fd), so that a read after poll can never
 * wait (another reader of the same pipe or terminal may take the bytes in
 * between) and the shell's description is never changed. Regular files and
 * sockets are left as they are. Returns 0, or -1 with errno. */
int console_in_make_private(int fd);

/* The escape keys, one line. */
extern const char console_in_help[];

void console_in_init(struct console_in *c, int fd, bool escapes);
/* Whether the device loop should poll stdin now. */
bool console_in_wants_input(const struct console_in *c);
/* Read what stdin has (call when poll said readable). Returns 0, or -1
 * on a read error (c->error; input is then at its end). */
int console_in_read(struct console_in *c);
/* Bytes waiting for the guest, and taking them. */
size_t console_in_pending(const struct console_in *c);
uint8_t console_in_take(struct console_in *c);
/* Whether more input may still reach the guest. */
bool console_in_open(const struct console_in *c);

#endif
