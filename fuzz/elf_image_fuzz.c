/* elf_image_fuzz.c - libFuzzer harness for the ELF parser
 * (supervisor/elf_image.c; fuzz_target in fuzz/BUILD, run by tools/fuzz,
 * seeds replayed by //fuzz:elf_image_fuzz_regression). Whatever the input, the
 * parser must not crash, and any plan it accepts must be safe to copy: every
 * segment inside RAM and the file, outside the system area, apart from the
 * others, with filesz <= memsz and the entry in a segment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "supervisor/elf_image.h"

#define MEM_SIZE (16ull << 20)

#define ASSERT(c)                                                                                  \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "elf_image_fuzz: %s failed\n", #c);                                    \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    struct guest_load load;
    char err[256];
    memset(err, 0x55, sizeof(err));
    if (elf_image_parse(data, len, MEM_SIZE, &load, err, sizeof(err)) != 0) {
        ASSERT(memchr(err, 0, sizeof(err)) != NULL && err[0] != 0);
        ASSERT(strchr(err, '\n') == NULL);
        return 0;
    }
    uint64_t lo, hi;
    guest_layout_reserved(load.mode, MEM_SIZE, &lo, &hi);
    ASSERT(load.mode == GUEST_MODE_PROTECTED || load.mode == GUEST_MODE_LONG);
    ASSERT(load.nseg >= 1 && load.nseg <= GUEST_MAX_SEGMENTS);
    int entry_ok = 0;
    for (unsigned i = 0; i < load.nseg; i++) {
        const struct guest_segment *s = &load.seg[i];
        ASSERT(s->memsz > 0 && s->filesz <= s->memsz);
        ASSERT(s->gpa < MEM_SIZE && s->memsz <= MEM_SIZE - s->gpa);   /* inside RAM */
        ASSERT(s->gpa + s->memsz <= lo);                              /* below the system area */
        ASSERT(s->file_off <= len && s->filesz <= len - s->file_off); /* inside the file */
        for (unsigned k = 0; k < i; k++)
            ASSERT(s->gpa + s->memsz <= load.seg[k].gpa ||
                   load.seg[k].gpa + load.seg[k].memsz <= s->gpa);
        if (load.entry >= s->gpa && load.entry - s->gpa < s->filesz)
            entry_ok = 1;
    }
    ASSERT(entry_ok);
    return 0;
}
