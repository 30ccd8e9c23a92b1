/* elf_image.c - the ELF loader's parser: header and program-header checks
 * into a struct guest_load. Fields are copied out of the buffer with memcpy
 * (no unaligned casts); the host is x86, so ELFDATA2LSB needs no swapping.
 * Sizes are checked against the buffer before any copy, and every sum of
 * untrusted values is overflow-checked.
 */
#include "supervisor/elf_image.h"

#include "common/diag.h"
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define FOUR_GIB 0x100000000ull

/* The fields used, from either class, widened to 64 bits. */
struct ehdr {
    uint16_t type, machine, phentsize, phnum;
    uint32_t version;
    uint64_t entry, phoff;
};

struct phdr {
    uint32_t type;
    uint64_t offset, vaddr, paddr, filesz, memsz;
};

static void read_ehdr(const uint8_t *data, bool is64, struct ehdr *h)
{
    if (is64) {
        Elf64_Ehdr e;
        memcpy(&e, data, sizeof(e));
        *h = (struct ehdr){.type = e.e_type,
                           .machine = e.e_machine,
                           .phentsize = e.e_phentsize,
                           .phnum = e.e_phnum,
                           .version = e.e_version,
                           .entry = e.e_entry,
                           .phoff = e.e_phoff};
    } else {
        Elf32_Ehdr e;
        memcpy(&e, data, sizeof(e));
        *h = (struct ehdr){.type = e.e_type,
                           .machine = e.e_machine,
                           .phentsize = e.e_phentsize,
                           .phnum = e.e_phnum,
                           .version = e.e_version,
                           .entry = e.e_entry,
                           .phoff = e.e_phoff};
    }
}

static void read_phdr(const uint8_t *p, bool is64, struct phdr *ph)
{
    if (is64) {
        Elf64_Phdr e;
        memcpy(&e, p, sizeof(e));
        *ph = (struct phdr){.type = e.p_type,
                            .offset = e.p_offset,
                            .vaddr = e.p_vaddr,
                            .paddr = e.p_paddr,
                            .filesz = e.p_filesz,
                            .memsz = e.p_memsz};
    } else {
        Elf32_Phdr e;
        memcpy(&e, p, sizeof(e));
        *ph = (struct phdr){.type = e.p_type,
                            .offset = e.p_offset,
                            .vaddr = e.p_vaddr,
                            .paddr = e.p_paddr,
                            .filesz = e.p_filesz,
                            .memsz = e.p_memsz};
    }
}

bool elf_image_is_elf(const uint8_t *data, size_t len)
{
    return len >= SELFMAG && memcmp(data, ELFMAG, SELFMAG) == 0;
}

static int check_header(const uint8_t *data, size_t len, struct ehdr *h, bool *is64, char *err,
                        size_t errlen)
{
    if (len < EI_NIDENT)
        return diag_fail(err, errlen, "ELF image: truncated ELF header (%zu bytes, need %d)", len,
                         EI_NIDENT);
    if (!elf_image_is_elf(data, len))
        return diag_fail(err, errlen, "ELF image: no \\x7fELF magic");
    uint8_t cls = data[EI_CLASS];
    if (cls != ELFCLASS32 && cls != ELFCLASS64)
        return diag_fail(err, errlen,
                         "ELF image: class %u is neither ELFCLASS32 (1) nor ELFCLASS64 (2)", cls);
    if (data[EI_DATA] != ELFDATA2LSB)
        return diag_fail(err, errlen,
                         "ELF image: data encoding %u is not little-endian (ELFDATA2LSB)",
                         data[EI_DATA]);
    if (data[EI_VERSION] != EV_CURRENT)
        return diag_fail(err, errlen, "ELF image: ident version %u is not EV_CURRENT (1)",
                         data[EI_VERSION]);
    *is64 = cls == ELFCLASS64;
    size_t need = *is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
    if (len < need)
        return diag_fail(err, errlen, "ELF image: truncated ELF header (%zu bytes, need %zu)", len,
                         need);
    read_ehdr(data, *is64, h);
    if (h->version != EV_CURRENT)
        return diag_fail(err, errlen, "ELF image: e_version %u is not EV_CURRENT (1)", h->version);
    if (h->type != ET_EXEC)
        return diag_fail(err, errlen,
                         "ELF image: type %u is not ET_EXEC (a static executable linked -no-pie)",
                         h->type);
    if (*is64 && h->machine != EM_X86_64)
        return diag_fail(err, errlen, "ELF image: machine %u is not EM_X86_64 (62), as ELF64 needs",
                         h->machine);
    if (!*is64 && h->machine != EM_386)
        return diag_fail(err, errlen, "ELF image: machine %u is not EM_386 (3), as ELF32 needs",
                         h->machine);
    size_t phsize = *is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
    if (h->phentsize != phsize)
        return diag_fail(err, errlen, "ELF image: e_phentsize %u is not %zu, the size of an %s",
                         h->phentsize, phsize, *is64 ? "Elf64_Phdr" : "Elf32_Phdr");
    if (h->phnum == 0)
        return diag_fail(err, errlen, "ELF image: no program headers (e_phnum is 0)");
    if (h->phnum > ELF_IMAGE_MAX_PHNUM)
        return diag_fail(err, errlen, "ELF image: %u program headers, more than the %d accepted",
                         h->phnum, ELF_IMAGE_MAX_PHNUM);
    uint64_t end; /* phnum * phsize is at most 64 * 56: no overflow */
    if (__builtin_add_overflow(h->phoff, (uint64_t)h->phnum * phsize, &end) || end > len)
        return diag_fail(
            err, errlen,
            "ELF image: program header table (offset 0x%llx, %u x %zu bytes) lies outside "
            "the %zu-byte file",
            (unsigned long long)h->phoff, h->phnum, phsize, len);
    return 0;
}

/* Checks one PT_LOAD (index `i`, memsz > 0) against the file, RAM, the
 * system area and the segments accepted before it. */
static int check_segment(unsigned i, const struct phdr *ph, size_t len, uint64_t mem_size,
                         const struct guest_load *out, const unsigned *index, char *err,
                         size_t errlen)
{
    unsigned long long pa = ph->paddr, ms = ph->memsz;
    uint64_t end;
    if (__builtin_add_overflow(ph->offset, ph->filesz, &end) || end > len)
        return diag_fail(
            err, errlen,
            "ELF image: segment %u's file contents (offset 0x%llx+0x%llx) lie outside the "
            "%zu-byte file",
            i, (unsigned long long)ph->offset, (unsigned long long)ph->filesz, len);
    if (ph->vaddr != ph->paddr)
        return diag_fail(err, errlen,
                         "ELF image: segment %u has p_vaddr 0x%llx != p_paddr 0x%llx; guests run "
                         "identity-mapped, so link with virtual == physical addresses",
                         i, (unsigned long long)ph->vaddr, pa);
    if (__builtin_add_overflow(ph->paddr, ph->memsz, &end) || end > mem_size)
        return diag_fail(
            err, errlen,
            "ELF image: segment %u (0x%llx+0x%llx) lies outside the 0x%llx bytes of guest "
            "RAM",
            i, pa, ms, (unsigned long long)mem_size);
    if (end > FOUR_GIB)
        return diag_fail(
            err, errlen, "ELF image: segment %u (0x%llx+0x%llx) extends past 4 GiB, beyond %s", i,
            pa, ms,
            out->mode == GUEST_MODE_LONG ? "the long-mode identity map" : "a 32-bit guest's reach");
    uint64_t lo, hi;
    guest_layout_reserved(out->mode, mem_size, &lo, &hi);
    if (end > lo && ph->paddr < hi)
        return diag_fail(err, errlen,
                         "ELF image: segment %u (0x%llx+0x%llx) overlaps the system area at "
                         "0x%llx-0x%llx",
                         i, pa, ms, (unsigned long long)lo, (unsigned long long)hi);
    for (unsigned k = 0; k < out->nseg; k++) {
        const struct guest_segment *s = &out->seg[k];
        /* both ends fit in RAM, checked when each was accepted */
        if (ph->paddr < s->gpa + s->memsz && s->gpa < end)
            return diag_fail(err, errlen,
                             "ELF image: segment %u (0x%llx+0x%llx) overlaps segment %u "
                             "(0x%llx+0x%llx)",
                             i, pa, ms, index[k], (unsigned long long)s->gpa,
                             (unsigned long long)s->memsz);
    }
    return 0;
}

int elf_image_parse(const uint8_t *data, size_t len, uint64_t mem_size, struct guest_load *out,
                    char *err, size_t errlen)
{
    struct ehdr h;
    bool is64;
    *out = (struct guest_load){0};
    if (check_header(data, len, &h, &is64, err, errlen) != 0)
        return -1;
    out->mode = is64 ? GUEST_MODE_LONG : GUEST_MODE_PROTECTED;
    out->entry = h.entry;
    if (mem_size < GUEST_SYS_SIZE)
        return diag_fail(
            err, errlen,
            "ELF image: 0x%llx bytes of guest RAM cannot hold the 0x%llx-byte system area",
            (unsigned long long)mem_size, GUEST_SYS_SIZE);

    unsigned index[GUEST_MAX_SEGMENTS]; /* program header of each segment */
    size_t phsize = h.phentsize;        /* checked: the struct size */
    for (unsigned i = 0; i < h.phnum; i++) {
        struct phdr ph;
        read_phdr(data + h.phoff + (size_t)i * phsize, is64, &ph);
        if (ph.type != PT_LOAD)
            continue;
        if (ph.filesz > ph.memsz)
            return diag_fail(err, errlen,
                             "ELF image: segment %u has p_filesz 0x%llx > p_memsz 0x%llx", i,
                             (unsigned long long)ph.filesz, (unsigned long long)ph.memsz);
        if (ph.memsz == 0)
            continue;
        if (out->nseg == GUEST_MAX_SEGMENTS)
            return diag_fail(err, errlen, "ELF image: more than %d loadable segments",
                             GUEST_MAX_SEGMENTS);
        if (check_segment(i, &ph, len, mem_size, out, index, err, errlen) != 0)
            return -1;
        index[out->nseg] = i;
        out->seg[out->nseg++] = (struct guest_segment){
            .gpa = ph.paddr, .file_off = ph.offset, .filesz = ph.filesz, .memsz = ph.memsz};
    }
    if (out->nseg == 0)
        return diag_fail(err, errlen, "ELF image: no loadable segment (PT_LOAD with p_memsz > 0)");

    /* The entry must be code from the file, not zero fill. */
    for (unsigned k = 0; k < out->nseg; k++) {
        const struct guest_segment *s = &out->seg[k];
        if (h.entry >= s->gpa && h.entry - s->gpa < s->filesz)
            return 0;
    }
    return diag_fail(
        err, errlen,
        "ELF image: entry point 0x%llx is not in the file contents of any loaded segment",
        (unsigned long long)h.entry);
}
