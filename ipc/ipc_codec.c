#include "ipc/ipc_codec.h"

#include <string.h>

const struct ipc_msg_spec ipc_msg_table[IPC_TYPE_MAX + 1] = {
    [IPC_READY] = {"READY", IPC_FROM_WORKER, 0, 0},
    [IPC_IO_OUT] = {"IO_OUT", IPC_FROM_WORKER, IPC_IO_FIXED_LEN + 1, IPC_MAX_PAYLOAD},
    [IPC_IO_IN] = {"IO_IN", IPC_FROM_WORKER, IPC_IO_FIXED_LEN, IPC_IO_FIXED_LEN},
    [IPC_IN_DATA] = {"IN_DATA", IPC_FROM_SUPERVISOR, 1, IPC_MAX_IO_BYTES},
    [IPC_HALT] = {"HALT", IPC_FROM_WORKER, 0, 0},
    [IPC_FAULT] = {"FAULT", IPC_FROM_WORKER, 3, 2 + IPC_MAX_TEXT},
    [IPC_VIOLATION] = {"VIOLATION", IPC_FROM_WORKER, 4, 4},
    [IPC_IDLE] = {"IDLE", IPC_FROM_WORKER, 0, 0},
    [IPC_IRQ_LINE] = {"IRQ_LINE", IPC_FROM_SUPERVISOR, 2, 2},
    [IPC_INTA] = {"INTA", IPC_FROM_WORKER, 0, 0},
    [IPC_INTA_VECTOR] = {"INTA_VECTOR", IPC_FROM_SUPERVISOR, 4, 4},
    [IPC_CPU_STATE] = {"CPU_STATE", IPC_FROM_WORKER, IPC_CPU_STATE_LEN, IPC_CPU_STATE_LEN},
    [IPC_TRACE] = {"TRACE", IPC_FROM_WORKER, IPC_TRACE_LEN, IPC_TRACE_LEN},
    [IPC_OUT_BATCH] = {"OUT_BATCH", IPC_FROM_WORKER, IPC_IO_FIXED_LEN + 1, IPC_MAX_PAYLOAD},
};

const char *const vm_exit_kind_names[VM_EXIT_KINDS] = {
    [VM_EXIT_IO] = "io",
    [VM_EXIT_MMIO] = "mmio",
    [VM_EXIT_HLT] = "hlt",
    [VM_EXIT_IRQ_WINDOW] = "irq_window",
    [VM_EXIT_INTR] = "intr",
    [VM_EXIT_SHUTDOWN] = "shutdown",
    [VM_EXIT_INTERNAL_ERROR] = "internal_error",
    [VM_EXIT_FAIL_ENTRY] = "fail_entry",
    [VM_EXIT_OTHER] = "other",
};

const char *ipc_type_name(unsigned type)
{
    if (type == 0 || type > IPC_TYPE_MAX || ipc_msg_table[type].name == NULL)
        return "unknown";
    return ipc_msg_table[type].name;
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)v);
    put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get32(const uint8_t *p)
{
    return get16(p) | ((uint32_t)get16(p + 2) << 16);
}

static uint64_t get64(const uint8_t *p)
{
    return get32(p) | ((uint64_t)get32(p + 4) << 32);
}

/* CPU_STATE's 26 u64 fields, in wire order. */
static uint64_t *cpu_field(struct ipc_cpu_state *c, unsigned i)
{
    uint64_t *tail[] = {&c->rip, &c->rflags, &c->cr0,     &c->cr2,     &c->cr3,
                        &c->cr4, &c->efer,   &c->cs_base, &c->ss_base, &c->code_gpa};
    return i < 16 ? &c->gpr[i] : tail[i - 16];
}

static size_t encode_cpu_state(const struct ipc_cpu_state *cin, uint8_t *p, const char **why)
{
    struct ipc_cpu_state c = *cin;
    if (c.code_len > IPC_CODE_BYTES || c.mode > 2) {
        *why = "CPU_STATE code_len or mode out of range";
        return 0;
    }
    for (unsigned i = 0; i < 26; i++)
        put64(p + 8 * i, *cpu_field(&c, i));
    uint8_t *q = p + 26 * 8;
    put16(q, c.cs);
    put16(q + 2, c.ss);
    q[4] = c.code_len;
    q[5] = c.mode;
    q[6] = q[7] = 0;
    memcpy(q + 8, c.code, IPC_CODE_BYTES);
    return IPC_CPU_STATE_LEN;
}

static int decode_cpu_state(const uint8_t *p, struct ipc_cpu_state *c, const char **why)
{
    for (unsigned i = 0; i < 26; i++)
        *cpu_field(c, i) = get64(p + 8 * i);
    const uint8_t *q = p + 26 * 8;
    c->cs = get16(q);
    c->ss = get16(q + 2);
    c->code_len = q[4];
    c->mode = q[5];
    if (c->code_len > IPC_CODE_BYTES || c->mode > 2 || q[6] != 0 || q[7] != 0) {
        *why = "CPU_STATE code_len, mode or reserved bytes out of range";
        return -1;
    }
    memcpy(c->code, q + 8, IPC_CODE_BYTES);
    return 0;
}

static int trace_ok(const struct ipc_trace *t)
{
    /* sizes up to 8: KVM splits an MMIO access across a page into pieces
     * of any length from 1 to 8 */
    return t->kind < VM_EXIT_KINDS && t->write <= 1 && t->size <= 8;
}

/* Size in bytes of an I/O access, or 0 if size/count are out of bounds. */
static uint32_t io_bytes(uint8_t size, uint32_t count, const char **why)
{
    if (size != 1 && size != 2 && size != 4) {
        *why = "access size must be 1, 2 or 4";
        return 0;
    }
    if (count == 0 || count > IPC_MAX_IO_BYTES / size) {
        *why = "count must be at least 1 and size * count at most 4096";
        return 0;
    }
    return size * count;
}

static int text_is_printable(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] < 0x20 || text[i] > 0x7e)
            return 0;
    return 1;
}

size_t ipc_encode(const struct ipc_msg *m, uint8_t *buf, size_t cap, const char **why)
{
    uint8_t *p = buf + IPC_HEADER_LEN;
    size_t payload = 0;

    if (cap < IPC_MAX_MSG) {
        *why = "encode buffer too small";
        return 0;
    }
    switch (m->type) {
    case IPC_READY:
    case IPC_HALT:
    case IPC_IDLE:
    case IPC_INTA:
        break;
    case IPC_IRQ_LINE:
        if (m->u.irq_line.level > 1) {
            *why = "IRQ_LINE level must be 0 or 1";
            return 0;
        }
        p[0] = m->u.irq_line.level;
        p[1] = 0;
        payload = 2;
        break;
    case IPC_INTA_VECTOR:
        if (m->u.inta.deliver > 1 || m->u.inta.line > 1) {
            *why = "INTA_VECTOR flags must be 0 or 1";
            return 0;
        }
        p[0] = m->u.inta.deliver;
        p[1] = m->u.inta.vector;
        p[2] = m->u.inta.line;
        p[3] = 0;
        payload = 4;
        break;
    case IPC_IO_OUT:
    case IPC_OUT_BATCH:
    case IPC_IO_IN: {
        if (m->type == IPC_OUT_BATCH && m->u.io.size != 1) {
            *why = "OUT_BATCH carries 1-byte writes";
            return 0;
        }
        uint32_t n = io_bytes(m->u.io.size, m->u.io.count, why);
        if (n == 0)
            return 0;
        put16(p, m->u.io.port);
        p[2] = m->u.io.size;
        p[3] = 0;
        put32(p + 4, m->u.io.count);
        payload = IPC_IO_FIXED_LEN;
        if (m->type != IPC_IO_IN) {
            memcpy(p + payload, m->u.io.data, n);
            payload += n;
        }
        break;
    }
    case IPC_IN_DATA:
        if (m->u.in_data.len == 0 || m->u.in_data.len > IPC_MAX_IO_BYTES) {
            *why = "IN_DATA length must be 1..4096";
            return 0;
        }
        memcpy(p, m->u.in_data.data, m->u.in_data.len);
        payload = m->u.in_data.len;
        break;
    case IPC_FAULT:
        if (m->u.fault.len == 0 || m->u.fault.len > IPC_MAX_TEXT ||
            !text_is_printable(m->u.fault.text, m->u.fault.len)) {
            *why = "FAULT text must be 1..200 printable ASCII characters";
            return 0;
        }
        if (m->u.fault.kind != IPC_FAULT_GUEST && m->u.fault.kind != IPC_FAULT_HOST) {
            *why = "FAULT kind unknown";
            return 0;
        }
        p[0] = (uint8_t)m->u.fault.kind;
        p[1] = 0;
        memcpy(p + 2, m->u.fault.text, m->u.fault.len);
        payload = 2 + (size_t)m->u.fault.len;
        break;
    case IPC_VIOLATION:
        put32(p, m->u.violation.nr);
        payload = 4;
        break;
    case IPC_CPU_STATE:
        payload = encode_cpu_state(&m->u.cpu, p, why);
        if (payload == 0)
            return 0;
        break;
    case IPC_TRACE:
        if (!trace_ok(&m->u.trace)) {
            *why = "TRACE kind, write or size out of range";
            return 0;
        }
        p[0] = m->u.trace.kind;
        p[1] = m->u.trace.write;
        p[2] = m->u.trace.size;
        p[3] = 0;
        put32(p + 4, m->u.trace.count);
        put64(p + 8, m->u.trace.addr);
        put64(p + 16, m->u.trace.value);
        payload = IPC_TRACE_LEN;
        break;
    default:
        *why = "unknown message type";
        return 0;
    }
    buf[0] = IPC_VERSION;
    buf[1] = (uint8_t)m->type;
    put16(buf + 2, (uint16_t)payload);
    return IPC_HEADER_LEN + payload;
}

int ipc_decode(const uint8_t *buf, size_t len, enum ipc_sender from, struct ipc_msg *out,
               const char **why)
{
    if (len < IPC_HEADER_LEN) {
        *why = "message shorter than its header";
        return -1;
    }
    if (buf[0] != IPC_VERSION) {
        *why = "unsupported protocol version";
        return -1;
    }
    unsigned type = buf[1];
    if (type == 0 || type > IPC_TYPE_MAX || ipc_msg_table[type].name == NULL) {
        *why = "unknown message type";
        return -1;
    }
    const struct ipc_msg_spec *spec = &ipc_msg_table[type];
    if (spec->sender != from) {
        *why = "message type not allowed from this sender";
        return -1;
    }
    size_t payload = get16(buf + 2);
    if (payload != len - IPC_HEADER_LEN) {
        *why = "payload length does not match the datagram";
        return -1;
    }
    if (payload < spec->min_payload || payload > spec->max_payload) {
        *why = "payload length out of bounds for this type";
        return -1;
    }

    const uint8_t *p = buf + IPC_HEADER_LEN;
    memset(out, 0, sizeof *out);
    out->type = (enum ipc_type)type;
    switch (out->type) {
    case IPC_READY:
    case IPC_HALT:
    case IPC_IDLE:
    case IPC_INTA:
        return 0;
    case IPC_IRQ_LINE:
        if (p[0] > 1 || p[1] != 0) {
            *why = "IRQ_LINE level must be 0 or 1, reserved byte zero";
            return -1;
        }
        out->u.irq_line.level = p[0];
        return 0;
    case IPC_INTA_VECTOR:
        if (p[0] > 1 || p[2] > 1 || p[3] != 0) {
            *why = "INTA_VECTOR flags must be 0 or 1, reserved byte zero";
            return -1;
        }
        out->u.inta.deliver = p[0];
        out->u.inta.vector = p[1];
        out->u.inta.line = p[2];
        return 0;
    case IPC_IO_OUT:
    case IPC_OUT_BATCH:
    case IPC_IO_IN: {
        out->u.io.port = get16(p);
        out->u.io.size = p[2];
        out->u.io.count = get32(p + 4);
        if (p[3] != 0) {
            *why = "reserved byte is not zero";
            return -1;
        }
        if (out->type == IPC_OUT_BATCH && out->u.io.size != 1) {
            *why = "OUT_BATCH carries 1-byte writes";
            return -1;
        }
        uint32_t n = io_bytes(out->u.io.size, out->u.io.count, why);
        if (n == 0)
            return -1;
        size_t want = IPC_IO_FIXED_LEN + (out->type != IPC_IO_IN ? n : 0);
        if (payload != want) {
            *why = "payload length does not match size * count";
            return -1;
        }
        if (out->type != IPC_IO_IN)
            out->u.io.data = p + IPC_IO_FIXED_LEN;
        return 0;
    }
    case IPC_IN_DATA:
        out->u.in_data.data = p;
        out->u.in_data.len = (uint32_t)payload;
        return 0;
    case IPC_FAULT:
        if (p[0] != IPC_FAULT_GUEST && p[0] != IPC_FAULT_HOST) {
            *why = "unknown fault kind";
            return -1;
        }
        if (p[1] != 0) {
            *why = "reserved byte is not zero";
            return -1;
        }
        out->u.fault.kind = (enum ipc_fault_kind)p[0];
        out->u.fault.text = (const char *)p + 2;
        out->u.fault.len = (uint16_t)(payload - 2);
        if (!text_is_printable(out->u.fault.text, out->u.fault.len)) {
            *why = "fault text is not printable ASCII";
            return -1;
        }
        return 0;
    case IPC_VIOLATION:
        out->u.violation.nr = get32(p);
        return 0;
    case IPC_CPU_STATE:
        return decode_cpu_state(p, &out->u.cpu, why);
    case IPC_TRACE:
        out->u.trace.kind = p[0];
        out->u.trace.write = p[1];
        out->u.trace.size = p[2];
        out->u.trace.count = get32(p + 4);
        out->u.trace.addr = get64(p + 8);
        out->u.trace.value = get64(p + 16);
        if (p[3] != 0 || !trace_ok(&out->u.trace)) {
            *why = "TRACE kind, write, size or reserved byte out of range";
            return -1;
        }
        return 0;
    }
    *why = "unknown message type";
    return -1;
}
