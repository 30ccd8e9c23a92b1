/* ipc_proto.h - the supervisor <-> worker protocol: message types, limits and
 * the message table (who may send what). See ARCHITECTURE.md.
 *
 * Transport: one SOCK_SEQPACKET socketpair; one datagram is one message.
 * Wire format, little endian:
 *   header   u8 version (IPC_VERSION), u8 type, u16 payload length
 *   READY    W->S  (empty)                      the VM is built; the guest starts
 *   IO_OUT   W->S  u16 port, u8 size, u8 0, u32 count, size*count data bytes
 *                  posted: the worker does not wait for an answer
 *   IO_IN    W->S  u16 port, u8 size, u8 0, u32 count
 *                  the worker blocks until the matching IN_DATA arrives
 *   IN_DATA  S->W  size*count data bytes answering the outstanding IO_IN
 *   HALT     W->S  (empty)                      HLT with interrupts off: the run ends
 *   IDLE     W->S  (empty)                      HLT with interrupts on: the worker
 *                  waits for IRQ_LINE 1 (or to be killed)
 *   IRQ_LINE S->W  u8 level (0|1), u8 0         the CPU's INTR line changed; posted.
 *                  Sent while the guest runs, it comes with a kick (SIGUSR1)
 *                  that makes KVM_RUN return so the worker reads it
 *   INTA     W->S  (empty)                      the vCPU can take an interrupt now:
 *                  the interrupt acknowledge cycle; the worker blocks until
 *   INTA_VECTOR S->W u8 deliver (0|1), u8 vector, u8 line (0|1), u8 0
 *                  the vector to inject (deliver 0: the request went away)
 *                  and the INTR line after the acknowledge
 *   FAULT    W->S  u8 kind, u8 0, printable ASCII text (1..IPC_MAX_TEXT)
 *   VIOLATION W->S u32 syscall number: the worker's seccomp filter trapped it
 *   CPU_STATE W->S the vCPU at a crash, sent just before FAULT(guest):
 *                  u64 rax..r15 (16, guest_reg order), rip, rflags, cr0, cr2,
 *                  cr3, cr4, efer, cs base, ss base, code gpa; u16 cs, u16 ss,
 *                  u8 code_len (0..16), u8 mode, u8 0, u8 0; 16 code bytes
 *   OUT_BATCH W->S u16 port, u8 size (1), u8 0, u32 count, count bytes: 1-byte
 *                  OUTs KVM buffered without exiting (coalesced PIO), in
 *                  order, sent before the exit that ended the run of them;
 *                  posted, handled as IO_OUT but not an exit
 *   TRACE    W->S  one VM exit, only with --trace; posted: u8 kind (vm_exit
 *                  kind), u8 write (0|1), u8 size (0..8), u8 0, u32 count,
 *                  u64 port or guest physical address, u64 value
 * Both sides validate every field; anything else ends the run.
 */
#ifndef SCRATCHVM_IPC_PROTO_H
#define SCRATCHVM_IPC_PROTO_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "ipc/ipc_stats.h"

#define IPC_VERSION 1
#define IPC_HEADER_LEN 4
#define IPC_IO_FIXED_LEN 8
/* KVM places port-I/O data in one page of the run area. */
#define IPC_MAX_IO_BYTES 4096
#define IPC_MAX_TEXT 200
#define IPC_MAX_PAYLOAD (IPC_IO_FIXED_LEN + IPC_MAX_IO_BYTES)
#define IPC_MAX_MSG (IPC_HEADER_LEN + IPC_MAX_PAYLOAD)
/* The supervisor's kick: makes the worker's KVM_RUN return so that it reads
 * a posted IRQ_LINE. Blocked in the worker except inside KVM_RUN. */
#define IPC_KICK_SIGNAL SIGUSR1

enum ipc_type {
    IPC_READY = 1,
    IPC_IO_OUT = 2,
    IPC_IO_IN = 3,
    IPC_IN_DATA = 4,
    IPC_HALT = 5,
    IPC_FAULT = 6,
    IPC_VIOLATION = 7,
    IPC_IDLE = 8,
    IPC_IRQ_LINE = 9,
    IPC_INTA = 10,
    IPC_INTA_VECTOR = 11,
    IPC_CPU_STATE = 12,
    IPC_TRACE = 13,
    IPC_OUT_BATCH = 14,
};
#define IPC_TYPE_MAX IPC_OUT_BATCH
#define IPC_CPU_STATE_LEN (26 * 8 + 8 + IPC_CODE_BYTES)
#define IPC_CODE_BYTES 16
#define IPC_TRACE_LEN 24

enum ipc_sender {
    IPC_FROM_WORKER = 1,
    IPC_FROM_SUPERVISOR = 2,
};

/* What a FAULT reports; the supervisor maps it to an exit status. */
enum ipc_fault_kind {
    IPC_FAULT_GUEST = 1, /* the guest crashed: exit 4 */
    IPC_FAULT_HOST = 2,  /* the worker could not set up or run KVM: exit 8 */
};

/* The vCPU's state at a crash (CPU_STATE). */
struct ipc_cpu_state {
    uint64_t gpr[16]; /* rax rbx rcx rdx rsi rdi rsp rbp r8..r15 */
    uint64_t rip, rflags, cr0, cr2, cr3, cr4, efer, cs_base, ss_base;
    uint64_t code_gpa; /* where the code bytes were read, when code_len > 0 */
    uint16_t cs, ss;
    uint8_t code_len; /* 0: RIP is not in RAM */
    uint8_t mode;     /* enum guest_mode the guest was started in */
    uint8_t code[IPC_CODE_BYTES];
};

/* One VM exit (TRACE). */
struct ipc_trace {
    uint8_t kind;  /* enum vm_exit_kind */
    uint8_t write; /* OUT or MMIO write */
    uint8_t size;  /* access size; 0 when the exit has none */
    uint32_t count;
    uint64_t addr; /* port or guest physical address */
    uint64_t value;
};

/* One row of the message table. */
struct ipc_msg_spec {
    const char *name;
    enum ipc_sender sender;
    uint16_t min_payload;
    uint16_t max_payload;
};

/* The table, indexed by type; NULL name for unused slots. */
extern const struct ipc_msg_spec ipc_msg_table[IPC_TYPE_MAX + 1];

/* A decoded message. Pointers refer into the buffer it was decoded from. */
struct ipc_msg {
    enum ipc_type type;
    union {
        struct {
            uint16_t port;
            uint8_t size;        /* 1, 2 or 4 */
            uint32_t count;      /* >= 1; size * count <= IPC_MAX_IO_BYTES */
            const uint8_t *data; /* IO_OUT only: size * count bytes */
        } io;
        struct {
            const uint8_t *data;
            uint32_t len;
        } in_data;
        struct {
            enum ipc_fault_kind kind;
            const char *text; /* not NUL-terminated */
            uint16_t len;
        } fault;
        struct {
            uint32_t nr; /* syscall number */
        } violation;
        struct {
            uint8_t level; /* 0 or 1 */
        } irq_line;
        struct {
            uint8_t deliver; /* 0 or 1 */
            uint8_t vector;
            uint8_t line; /* 0 or 1 */
        } inta;
        struct ipc_cpu_state cpu;
        struct ipc_trace trace;
    } u;
};

/* Name of a message type for error lines ("IO_OUT"), or "unknown". */
const char *ipc_type_name(unsigned type);

#endif
