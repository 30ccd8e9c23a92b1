/* stop_signals.h - the asynchronous signals that end a run, and their names.
 *
 * Every signal whose default action would end the supervisor and that
 * another process (or the kernel, for SIGXCPU and SIGXFSZ) sends it: SIGHUP,
 * SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM, SIGSTKFLT, SIGXCPU,
 * SIGXFSZ, SIGVTALRM, SIGPROF, SIGPOLL, SIGPWR and every real-time signal
 * (32..64, glibc's two internal ones included). They are blocked before the
 * worker exists and read from a signalfd in the device loop, so a run they
 * stop ends on the normal path: worker killed, terminal restored, one line
 * (`scratchvm: stopped by SIGTERM`), exit 12. SIGXFSZ blocked also turns a
 * write past RLIMIT_FSIZE into EFBIG, an output error (exit 8).
 *
 * One exception: a SIGHUP the supervisor was started with ignored (nohup)
 * stays ignored. Every other one is taken even if it was inherited ignored
 * (a shell script's background job starts with SIGINT and SIGQUIT ignored;
 * blocked, they are queued all the same).
 *
 * SIGTTOU and SIGTTIN are blocked too (and never read): restoring the
 * terminal, or reading it, from a background job must not stop the
 * supervisor (tcsetattr then proceeds, a read fails with EIO).
 * SIGPIPE is ignored: a write to a reader that went away fails with EPIPE.
 * SIGKILL and SIGSTOP cannot be caught.
 */
#ifndef SCRATCHVM_SUPERVISOR_STOP_SIGNALS_H
#define SCRATCHVM_SUPERVISOR_STOP_SIGNALS_H

#include <signal.h>
#include <stddef.h>

/* Fill `stop` with the signals above and block them, SIGTTOU and SIGTTIN;
 * ignore SIGPIPE. Returns 0, or -1 with errno. */
int stop_signals_block(sigset_t *stop);
/* "SIGTERM", "SIGRTMIN+3", "SIGRTMAX", "SIG33"; into `buf`, returned. */
const char *stop_signal_name(int sig, char *buf, size_t len);

#endif
