/* guest_config.h - what the supervisor tells the worker to build: guest RAM
 * size, the image and where it goes, and the initial general registers.
 *
 * Built by the supervisor from the command line, handed to the worker when
 * it is created (the worker starts as a copy of the supervisor); nothing in
 * it comes from the guest.
 */
#ifndef SCRATCHVM_COMMON_GUEST_CONFIG_H
#define SCRATCHVM_COMMON_GUEST_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/guest_layout.h"
#include "ipc/ipc_stats.h"

/* General registers settable with --reg, in struct kvm_regs order. */
enum guest_reg {
    GUEST_RAX,
    GUEST_RBX,
    GUEST_RCX,
    GUEST_RDX,
    GUEST_RSI,
    GUEST_RDI,
    GUEST_RSP,
    GUEST_RBP,
    GUEST_R8,
    GUEST_R9,
    GUEST_R10,
    GUEST_R11,
    GUEST_R12,
    GUEST_R13,
    GUEST_R14,
    GUEST_R15,
    GUEST_NREGS
};

extern const char *const guest_reg_names[GUEST_NREGS];

/* Index of register `name` ("rax".."r15"), or -1. */
int guest_reg_index(const char *name);

#define GUEST_MEM_DEFAULT (16ull << 20)
#define GUEST_MEM_MIN (64ull << 10)
#define GUEST_MEM_MAX (2ull << 30)
#define GUEST_PAGE_SIZE 4096ull
/* Real mode runs from CS base 0 with a 16-bit IP. */
#define GUEST_REAL_MODE_IP_MAX 0xffffull

/* After this many 1-byte OUT exits to coalesce_port, the worker has KVM
 * buffer them instead: a guest that writes little never pays the ~15 ms a
 * coalesced zone adds to the VM's teardown. */
#define GUEST_COALESCE_AFTER 1024

/* One bit per I/O port, set where a device answers (--strict). */
#define GUEST_PORT_MAP_BYTES (65536 / 8)

struct guest_config {
    const uint8_t *image; /* the file, as read */
    size_t image_len;
    uint64_t mem_size;
    struct guest_load load; /* where the image's pieces go, mode, entry */
    uint64_t regs[GUEST_NREGS];
    bool strict;             /* an access no device or RAM answers is a crash */
    bool trace;              /* report every VM exit (TRACE) */
    uint16_t coalesce_port;  /* buffer 1-byte OUTs here without exits; 0: none */
    uint32_t spin_ns;        /* look for an answer this long before sleeping */
    bool timing;             /* measure the time inside KVM_RUN (--stats) */
    const uint8_t *port_map; /* GUEST_PORT_MAP_BYTES: ports a device claims */
    struct run_stats *stats; /* the page shared with the supervisor */
    bool verbose;
};

#endif
