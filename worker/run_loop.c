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

/* Without KVM's in-kernel irqchip, user space injects interrupts: while the
 * INTR line is high, ask KVM to exit as soon as the guest can take one
 * (interrupt window), then run the acknowledge cycle and KVM_INTERRUPT.
 * Returns 0, or -1 when the run must stop (sink) or fails (fault sent). */
static int inject_pending(struct kvm_vm *vm, const struct exit_sink *sink)
{
    struct kvm_run *run = vm->run;
    if (*sink->intr_line && run->ready_for_interrupt_injection && run->if_flag) {
        int vector;
        if (sink->intr_ack(sink->ctx, &vector) != 0)
            return -1;
        if (vector >= 0) {
            struct kvm_interrupt irq = {.irq = (uint32_t)vector};
            if (ioctl(vm->vcpu_fd, KVM_INTERRUPT, &irq) < 0) {
                fault(sink, IPC_FAULT_HOST, "KVM_INTERRUPT: %s", strerror(errno));
                return -1;
            }
        }
    }
    run->request_interrupt_window = *sink->intr_line ? 1 : 0;
    return 0;
}

enum run_result run_loop(struct kvm_vm *vm, const struct exit_sink *sink)
{
    struct kvm_run *run = vm->run;
    for (;;) {
        if (inject_pending(vm, sink) != 0)
            return RUN_STOPPED;
        if (ioctl(vm->vcpu_fd, KVM_RUN, 0) < 0) {
            if (errno == EINTR) { /* the supervisor's kick: it posted an IRQ_LINE */
                if (sink->kicked(sink->ctx) != 0)
                    return RUN_STOPPED;
                continue;
            }
            if (errno == EAGAIN)
                continue;
            return fault(sink, IPC_FAULT_HOST, "KVM_RUN: %s", strerror(errno));
        }
        switch (run->exit_reason) {
        case KVM_EXIT_IRQ_WINDOW_OPEN: /* the guest can take the interrupt now */
        case KVM_EXIT_INTR:
            break;
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
            /* With interrupts off nothing can wake the guest: the run ends.
             * With them on, it sleeps until the INTR line goes high. */
            if (!run->if_flag) {
                sink->halt(sink->ctx);
                return RUN_HALTED;
            }
            if (!*sink->intr_line && sink->idle(sink->ctx) != 0)
                return RUN_STOPPED;
            break;
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
