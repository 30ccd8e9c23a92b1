#include "supervisor/terminal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int terminal_make_raw(struct terminal *t, int fd, char *err, size_t errlen)
{
    t->fd = fd;
    t->raw = false;
    if (!isatty(fd))
        return 0;
    /* A background job leaves the terminal to the foreground one. */
    pid_t fg = tcgetpgrp(fd);
    if (fg >= 0 && fg != getpgrp())
        return 2;
    if (tcgetattr(fd, &t->saved) != 0) {
        snprintf(err, errlen, "cannot read the terminal settings: %s", strerror(errno));
        return -1;
    }
    struct termios raw = t->saved;
    raw.c_iflag &=
        ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON | IXOFF);
    raw.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    t->raw = true; /* from here on, restore is owed even if the switch half-failed */
    if (tcsetattr(fd, TCSANOW, &raw) != 0) {
        snprintf(err, errlen, "cannot put the terminal in raw mode: %s", strerror(errno));
        terminal_restore(t);
        return -1;
    }
    return 1;
}

void terminal_restore(struct terminal *t)
{
    if (!t->raw)
        return;
    /* tcsetattr(TCSANOW) is this one ioctl; called directly it is
     * async-signal-safe and the seccomp policy can name it. SIGTTOU is
     * blocked for the supervisor's whole life (stop_signals.h): from a
     * background job this still succeeds instead of stopping us. */
    (void)ioctl(t->fd, TCSETS, &t->saved);
    t->raw = false;
}
