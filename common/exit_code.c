#include "common/exit_code.h"

const char exit_code_help[] =
    "Exit status:\n"
    "  0    the guest halted: HLT with interrupts off, or on with no device\n"
    "       left that could interrupt it (e.g. input at its end)\n"
    "  2    usage error or bad guest image\n"
    "  4    the guest crashed (triple fault, KVM internal error, entry failure)\n"
    "  6    sandbox violation or protocol error from the worker\n"
    "  8    host error (no /dev/kvm, permission denied, unsupported KVM, output\n"
    "       that could not be written)\n"
    "  10   the user quit with Ctrl-A x\n"
    "  12   stopped by a signal (SIGINT, SIGTERM, SIGHUP, ...; see README)\n"
    "  124  timeout or resource limit\n"
    "  odd  the guest wrote v to port 0xf4: status (v << 1) | 1, modulo 256\n";

int exit_code_precedence(int code)
{
    switch (code) {
    case EXIT_PROTOCOL:
        return 5;
    case EXIT_HOST:
        return 4;
    case EXIT_SIGNALLED:
    case EXIT_USER_QUIT:
        return 3;
    case EXIT_LIMIT:
        return 2;
    case EXIT_USAGE:
        return 0;
    default:
        return 1; /* EXIT_HALTED, EXIT_GUEST_CRASH, odd debug-exit statuses */
    }
}
