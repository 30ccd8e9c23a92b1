/* guest_layout.h - the CPU mode a guest starts in, what an image loads as,
 * and where the monitor's own structures sit in guest RAM.
 *
 * Real mode (Lab 1) reserves nothing. Protected and long mode reserve the
 * top GUEST_SYS_SIZE bytes of RAM ("the system area"): the GDT and, in long
 * mode, identity-mapping page tables (2 MiB pages over the first 4 GiB, so
 * that accesses above RAM are MMIO exits, not page faults). An image may
 * not overlap it; the initial stack pointer (unless --reg rsp) is its base,
 * so the stack grows down below it.
 *
 * GDT selectors: 0x08 flat 32-bit code, 0x10 flat data, 0x18 64-bit code.
 */
#ifndef SCRATCHVM_COMMON_GUEST_LAYOUT_H
#define SCRATCHVM_COMMON_GUEST_LAYOUT_H

#include <stdint.h>

enum guest_mode {
    GUEST_MODE_REAL,      /* 16-bit, CS base 0, as at reset (flat images) */
    GUEST_MODE_PROTECTED, /* 32-bit flat segments, paging off */
    GUEST_MODE_LONG,      /* 64-bit, identity-mapped */
};

const char *guest_mode_name(enum guest_mode mode);

#define GUEST_SYS_SIZE 0x8000ull /* the system area, at the top of RAM */
#define GUEST_SYS_GDT 0x0000ull  /* offsets inside it */
#define GUEST_SYS_PML4 0x1000ull
#define GUEST_SYS_PDPT 0x2000ull
#define GUEST_SYS_PD 0x3000ull /* four page directories: 4 GiB of 2 MiB pages */
#define GUEST_SYS_PD_COUNT 4

#define GUEST_SEL_CODE32 0x08
#define GUEST_SEL_DATA 0x10
#define GUEST_SEL_CODE64 0x18

/* The reserved range [*lo, *hi) of a guest with `mem_size` bytes of RAM in
 * `mode`; empty (lo == hi == mem_size) in real mode. */
static inline void guest_layout_reserved(enum guest_mode mode, uint64_t mem_size, uint64_t *lo,
                                         uint64_t *hi)
{
    *hi = mem_size;
    *lo = mode == GUEST_MODE_REAL ? mem_size : mem_size - GUEST_SYS_SIZE;
}

/* One piece of an image: copy `filesz` bytes from `file_off` of the image
 * to guest physical `gpa`, then zero up to `memsz`. */
struct guest_segment {
    uint64_t gpa;
    uint64_t file_off;
    uint64_t filesz;
    uint64_t memsz;
};

#define GUEST_MAX_SEGMENTS 16

/* What an image becomes in guest RAM: validated, so the worker can copy it
 * without further checks beyond its own bounds assertions. */
struct guest_load {
    enum guest_mode mode;
    uint64_t entry; /* start RIP (real mode: IP, with CS base 0) */
    unsigned nseg;
    struct guest_segment seg[GUEST_MAX_SEGMENTS];
};

#endif
