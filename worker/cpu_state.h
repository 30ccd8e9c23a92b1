/* cpu_state.h - what a crash report shows of the vCPU: registers, control
 * registers, CS/SS, and the guest bytes at RIP when RIP is in RAM.
 */
#ifndef SCRATCHVM_WORKER_CPU_STATE_H
#define SCRATCHVM_WORKER_CPU_STATE_H

#include "common/guest_layout.h"
#include "ipc/ipc_proto.h"
#include "worker/kvm_vm.h"

/* Fill `st` (zeroed first). Registers KVM will not give stay 0. */
void cpu_state_read(const struct kvm_vm *vm, enum guest_mode mode, struct ipc_cpu_state *st);

#endif
