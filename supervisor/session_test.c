/* The supervisor's device loop against fake workers: a well-behaved one,
 * and peers that send garbage, break the message table, close early, die,
 * or hang. Each run must end with the documented status, one exact line
 * on stderr, and no process left behind. No KVM needed. */
#include "supervisor/session.h"
#include "tests/unit.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/exit_code.h"

struct outcome {
    int code;
    char out[256];
    char err[2048];
    int leaked; /* the worker still existed after session_run */
};

static void read_back(int fd, char *buf, size_t cap)
{
    ssize_t n = pread(fd, buf, cap - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    close(fd);
}

/* A copy of `fd` far above the fixed fds the worker's socket and pidfd take. */
static int high_fd(int fd, bool close_original)
{
    int high = fcntl(fd, F_DUPFD_CLOEXEC, 20);
    if (close_original)
        close(fd);
    return high;
}

/* Where the guest's output goes: a memfd read back, or a path such as
 * /dev/full (then o.out stays empty). */
static const char *fake_stdout_path;
/* When set, the session starts only once the fake worker has sent all it
 * sends (it writes a byte to fake_sync[1]): two causes then meet in one
 * batch, whatever the scheduler does. */
static bool fake_sync_wanted;
static int fake_sync[2];

static struct outcome run_fake(worker_entry_fn fn, void *arg, uint64_t timeout_ms)
{
    struct outcome o = {0};
    int outfd = high_fd(
        fake_stdout_path != NULL ? open(fake_stdout_path, O_WRONLY) : memfd_create("out", 0), true);
    int errfd = high_fd(memfd_create("err", 0), true);
    int saved = high_fd(2, false);
    dup2(errfd, 2);

    struct console_out out;
    struct devices dev;
    struct worker_process wp;
    char err[256];
    console_out_init(&out, outfd);
    devices_init(&dev, &out);
    if (worker_process_start(&wp, fn, arg, false, err, sizeof err) != 0) {
        printf("  worker_process_start: %s\n", err);
        o.code = -1;
    } else {
        pid_t pid = wp.pid;
        char byte;
        if (fake_sync_wanted && read(fake_sync[0], &byte, 1) != 1)
            printf("  the fake worker did not say it was done\n");
        struct session s = {
            .worker = &wp, .dev = &dev, .out = &out, .signal_fd = -1, .timeout_ms = timeout_ms};
        o.code = session_run(&s);
        o.leaked = !(kill(pid, 0) == -1 && errno == ESRCH);
    }
    dup2(saved, 2);
    close(saved);
    read_back(outfd, o.out, sizeof o.out);
    read_back(errfd, o.err, sizeof o.err);
    return o;
}

static void send_msg(int sock, const struct ipc_msg *m)
{
    struct ipc_channel ch;
    const char *why;
    ipc_channel_init(&ch, sock, IPC_FROM_SUPERVISOR);
    if (ipc_channel_send(&ch, m, &why) != 0)
        _exit(90);
}

static void send_ready(int sock)
{
    struct ipc_msg m = {.type = IPC_READY};
    send_msg(sock, &m);
}

static void send_out(int sock, uint16_t port, const char *bytes)
{
    struct ipc_msg m = {.type = IPC_IO_OUT,
                        .u.io = {port, 1, (uint32_t)strlen(bytes), (const uint8_t *)bytes}};
    send_msg(sock, &m);
}

static void send_halt(int sock)
{
    struct ipc_msg m = {.type = IPC_HALT};
    send_msg(sock, &m);
}

/* --- fake workers --- */

static int good_worker(void *arg, int sock)
{
    (void)arg;
    send_ready(sock);
    send_out(sock, 0x3f8, "hi\n");
    send_out(sock, 0x80, "x"); /* an unclaimed port: ignored */
    send_halt(sock);
    pause(); /* the supervisor ends us after HALT */
    return 0;
}

static int in_worker(void *arg, int sock)
{
    (void)arg;
    send_ready(sock);
    struct ipc_msg in = {.type = IPC_IO_IN, .u.io = {0x3fd, 1, 2, NULL}};
    send_msg(sock, &in);
    struct ipc_channel ch;
    struct ipc_msg reply;
    const char *why;
    ipc_channel_init(&ch, sock, IPC_FROM_SUPERVISOR);
    if (ipc_channel_recv(&ch, false, &reply, &why) != IPC_RX_MSG || reply.type != IPC_IN_DATA ||
        reply.u.in_data.len != 2 || reply.u.in_data.data[0] != 0x60 ||
        reply.u.in_data.data[1] != 0x60)
        _exit(91);
    struct ipc_msg unclaimed = {.type = IPC_IO_IN, .u.io = {0x2f8, 1, 1, NULL}};
    send_msg(sock, &unclaimed);
    if (ipc_channel_recv(&ch, false, &reply, &why) != IPC_RX_MSG || reply.u.in_data.len != 1 ||
        reply.u.in_data.data[0] != 0xff)
        _exit(92);
    send_out(sock, 0x3f8, "in ok\n");
    send_halt(sock);
    pause();
    return 0;
}

static int raw_worker(void *arg, int sock)
{
    const struct {
        const void *bytes;
        size_t len;
        bool ready_first;
    } *raw = arg;
    if (raw->ready_first)
        send_ready(sock);
    if (send(sock, raw->bytes, raw->len, 0) < 0)
        _exit(93);
    pause();
    return 0;
}

static int early_exit_worker(void *arg, int sock)
{
    (void)arg;
    send_ready(sock);
    send_out(sock, 0x3f8, "partial");
    return 3;
}

static int dying_worker(void *arg, int sock)
{
    (void)arg;
    send_ready(sock);
    signal(SIGSEGV, SIG_DFL); /* a sanitizer's runtime may have a handler for it */
    kill(getpid(), SIGSEGV);  /* not raise(): glibc's cached tid is the parent's after clone3 */
    return 0;
}

static int hanging_worker(void *arg, int sock)
{
    (void)arg;
    send_ready(sock);
    for (;;)
        pause();
    return 0;
}

static int flooding_worker(void *arg, int sock)
{
    (void)arg;
    send_ready(sock);
    for (;;)
        send_out(sock, 0x3f8, "x");
    return 0;
}

static int fault_worker(void *arg, int sock)
{
    struct ipc_msg m = {.type = IPC_FAULT,
                        .u.fault = {*(enum ipc_fault_kind *)arg, "something broke", 15}};
    send_msg(sock, &m);
    pause();
    return 0;
}

static int debug_exit_worker(void *arg, int sock)
{
    (void)arg;
    send_ready(sock);
    send_out(sock, 0x3f8, "bye\n");
    uint8_t v[4] = {0x2a, 0, 0, 0};
    struct ipc_msg m = {.type = IPC_IO_OUT, .u.io = {0xf4, 4, 1, v}};
    send_msg(sock, &m);
    send_out(sock, 0x3f8, "after exit"); /* must never be printed */
    send_halt(sock);
    pause();
    return 0;
}

/* --- tests --- */

/* Arms COM1's receive interrupt with no input, idles: nothing can wake
 * the guest, so the run ends as a halt. */
static int idle_worker(void *arg, int sock)
{
    (void)arg;
    send_ready(sock);
    send_out(sock, 0x21, "\xef");  /* unmask IRQ 4 */
    send_out(sock, 0x3fc, "\x08"); /* OUT2 */
    send_out(sock, 0x3f9, "\x01"); /* IER: received data */
    struct ipc_msg idle = {.type = IPC_IDLE};
    send_msg(sock, &idle);
    pause();
    return 0;
}

/* Raises the THR-empty interrupt, takes it through INTA (vector 0x0c, the
 * line low afterwards), then asks again with nothing pending. */
static int inta_worker(void *arg, int sock)
{
    (void)arg;
    struct ipc_channel ch;
    struct ipc_msg reply, inta = {.type = IPC_INTA};
    const char *why;
    sigset_t kick; /* as the real worker: the kick only interrupts KVM_RUN */
    sigemptyset(&kick);
    sigaddset(&kick, IPC_KICK_SIGNAL);
    sigprocmask(SIG_BLOCK, &kick, NULL);
    ipc_channel_init(&ch, sock, IPC_FROM_SUPERVISOR);
    send_ready(sock);
    send_out(sock, 0x21, "\xef");
    send_out(sock, 0x3fc, "\x08");
    send_out(sock, 0x3f9, "\x02"); /* IER: THR empty -> IRQ 4 at once */
    if (ipc_channel_recv(&ch, false, &reply, &why) != IPC_RX_MSG || reply.type != IPC_IRQ_LINE ||
        reply.u.irq_line.level != 1)
        _exit(93);
    send_msg(sock, &inta);
    if (ipc_channel_recv(&ch, false, &reply, &why) != IPC_RX_MSG || reply.type != IPC_INTA_VECTOR ||
        !reply.u.inta.deliver || reply.u.inta.vector != 0x0c || reply.u.inta.line != 0)
        _exit(94);
    send_msg(sock, &inta);
    if (ipc_channel_recv(&ch, false, &reply, &why) != IPC_RX_MSG || reply.type != IPC_INTA_VECTOR ||
        reply.u.inta.deliver || reply.u.inta.line != 0)
        _exit(95);
    send_out(sock, 0x3f8, "inta ok\n");
    send_halt(sock);
    pause();
    return 0;
}

TEST(idle_with_nothing_to_wake_it_is_a_halt)
{
    struct outcome o = run_fake(idle_worker, NULL, 5000);
    CHECK_EQ(o.code, EXIT_HALTED);
    CHECK_STR(o.err, "");
    CHECK_EQ(o.leaked, 0);
}

TEST(interrupt_acknowledge_cycle)
{
    struct outcome o = run_fake(inta_worker, NULL, 5000);
    CHECK_EQ(o.code, EXIT_HALTED);
    CHECK_STR(o.out, "inta ok\n");
    CHECK_STR(o.err, "");
}

TEST(good_worker_halts)
{
    struct outcome o = run_fake(good_worker, NULL, 0);
    CHECK_EQ(o.code, EXIT_HALTED);
    CHECK_STR(o.out, "hi\n");
    CHECK_STR(o.err, "");
    CHECK(!o.leaked);
}

TEST(in_is_answered_by_the_devices)
{
    struct outcome o = run_fake(in_worker, NULL, 0);
    CHECK_EQ(o.code, EXIT_HALTED);
    CHECK_STR(o.out, "in ok\n");
    CHECK_STR(o.err, "");
}

TEST(debug_exit_ends_the_run_at_once)
{
    struct outcome o = run_fake(debug_exit_worker, NULL, 0);
    CHECK_EQ(o.code, 85);
    CHECK_STR(o.out, "bye\n");
    CHECK(!o.leaked);
}

#define RAW(name, ready, ...)                                                                      \
    static const uint8_t name##_bytes[] = {__VA_ARGS__};                                           \
    static const struct {                                                                          \
        const void *bytes;                                                                         \
        size_t len;                                                                                \
        bool ready_first;                                                                          \
    } name = {name##_bytes, sizeof name##_bytes, ready}

RAW(garbage, true, 'G', 'A', 'R', 'B', 'A', 'G', 'E');
RAW(bad_size, true, 1, IPC_IO_OUT, 9, 0, 0xf8, 3, 3, 0, 1, 0, 0, 0, 'x');
RAW(out_before_ready, false, 1, IPC_IO_OUT, 9, 0, 0xf8, 3, 1, 0, 1, 0, 0, 0, 'x');
RAW(in_data_from_worker, true, 1, IPC_IN_DATA, 1, 0, 0);
RAW(escape_in_fault, false, 1, IPC_FAULT, 4, 0, 1, 0, 0x1b, '[');
RAW(ready_twice, true, 1, IPC_READY, 0, 0);
RAW(trace_unasked, true, 1, IPC_TRACE, 24, 0, VM_EXIT_HLT, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0);

static void check_protocol_error(const void *raw, const char *line)
{
    struct outcome o = run_fake(raw_worker, (void *)raw, 0);
    CHECK_EQ(o.code, EXIT_PROTOCOL);
    CHECK_STR(o.err, line);
    CHECK_STR(o.out, "");
    CHECK(!o.leaked);
}

TEST(hostile_messages_end_the_run)
{
    check_protocol_error(
        &garbage, "scratchvm: protocol error from the worker: unsupported protocol version\n");
    check_protocol_error(
        &bad_size, "scratchvm: protocol error from the worker: access size must be 1, 2 or 4\n");
    check_protocol_error(&out_before_ready,
                         "scratchvm: protocol error from the worker: message before READY\n");
    check_protocol_error(&in_data_from_worker, "scratchvm: protocol error from the worker: "
                                               "message type not allowed from this sender\n");
    check_protocol_error(&escape_in_fault,
                         "scratchvm: protocol error from the worker: fault text is not printable "
                         "ASCII\n");
    check_protocol_error(&ready_twice,
                         "scratchvm: protocol error from the worker: READY sent twice\n");
    check_protocol_error(&trace_unasked,
                         "scratchvm: protocol error from the worker: TRACE without --trace\n");
}

/* A crash as the worker reports it: CPU_STATE, then FAULT(guest). */
static int crash_worker(void *arg, int sock)
{
    int twice = *(int *)arg;
    send_ready(sock);
    struct ipc_msg st = {.type = IPC_CPU_STATE};
    st.u.cpu.rip = 0x1005;
    st.u.cpu.gpr[0] = 0x7a7a7a7a;
    st.u.cpu.cs = 8;
    st.u.cpu.ss = 0x10;
    st.u.cpu.mode = GUEST_MODE_PROTECTED;
    st.u.cpu.code_len = 2;
    st.u.cpu.code_gpa = 0x1005;
    st.u.cpu.code[0] = 0x0f;
    st.u.cpu.code[1] = 0x0b;
    send_msg(sock, &st);
    if (twice)
        send_msg(sock, &st);
    struct ipc_msg m = {.type = IPC_FAULT, .u.fault = {IPC_FAULT_GUEST, "guest crashed: test", 19}};
    send_msg(sock, &m);
    pause();
    return 0;
}

TEST(crash_is_reported_with_the_register_dump)
{
    int twice = 0;
    struct outcome o = run_fake(crash_worker, &twice, 0);
    CHECK_EQ(o.code, EXIT_GUEST_CRASH);
    static const char first[] = "scratchvm: guest crashed: test\n  rip 0000000000001005  rsp ";
    CHECK(strncmp(o.err, first, sizeof first - 1) == 0);
    CHECK(strstr(o.err, "  rax 000000007a7a7a7a  rbx 0000000000000000") != NULL);
    CHECK(strstr(o.err, "(started in protected mode)\n") != NULL);
    CHECK(strstr(o.err, "  efer 0000000000000000  cs 0008 base 0000000000000000  ss 0010 base "
                        "0000000000000000\n") != NULL);
    CHECK(strstr(o.err, "\n  code at rip (guest physical 1005): 0f 0b\n") != NULL);
    CHECK(!o.leaked);
    twice = 1;
    o = run_fake(crash_worker, &twice, 0);
    CHECK_EQ(o.code, EXIT_PROTOCOL);
    CHECK_STR(o.err, "scratchvm: protocol error from the worker: CPU_STATE sent twice\n");
}

TEST(oversized_message_ends_the_run)
{
    static uint8_t big[IPC_MAX_MSG + 1] = {1, IPC_IO_OUT};
    static const struct {
        const void *bytes;
        size_t len;
        bool ready_first;
    } raw = {big, sizeof big, true};
    check_protocol_error(&raw, "scratchvm: protocol error from the worker: message longer than "
                               "the protocol allows\n");
}

TEST(worker_that_exits_early)
{
    struct outcome o = run_fake(early_exit_worker, NULL, 0);
    CHECK_EQ(o.code, EXIT_PROTOCOL);
    CHECK_STR(o.out, "partial");
    CHECK_STR(o.err, "scratchvm: worker exited with status 3 before the run ended\n");
    CHECK(!o.leaked);
}

TEST(worker_that_dies)
{
    struct outcome o = run_fake(dying_worker, NULL, 0);
    CHECK_EQ(o.code, EXIT_PROTOCOL);
    CHECK_STR(o.err, "scratchvm: worker killed by signal 11 (Segmentation fault) before the run "
                     "ended\n");
    CHECK(!o.leaked);
}

TEST(worker_that_hangs_is_timed_out_and_killed)
{
    struct outcome o = run_fake(hanging_worker, NULL, 200);
    CHECK_EQ(o.code, EXIT_LIMIT);
    CHECK_STR(o.err, "scratchvm: timeout: the guest was stopped after 0.200 s\n");
    CHECK(!o.leaked);
}

TEST(flooding_worker_cannot_outrun_the_timeout)
{
    struct outcome o = run_fake(flooding_worker, NULL, 200);
    CHECK_EQ(o.code, EXIT_LIMIT);
    CHECK_STR(o.err, "scratchvm: timeout: the guest was stopped after 0.200 s\n");
    CHECK_EQ(o.out[0], 'x');
    CHECK(!o.leaked);
}

static int violating_worker(void *arg, int sock)
{
    (void)arg;
    send_ready(sock);
    struct ipc_msg m = {.type = IPC_VIOLATION, .u.violation = {257}};
    send_msg(sock, &m);
    pause();
    return 0;
}

TEST(violation_is_named)
{
    struct outcome o = run_fake(violating_worker, NULL, 0);
    CHECK_EQ(o.code, EXIT_PROTOCOL);
    CHECK_STR(o.err, "scratchvm: worker sandbox violation: syscall openat (257)\n");
    CHECK(!o.leaked);
}

TEST(faults_map_to_statuses)
{
    enum ipc_fault_kind guest = IPC_FAULT_GUEST, host = IPC_FAULT_HOST;
    struct outcome o = run_fake(fault_worker, &guest, 0);
    CHECK_EQ(o.code, EXIT_GUEST_CRASH);
    CHECK_STR(o.err, "scratchvm: something broke\n  (the worker sent no register state)\n");
    o = run_fake(fault_worker, &host, 0);
    CHECK_EQ(o.code, EXIT_HOST);
    CHECK(!o.leaked);
}

/* A guest byte, then a second cause: the worker's. */
static int out_then_garbage_worker(void *arg, int sock)
{
    (void)arg;
    send_ready(sock);
    send_out(sock, 0x3f8, "x");
    if (arg != NULL) {
        struct ipc_msg m = {.type = IPC_VIOLATION, .u.violation = {257}};
        send_msg(sock, &m);
    } else {
        static const uint8_t garbage[] = {'G', 'A', 'R', 'B'};
        (void)!send(sock, garbage, sizeof garbage, 0);
    }
    (void)!write(fake_sync[1], "", 1);
    pause();
    return 0;
}

TEST(a_protocol_error_outranks_a_failed_write)
{
    fake_stdout_path = "/dev/full";
    fake_sync_wanted = pipe(fake_sync) == 0;
    fake_sync[0] = high_fd(fake_sync[0], true); /* clear of the worker's fixed fds */
    fake_sync[1] = high_fd(fake_sync[1], true);
    struct outcome o = run_fake(out_then_garbage_worker, NULL, 0);
    CHECK_EQ(o.code, EXIT_PROTOCOL);
    CHECK_STR(o.err, "scratchvm: protocol error from the worker: unsupported protocol version\n");
    o = run_fake(out_then_garbage_worker, "violation", 0);
    CHECK_EQ(o.code, EXIT_PROTOCOL);
    CHECK_STR(o.err, "scratchvm: worker sandbox violation: syscall openat (257)\n");
    CHECK(!o.leaked);
    fake_stdout_path = NULL;
    fake_sync_wanted = false;
}

TEST(a_failed_write_of_the_last_bytes_is_exit_8)
{
    fake_stdout_path = "/dev/full";
    struct outcome o = run_fake(good_worker, NULL, 0);
    CHECK_EQ(o.code, EXIT_HOST);
    CHECK_STR(o.err, "scratchvm: cannot write guest output: No space left on device\n");
    o = run_fake(debug_exit_worker, NULL, 0);
    CHECK_EQ(o.code, EXIT_HOST);
    CHECK_STR(o.err, "scratchvm: cannot write guest output: No space left on device\n");
    CHECK(!o.leaked);
    fake_stdout_path = NULL;
}

/* The precedence of two causes, first one then the other, for every pair:
 * the literal winner of each (common/exit_code.h, README). */
TEST(precedence_of_every_pair)
{
    static const int codes[] = {0, 4, 85, 124, 10, 12, 8, 6};
    /* want[i][j]: the status when codes[i] came first and codes[j] second */
    static const int want[8][8] = {
        /*          0    4   85  124   10   12    8    6 */
        /* 0   */ {0, 0, 0, 124, 10, 12, 8, 6},
        /* 4   */ {4, 4, 4, 124, 10, 12, 8, 6},
        /* 85  */ {85, 85, 85, 124, 10, 12, 8, 6},
        /* 124 */ {124, 124, 124, 124, 10, 12, 8, 6},
        /* 10  */ {10, 10, 10, 10, 10, 10, 8, 6},
        /* 12  */ {12, 12, 12, 12, 12, 12, 8, 6},
        /* 8   */ {8, 8, 8, 8, 8, 8, 8, 6},
        /* 6   */ {6, 6, 6, 6, 6, 6, 6, 6},
    };
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) {
            int a = codes[i], b = codes[j];
            int got = exit_code_precedence(b) > exit_code_precedence(a) ? b : a;
            if (got != want[i][j])
                printf("  %d then %d: %d, expected %d\n", a, b, got, want[i][j]);
            CHECK_EQ(got, want[i][j]);
        }
}

int main(void)
{
    RUN_WITHIN(good_worker_halts, 20);
    RUN_WITHIN(idle_with_nothing_to_wake_it_is_a_halt, 20);
    RUN_WITHIN(interrupt_acknowledge_cycle, 20);
    RUN_WITHIN(in_is_answered_by_the_devices, 20);
    RUN_WITHIN(debug_exit_ends_the_run_at_once, 20);
    RUN_WITHIN(hostile_messages_end_the_run, 20);
    RUN_WITHIN(oversized_message_ends_the_run, 20);
    RUN_WITHIN(worker_that_exits_early, 20);
    RUN_WITHIN(worker_that_dies, 20);
    RUN_WITHIN(worker_that_hangs_is_timed_out_and_killed, 20);
    RUN_WITHIN(flooding_worker_cannot_outrun_the_timeout, 20);
    RUN_WITHIN(violation_is_named, 20);
    RUN_WITHIN(faults_map_to_statuses, 20);
    RUN_WITHIN(crash_is_reported_with_the_register_dump, 20);
    RUN_WITHIN(a_protocol_error_outranks_a_failed_write, 20);
    RUN_WITHIN(a_failed_write_of_the_last_bytes_is_exit_8, 20);
    RUN_WITHIN(precedence_of_every_pair, 5);
    return unit_summary();
}
