/* Unit tests of the ELF parser: images built in memory from <elf.h>
 * structs, one per rejection (with its exact message) plus good ELF32 and
 * ELF64 executables. */
#include <elf.h>

#include "supervisor/elf_image.h"
#include "tests/unit.h"

#define MIB 0x100000ull
#define RAM (16 * MIB) /* the system area is then 0xff8000-0x1000000 */
#define FILE_LEN 0x3000
#define MAX_PH 20

static uint8_t buf[FILE_LEN];
static struct guest_load load;
static char err[256];

/* An image under construction: the header, then its program headers, which
 * serialize() always writes at offset 64 whatever e_phoff says. */
struct elf64 {
    Elf64_Ehdr eh;
    Elf64_Phdr ph[MAX_PH];
    unsigned nph;
    size_t len;
};

struct elf32 {
    Elf32_Ehdr eh;
    Elf32_Phdr ph[MAX_PH];
    unsigned nph;
    size_t len;
};

static void ident(unsigned char *id, int cls)
{
    memcpy(id, ELFMAG, SELFMAG);
    id[EI_CLASS] = cls;
    id[EI_DATA] = ELFDATA2LSB;
    id[EI_VERSION] = EV_CURRENT;
}

/* Text at 1 MiB (file 0x1000-0x2000), data + bss after it, a PT_GNU_STACK
 * to be ignored, entry in the text: what guest/c/elf64.ld produces. */
static struct elf64 good64(void)
{
    struct elf64 e = {.nph = 3, .len = FILE_LEN};
    ident(e.eh.e_ident, ELFCLASS64);
    e.eh.e_type = ET_EXEC;
    e.eh.e_machine = EM_X86_64;
    e.eh.e_version = EV_CURRENT;
    e.eh.e_entry = MIB + 0x10;
    e.eh.e_phoff = sizeof(Elf64_Ehdr);
    e.eh.e_ehsize = sizeof(Elf64_Ehdr);
    e.eh.e_phentsize = sizeof(Elf64_Phdr);
    e.eh.e_phnum = 3;
    e.ph[0] = (Elf64_Phdr){.p_type = PT_LOAD,
                           .p_offset = 0x1000,
                           .p_vaddr = MIB,
                           .p_paddr = MIB,
                           .p_filesz = 0x1000,
                           .p_memsz = 0x1000};
    e.ph[1] = (Elf64_Phdr){.p_type = PT_LOAD,
                           .p_offset = 0x2000,
                           .p_vaddr = MIB + 0x1000,
                           .p_paddr = MIB + 0x1000,
                           .p_filesz = 0x800,
                           .p_memsz = 0x3000};
    e.ph[2] = (Elf64_Phdr){.p_type = PT_GNU_STACK};
    return e;
}

static struct elf32 good32(void)
{
    struct elf32 e = {.nph = 2, .len = FILE_LEN};
    ident(e.eh.e_ident, ELFCLASS32);
    e.eh.e_type = ET_EXEC;
    e.eh.e_machine = EM_386;
    e.eh.e_version = EV_CURRENT;
    e.eh.e_entry = MIB;
    e.eh.e_phoff = sizeof(Elf32_Ehdr);
    e.eh.e_ehsize = sizeof(Elf32_Ehdr);
    e.eh.e_phentsize = sizeof(Elf32_Phdr);
    e.eh.e_phnum = 2;
    e.ph[0] = (Elf32_Phdr){.p_type = PT_LOAD,
                           .p_offset = 0x1000,
                           .p_vaddr = MIB,
                           .p_paddr = MIB,
                           .p_filesz = 0x1800,
                           .p_memsz = 0x4000};
    e.ph[1] = (Elf32_Phdr){.p_type = PT_NOTE, .p_offset = 0x2f00, .p_filesz = 0x20};
    return e;
}

static int parse64(const struct elf64 *e, uint64_t mem)
{
    memset(buf, 0, sizeof(buf));
    memcpy(buf, &e->eh, sizeof(e->eh));
    memcpy(buf + sizeof(Elf64_Ehdr), e->ph, e->nph * sizeof(Elf64_Phdr));
    err[0] = 0;
    return elf_image_parse(buf, e->len, mem, &load, err, sizeof(err));
}

static int parse32(const struct elf32 *e, uint64_t mem)
{
    memset(buf, 0, sizeof(buf));
    memcpy(buf, &e->eh, sizeof(e->eh));
    memcpy(buf + sizeof(Elf32_Ehdr), e->ph, e->nph * sizeof(Elf32_Phdr));
    err[0] = 0;
    return elf_image_parse(buf, e->len, mem, &load, err, sizeof(err));
}

/* parse64(e) must fail with exactly `msg`. */
#define REJECT64(e, mem, msg)                                                                      \
    do {                                                                                           \
        CHECK_EQ(parse64(&(e), (mem)), -1);                                                        \
        CHECK_STR(err, msg);                                                                       \
    } while (0)

#define REJECT32(e, mem, msg)                                                                      \
    do {                                                                                           \
        CHECK_EQ(parse32(&(e), (mem)), -1);                                                        \
        CHECK_STR(err, msg);                                                                       \
    } while (0)

TEST(is_elf)
{
    CHECK(elf_image_is_elf((const uint8_t *)"\x7f"
                                            "ELF",
                           4));
    CHECK(!elf_image_is_elf((const uint8_t *)"\x7f"
                                             "EL",
                            3));
    CHECK(!elf_image_is_elf((const uint8_t *)"\xfa\xfc\x31\xc0", 4)); /* a flat binary */
}

TEST(good_elf64)
{
    struct elf64 e = good64();
    CHECK_EQ(parse64(&e, RAM), 0);
    CHECK_STR(err, "");
    CHECK_EQ(load.mode, GUEST_MODE_LONG);
    CHECK_EQ(load.entry, MIB + 0x10);
    CHECK_EQ(load.nseg, 2);
    CHECK_EQ(load.seg[0].gpa, MIB);
    CHECK_EQ(load.seg[0].file_off, 0x1000);
    CHECK_EQ(load.seg[0].filesz, 0x1000);
    CHECK_EQ(load.seg[0].memsz, 0x1000);
    CHECK_EQ(load.seg[1].gpa, MIB + 0x1000);
    CHECK_EQ(load.seg[1].file_off, 0x2000);
    CHECK_EQ(load.seg[1].filesz, 0x800);
    CHECK_EQ(load.seg[1].memsz, 0x3000);
}

TEST(good_elf32)
{
    struct elf32 e = good32();
    CHECK_EQ(parse32(&e, RAM), 0);
    CHECK_EQ(load.mode, GUEST_MODE_PROTECTED);
    CHECK_EQ(load.entry, MIB);
    CHECK_EQ(load.nseg, 1);
    CHECK_EQ(load.seg[0].gpa, MIB);
    CHECK_EQ(load.seg[0].file_off, 0x1000);
    CHECK_EQ(load.seg[0].filesz, 0x1800);
    CHECK_EQ(load.seg[0].memsz, 0x4000);
}

TEST(segment_right_below_the_system_area)
{
    struct elf64 e = good64();
    e.ph[1].p_paddr = e.ph[1].p_vaddr = RAM - GUEST_SYS_SIZE - 0x3000;
    CHECK_EQ(parse64(&e, RAM), 0);
    /* an empty PT_LOAD is skipped, wherever it claims to be */
    e.ph[2] = (Elf64_Phdr){.p_type = PT_LOAD, .p_paddr = ~0ull, .p_offset = ~0ull};
    CHECK_EQ(parse64(&e, RAM), 0);
    CHECK_EQ(load.nseg, 2);
}

TEST(truncated_header)
{
    struct elf64 e = good64();
    e.len = 10;
    REJECT64(e, RAM, "ELF image: truncated ELF header (10 bytes, need 16)");
    e.len = 63;
    REJECT64(e, RAM, "ELF image: truncated ELF header (63 bytes, need 64)");
    struct elf32 f = good32();
    f.len = 51;
    REJECT32(f, RAM, "ELF image: truncated ELF header (51 bytes, need 52)");
}

TEST(bad_ident)
{
    struct elf64 e = good64();
    e.eh.e_ident[0] = 0x7e;
    REJECT64(e, RAM, "ELF image: no \\x7fELF magic");
    e = good64();
    e.eh.e_ident[EI_CLASS] = 3;
    REJECT64(e, RAM, "ELF image: class 3 is neither ELFCLASS32 (1) nor ELFCLASS64 (2)");
    e = good64();
    e.eh.e_ident[EI_DATA] = ELFDATA2MSB;
    REJECT64(e, RAM, "ELF image: data encoding 2 is not little-endian (ELFDATA2LSB)");
    e = good64();
    e.eh.e_ident[EI_VERSION] = 0;
    REJECT64(e, RAM, "ELF image: ident version 0 is not EV_CURRENT (1)");
    e = good64();
    e.eh.e_version = 2;
    REJECT64(e, RAM, "ELF image: e_version 2 is not EV_CURRENT (1)");
}

TEST(not_an_executable)
{
    struct elf64 e = good64();
    e.eh.e_type = ET_DYN;
    REJECT64(e, RAM, "ELF image: type 3 is not ET_EXEC (a static executable linked -no-pie)");
}

TEST(wrong_machine_for_the_class)
{
    struct elf64 e = good64();
    e.eh.e_machine = EM_386;
    REJECT64(e, RAM, "ELF image: machine 3 is not EM_X86_64 (62), as ELF64 needs");
    struct elf32 f = good32();
    f.eh.e_machine = EM_X86_64;
    REJECT32(f, RAM, "ELF image: machine 62 is not EM_386 (3), as ELF32 needs");
}

TEST(wrong_phentsize)
{
    struct elf64 e = good64();
    e.eh.e_phentsize = sizeof(Elf32_Phdr);
    REJECT64(e, RAM, "ELF image: e_phentsize 32 is not 56, the size of an Elf64_Phdr");
    struct elf32 f = good32();
    f.eh.e_phentsize = sizeof(Elf64_Phdr);
    REJECT32(f, RAM, "ELF image: e_phentsize 56 is not 32, the size of an Elf32_Phdr");
}

TEST(program_header_count)
{
    struct elf64 e = good64();
    e.eh.e_phnum = 0;
    REJECT64(e, RAM, "ELF image: no program headers (e_phnum is 0)");
    e.eh.e_phnum = 65;
    REJECT64(e, RAM, "ELF image: 65 program headers, more than the 64 accepted");
    e.eh.e_phnum = PN_XNUM; /* extended numbering: not supported */
    REJECT64(e, RAM, "ELF image: 65535 program headers, more than the 64 accepted");
}

TEST(program_header_table_outside_the_file)
{
    struct elf64 e = good64();
    e.eh.e_phoff = FILE_LEN - 2 * sizeof(Elf64_Phdr);
    REJECT64(e, RAM,
             "ELF image: program header table (offset 0x2f90, 3 x 56 bytes) lies outside the "
             "12288-byte file");
    e.eh.e_phoff = ~0ull - 8; /* the end overflows */
    REJECT64(e, RAM,
             "ELF image: program header table (offset 0xfffffffffffffff7, 3 x 56 bytes) lies "
             "outside the 12288-byte file");
    e = good64();
    e.len = sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr); /* the file ends inside the table */
    REJECT64(e, RAM,
             "ELF image: program header table (offset 0x40, 3 x 56 bytes) lies outside the "
             "176-byte file");
}

TEST(too_many_loadable_segments)
{
    struct elf64 e = good64();
    e.nph = e.eh.e_phnum = GUEST_MAX_SEGMENTS + 1;
    for (unsigned i = 0; i < e.nph; i++)
        e.ph[i] = (Elf64_Phdr){.p_type = PT_LOAD,
                               .p_offset = 0x1000,
                               .p_vaddr = MIB + i * 0x1000,
                               .p_paddr = MIB + i * 0x1000,
                               .p_filesz = 0x100,
                               .p_memsz = 0x1000};
    REJECT64(e, RAM, "ELF image: more than 16 loadable segments");
    e.nph = e.eh.e_phnum = GUEST_MAX_SEGMENTS; /* exactly the limit is fine */
    CHECK_EQ(parse64(&e, RAM), 0);
    CHECK_EQ(load.nseg, GUEST_MAX_SEGMENTS);
}

TEST(filesz_above_memsz)
{
    struct elf64 e = good64();
    e.ph[1].p_filesz = 0x3001;
    REJECT64(e, RAM, "ELF image: segment 1 has p_filesz 0x3001 > p_memsz 0x3000");
    e.ph[1].p_memsz = 0; /* even where memsz is 0 */
    REJECT64(e, RAM, "ELF image: segment 1 has p_filesz 0x3001 > p_memsz 0x0");
}

TEST(file_contents_outside_the_file)
{
    struct elf64 e = good64();
    e.ph[1].p_filesz = 0x1001;
    REJECT64(e, RAM,
             "ELF image: segment 1's file contents (offset 0x2000+0x1001) lie outside the "
             "12288-byte file");
    e = good64();
    e.ph[1].p_offset = ~0ull - 0x10; /* offset + filesz overflows */
    REJECT64(e, RAM,
             "ELF image: segment 1's file contents (offset 0xffffffffffffffef+0x800) lie outside "
             "the 12288-byte file");
}

TEST(vaddr_differs_from_paddr)
{
    struct elf64 e = good64();
    e.ph[0].p_vaddr = 0xffffffff80100000ull; /* a higher-half kernel */
    REJECT64(e, RAM,
             "ELF image: segment 0 has p_vaddr 0xffffffff80100000 != p_paddr 0x100000; guests "
             "run identity-mapped, so link with virtual == physical addresses");
}

TEST(segment_outside_ram)
{
    struct elf64 e = good64();
    e.ph[1].p_paddr = e.ph[1].p_vaddr = RAM - 0x2000;
    REJECT64(e, RAM,
             "ELF image: segment 1 (0xffe000+0x3000) lies outside the 0x1000000 bytes of guest "
             "RAM");
    e.ph[1].p_paddr = e.ph[1].p_vaddr = ~0ull - 0xfff; /* paddr + memsz overflows */
    REJECT64(e, RAM,
             "ELF image: segment 1 (0xfffffffffffff000+0x3000) lies outside the 0x1000000 bytes "
             "of guest RAM");
}

TEST(segment_beyond_4gib)
{
    uint64_t big = 8ull << 30;
    struct elf64 e = good64();
    e.ph[1].p_paddr = e.ph[1].p_vaddr = 0xfffff000;
    REJECT64(e, big,
             "ELF image: segment 1 (0xfffff000+0x3000) extends past 4 GiB, beyond the long-mode "
             "identity map");
    struct elf32 f = good32();
    f.ph[0].p_paddr = f.ph[0].p_vaddr = 0xfffff000;
    REJECT32(f, big,
             "ELF image: segment 0 (0xfffff000+0x4000) extends past 4 GiB, beyond a 32-bit "
             "guest's reach");
}

TEST(segment_overlaps_the_system_area)
{
    struct elf64 e = good64();
    e.ph[1].p_paddr = e.ph[1].p_vaddr = RAM - GUEST_SYS_SIZE - 0x2000;
    REJECT64(e, RAM,
             "ELF image: segment 1 (0xff6000+0x3000) overlaps the system area at "
             "0xff8000-0x1000000");
    struct elf32 f = good32();
    f.ph[0].p_paddr = f.ph[0].p_vaddr = RAM - 0x4000;
    REJECT32(f, RAM,
             "ELF image: segment 0 (0xffc000+0x4000) overlaps the system area at "
             "0xff8000-0x1000000");
}

TEST(ram_smaller_than_the_system_area)
{
    struct elf64 e = good64();
    REJECT64(e, 0x4000,
             "ELF image: 0x4000 bytes of guest RAM cannot hold the 0x8000-byte system area");
}

TEST(segments_overlap)
{
    struct elf64 e = good64();
    e.ph[1].p_paddr = e.ph[1].p_vaddr = MIB + 0xfff;
    REJECT64(e, RAM, "ELF image: segment 1 (0x100fff+0x3000) overlaps segment 0 (0x100000+0x1000)");
    e.ph[1].p_paddr = e.ph[1].p_vaddr = MIB - 0x3000 + 1; /* from below */
    REJECT64(e, RAM, "ELF image: segment 1 (0xfd001+0x3000) overlaps segment 0 (0x100000+0x1000)");
    e.ph[1].p_paddr = e.ph[1].p_vaddr = MIB - 0x3000; /* touching is fine */
    CHECK_EQ(parse64(&e, RAM), 0);
}

TEST(entry_outside_every_segment)
{
    struct elf64 e = good64();
    e.eh.e_entry = MIB - 1;
    REJECT64(e, RAM,
             "ELF image: entry point 0xfffff is not in the file contents of any loaded segment");
    e.eh.e_entry = MIB + 0x1800; /* in the data segment's bss: zeroes, not code */
    REJECT64(e, RAM,
             "ELF image: entry point 0x101800 is not in the file contents of any loaded segment");
    e.eh.e_entry = MIB + 0x17ff; /* its last file byte */
    CHECK_EQ(parse64(&e, RAM), 0);
}

TEST(no_loadable_segment)
{
    struct elf64 e = good64();
    e.ph[0].p_type = PT_NOTE;
    e.ph[1].p_memsz = e.ph[1].p_filesz = 0;
    REJECT64(e, RAM, "ELF image: no loadable segment (PT_LOAD with p_memsz > 0)");
}

int main(void)
{
    RUN(is_elf);
    RUN(good_elf64);
    RUN(good_elf32);
    RUN(segment_right_below_the_system_area);
    RUN(truncated_header);
    RUN(bad_ident);
    RUN(not_an_executable);
    RUN(wrong_machine_for_the_class);
    RUN(wrong_phentsize);
    RUN(program_header_count);
    RUN(program_header_table_outside_the_file);
    RUN(too_many_loadable_segments);
    RUN(filesz_above_memsz);
    RUN(file_contents_outside_the_file);
    RUN(vaddr_differs_from_paddr);
    RUN(segment_outside_ram);
    RUN(segment_beyond_4gib);
    RUN(segment_overlaps_the_system_area);
    RUN(ram_smaller_than_the_system_area);
    RUN(segments_overlap);
    RUN(entry_outside_every_segment);
    RUN(no_loadable_segment);
    return unit_summary();
}
