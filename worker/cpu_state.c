#include "worker/cpu_state.h"

#include <string.h>
#include <sys/ioctl.h>

void cpu_state_read(const struct kvm_vm *vm, enum guest_mode mode, struct ipc_cpu_state *st)
{
    *st = (struct ipc_cpu_state){.mode = (uint8_t)mode};
    struct kvm_regs r;
    if (ioctl(vm->vcpu_fd, KVM_GET_REGS, &r) == 0) {
        const uint64_t gpr[16] = {r.rax, r.rbx, r.rcx, r.rdx, r.rsi, r.rdi, r.rsp, r.rbp,
                                  r.r8,  r.r9,  r.r10, r.r11, r.r12, r.r13, r.r14, r.r15};
        memcpy(st->gpr, gpr, sizeof gpr);
        st->rip = r.rip;
        st->rflags = r.rflags;
    }
    struct kvm_sregs s;
    if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s) != 0)
        return;
    st->cr0 = s.cr0;
    st->cr2 = s.cr2;
    st->cr3 = s.cr3;
    st->cr4 = s.cr4;
    st->efer = s.efer;
    st->cs = s.cs.selector;
    st->cs_base = s.cs.base;
    st->ss = s.ss.selector;
    st->ss_base = s.ss.base;

    /* The code at CS:RIP, through the guest's own page tables. */
    uint64_t linear = s.cs.base + st->rip;
    if (!(s.efer & 0x400)) /* not in long mode (EFER.LMA): 32-bit addresses */
        linear &= 0xffffffffu;
    struct kvm_translation t = {.linear_address = linear};
    if (ioctl(vm->vcpu_fd, KVM_TRANSLATE, &t) != 0 || !t.valid ||
        t.physical_address >= vm->ram_size)
        return;
    uint64_t n = vm->ram_size - t.physical_address;
    /* Stop at the end of the page: the next one may map elsewhere. */
    uint64_t page_left = 4096 - (t.physical_address & 4095);
    if (n > page_left)
        n = page_left;
    if (n > IPC_CODE_BYTES)
        n = IPC_CODE_BYTES;
    st->code_gpa = t.physical_address;
    st->code_len = (uint8_t)n;
    memcpy(st->code, vm->ram + t.physical_address, n);
}
