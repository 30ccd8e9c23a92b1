#include "worker/run_loop.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "common/clock.h"
#include "worker/cpu_state.h"

struct loop {
    struct kvm_vm *vm;
    const struct exit_sink *sink;
    const struct run_options *opt;
    uint64_t coalescible; /* 1-byte OUT exits to opt->coalesce_port so far */
};

static enum run_result fault(const struct loop *l, enum ipc_fault_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* End the run. A guest crash carries the vCPU's state for the report. */
static enum run_result fault(const struct loop *l, enum ipc_fault_kind kind, const char *fmt, ...)
{
    char text[IPC_MAX_TEXT + 1];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    struct ipc_cpu_state cpu;
    if (kind == IPC_FAULT_GUEST)
        cpu_state_read(l->vm, l->opt->mode, &cpu);
    l->sink->fault(l->sink->ctx, kind, text, kind == IPC_FAULT_GUEST ? &cpu : NULL);
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

static enum vm_exit_kind kind_of(uint32_t reason)
{
    switch (reason) {
    case KVM_EXIT_IO:
        return VM_EXIT_IO;
    case KVM_EXIT_MMIO:
        return VM_EXIT_MMIO;
    case KVM_EXIT_HLT:
        return VM_EXIT_HLT;
    case KVM_EXIT_IRQ_WINDOW_OPEN:
        return VM_EXIT_IRQ_WINDOW;
    case KVM_EXIT_INTR:
        return VM_EXIT_INTR;
    case KVM_EXIT_SHUTDOWN:
        return VM_EXIT_SHUTDOWN;
    case KVM_EXIT_INTERNAL_ERROR:
        return VM_EXIT_INTERNAL_ERROR;
    case KVM_EXIT_FAIL_ENTRY:
        return VM_EXIT_FAIL_ENTRY;
    default:
        return VM_EXIT_OTHER;
    }
}

static int trace(const struct loop *l, enum vm_exit_kind kind, int write, unsigned size,
                 uint32_t count, uint64_t addr, const uint8_t *data)
{
    if (!l->opt->trace)
        return 0;
    struct ipc_trace t = {
        .kind = (uint8_t)kind,
        .write = (uint8_t)write,
        .size = (uint8_t)size,
        .count = count,
        .addr = addr,
    };
    if (data != NULL && size <= sizeof t.value)
        memcpy(&t.value, data, size); /* the first item; x86 is little endian */
    return l->sink->trace(l->sink->ctx, &t);
}

/* Whether a device answers every byte of the access (--strict). */
static bool port_claimed(const struct loop *l, uint16_t port, unsigned size)
{
    const uint8_t *map = l->opt->port_map;
    for (unsigned i = 0; map != NULL && i < size; i++) {
        uint16_t p = (uint16_t)(port + i);
        if (!((map[p / 8] >> (p % 8)) & 1))
            return false;
    }
    return true;
}

/* A guest that writes its UART a lot gets its 1-byte writes coalesced:
 * KVM buffers them in the ring and the run loop sends them on in batches
 * (drain_ring). If KVM refuses, every OUT simply keeps exiting. */
static void coalesce_if_busy(struct loop *l, int out)
{
    const struct kvm_run *run = l->vm->run;
    if (!out || run->io.port != l->opt->coalesce_port || run->io.size != 1 || run->io.count != 1 ||
        l->opt->coalesce_port == 0 || l->vm->ring_page == NULL ||
        ++l->coalescible != GUEST_COALESCE_AFTER)
        return;
    struct kvm_err err;
    (void)kvm_vm_coalesce_pio(l->vm, l->opt->coalesce_port, &err);
}

/* Port I/O: the data of all `count` items sits at data_offset in the run
 * page, `size` bytes each (string I/O exits once with count > 1).
 * Returns 0 to go on, or the run's result. */
static int handle_io(struct loop *l, enum run_result *result)
{
    struct kvm_run *run = l->vm->run;
    const struct exit_sink *sink = l->sink;
    size_t bytes = (size_t)run->io.size * run->io.count;
    int out = run->io.direction == KVM_EXIT_IO_OUT;
    if (run->io.data_offset > l->vm->run_size || bytes > l->vm->run_size - run->io.data_offset ||
        bytes > IPC_MAX_IO_BYTES) {
        *result = fault(l, IPC_FAULT_HOST, "KVM reported port I/O of %zu bytes at offset %llu",
                        bytes, (unsigned long long)run->io.data_offset);
        return -1;
    }
    if (l->opt->strict && !port_claimed(l, run->io.port, run->io.size)) {
        *result = fault(
            l, IPC_FAULT_GUEST, "guest crashed: %s of unhandled port 0x%x, %u byte%s (--strict)",
            out ? "write" : "read", run->io.port, run->io.size, run->io.size == 1 ? "" : "s");
        return -1;
    }
    uint8_t *data = (uint8_t *)run + run->io.data_offset;
    int stop = out ? sink->io_out(sink->ctx, run->io.port, run->io.size, run->io.count, data)
                   : sink->io_in(sink->ctx, run->io.port, run->io.size, run->io.count, data);
    if (stop == 0)
        stop = trace(l, VM_EXIT_IO, out, run->io.size, run->io.count, run->io.port, data);
    if (stop != 0) {
        *result = RUN_STOPPED;
        return -1;
    }
    coalesce_if_busy(l, out);
    return 0;
}

/* Accesses outside RAM: nothing is mapped there. Reads float high, writes
 * vanish; both are counted. With --strict, either is a crash. */
static int handle_mmio(const struct loop *l, enum run_result *result)
{
    struct kvm_run *run = l->vm->run;
    unsigned len = run->mmio.len <= sizeof run->mmio.data ? run->mmio.len : sizeof run->mmio.data;
    if (l->opt->strict) {
        *result = fault(l, IPC_FAULT_GUEST,
                        "guest crashed: MMIO %s at 0x%llx, %u byte%s, outside RAM (--strict)",
                        run->mmio.is_write ? "write" : "read",
                        (unsigned long long)run->mmio.phys_addr, len, len == 1 ? "" : "s");
        return -1;
    }
    if (run->mmio.is_write) {
        l->opt->stats->mmio_writes++;
    } else {
        l->opt->stats->mmio_reads++;
        memset(run->mmio.data, 0xff, sizeof run->mmio.data);
    }
    if (trace(l, VM_EXIT_MMIO, run->mmio.is_write, len, 1, run->mmio.phys_addr, run->mmio.data)) {
        *result = RUN_STOPPED;
        return -1;
    }
    return 0;
}

/* Queue `vector` for delivery at the next entry. Without an in-kernel
 * irqchip a second KVM_INTERRUPT before that entry would replace the first
 * (and the PIC's in-service bit would never be cleared), so the stale
 * "ready" flag is cleared here; KVM sets it again at the next exit. */
static int inject(const struct loop *l, int vector)
{
    struct kvm_interrupt irq = {.irq = (uint32_t)vector};
    if (ioctl(l->vm->vcpu_fd, KVM_INTERRUPT, &irq) < 0) {
        fault(l, IPC_FAULT_HOST, "KVM_INTERRUPT: %s", strerror(errno));
        return -1;
    }
    l->vm->run->ready_for_interrupt_injection = 0;
    return 0;
}

/* Without KVM's in-kernel irqchip, user space injects interrupts: while the
 * INTR line is high, ask KVM to exit as soon as the guest can take one
 * (interrupt window), then run the acknowledge cycle and KVM_INTERRUPT.
 * Returns 0, or -1 when the run must stop (sink) or fails (fault sent). */
static int inject_pending(const struct loop *l)
{
    struct kvm_run *run = l->vm->run;
    const struct exit_sink *sink = l->sink;
    if (*sink->intr_line && run->ready_for_interrupt_injection && run->if_flag) {
        int vector;
        if (sink->intr_ack(sink->ctx, &vector) != 0)
            return -1;
        if (vector >= 0 && inject(l, vector) != 0)
            return -1;
    }
    run->request_interrupt_window = *sink->intr_line ? 1 : 0;
    return 0;
}

/* HLT with interrupts on: sleep until an interrupt is delivered. RIP is
 * already past the HLT, so the guest may not run again before that: an
 * acknowledge that delivers nothing (the worker's view of the line was
 * stale) means sleeping again, not resuming. */
static int wake_from_hlt(const struct loop *l)
{
    const struct exit_sink *sink = l->sink;
    for (;;) {
        if (!*sink->intr_line && sink->idle(sink->ctx) != 0)
            return -1;
        if (!l->vm->run->ready_for_interrupt_injection)
            return 0; /* not injectable yet: the interrupt window exit follows */
        int vector;
        if (sink->intr_ack(sink->ctx, &vector) != 0)
            return -1;
        if (vector >= 0)
            return inject(l, vector);
    }
}

/* The 1-byte OUTs KVM buffered in the coalesced ring since the last exit,
 * in order, go out before the exit itself is handled (so a read of the
 * UART sees every earlier write): one OUT_BATCH per run of bytes to a
 * port. Returns 0, or -1 when the run ends (*result set). */
static int drain_ring(const struct loop *l, enum run_result *result)
{
    struct kvm_coalesced_mmio_ring *ring = l->vm->ring;
    if (ring == NULL)
        return 0;
    uint32_t first = ring->first, last = __atomic_load_n(&ring->last, __ATOMIC_ACQUIRE);
    uint8_t buf[IPC_MAX_IO_BYTES];
    uint32_t n = 0;
    uint16_t port = 0;
    while (first != last || n > 0) {
        const struct kvm_coalesced_mmio *e = NULL;
        if (first != last) {
            if (first >= l->vm->ring_max || last >= l->vm->ring_max) {
                *result = fault(l, IPC_FAULT_HOST, "coalesced ring index out of range");
                return -1;
            }
            e = &ring->coalesced_mmio[first];
        }
        if (n > 0 && (e == NULL || e->phys_addr != port || n == sizeof buf)) {
            l->opt->stats->coalesced_out += n;
            if (l->sink->out_batch(l->sink->ctx, port, buf, n) != 0) {
                *result = RUN_STOPPED;
                return -1;
            }
            n = 0;
        }
        if (e == NULL)
            break;
        port = (uint16_t)e->phys_addr;
        buf[n++] = e->data[0]; /* the zone is one port wide: every write is 1 byte */
        first = (first + 1) % l->vm->ring_max;
        __atomic_store_n(&ring->first, first, __ATOMIC_RELEASE);
    }
    return 0;
}

/* KVM_RUN once. Returns 0 after an exit, 1 after the kick (EINTR, handled),
 * or -1 when the run ends (*result set). */
static int enter(const struct loop *l, enum run_result *result)
{
    uint64_t t0 = l->opt->timing ? clock_now_ns() : 0;
    int rc = ioctl(l->vm->vcpu_fd, KVM_RUN, 0);
    int e = errno;
    if (l->opt->timing)
        l->opt->stats->kvm_run_ns += clock_now_ns() - t0;
    if (drain_ring(l, result) != 0)
        return -1;
    if (rc == 0) {
        if (l->opt->exit_hook != NULL)
            l->opt->exit_hook(l->vm->run);
        return 0;
    }
    if (e == EINTR) { /* the supervisor's kick: it posted an IRQ_LINE */
        l->opt->stats->exits[VM_EXIT_INTR]++;
        if (trace(l, VM_EXIT_INTR, 0, 0, 0, 0, NULL) == 0 && l->sink->kicked(l->sink->ctx) == 0)
            return 1;
        *result = RUN_STOPPED;
        return -1;
    }
    if (e == EAGAIN)
        return 1;
    *result = fault(l, IPC_FAULT_HOST, "KVM_RUN: %s", strerror(e));
    return -1;
}

enum run_result run_loop(struct kvm_vm *vm, const struct exit_sink *sink,
                         const struct run_options *opt)
{
    struct loop l = {vm, sink, opt, 0};
    struct kvm_run *run = vm->run;
    enum run_result result = RUN_STOPPED;
    for (;;) {
        if (inject_pending(&l) != 0)
            return RUN_STOPPED;
        int entered = enter(&l, &result);
        if (entered < 0)
            return result;
        if (entered > 0)
            continue;
        enum vm_exit_kind kind = kind_of(run->exit_reason);
        opt->stats->exits[kind]++;
        switch (run->exit_reason) {
        case KVM_EXIT_IRQ_WINDOW_OPEN: /* the guest can take the interrupt now */
        case KVM_EXIT_INTR:
            if (trace(&l, kind, 0, 0, 0, 0, NULL) != 0)
                return RUN_STOPPED;
            break;
        case KVM_EXIT_IO:
            if (handle_io(&l, &result) != 0)
                return result;
            break;
        case KVM_EXIT_MMIO:
            if (handle_mmio(&l, &result) != 0)
                return result;
            break;
        case KVM_EXIT_HLT:
            if (trace(&l, kind, 0, 0, 0, 0, NULL) != 0)
                return RUN_STOPPED;
            /* With interrupts off nothing can wake the guest: the run ends.
             * With them on, it sleeps until an interrupt is delivered. */
            if (!run->if_flag) {
                sink->halt(sink->ctx);
                return RUN_HALTED;
            }
            if (wake_from_hlt(&l) != 0)
                return RUN_STOPPED;
            break;
        case KVM_EXIT_SHUTDOWN:
            return fault(&l, IPC_FAULT_GUEST, "guest crashed: triple fault (KVM_EXIT_SHUTDOWN)");
        case KVM_EXIT_INTERNAL_ERROR:
            return fault(&l, IPC_FAULT_GUEST, "guest crashed: KVM internal error, suberror %u (%s)",
                         run->internal.suberror, internal_error_name(run->internal.suberror));
        case KVM_EXIT_FAIL_ENTRY:
            return fault(&l, IPC_FAULT_GUEST,
                         "guest crashed: VM entry failed (KVM_EXIT_FAIL_ENTRY), hardware "
                         "reason 0x%llx",
                         (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
        default:
            return fault(&l, IPC_FAULT_GUEST, "guest crashed: unexpected VM exit reason %u",
                         run->exit_reason);
        }
    }
}
