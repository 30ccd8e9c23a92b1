/* The worker's setup order, top to bottom, as in Solo5's hvt tender. */
#include "worker/worker.h"

#include <sys/prctl.h>

#include "common/diag.h"
#include "common/test_hooks.h"
#include "worker/cpu_setup.h"
#include "worker/ipc_exit_sink.h"
#include "worker/run_loop.h"
#include "worker/sandbox.h"

int worker_build_vm(const struct guest_config *cfg, struct kvm_vm *vm, const struct exit_sink *sink)
{
    struct kvm_err err;
    if (kvm_vm_open(vm, &err) != 0 || kvm_vm_create(vm, cfg->mem_size, &err) != 0 ||
        cpu_setup_load(vm, cfg, &err) != 0 || kvm_vm_create_vcpu(vm, &err) != 0 ||
        cpu_setup_cpuid(vm, &err) != 0 || kvm_vm_set_kick_signal(vm, IPC_KICK_SIGNAL, &err) != 0 ||
        cpu_setup_registers(vm, cfg, &err) != 0) {
        sink->fault(sink->ctx, err.kind, err.text, NULL);
        return -1;
    }
    if (cfg->coalesce_port != 0)
        (void)kvm_vm_coalesce_prepare(vm); /* 0: this KVM cannot; every OUT exits */
    return 0;
}

int worker_main(const struct worker_config *cfg, int sock)
{
    struct ipc_exit_sink ctx;
    struct exit_sink sink;
    struct kvm_vm vm;
    struct kvm_err err;

    ipc_exit_sink_init(&ctx, sock, &sink);
    /* Forked without exec, the worker would show the supervisor's name. */
    if (prctl(PR_SET_NAME, WORKER_COMM, 0, 0, 0) != 0) {
        sink.fault(sink.ctx, IPC_FAULT_HOST, "PR_SET_NAME failed", NULL);
        return 1;
    }
    ctx.spin_ns = cfg->guest->spin_ns;
    if (worker_signals_reset(&err) != 0) {
        sink.fault(sink.ctx, err.kind, err.text, NULL);
        return 1;
    }
    if (worker_build_vm(cfg->guest, &vm, &sink) != 0)
        return 1;
    int locked = worker_sandbox_enter(&vm, &sock, cfg->sandbox, &err);
    ctx.ch.fd = sock; /* renumbered by the lockdown */
    if (locked != 0) {
        sink.fault(sink.ctx, err.kind, err.text, NULL);
        return 1;
    }
    test_hook_worker_script(ctx.ch.fd); /* test builds: a scripted peer instead */
    if (ipc_exit_sink_ready(&ctx) != 0)
        return 1;
    test_hook_locked_down("SCRATCHVM_TEST_WORKER_VIOLATION");
    const struct guest_config *g = cfg->guest;
    struct run_options opt = {
        .mode = g->load.mode,
        .strict = g->strict,
        .trace = g->trace,
        .timing = g->timing,
        .port_map = g->port_map,
        .coalesce_port = g->coalesce_port,
        .stats = g->stats,
        .exit_hook = test_hook_exit(),
    };
    enum run_result r = run_loop(&vm, &sink, &opt);
    return r == RUN_HALTED ? 0 : 1;
}
