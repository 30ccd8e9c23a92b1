/* session.h - the supervisor's device loop for one run: waits on the
 * worker's socket and pidfd, stdin, the signals that stop a run and room on
 * stdout and stderr; validates and dispatches every message to the devices,
 * answers INs and interrupt acknowledges, drives the worker's INTR line,
 * feeds input to COM1, enforces the timeout and decides the exit status.
 *
 * Nothing in it blocks: output is written as far as its reader takes it
 * (common/out_stream.h), the worker is not read while stdout or stderr has
 * no room, and the deadline and the stop signals are looked at on every
 * wake-up, also while the last output drains after the run has ended.
 * When two causes meet, exit_code_precedence decides; the winner's line is
 * printed once, at the end.
 */
#ifndef SCRATCHVM_SUPERVISOR_SESSION_H
#define SCRATCHVM_SUPERVISOR_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/out_stream.h"
#include "ipc/ipc_channel.h"
#include "supervisor/console_in.h"
#include "supervisor/console_out.h"
#include "supervisor/devices.h"
#include "supervisor/port_stats.h"
#include "supervisor/stats_json.h"
#include "supervisor/worker_process.h"

struct session {
    struct worker_process *worker;
    struct devices *dev;
    struct console_out *out;
    struct console_in *in;  /* NULL: no input (the receiver never has data) */
    int signal_fd;          /* signalfd of the signals that stop the run; -1: none */
    struct out_stream *err; /* stderr as a stream (diag writes into it); NULL: none */
    bool err_is_data;       /* --trace, --verbose or --stats go to stderr: losing it is an error */
    uint64_t timeout_ms;    /* 0: none */
    double cpu_limit_s;     /* RLIMIT_CPU (ulimit -t) the worker inherited; 0: none */
    bool strict;            /* an unclaimed port is a crash (the worker checks first) */
    bool trace;             /* TRACE messages are expected and printed */
    uint16_t coalesce_port; /* the worker may come to buffer 1-byte OUTs here (0: no) */
    uint64_t spin_ns;       /* look for the worker's next message this long before sleeping */
    bool verbose;
    /* --stats: the report's fixed fields, filled by the caller, the rest
     * filled here and written at the end to `stats` (NULL: to stderr). */
    struct stats_report *report;
    struct out_stream *stats;
    const volatile struct run_stats *shared_stats; /* the worker's counters */
    /* Called once the worker is READY (its sandbox is up): the supervisor
     * locks itself down here. Returns 0, or -1 with a reason in err. */
    int (*on_ready)(void *arg, char *err, size_t errlen);
    void *on_ready_arg;
    /* state */
    bool ready;
    bool worker_idle; /* it sent IDLE and waits for the INTR line */
    int line_sent;    /* the INTR level the worker was last told */
    struct ipc_channel ch;
    struct ipc_cpu_state cpu; /* CPU_STATE, printed with a guest crash */
    bool have_cpu;
    int64_t deadline_ms;  /* CLOCK_MONOTONIC ms of --timeout; -1: none */
    int64_t end_until_ms; /* after the end: the last output's deadline */
    bool ended;           /* a cause was found: code, end and detail hold it */
    int code;             /* the exit status */
    const char *end;      /* why the run ended, when the exit status does not say */
    bool crash_dump;      /* the register dump goes under the line */
    char detail[256];     /* the one line printed at the end ("" for a halt) */
    uint64_t bytes_in;
    uint64_t coalescible; /* 1-byte OUT exits to coalesce_port seen */
    struct port_stats ports;
};

/* Run until the guest, the worker, the user or a limit ends the run; the
 * worker is reaped before this returns. Prints one line on stderr for
 * anything but a halt and returns the exit status (common/exit_code.h). */
int session_run(struct session *s);

#endif
