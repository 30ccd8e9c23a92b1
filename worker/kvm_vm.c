#include "worker/kvm_vm.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define KVM_DEVICE "/dev/kvm"
/* Where Intel VMX keeps the real-mode TSS: three pages just below the
 * 4 GiB BIOS area, far above the largest guest RAM we allow. */
#define KVM_TSS_ADDR 0xfffbd000ull

int kvm_fail(struct kvm_err *err, enum ipc_fault_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    err->kind = kind;
    return -1;
}

static const char *open_hint(int e)
{
    switch (e) {
    case ENOENT:
    case ENODEV:
    case ENXIO:
        return " (KVM is not available: enable virtualisation and load kvm_intel or kvm_amd)";
    case EACCES:
    case EPERM:
        return " (add your user to the kvm group: sudo usermod -aG kvm $USER, then log in again)";
    default:
        return "";
    }
}

int kvm_vm_open(struct kvm_vm *vm, struct kvm_err *err)
{
    *vm = (struct kvm_vm){.kvm_fd = -1, .vm_fd = -1, .vcpu_fd = -1};
    vm->kvm_fd = open(KVM_DEVICE, O_RDWR | O_CLOEXEC);
    if (vm->kvm_fd < 0) {
        int e = errno;
        return kvm_fail(err, IPC_FAULT_HOST, "cannot open %s: %s%s", KVM_DEVICE, strerror(e),
                        open_hint(e));
    }
    int api = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
    if (api != KVM_API_VERSION)
        return kvm_fail(err, IPC_FAULT_HOST, "unsupported KVM: API version %d, need %d", api,
                        KVM_API_VERSION);
    static const struct {
        int cap;
        const char *name;
    } needed[] = {
        {KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY"},
        {KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT"}, /* primes KVM_RUN before lockdown */
    };
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
        if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, needed[i].cap) <= 0)
            return kvm_fail(err, IPC_FAULT_HOST, "unsupported KVM: %s is missing", needed[i].name);
    return 0;
}

int kvm_vm_create(struct kvm_vm *vm, uint64_t mem_size, struct kvm_err *err)
{
    vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
    if (vm->vm_fd < 0)
        return kvm_fail(err, IPC_FAULT_HOST, "KVM_CREATE_VM: %s", strerror(errno));
    /* Needed by Intel CPUs to run real mode; harmless elsewhere. */
    if (ioctl(vm->vm_fd, KVM_SET_TSS_ADDR, (unsigned long)KVM_TSS_ADDR) < 0)
        return kvm_fail(err, IPC_FAULT_HOST, "KVM_SET_TSS_ADDR: %s", strerror(errno));

    void *ram = mmap(NULL, mem_size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (ram == MAP_FAILED)
        return kvm_fail(err, IPC_FAULT_HOST, "cannot map %llu bytes of guest RAM: %s",
                        (unsigned long long)mem_size, strerror(errno));
    vm->ram = ram;
    vm->ram_size = mem_size;

    struct kvm_userspace_memory_region region = {
        .slot = 0,
        .guest_phys_addr = 0,
        .memory_size = mem_size,
        .userspace_addr = (uintptr_t)ram,
    };
    if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
        return kvm_fail(err, IPC_FAULT_HOST, "KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));
    return 0;
}

int kvm_vm_create_vcpu(struct kvm_vm *vm, struct kvm_err *err)
{
    vm->vcpu_fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, 0);
    if (vm->vcpu_fd < 0)
        return kvm_fail(err, IPC_FAULT_HOST, "KVM_CREATE_VCPU: %s", strerror(errno));
    int size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (size < (int)sizeof(struct kvm_run))
        return kvm_fail(err, IPC_FAULT_HOST, "KVM_GET_VCPU_MMAP_SIZE returned %d", size);
    void *run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, vm->vcpu_fd, 0);
    if (run == MAP_FAILED)
        return kvm_fail(err, IPC_FAULT_HOST, "cannot map the vCPU run page: %s", strerror(errno));
    vm->run = run;
    vm->run_size = (size_t)size;
    return 0;
}

int kvm_vm_coalesce_prepare(struct kvm_vm *vm)
{
    int page = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_COALESCED_MMIO);
    long page_size = sysconf(_SC_PAGESIZE);
    if (page <= 0 || ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_COALESCED_PIO) <= 0 ||
        page_size <= 0 || (size_t)(page + 1) * (size_t)page_size > vm->run_size)
        return 0;
    vm->ring_page =
        (struct kvm_coalesced_mmio_ring *)((uint8_t *)vm->run + (size_t)page * page_size);
    vm->ring_max = (uint32_t)(((size_t)page_size - sizeof(struct kvm_coalesced_mmio_ring)) /
                              sizeof(struct kvm_coalesced_mmio));
    return 1;
}

int kvm_vm_coalesce_pio(struct kvm_vm *vm, uint16_t port, struct kvm_err *err)
{
    struct kvm_coalesced_mmio_zone zone = {.addr = port, .size = 1, .pio = 1};
    if (vm->ring_page == NULL || ioctl(vm->vm_fd, KVM_REGISTER_COALESCED_MMIO, &zone) < 0)
        return kvm_fail(err, IPC_FAULT_HOST, "KVM_REGISTER_COALESCED_MMIO: %s",
                        vm->ring_page == NULL ? "not prepared" : strerror(errno));
    vm->ring = vm->ring_page;
    return 0;
}

int kvm_vm_set_kick_signal(struct kvm_vm *vm, int signo, struct kvm_err *err)
{
    sigset_t block, inside;
    sigemptyset(&block);
    sigaddset(&block, signo);
    if (sigprocmask(SIG_BLOCK, &block, &inside) != 0)
        return kvm_fail(err, IPC_FAULT_HOST, "sigprocmask: %s", strerror(errno));
    sigdelset(&inside, signo);
    /* The kernel's sigset is 8 bytes on x86-64, not glibc's 128. */
    struct {
        struct kvm_signal_mask hdr;
        uint8_t set[8];
    } mask = {.hdr.len = 8};
    memcpy(mask.set, &inside, sizeof mask.set);
    if (ioctl(vm->vcpu_fd, KVM_SET_SIGNAL_MASK, &mask) != 0)
        return kvm_fail(err, IPC_FAULT_HOST, "KVM_SET_SIGNAL_MASK: %s", strerror(errno));
    return 0;
}

void kvm_vm_destroy(struct kvm_vm *vm)
{
    if (vm->run != NULL)
        munmap(vm->run, vm->run_size);
    if (vm->ram != NULL)
        munmap(vm->ram, vm->ram_size);
    if (vm->vcpu_fd >= 0)
        close(vm->vcpu_fd);
    if (vm->vm_fd >= 0)
        close(vm->vm_fd);
    if (vm->kvm_fd >= 0)
        close(vm->kvm_fd);
    *vm = (struct kvm_vm){.kvm_fd = -1, .vm_fd = -1, .vcpu_fd = -1};
}
