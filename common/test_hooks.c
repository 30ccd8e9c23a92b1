/* Compiled only into test builds (//supervisor:supervisor_testhooks). */
#define SCRATCHVM_TEST_HOOKS 1
#include "common/test_hooks.h"

#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

void test_hook_locked_down(const char *env_name)
{
    const char *what = getenv(env_name);
    if (what == NULL)
        return;
    static char page[4096] __attribute__((aligned(4096)));
    struct kvm_regs regs = {0};
    struct kvm_coalesced_mmio_zone zone = {.addr = 0x3f8, .size = 1, .pio = 1};
    if (strcmp(what, "openat") == 0) {
        syscall(SYS_openat, AT_FDCWD, "/etc/passwd", O_RDONLY);
    } else if (strcmp(what, "execve") == 0) {
        char *argv[] = {"/bin/true", NULL};
        syscall(SYS_execve, "/bin/true", argv, argv + 1);
    } else if (strcmp(what, "fork") == 0) {
        syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
    } else if (strcmp(what, "socket") == 0) {
        syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
    } else if (strcmp(what, "ptrace") == 0) {
        syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0);
    } else if (strcmp(what, "mprotect_exec") == 0) {
        syscall(SYS_mprotect, page, sizeof page, PROT_READ | PROT_EXEC);
    } else if (strcmp(what, "ioctl_vm") == 0) {
        syscall(SYS_ioctl, 5, KVM_CREATE_VCPU, 1); /* where the VM fd would be */
    } else if (strcmp(what, "ioctl_vcpu") == 0) {
        syscall(SYS_ioctl, 4, KVM_SET_REGS, &regs); /* the vCPU fd, a request not allowed */
    } else if (strcmp(what, "ioctl_run_sock") == 0) {
        syscall(SYS_ioctl, 3, KVM_RUN, 0); /* an allowed request, on the socket's fd */
    } else if (strcmp(what, "ioctl_run_vm") == 0) {
        syscall(SYS_ioctl, 5, KVM_RUN, 0); /* an allowed request, on the VM's fd */
    } else if (strcmp(what, "ioctl_coalesce_vcpu") == 0) {
        /* The VM fd's one request, on the vCPU fd. */
        syscall(SYS_ioctl, 4, KVM_REGISTER_COALESCED_MMIO, &zone);
    } else if (strcmp(what, "segv") == 0) {
        *(volatile int *)(uintptr_t)8 = 0; /* a fault of the process itself */
    } else if (strcmp(what, "abort") == 0) {
        abort(); /* as a failed assert() would */
    }
#if defined(SCRATCHVM_SANITIZER_ADDRESS)
    else if (strcmp(what, "asan_report") == 0) {
        /* A memory error ASan must report through the filters; in an ASan
         * build only (elsewhere it would be undefined behaviour). */
        static volatile char small[8];
        volatile size_t past = sizeof small;
        small[past] = 1;
    }
#endif
#if defined(SCRATCHVM_SANITIZER_UNDEFINED)
    else if (strcmp(what, "ubsan_trap") == 0) {
        /* A signed overflow UBSan must trap on (ubsan build only). */
        volatile int big = 0x7fffffff;
        big = big + (int)strlen(what);
    }
#endif
}

static void rewrite_first_exit(struct kvm_run *run)
{
    static int done;
    const char *what = getenv("SCRATCHVM_TEST_WORKER_EXIT");
    if (done++ || what == NULL)
        return;
    if (strcmp(what, "fail_entry") == 0) {
        run->exit_reason = KVM_EXIT_FAIL_ENTRY;
        run->fail_entry.hardware_entry_failure_reason = 0x80000021; /* invalid guest state */
    } else if (strcmp(what, "unknown") == 0) {
        run->exit_reason = 0x7fff;
    }
}

test_exit_hook_fn *test_hook_exit(void)
{
    return rewrite_first_exit;
}
