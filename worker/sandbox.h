/* sandbox.h - the worker's lockdown, entered after the VM is built and
 * before the guest runs its first instruction:
 *   prime KVM_RUN once (immediate_exit) -> keep only stderr, the socket and
 *   the vCPU at fixed fds -> rlimits (no files, processes, cores, writes)
 *   -> drop capabilities and uid (libcap-ng), no_new_privs -> SIGSYS
 *   reporter -> seccomp allowlist.
 * Namespaces come from clone3 in the supervisor (worker_process.c).
 */
#ifndef SCRATCHVM_WORKER_SANDBOX_H
#define SCRATCHVM_WORKER_SANDBOX_H

#include "common/sandbox_config.h"
#include "worker/kvm_vm.h"

/* The first thing the worker does: it was forked, not executed, so it
 * starts with the supervisor's signal state. Every signal is unblocked and
 * back to its default action (the supervisor's stop signals, SIGTTOU,
 * SIGTTIN and its fault handlers are the supervisor's business), SIGPIPE
 * stays ignored (a closed socket is EPIPE), the alternate stack is off; and
 * it leaves the supervisor's session and process group (setsid).
 * Returns 0, or -1 with the reason in `err`. */
int worker_signals_reset(struct kvm_err *err);

/* On success `vm` and `*sock` are renumbered to the fixed fds. Returns 0,
 * or -1 with the reason in `err`. */
int worker_sandbox_enter(struct kvm_vm *vm, int *sock, const struct sandbox_config *sb,
                         struct kvm_err *err);

#endif
