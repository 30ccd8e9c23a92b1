/* exit_code.h - the one exit-status contract of ScratchVM.
 *
 * Every path that ends a run maps to one of these values; `--help` and the
 * README print the same table. Odd statuses are requested by the guest
 * through the debug-exit port (0xf4): a write of v ends the run with
 * (v << 1) | 1, as QEMU's isa-debug-exit does.
 */
#ifndef SCRATCHVM_COMMON_EXIT_CODE_H
#define SCRATCHVM_COMMON_EXIT_CODE_H

enum exit_code {
    EXIT_HALTED = 0,      /* the guest halted for good (HLT, nothing can wake it) */
    EXIT_USAGE = 2,       /* bad option or guest image */
    EXIT_GUEST_CRASH = 4, /* triple fault, KVM internal error, entry failure */
    EXIT_PROTOCOL = 6,    /* sandbox violation or protocol error from the worker */
    EXIT_HOST = 8,        /* no /dev/kvm, permission denied, unsupported KVM, I/O error */
    EXIT_USER_QUIT = 10,  /* the user typed Ctrl-A x */
    EXIT_SIGNALLED = 12,  /* SIGINT, SIGTERM, SIGHUP or SIGQUIT stopped the run */
    EXIT_LIMIT = 124,     /* timeout or a resource limit */
};

/* The status for a guest's write of `value` to the debug-exit port. */
static inline int exit_code_debug_exit(unsigned value)
{
    return (int)(((value << 1) | 1u) & 0xffu);
}

/* Which status wins when two causes meet (a second one found while the run
 * ends: the last output fails to go out, a signal or the deadline arrives
 * while it drains). Higher wins; equal: the first stays. The README's
 * precedence table is this function:
 *   5  sandbox violation or protocol error (6): the worker is not to be
 *      believed about anything else
 *   4  host error (8), above all output that could not be written: a
 *      status that said the run went well would lie about the lost bytes
 *   3  the user's stop: a stop signal (12) or Ctrl-A x (10)
 *   2  a limit (124)
 *   1  the guest's own status: halted (0), crashed (4), debug exit (odd)
 *   0  usage error (2), which never meets another cause */
int exit_code_precedence(int code);

/* Multi-line table of the statuses, for --help. */
extern const char exit_code_help[];

#endif
