#include "worker/cpu_setup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#define CR0_PE 0x1ull
#define CR0_ET 0x10ull
#define CR0_PG 0x80000000ull
#define CR4_PAE 0x20ull
#define EFER_LME 0x100ull
#define EFER_LMA 0x400ull
#define PTE_P 0x1ull
#define PTE_RW 0x2ull
#define PTE_PS 0x80ull /* a 2 MiB page in a page directory */
#define CPUID_MAX_ENTRIES 256

int cpu_setup_load(struct kvm_vm *vm, const struct guest_config *cfg, struct kvm_err *err)
{
    const struct guest_load *l = &cfg->load;
    if (l->nseg > GUEST_MAX_SEGMENTS)
        return kvm_fail(err, IPC_FAULT_HOST, "load plan has %u segments", l->nseg);
    for (unsigned i = 0; i < l->nseg; i++) {
        const struct guest_segment *g = &l->seg[i];
        if (g->filesz > g->memsz || g->gpa > vm->ram_size || g->memsz > vm->ram_size - g->gpa ||
            g->file_off > cfg->image_len || g->filesz > cfg->image_len - g->file_off)
            return kvm_fail(err, IPC_FAULT_HOST, "load plan segment %u does not fit", i);
        memcpy(vm->ram + g->gpa, cfg->image + g->file_off, g->filesz);
        memset(vm->ram + g->gpa + g->filesz, 0, g->memsz - g->filesz);
    }
    return 0;
}

int cpu_setup_cpuid(struct kvm_vm *vm, struct kvm_err *err)
{
    size_t size = sizeof(struct kvm_cpuid2) + CPUID_MAX_ENTRIES * sizeof(struct kvm_cpuid_entry2);
    struct kvm_cpuid2 *cpuid = calloc(1, size);
    if (cpuid == NULL)
        return kvm_fail(err, IPC_FAULT_HOST, "cannot allocate the CPUID table");
    cpuid->nent = CPUID_MAX_ENTRIES;
    int rc = -1;
    if (ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, cpuid) < 0)
        kvm_fail(err, IPC_FAULT_HOST, "KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
    else if (ioctl(vm->vcpu_fd, KVM_SET_CPUID2, cpuid) < 0)
        kvm_fail(err, IPC_FAULT_HOST, "KVM_SET_CPUID2: %s", strerror(errno));
    else
        rc = 0;
    free(cpuid);
    return rc;
}

/* A GDT descriptor: base 0, limit 4 GiB (G=1), `access` byte, flags
 * (G, D/B, L) in bits 55:52. */
static uint64_t flat_descriptor(uint8_t access, uint8_t flags)
{
    return 0xffffull | (0xfull << 48) | ((uint64_t)access << 40) | ((uint64_t)flags << 52);
}

static void write64(struct kvm_vm *vm, uint64_t gpa, uint64_t v)
{
    memcpy(vm->ram + gpa, &v, sizeof v);
}

/* GDT: null, 32-bit code, data, 64-bit code (selectors in guest_layout.h). */
static uint64_t write_gdt(struct kvm_vm *vm, uint64_t sys)
{
    uint64_t gdt = sys + GUEST_SYS_GDT;
    write64(vm, gdt + 0, 0);
    write64(vm, gdt + GUEST_SEL_CODE32, flat_descriptor(0x9b, 0xc)); /* G, D: 32-bit */
    write64(vm, gdt + GUEST_SEL_DATA, flat_descriptor(0x93, 0xc));
    write64(vm, gdt + GUEST_SEL_CODE64, flat_descriptor(0x9b, 0xa)); /* G, L: 64-bit */
    return gdt;
}

/* Identity map of the first 4 GiB with 2 MiB pages: RAM, and above it the
 * space where an access is an MMIO exit rather than a page fault. */
static uint64_t write_page_tables(struct kvm_vm *vm, uint64_t sys)
{
    uint64_t pml4 = sys + GUEST_SYS_PML4, pdpt = sys + GUEST_SYS_PDPT, pd = sys + GUEST_SYS_PD;
    memset(vm->ram + pml4, 0, GUEST_SYS_SIZE - GUEST_SYS_PML4);
    write64(vm, pml4, pdpt | PTE_P | PTE_RW);
    for (uint64_t i = 0; i < GUEST_SYS_PD_COUNT; i++) {
        write64(vm, pdpt + 8 * i, (pd + 4096 * i) | PTE_P | PTE_RW);
        for (uint64_t j = 0; j < 512; j++)
            write64(vm, pd + 4096 * i + 8 * j, ((i * 512 + j) << 21) | PTE_P | PTE_RW | PTE_PS);
    }
    return pml4;
}

static struct kvm_segment flat_segment(uint16_t selector, uint8_t type, int code64)
{
    return (struct kvm_segment){
        .base = 0,
        .limit = 0xffffffff,
        .selector = selector,
        .type = type,
        .present = 1,
        .dpl = 0,
        .db = code64 ? 0 : 1,
        .s = 1,
        .l = code64 ? 1 : 0,
        .g = 1,
    };
}

static void real_mode_segments(struct kvm_sregs *s)
{
    struct kvm_segment *segs[] = {&s->cs, &s->ds, &s->es, &s->fs, &s->gs, &s->ss};
    for (size_t i = 0; i < sizeof segs / sizeof segs[0]; i++) {
        segs[i]->base = 0; /* keep the reset limits and attributes */
        segs[i]->selector = 0;
    }
}

int cpu_setup_registers(struct kvm_vm *vm, const struct guest_config *cfg, struct kvm_err *err)
{
    struct kvm_sregs s;
    if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s) < 0)
        return kvm_fail(err, IPC_FAULT_HOST, "KVM_GET_SREGS: %s", strerror(errno));
    enum guest_mode mode = cfg->load.mode;
    if (mode == GUEST_MODE_REAL) {
        real_mode_segments(&s);
    } else {
        uint64_t sys = cfg->mem_size - GUEST_SYS_SIZE;
        s.gdt.base = write_gdt(vm, sys);
        s.gdt.limit = 4 * 8 - 1;
        /* No IDT until the guest loads one: any exception is a triple fault,
         * reported as a crash, rather than a jump through garbage. */
        s.idt.base = 0;
        s.idt.limit = 0;
        struct kvm_segment data = flat_segment(GUEST_SEL_DATA, 0x3, 0);
        s.ds = s.es = s.fs = s.gs = s.ss = data;
        s.cr0 = CR0_PE | CR0_ET;
        if (mode == GUEST_MODE_PROTECTED) {
            s.cs = flat_segment(GUEST_SEL_CODE32, 0xb, 0);
        } else {
            s.cs = flat_segment(GUEST_SEL_CODE64, 0xb, 1);
            s.cr3 = write_page_tables(vm, sys);
            s.cr4 = CR4_PAE;
            s.cr0 |= CR0_PG;
            s.efer = EFER_LME | EFER_LMA;
        }
    }
    if (ioctl(vm->vcpu_fd, KVM_SET_SREGS, &s) < 0)
        return kvm_fail(err, IPC_FAULT_HOST, "KVM_SET_SREGS (%s mode): %s", guest_mode_name(mode),
                        strerror(errno));

    const uint64_t *g = cfg->regs;
    struct kvm_regs r = {
        .rax = g[GUEST_RAX],
        .rbx = g[GUEST_RBX],
        .rcx = g[GUEST_RCX],
        .rdx = g[GUEST_RDX],
        .rsi = g[GUEST_RSI],
        .rdi = g[GUEST_RDI],
        .rsp = g[GUEST_RSP],
        .rbp = g[GUEST_RBP],
        .r8 = g[GUEST_R8],
        .r9 = g[GUEST_R9],
        .r10 = g[GUEST_R10],
        .r11 = g[GUEST_R11],
        .r12 = g[GUEST_R12],
        .r13 = g[GUEST_R13],
        .r14 = g[GUEST_R14],
        .r15 = g[GUEST_R15],
        .rip = cfg->load.entry,
        .rflags = 0x2, /* bit 1 is reserved and always set */
    };
    if (ioctl(vm->vcpu_fd, KVM_SET_REGS, &r) < 0)
        return kvm_fail(err, IPC_FAULT_HOST, "KVM_SET_REGS: %s", strerror(errno));
    return 0;
}
