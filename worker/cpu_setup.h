/* cpu_setup.h - puts the guest in RAM and the vCPU in its starting mode:
 * the image's segments, CPUID, and for protected and long mode the GDT and
 * page tables in the system area (common/guest_layout.h), control
 * registers, segments and the general registers.
 */
#ifndef SCRATCHVM_WORKER_CPU_SETUP_H
#define SCRATCHVM_WORKER_CPU_SETUP_H

#include "common/guest_config.h"
#include "worker/kvm_vm.h"

/* Copy the image's segments into RAM, zero-filling to each memsz. The
 * supervisor validated the plan; the bounds are checked again here. */
int cpu_setup_load(struct kvm_vm *vm, const struct guest_config *cfg, struct kvm_err *err);

/* KVM_GET_SUPPORTED_CPUID -> KVM_SET_CPUID2: the guest sees what this
 * host's KVM can offer. */
int cpu_setup_cpuid(struct kvm_vm *vm, struct kvm_err *err);

/* Registers for cfg->load.mode, starting at cfg->load.entry. */
int cpu_setup_registers(struct kvm_vm *vm, const struct guest_config *cfg, struct kvm_err *err);

#endif
