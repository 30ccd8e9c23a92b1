/* worker.h - the worker process: it alone holds /dev/kvm, the VM, the vCPU
 * and guest RAM. It turns VM exits into messages and knows no device.
 */
#ifndef SCRATCHVM_WORKER_WORKER_H
#define SCRATCHVM_WORKER_WORKER_H

#include "common/guest_config.h"
#include "common/sandbox_config.h"
#include "worker/exit_sink.h"
#include "worker/kvm_vm.h"

struct worker_config {
    const struct guest_config *guest;
    const struct sandbox_config *sandbox;
};

/* Build the VM for `cfg`: open KVM, create VM and RAM, load the image,
 * create the vCPU in real mode. On failure reports through `sink` and
 * returns -1 (with `vm` partially built: call kvm_vm_destroy). */
int worker_build_vm(const struct guest_config *cfg, struct kvm_vm *vm,
                    const struct exit_sink *sink);

/* The worker's name in /proc/<pid>/comm, as `ps -e` and `top` show it. A
 * comm holds 15 characters at most (TASK_COMM_LEN): the kernel keeps
 * "scratchvm-worke" of it, which is what ps -e, top and pgrep show. */
#define WORKER_COMM "scratchvm-worker"

/* The worker process's whole life, from its socket to exit status. */
int worker_main(const struct worker_config *cfg, int sock);

#endif
