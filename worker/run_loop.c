#include "worker/run_loop.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

static enum run_result fault(const struct exit_sink *sink, enum ipc_fault_kind kind,
                             const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static enum run_result fault(const struct exit_sink *sink, enum ipc_fault_kind kind,
                             const char *fmt, ...)
{
    char text[IPC_MAX_TEXT + 1];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    sink->fault(sink->ctx, kind, text);
    return RUN_FAULTED;
}

static const char *internal_error_name(uint32_t suberror)
{
    switch (suberror) {
    case KVM_INTERNAL_ERROR_EMULATION:
        return "instruction emulation failed";
    case KVM_INTERNAL_ERROR_SIMUL_EX:
        return "exception while delivering an exception";
    case KVM_INTERNAL_ERROR_DELIVERY_EV:
        return "exception during event delivery";
    default:
        return "unknown suberror";
    }
}

/* Port I/O: the data of all `count` items sits at data_offset in the run
 * page, `size` bytes each (string I/O exits once with count > 1). */
static int handle_io(struct kvm_vm *vm, const struct exit_sink *sink)
{
    struct kvm_run *run = vm->run;
    size_t bytes = (size_t)run->io.size * run->io.count;
    if (run->io.data_offset > vm->run_size || bytes > vm->run_size - run->io.data_offset)
        return -1;
    uint8_t *data = (uint8_t *)run + run->io.data_offset;
    if (run->io.direction == KVM_EXIT_IO_OUT)
        return sink->io_out(sink->ctx, run->io.port, run->io.size, run->io.count, data) ? 1 : 0;
    return sink->io_in(sink->ctx, run->io.port, run->io.size, run->io.count, data) ? 1 : 0;
}

enum run_result run_loop(struct kvm_vm *vm, const struct exit_sink *sink)
{
    struct kvm_run *run = vm->run;
    for (;;) {
        if (ioctl(vm->vcpu_fd, KVM_RUN, 0) < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return fault(sink, IPC_FAULT_HOST, "KVM_RUN: %s", strerror(errno));
        }
        switch (run->exit_reason) {
        case KVM_EXIT_IO: {
            int rc = handle_io(vm, sink);
            if (rc < 0)
                return fault(sink, IPC_FAULT_HOST,
                             "KVM reported port I/O data outside the run page");
            if (rc > 0)
                return RUN_STOPPED;
            break;
        }
        case KVM_EXIT_HLT:
            sink->halt(sink->ctx);
            return RUN_HALTED;
        case KVM_EXIT_MMIO:
            /* Nothing is mapped outside RAM: reads float high, writes vanish. */
            if (!run->mmio.is_write)
                memset(run->mmio.data, 0xff, sizeof run->mmio.data);
            break;
        case KVM_EXIT_SHUTDOWN:
            return fault(sink, IPC_FAULT_GUEST, "guest crashed: triple fault (KVM_EXIT_SHUTDOWN)");
        case KVM_EXIT_INTERNAL_ERROR:
            return fault(sink, IPC_FAULT_GUEST,
                         "guest crashed: KVM internal error, suberror %u (%s)",
                         run->internal.suberror, internal_error_name(run->internal.suberror));
        case KVM_EXIT_FAIL_ENTRY:
            return fault(sink, IPC_FAULT_GUEST,
                         "guest crashed: VM entry failed, hardware reason 0x%llx",
                         (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
        default:
            return fault(sink, IPC_FAULT_GUEST, "guest crashed: unexpected VM exit reason %u",
                         run->exit_reason);
        }
    }
}
