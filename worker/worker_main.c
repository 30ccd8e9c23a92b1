/* The worker's setup order, top to bottom, as in Solo5's hvt tender. */
#include "worker/worker.h"

#include "common/diag.h"
#include "common/test_hooks.h"
#include "worker/ipc_exit_sink.h"
#include "worker/run_loop.h"
#include "worker/sandbox.h"

int worker_build_vm(const struct guest_config *cfg, struct kvm_vm *vm, const struct exit_sink *sink)
{
    struct kvm_err err;
    if (kvm_vm_open(vm, &err) != 0 || kvm_vm_create(vm, cfg->mem_size, &err) != 0 ||
        kvm_vm_load(vm, cfg->image, cfg->image_len, cfg->load_addr, &err) != 0 ||
        kvm_vm_create_vcpu(vm, &err) != 0 ||
        kvm_vm_set_kick_signal(vm, IPC_KICK_SIGNAL, &err) != 0 ||
        kvm_vm_set_real_mode(vm, cfg->load_addr, cfg->regs, &err) != 0) {
        sink->fault(sink->ctx, err.kind, err.text);
        return -1;
    }
    return 0;
}

int worker_main(const struct worker_config *cfg, int sock)
{
    struct ipc_exit_sink ctx;
    struct exit_sink sink;
    struct kvm_vm vm;
    struct kvm_err err;

    ipc_exit_sink_init(&ctx, sock, &sink);
    if (worker_build_vm(cfg->guest, &vm, &sink) != 0)
        return 1;
    int locked = worker_sandbox_enter(&vm, &sock, cfg->sandbox, &err);
    ctx.ch.fd = sock; /* renumbered by the lockdown */
    if (locked != 0) {
        sink.fault(sink.ctx, err.kind, err.text);
        return 1;
    }
    if (ipc_exit_sink_ready(&ctx) != 0)
        return 1;
    test_hook_locked_down("SCRATCHVM_TEST_WORKER_VIOLATION");
    enum run_result r = run_loop(&vm, &sink);
    return r == RUN_HALTED ? 0 : 1;
}
