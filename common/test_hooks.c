/* Compiled only into test builds (//supervisor:supervisor_testhooks). */
#define SCRATCHVM_TEST_HOOKS 1
#include "common/test_hooks.h"

#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "ipc/ipc_codec.h"

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

/* The hostile worker (SCRATCHVM_TEST_WORKER_SCRIPT): a small interpreter
 * over the script's text. It runs locked down, so it uses only what the
 * worker's allowlist has: send and recv on the socket, clock_gettime,
 * rt_sigtimedwait (its sleep) and exit_group; `kill` and `close` are there
 * to be trapped. */
struct peer_script {
    int sock;
    const char *p; /* the next character to parse */
    uint8_t buf[2 * IPC_MAX_MSG];
};

static void skip_blanks(struct peer_script *s)
{
    while (*s->p == ' ' || *s->p == '\t')
        s->p++;
}

static int at_end_of_command(const struct peer_script *s)
{
    return *s->p == '\0' || *s->p == '\n' || *s->p == ';' || *s->p == '#' || *s->p == ')';
}

static void skip_command_end(struct peer_script *s)
{
    if (*s->p == '#')
        while (*s->p != '\0' && *s->p != '\n')
            s->p++;
    if (*s->p == '\n' || *s->p == ';')
        s->p++;
}

static __attribute__((noreturn)) void script_error(void)
{
    _exit(98);
}

static size_t word(struct peer_script *s, char *out, size_t cap)
{
    skip_blanks(s);
    size_t n = 0;
    while (!at_end_of_command(s) && *s->p != ' ' && *s->p != '\t') {
        if (n + 1 >= cap)
            script_error();
        out[n++] = *s->p++;
    }
    out[n] = '\0';
    return n;
}

static unsigned long number(struct peer_script *s)
{
    char w[32];
    char *end;
    if (word(s, w, sizeof w) == 0)
        script_error();
    unsigned long v = strtoul(w, &end, 0); /* "-1" too, as ULONG_MAX */
    if (*end != '\0')
        script_error();
    return v;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A "quoted" string with C escapes, into out; returns its length. */
static size_t text(struct peer_script *s, uint8_t *out, size_t cap)
{
    skip_blanks(s);
    if (*s->p++ != '"')
        script_error();
    size_t n = 0;
    while (*s->p != '"') {
        int c = (unsigned char)*s->p++;
        if (c == '\0' || n >= cap)
            script_error();
        if (c == '\\') {
            c = (unsigned char)*s->p++;
            if (c == 'n')
                c = '\n';
            else if (c == 'r')
                c = '\r';
            else if (c == 't')
                c = '\t';
            else if (c == 'x') {
                int hi = hex_digit(s->p[0]), lo = hi < 0 ? -1 : hex_digit(s->p[1]);
                if (lo < 0)
                    script_error();
                c = hi * 16 + lo;
                s->p += 2;
            } else if (c != '\\' && c != '"')
                script_error();
        }
        out[n++] = (uint8_t)c;
    }
    s->p++;
    return n;
}

/* Hex digit pairs to the end of the command, blanks between them allowed. */
static size_t hex(struct peer_script *s, uint8_t *out, size_t cap)
{
    size_t n = 0;
    for (;;) {
        skip_blanks(s);
        if (at_end_of_command(s))
            return n;
        int hi = hex_digit(s->p[0]), lo = hi < 0 ? -1 : hex_digit(s->p[1]);
        if (lo < 0 || n >= cap)
            script_error();
        out[n++] = (uint8_t)(hi * 16 + lo);
        s->p += 2;
    }
}

static void send_raw(struct peer_script *s, const uint8_t *b, size_t len)
{
    if (syscall(SYS_sendto, s->sock, b, len, MSG_NOSIGNAL, NULL, 0) != (long)len)
        _exit(96);
}

static void send_msg(struct peer_script *s, const struct ipc_msg *m)
{
    uint8_t out[IPC_MAX_MSG];
    const char *why = NULL;
    size_t len = ipc_encode(m, out, sizeof out, &why);
    if (len == 0)
        script_error();
    send_raw(s, out, len);
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleep without nanosleep (not allowed): wait for the kick signal, which
 * is blocked, with a timeout; a kick that comes is eaten. ms < 0: forever. */
static void wait_ms(long ms)
{
    int64_t end = mono_ms() + ms;
    sigset_t kick;
    sigemptyset(&kick);
    sigaddset(&kick, IPC_KICK_SIGNAL);
    for (;;) {
        int64_t left = ms < 0 ? 1000 : end - mono_ms();
        if (left <= 0)
            return;
        struct timespec ts = {.tv_sec = left / 1000, .tv_nsec = (left % 1000) * 1000000};
        syscall(SYS_rt_sigtimedwait, &kick, NULL, &ts, (size_t)8);
    }
}

static unsigned type_named(const char *name)
{
    for (unsigned t = 1; t <= IPC_TYPE_MAX; t++)
        if (strcmp(ipc_type_name(t), name) == 0)
            return t;
    script_error();
}

static void recv_one(struct peer_script *s)
{
    char name[32];
    unsigned want = word(s, name, sizeof name) == 0 ? 0 : type_named(name);
    long n = syscall(SYS_recvfrom, s->sock, s->buf, sizeof s->buf, 0, NULL, NULL);
    struct ipc_msg m;
    const char *why = NULL;
    if (n <= 0 || ipc_decode(s->buf, (size_t)n, IPC_FROM_SUPERVISOR, &m, &why) != 0 ||
        (want != 0 && m.type != want))
        _exit(97);
}

static void io_msg(struct peer_script *s, enum ipc_type type)
{
    struct ipc_msg m = {.type = type};
    m.u.io.port = (uint16_t)number(s);
    m.u.io.size = 1;
    m.u.io.data = s->buf;
    m.u.io.count = (uint32_t)text(s, s->buf, IPC_MAX_IO_BYTES);
    send_msg(s, &m);
}

/* One command starting at s->p; the caller skips its end. */
static void command(struct peer_script *s)
{
    char op[32];
    if (word(s, op, sizeof op) == 0)
        return; /* an empty command */
    struct ipc_msg m = {0};
    if (strcmp(op, "ready") == 0 || strcmp(op, "halt") == 0 || strcmp(op, "idle") == 0 ||
        strcmp(op, "inta") == 0) {
        m.type = op[0] == 'r'   ? IPC_READY
                 : op[0] == 'h' ? IPC_HALT
                 : op[1] == 'd' ? IPC_IDLE
                                : IPC_INTA;
        send_msg(s, &m);
    } else if (strcmp(op, "out") == 0) {
        io_msg(s, IPC_IO_OUT);
    } else if (strcmp(op, "batch") == 0) {
        io_msg(s, IPC_OUT_BATCH);
    } else if (strcmp(op, "in") == 0) {
        m.type = IPC_IO_IN;
        m.u.io.port = (uint16_t)number(s);
        m.u.io.size = (uint8_t)number(s);
        m.u.io.count = (uint32_t)number(s);
        send_msg(s, &m);
    } else if (strcmp(op, "fault") == 0) {
        char kind[16];
        word(s, kind, sizeof kind);
        m.type = IPC_FAULT;
        m.u.fault.kind = strcmp(kind, "host") == 0 ? IPC_FAULT_HOST : IPC_FAULT_GUEST;
        m.u.fault.len = (uint16_t)text(s, s->buf, IPC_MAX_TEXT);
        m.u.fault.text = (const char *)s->buf;
        send_msg(s, &m);
    } else if (strcmp(op, "violation") == 0) {
        m.type = IPC_VIOLATION;
        m.u.violation.nr = (uint32_t)number(s);
        send_msg(s, &m);
    } else if (strcmp(op, "cpu") == 0) {
        m.type = IPC_CPU_STATE;
        send_msg(s, &m);
    } else if (strcmp(op, "trace") == 0) {
        m.type = IPC_TRACE;
        m.u.trace = (struct ipc_trace){
            .kind = VM_EXIT_IO, .write = 1, .size = 1, .count = 1, .addr = 0x3f8, .value = 0x41};
        send_msg(s, &m);
    } else if (strcmp(op, "send") == 0) {
        send_raw(s, s->buf, hex(s, s->buf, sizeof s->buf));
    } else if (strcmp(op, "sendlen") == 0) {
        size_t len = number(s);
        if (len > sizeof s->buf)
            script_error();
        memset(s->buf, 0, len);
        if (hex(s, s->buf, len) > len)
            script_error();
        send_raw(s, s->buf, len);
    } else if (strcmp(op, "repeat") == 0) {
        unsigned long n = number(s);
        skip_blanks(s);
        bool group = *s->p == '(';
        const char *start = s->p + group;
        if (n == 0)
            script_error();
        for (unsigned long i = 0; i < n; i++) {
            s->p = start;
            if (!group) {
                command(s);
                continue;
            }
            for (skip_blanks(s); *s->p != ')'; skip_blanks(s)) { /* commands up to ')' */
                if (*s->p == '\0')
                    script_error();
                command(s);
                skip_command_end(s);
            }
            s->p++;
        }
    } else if (strcmp(op, "recv") == 0) {
        recv_one(s);
    } else if (strcmp(op, "sleep") == 0) {
        wait_ms((long)number(s));
    } else if (strcmp(op, "stall") == 0) {
        wait_ms(-1);
    } else if (strcmp(op, "exit") == 0) {
        _exit((int)number(s));
    } else if (strcmp(op, "segv") == 0) {
        *(volatile int *)(uintptr_t)8 = 0;
    } else if (strcmp(op, "ud2") == 0) {
        __asm__ volatile("ud2"); /* SIGILL */
    } else if (strcmp(op, "int3") == 0) {
        __asm__ volatile("int3"); /* SIGTRAP */
    } else if (strcmp(op, "div0") == 0) {
        /* The CPU's divide, not C's: a UBSan build would trap a C one as
         * undefined behaviour (SIGILL) before the CPU raised SIGFPE. */
        int zero = 0, q = 1;
        __asm__ volatile("cltd; idivl %1" : "+a"(q) : "r"(zero) : "edx");
    } else if (strcmp(op, "kill") == 0) {
        int pid = (int)number(s);
        syscall(SYS_kill, pid, (int)number(s));
    } else if (strcmp(op, "close") == 0) {
        syscall(SYS_close, s->sock);
    } else {
        script_error();
    }
    skip_blanks(s);
    if (!at_end_of_command(s))
        script_error();
}

void test_hook_worker_script(int sock)
{
    static struct peer_script s; /* big buffers: not on the worker's stack */
    const char *script = getenv("SCRATCHVM_TEST_WORKER_SCRIPT");
    if (script == NULL)
        return;
    s.sock = sock;
    s.p = script;
    while (*s.p != '\0') {
        command(&s);
        skip_command_end(&s);
    }
    _exit(0);
}
