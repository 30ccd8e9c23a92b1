/* load_plan_fuzz.c - libFuzzer harness for the load plan
 * (supervisor/load_plan.c): what a flat binary or an ELF image becomes
 * under the options that reach it. The input: byte 0 picks the mode
 * (bits 0-1, 3 read as real), whether --mode and --load-addr were given
 * (bits 2, 3); bytes 1-2 the RAM size in pages above the 64 KiB minimum
 * (at most 2 GiB), bytes 3-6 the load address (reduced below the RAM size,
 * and to 16 bits in real mode, as options.c guarantees); the rest is the
 * image. Whatever the input, it must not crash; an error is one line; an
 * accepted plan has every piece inside RAM and the image, below the
 * system area of its mode, apart from the others, with filesz <= memsz;
 * a flat image is one piece at the load address in the chosen mode,
 * entered there; an ELF image is never planned under --load-addr, nor in a
 * mode other than the one given. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "supervisor/elf_image.h"
#include "supervisor/load_plan.h"

#define ASSERT(c)                                                                                  \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "load_plan_fuzz: %s failed\n", #c);                                    \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#define HEADER 7

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static void assert_one_line(const char *err, size_t cap)
{
    ASSERT(memchr(err, '\0', cap) != NULL);
    ASSERT(err[0] != '\0');
    for (const char *p = err; *p != '\0'; p++)
        ASSERT(*p >= 0x20 && *p <= 0x7e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    static struct options opt; /* path buffers */
    if (len < HEADER)
        return 0;
    memset(&opt, 0, sizeof opt);
    unsigned m = data[0] & 3;
    opt.mode = m == 1 ? GUEST_MODE_PROTECTED : m == 2 ? GUEST_MODE_LONG : GUEST_MODE_REAL;
    opt.mode_given = data[0] & 4;
    opt.load_addr_given = data[0] & 8;
    uint64_t pages = (uint64_t)(data[1] | data[2] << 8);
    opt.mem_size = GUEST_MEM_MIN + pages * pages * GUEST_PAGE_SIZE / 2; /* small ones often */
    if (opt.mem_size > GUEST_MEM_MAX)
        opt.mem_size = GUEST_MEM_MAX;
    opt.mem_size -= opt.mem_size % GUEST_PAGE_SIZE;
    uint64_t addr = (uint64_t)data[3] | (uint64_t)data[4] << 8 | (uint64_t)data[5] << 16 |
                    (uint64_t)data[6] << 24;
    if (!opt.load_addr_given)
        addr = 0;
    opt.load_addr = addr % opt.mem_size;
    if (opt.mode == GUEST_MODE_REAL)
        opt.load_addr &= GUEST_REAL_MODE_IP_MAX;
    opt.user = "nobody";

    /* The image in a buffer of its own size, so that ASan sees overreads. */
    size_t n = len - HEADER;
    uint8_t *img = malloc(n ? n : 1);
    if (img == NULL)
        return 0;
    memcpy(img, data + HEADER, n);
    struct guest_load load;
    char err[512];
    memset(err, 0x55, sizeof err);
    int elf = elf_image_is_elf(img, n);
    if (load_plan_build(img, n, "g.bin", &opt, &load, err, sizeof err) != 0) {
        assert_one_line(err, sizeof err);
        free(img);
        return 0;
    }
    uint64_t lo, hi;
    guest_layout_reserved(load.mode, opt.mem_size, &lo, &hi);
    ASSERT(load.nseg >= 1 && load.nseg <= GUEST_MAX_SEGMENTS);
    if (!elf) {
        ASSERT(load.mode == opt.mode);
        ASSERT(load.nseg == 1 && load.entry == opt.load_addr);
        ASSERT(load.seg[0].gpa == opt.load_addr && load.seg[0].file_off == 0);
        ASSERT(load.seg[0].filesz == n && load.seg[0].memsz == n);
    } else {
        ASSERT(!opt.load_addr_given);
        ASSERT(load.mode == GUEST_MODE_PROTECTED || load.mode == GUEST_MODE_LONG);
        ASSERT(!opt.mode_given || load.mode == opt.mode);
    }
    for (unsigned i = 0; i < load.nseg; i++) {
        const struct guest_segment *s = &load.seg[i];
        ASSERT(s->filesz <= s->memsz);
        ASSERT(s->gpa <= opt.mem_size && s->memsz <= opt.mem_size - s->gpa);
        ASSERT(s->gpa + s->memsz <= lo);
        ASSERT(s->file_off <= n && s->filesz <= n - s->file_off);
        for (unsigned k = 0; k < i; k++)
            ASSERT(s->gpa + s->memsz <= load.seg[k].gpa ||
                   load.seg[k].gpa + load.seg[k].memsz <= s->gpa);
    }
    uint64_t regs[GUEST_NREGS];
    load_plan_registers(&opt, load.mode, regs);
    if (load.mode != GUEST_MODE_REAL)
        ASSERT(regs[GUEST_RSP] == lo);
    free(img);
    return 0;
}
