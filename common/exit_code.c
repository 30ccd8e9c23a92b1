#include "common/exit_code.h"

const char exit_code_help[] =
    "Exit status:\n"
    "  0    the guest halted: HLT with interrupts off, or on with no device\n"
    "       left that could interrupt it (e.g. input at its end)\n"
    "  2    usage error or bad guest image\n"
    "  4    the guest crashed (triple fault, KVM internal error, entry failure)\n"
    "  6    sandbox violation or protocol error from the worker\n"
    "  8    host error (no /dev/kvm, permission denied, unsupported KVM)\n"
    "  10   the user quit with Ctrl-A x\n"
    "  12   stopped by SIGINT, SIGTERM, SIGHUP or SIGQUIT\n"
    "  124  timeout or resource limit\n"
    "  odd  the guest wrote v to port 0xf4: status (v << 1) | 1, modulo 256\n";
