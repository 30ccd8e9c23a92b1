/* kvm_vm.h - the KVM objects of one guest: /dev/kvm, the VM, its RAM and its
 * single vCPU with the shared run page. Setup only; the run loop is in
 * run_loop.c.
 *
 * Every function returns 0, or -1 with a one-line reason in `err` (no
 * newline) and the fault kind the failure should be reported as.
 */
#ifndef SCRATCHVM_WORKER_KVM_VM_H
#define SCRATCHVM_WORKER_KVM_VM_H

#include <linux/kvm.h>
#include <stddef.h>
#include <stdint.h>

#include "common/guest_config.h"
#include "ipc/ipc_proto.h"

struct kvm_vm {
    int kvm_fd;
    int vm_fd;
    int vcpu_fd;
    uint8_t *ram;
    uint64_t ram_size;
    struct kvm_run *run;
    size_t run_size;
    /* Coalesced port writes: where KVM keeps its ring, inside the vCPU's
     * mapping (NULL: this KVM cannot), and the ring once a zone is on
     * (kvm_vm_coalesce_pio): KVM appends writes to it instead of exiting. */
    struct kvm_coalesced_mmio_ring *ring_page;
    struct kvm_coalesced_mmio_ring *ring;
    uint32_t ring_max; /* entries in the ring */
};

struct kvm_err {
    enum ipc_fault_kind kind;
    char text[IPC_MAX_TEXT + 1];
};

/* Set `err` to a one-line reason of `kind`. Returns -1. */
int kvm_fail(struct kvm_err *err, enum ipc_fault_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Open /dev/kvm and check the API version and the capabilities we use. */
int kvm_vm_open(struct kvm_vm *vm, struct kvm_err *err);
/* Create the VM and map `mem_size` bytes of RAM at guest physical 0. */
int kvm_vm_create(struct kvm_vm *vm, uint64_t mem_size, struct kvm_err *err);
/* Create vCPU 0 and map its run page. */
int kvm_vm_create_vcpu(struct kvm_vm *vm, struct kvm_err *err);
/* Whether this KVM can coalesce port writes (KVM_CAP_COALESCED_PIO), and
 * where its ring is. Returns 1 or 0. Call after creating the vCPU. */
int kvm_vm_coalesce_prepare(struct kvm_vm *vm);
/* Ask KVM to buffer 1-byte OUTs to `port` in the ring instead of exiting
 * for each. Needs the VM fd and kvm_vm_coalesce_prepare() == 1. Returns 0,
 * or -1 with `err`. (A zone makes the VM's teardown wait for an RCU grace
 * period, ~15 ms here: worth it only for a guest that writes a lot.) */
int kvm_vm_coalesce_pio(struct kvm_vm *vm, uint16_t port, struct kvm_err *err);
/* Block `signo` in this process, except inside KVM_RUN (KVM_SET_SIGNAL_MASK):
 * the signal then makes KVM_RUN return EINTR, never a handler run, and one
 * sent just before KVM_RUN is not lost (it stays pending and KVM_RUN
 * returns at once). */
int kvm_vm_set_kick_signal(struct kvm_vm *vm, int signo, struct kvm_err *err);
/* Close whatever was opened and unmap RAM (safe on a partial setup). */
void kvm_vm_destroy(struct kvm_vm *vm);

#endif
