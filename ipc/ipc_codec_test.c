/* Unit tests of the ipc codec: good messages round-trip, every malformed
 * field is rejected with the rule it broke. */
#include "ipc/ipc_codec.h"
#include "tests/unit.h"

static uint8_t buf[IPC_MAX_MSG];

static size_t encode(const struct ipc_msg *m)
{
    const char *why = NULL;
    size_t n = ipc_encode(m, buf, sizeof buf, &why);
    if (n == 0)
        printf("  encode failed: %s\n", why);
    return n;
}

static const char *reject(const uint8_t *b, size_t len, enum ipc_sender from)
{
    struct ipc_msg m;
    const char *why = NULL;
    if (ipc_decode(b, len, from, &m, &why) == 0)
        return "accepted";
    return why;
}

TEST(io_out_round_trip)
{
    uint8_t data[3] = {'a', 'b', 'c'};
    struct ipc_msg m = {.type = IPC_IO_OUT, .u.io = {0x3f8, 1, 3, data}};
    size_t n = encode(&m);
    CHECK_EQ(n, IPC_HEADER_LEN + IPC_IO_FIXED_LEN + 3);
    const uint8_t want[] = {1, 2, 11, 0, 0xf8, 0x03, 1, 0, 3, 0, 0, 0, 'a', 'b', 'c'};
    CHECK(memcmp(buf, want, sizeof want) == 0);

    struct ipc_msg d;
    const char *why = NULL;
    CHECK_EQ(ipc_decode(buf, n, IPC_FROM_WORKER, &d, &why), 0);
    CHECK_EQ(d.type, IPC_IO_OUT);
    CHECK_EQ(d.u.io.port, 0x3f8);
    CHECK_EQ(d.u.io.size, 1);
    CHECK_EQ(d.u.io.count, 3);
    CHECK(memcmp(d.u.io.data, "abc", 3) == 0);
}

TEST(io_in_and_in_data_round_trip)
{
    struct ipc_msg m = {.type = IPC_IO_IN, .u.io = {0x3fd, 2, 2, NULL}};
    size_t n = encode(&m);
    CHECK_EQ(n, IPC_HEADER_LEN + IPC_IO_FIXED_LEN);
    struct ipc_msg d;
    const char *why = NULL;
    CHECK_EQ(ipc_decode(buf, n, IPC_FROM_WORKER, &d, &why), 0);
    CHECK_EQ(d.u.io.port, 0x3fd);
    CHECK_EQ(d.u.io.size, 2);
    CHECK_EQ(d.u.io.count, 2);

    uint8_t data[4] = {1, 2, 3, 4};
    struct ipc_msg r = {.type = IPC_IN_DATA, .u.in_data = {data, 4}};
    n = encode(&r);
    CHECK_EQ(ipc_decode(buf, n, IPC_FROM_SUPERVISOR, &d, &why), 0);
    CHECK_EQ(d.type, IPC_IN_DATA);
    CHECK_EQ(d.u.in_data.len, 4);
    CHECK(memcmp(d.u.in_data.data, data, 4) == 0);
}

TEST(empty_messages_round_trip)
{
    struct ipc_msg d;
    const char *why = NULL;
    struct ipc_msg ready = {.type = IPC_READY};
    CHECK_EQ(encode(&ready), IPC_HEADER_LEN);
    CHECK_EQ(ipc_decode(buf, IPC_HEADER_LEN, IPC_FROM_WORKER, &d, &why), 0);
    CHECK_EQ(d.type, IPC_READY);
    struct ipc_msg halt = {.type = IPC_HALT};
    CHECK_EQ(encode(&halt), IPC_HEADER_LEN);
    CHECK_EQ(ipc_decode(buf, IPC_HEADER_LEN, IPC_FROM_WORKER, &d, &why), 0);
    CHECK_EQ(d.type, IPC_HALT);
}

TEST(fault_round_trip)
{
    struct ipc_msg m = {.type = IPC_FAULT, .u.fault = {IPC_FAULT_HOST, "no kvm", 6}};
    size_t n = encode(&m);
    struct ipc_msg d;
    const char *why = NULL;
    CHECK_EQ(ipc_decode(buf, n, IPC_FROM_WORKER, &d, &why), 0);
    CHECK_EQ(d.u.fault.kind, IPC_FAULT_HOST);
    CHECK_EQ(d.u.fault.len, 6);
    CHECK(memcmp(d.u.fault.text, "no kvm", 6) == 0);
}

TEST(violation_round_trip)
{
    struct ipc_msg m = {.type = IPC_VIOLATION, .u.violation = {257}};
    size_t n = encode(&m);
    const uint8_t want[] = {1, IPC_VIOLATION, 4, 0, 1, 1, 0, 0};
    CHECK_EQ(n, sizeof want);
    CHECK(memcmp(buf, want, sizeof want) == 0);
    struct ipc_msg d;
    const char *why = NULL;
    CHECK_EQ(ipc_decode(buf, n, IPC_FROM_WORKER, &d, &why), 0);
    CHECK_EQ(d.u.violation.nr, 257);
    CHECK_STR(reject(buf, n, IPC_FROM_SUPERVISOR), "message type not allowed from this sender");
    CHECK_STR(reject(buf, n - 1, IPC_FROM_WORKER), "payload length does not match the datagram");
}

TEST(interrupt_messages_round_trip)
{
    struct ipc_msg d;
    const char *why = NULL;
    struct ipc_msg idle = {.type = IPC_IDLE}, inta = {.type = IPC_INTA};
    CHECK_EQ(encode(&idle), IPC_HEADER_LEN);
    CHECK_EQ(ipc_decode(buf, IPC_HEADER_LEN, IPC_FROM_WORKER, &d, &why), 0);
    CHECK_EQ(d.type, IPC_IDLE);
    CHECK_EQ(encode(&inta), IPC_HEADER_LEN);
    CHECK_EQ(ipc_decode(buf, IPC_HEADER_LEN, IPC_FROM_WORKER, &d, &why), 0);
    CHECK_EQ(d.type, IPC_INTA);
    CHECK_STR(reject(buf, IPC_HEADER_LEN, IPC_FROM_SUPERVISOR),
              "message type not allowed from this sender");

    struct ipc_msg line = {.type = IPC_IRQ_LINE, .u.irq_line = {1}};
    const uint8_t want_line[] = {1, IPC_IRQ_LINE, 2, 0, 1, 0};
    CHECK_EQ(encode(&line), sizeof want_line);
    CHECK(memcmp(buf, want_line, sizeof want_line) == 0);
    CHECK_EQ(ipc_decode(buf, sizeof want_line, IPC_FROM_SUPERVISOR, &d, &why), 0);
    CHECK_EQ(d.u.irq_line.level, 1);
    CHECK_STR(reject(buf, sizeof want_line, IPC_FROM_WORKER),
              "message type not allowed from this sender");

    struct ipc_msg v = {.type = IPC_INTA_VECTOR, .u.inta = {1, 0x0c, 0}};
    const uint8_t want_v[] = {1, IPC_INTA_VECTOR, 4, 0, 1, 0x0c, 0, 0};
    CHECK_EQ(encode(&v), sizeof want_v);
    CHECK(memcmp(buf, want_v, sizeof want_v) == 0);
    CHECK_EQ(ipc_decode(buf, sizeof want_v, IPC_FROM_SUPERVISOR, &d, &why), 0);
    CHECK_EQ(d.u.inta.deliver, 1);
    CHECK_EQ(d.u.inta.vector, 0x0c);
    CHECK_EQ(d.u.inta.line, 0);
}

TEST(malformed_interrupt_messages_rejected)
{
    uint8_t line[] = {1, IPC_IRQ_LINE, 2, 0, 2, 0};
    CHECK_STR(reject(line, sizeof line, IPC_FROM_SUPERVISOR),
              "IRQ_LINE level must be 0 or 1, reserved byte zero");
    line[4] = 0;
    line[5] = 9;
    CHECK_STR(reject(line, sizeof line, IPC_FROM_SUPERVISOR),
              "IRQ_LINE level must be 0 or 1, reserved byte zero");
    uint8_t v[] = {1, IPC_INTA_VECTOR, 4, 0, 1, 0x20, 1, 0};
    CHECK_STR(reject(v, sizeof v, IPC_FROM_SUPERVISOR), "accepted");
    v[4] = 2;
    CHECK_STR(reject(v, sizeof v, IPC_FROM_SUPERVISOR),
              "INTA_VECTOR flags must be 0 or 1, reserved byte zero");
    v[4] = 1;
    v[6] = 3;
    CHECK_STR(reject(v, sizeof v, IPC_FROM_SUPERVISOR),
              "INTA_VECTOR flags must be 0 or 1, reserved byte zero");
    v[6] = 1;
    v[7] = 1;
    CHECK_STR(reject(v, sizeof v, IPC_FROM_SUPERVISOR),
              "INTA_VECTOR flags must be 0 or 1, reserved byte zero");
    const uint8_t idle_with_payload[] = {1, IPC_IDLE, 1, 0, 0};
    CHECK_STR(reject(idle_with_payload, sizeof idle_with_payload, IPC_FROM_WORKER),
              "payload length out of bounds for this type");
    struct ipc_msg bad = {.type = IPC_IRQ_LINE, .u.irq_line = {2}};
    const char *why = NULL;
    CHECK_EQ(ipc_encode(&bad, buf, sizeof buf, &why), 0);
    CHECK_STR(why, "IRQ_LINE level must be 0 or 1");
}

TEST(largest_io_out_accepted)
{
    static uint8_t data[IPC_MAX_IO_BYTES];
    struct ipc_msg m = {.type = IPC_IO_OUT, .u.io = {0x3f8, 4, IPC_MAX_IO_BYTES / 4, data}};
    size_t n = encode(&m);
    CHECK_EQ(n, IPC_MAX_MSG);
    CHECK_STR(reject(buf, n, IPC_FROM_WORKER), "accepted");
}

TEST(encoder_refuses_invalid_messages)
{
    const char *why = NULL;
    uint8_t data[1] = {0};
    struct ipc_msg bad_size = {.type = IPC_IO_OUT, .u.io = {0x3f8, 3, 1, data}};
    CHECK_EQ(ipc_encode(&bad_size, buf, sizeof buf, &why), 0);
    CHECK_STR(why, "access size must be 1, 2 or 4");
    struct ipc_msg ctrl = {.type = IPC_FAULT, .u.fault = {IPC_FAULT_HOST, "a\x1b", 2}};
    CHECK_EQ(ipc_encode(&ctrl, buf, sizeof buf, &why), 0);
    struct ipc_msg unknown = {.type = (enum ipc_type)99};
    CHECK_EQ(ipc_encode(&unknown, buf, sizeof buf, &why), 0);
    CHECK_STR(why, "unknown message type");
}

TEST(malformed_headers_rejected)
{
    const uint8_t ready[] = {1, IPC_READY, 0, 0};
    CHECK_STR(reject(ready, 3, IPC_FROM_WORKER), "message shorter than its header");
    CHECK_STR(reject(ready, 0, IPC_FROM_WORKER), "message shorter than its header");
    const uint8_t v2[] = {2, IPC_READY, 0, 0};
    CHECK_STR(reject(v2, 4, IPC_FROM_WORKER), "unsupported protocol version");
    const uint8_t t0[] = {1, 0, 0, 0};
    CHECK_STR(reject(t0, 4, IPC_FROM_WORKER), "unknown message type");
    const uint8_t t99[] = {1, 99, 0, 0};
    CHECK_STR(reject(t99, 4, IPC_FROM_WORKER), "unknown message type");
    CHECK_STR(reject(ready, 4, IPC_FROM_SUPERVISOR), "message type not allowed from this sender");
    const uint8_t long_hdr[] = {1, IPC_READY, 1, 0};
    CHECK_STR(reject(long_hdr, 4, IPC_FROM_WORKER), "payload length does not match the datagram");
    const uint8_t ready_payload[] = {1, IPC_READY, 1, 0, 0};
    CHECK_STR(reject(ready_payload, 5, IPC_FROM_WORKER),
              "payload length out of bounds for this type");
}

TEST(malformed_io_rejected)
{
    /* port 0x3f8, size, reserved, count, then data */
    uint8_t m[] = {1, IPC_IO_OUT, 9, 0, 0xf8, 3, 1, 0, 1, 0, 0, 0, 'x'};
    CHECK_STR(reject(m, sizeof m, IPC_FROM_WORKER), "accepted");
    CHECK_STR(reject(m, sizeof m, IPC_FROM_SUPERVISOR),
              "message type not allowed from this sender");

    m[6] = 3;
    CHECK_STR(reject(m, sizeof m, IPC_FROM_WORKER), "access size must be 1, 2 or 4");
    m[6] = 0;
    CHECK_STR(reject(m, sizeof m, IPC_FROM_WORKER), "access size must be 1, 2 or 4");
    m[6] = 1;
    m[7] = 1;
    CHECK_STR(reject(m, sizeof m, IPC_FROM_WORKER), "reserved byte is not zero");
    m[7] = 0;
    m[8] = 0;
    CHECK_STR(reject(m, sizeof m, IPC_FROM_WORKER),
              "count must be at least 1 and size * count at most 4096");
    m[8] = 2; /* count 2 but one data byte */
    CHECK_STR(reject(m, sizeof m, IPC_FROM_WORKER), "payload length does not match size * count");
    m[8] = 0;
    m[11] = 0x80; /* count 2^31: size * count would overflow 32 bits */
    CHECK_STR(reject(m, sizeof m, IPC_FROM_WORKER),
              "count must be at least 1 and size * count at most 4096");

    uint8_t in[] = {1, IPC_IO_IN, 8, 0, 0xfd, 3, 4, 0, 1, 0, 0, 0};
    CHECK_STR(reject(in, sizeof in, IPC_FROM_WORKER), "accepted");
    uint8_t in_with_data[] = {1, IPC_IO_IN, 9, 0, 0xfd, 3, 1, 0, 1, 0, 0, 0, 7};
    CHECK_STR(reject(in_with_data, sizeof in_with_data, IPC_FROM_WORKER),
              "payload length out of bounds for this type");
    uint8_t in_count[] = {1, IPC_IO_IN, 8, 0, 0xfd, 3, 4, 0, 0x01, 0x04, 0, 0};
    CHECK_STR(reject(in_count, sizeof in_count, IPC_FROM_WORKER),
              "count must be at least 1 and size * count at most 4096");
}

/* Too many bytes, not only too few: a datagram longer than its header's
 * payload length, and an IO_OUT (or OUT_BATCH) whose data is longer than
 * size * count. */
TEST(io_with_extra_bytes_rejected)
{
    uint8_t m[] = {1, IPC_IO_OUT, 9, 0, 0xf8, 3, 1, 0, 1, 0, 0, 0, 'x', 'y'};
    CHECK_STR(reject(m, sizeof m - 1, IPC_FROM_WORKER), "accepted");
    CHECK_STR(reject(m, sizeof m, IPC_FROM_WORKER), "payload length does not match the datagram");
    m[2] = 10; /* the header owns up to the extra byte: size 1 * count 1 is still 1 */
    CHECK_STR(reject(m, sizeof m, IPC_FROM_WORKER), "payload length does not match size * count");
    m[1] = IPC_OUT_BATCH;
    CHECK_STR(reject(m, sizeof m, IPC_FROM_WORKER), "payload length does not match size * count");
    m[8] = 2; /* count 2: now it is exactly right */
    CHECK_STR(reject(m, sizeof m, IPC_FROM_WORKER), "accepted");

    uint8_t ready[] = {1, IPC_READY, 0, 0, 0};
    CHECK_STR(reject(ready, sizeof ready, IPC_FROM_WORKER),
              "payload length does not match the datagram");
}

TEST(malformed_in_data_and_fault_rejected)
{
    const uint8_t empty[] = {1, IPC_IN_DATA, 0, 0};
    CHECK_STR(reject(empty, 4, IPC_FROM_SUPERVISOR), "payload length out of bounds for this type");
    CHECK_STR(reject(empty, 4, IPC_FROM_WORKER), "message type not allowed from this sender");

    uint8_t f[] = {1, IPC_FAULT, 4, 0, IPC_FAULT_GUEST, 0, 'o', 'k'};
    CHECK_STR(reject(f, sizeof f, IPC_FROM_WORKER), "accepted");
    f[4] = 7;
    CHECK_STR(reject(f, sizeof f, IPC_FROM_WORKER), "unknown fault kind");
    f[4] = IPC_FAULT_GUEST;
    f[5] = 1;
    CHECK_STR(reject(f, sizeof f, IPC_FROM_WORKER), "reserved byte is not zero");
    f[5] = 0;
    f[7] = 0x1b; /* an escape character must never reach the terminal */
    CHECK_STR(reject(f, sizeof f, IPC_FROM_WORKER), "fault text is not printable ASCII");
    const uint8_t no_text[] = {1, IPC_FAULT, 2, 0, IPC_FAULT_GUEST, 0};
    CHECK_STR(reject(no_text, sizeof no_text, IPC_FROM_WORKER),
              "payload length out of bounds for this type");
}

TEST(every_truncation_of_a_good_message_rejected)
{
    uint8_t data[5] = "hello";
    struct ipc_msg m = {.type = IPC_IO_OUT, .u.io = {0x3f8, 1, 5, data}};
    size_t n = encode(&m);
    for (size_t len = 0; len < n; len++)
        CHECK(strcmp(reject(buf, len, IPC_FROM_WORKER), "accepted") != 0);
}

TEST(type_names)
{
    CHECK_STR(ipc_type_name(IPC_IO_OUT), "IO_OUT");
    CHECK_STR(ipc_type_name(0), "unknown");
    CHECK_STR(ipc_type_name(200), "unknown");
}

TEST(cpu_state_round_trip_and_bounds)
{
    struct ipc_msg m = {.type = IPC_CPU_STATE};
    for (int i = 0; i < 16; i++)
        m.u.cpu.gpr[i] = 0x1111111111111111ull * (uint64_t)(i + 1);
    m.u.cpu.rip = 0x1005;
    m.u.cpu.efer = 0x500;
    m.u.cpu.code_gpa = 0x1005;
    m.u.cpu.cs = 0x18;
    m.u.cpu.ss = 0x10;
    m.u.cpu.code_len = 2;
    m.u.cpu.mode = 2;
    m.u.cpu.code[0] = 0x0f;
    m.u.cpu.code[1] = 0x0b;
    size_t n = encode(&m);
    CHECK_EQ(n, IPC_HEADER_LEN + IPC_CPU_STATE_LEN);
    struct ipc_msg d;
    const char *why = NULL;
    CHECK_EQ(ipc_decode(buf, n, IPC_FROM_WORKER, &d, &why), 0);
    CHECK(memcmp(&d.u.cpu, &m.u.cpu, sizeof m.u.cpu) == 0);
    CHECK_STR(reject(buf, n, IPC_FROM_SUPERVISOR), "message type not allowed from this sender");
    buf[IPC_HEADER_LEN + 26 * 8 + 4] = 17; /* code_len */
    CHECK_STR(reject(buf, n, IPC_FROM_WORKER),
              "CPU_STATE code_len, mode or reserved bytes out of range");
    CHECK_STR(reject(buf, n - 1, IPC_FROM_WORKER), "payload length does not match the datagram");
}

TEST(out_batch_round_trip_and_bounds)
{
    uint8_t data[3] = {'x', 'y', 'z'};
    struct ipc_msg m = {.type = IPC_OUT_BATCH, .u.io = {0x3f8, 1, 3, data}};
    size_t n = encode(&m);
    CHECK_EQ(n, IPC_HEADER_LEN + IPC_IO_FIXED_LEN + 3);
    struct ipc_msg d;
    const char *why = NULL;
    CHECK_EQ(ipc_decode(buf, n, IPC_FROM_WORKER, &d, &why), 0);
    CHECK_EQ(d.type, IPC_OUT_BATCH);
    CHECK_EQ(d.u.io.count, 3);
    CHECK(memcmp(d.u.io.data, "xyz", 3) == 0);
    buf[IPC_HEADER_LEN + 2] = 2; /* size 2 */
    CHECK_STR(reject(buf, n, IPC_FROM_WORKER), "OUT_BATCH carries 1-byte writes");
    m.u.io.size = 2;
    CHECK_EQ(ipc_encode(&m, buf, sizeof buf, &why), 0);
    CHECK_STR(why, "OUT_BATCH carries 1-byte writes");
}

TEST(trace_round_trip_and_bounds)
{
    struct ipc_msg m = {.type = IPC_TRACE,
                        .u.trace = {VM_EXIT_MMIO, 1, 4, 1, 0x10000000, 0xdeadbeef}};
    size_t n = encode(&m);
    CHECK_EQ(n, IPC_HEADER_LEN + IPC_TRACE_LEN);
    struct ipc_msg d;
    const char *why = NULL;
    CHECK_EQ(ipc_decode(buf, n, IPC_FROM_WORKER, &d, &why), 0);
    CHECK_EQ(d.u.trace.kind, VM_EXIT_MMIO);
    CHECK_EQ(d.u.trace.addr, 0x10000000);
    CHECK_EQ(d.u.trace.value, 0xdeadbeef);
    buf[IPC_HEADER_LEN] = VM_EXIT_KINDS;
    CHECK_STR(reject(buf, n, IPC_FROM_WORKER),
              "TRACE kind, write, size or reserved byte out of range");
    buf[IPC_HEADER_LEN] = VM_EXIT_MMIO;
    buf[IPC_HEADER_LEN + 2] = 3; /* a piece of a page-crossing access */
    CHECK_EQ(ipc_decode(buf, n, IPC_FROM_WORKER, &d, &why), 0);
    buf[IPC_HEADER_LEN + 2] = 9;
    CHECK_STR(reject(buf, n, IPC_FROM_WORKER),
              "TRACE kind, write, size or reserved byte out of range");
}

int main(void)
{
    RUN(io_out_round_trip);
    RUN(io_in_and_in_data_round_trip);
    RUN(empty_messages_round_trip);
    RUN(fault_round_trip);
    RUN(violation_round_trip);
    RUN(interrupt_messages_round_trip);
    RUN(malformed_interrupt_messages_rejected);
    RUN(largest_io_out_accepted);
    RUN(encoder_refuses_invalid_messages);
    RUN(malformed_headers_rejected);
    RUN(malformed_io_rejected);
    RUN(io_with_extra_bytes_rejected);
    RUN(malformed_in_data_and_fault_rejected);
    RUN(every_truncation_of_a_good_message_rejected);
    RUN(type_names);
    RUN(cpu_state_round_trip_and_bounds);
    RUN(trace_round_trip_and_bounds);
    RUN(out_batch_round_trip_and_bounds);
    return unit_summary();
}
