#!/usr/bin/env python3
"""make_elfs.py - writes the hostile ELF images of the guest corpus.

Usage: make_elfs.py OUTDIR NAME...   (writes OUTDIR/NAME.elf for each NAME)

Each image is crafted here byte by byte (struct.pack), from one valid
ELF64 and one valid ELF32 that print "elf ok\\n" and halt: truncated,
overlapping, overflowing, with huge or too many program headers, an entry
outside every segment, and each header field the loader checks made wrong
in turn. What the supervisor must say about each is in
tests/hostile_corpus.py.
"""
import struct
import sys

BASE = 0x100000  # where the segments go (1 MiB)
MSG = b"elf ok\n"

# cld; mov $0x3f8,%dx; lea msg(%rip),%rsi; mov $7,%ecx; rep outsb; hlt; msg
CODE64 = (b"\xfc" + b"\x66\xba\xf8\x03" + b"\x48\x8d\x35" + struct.pack("<i", 8) +
          b"\xb9" + struct.pack("<I", len(MSG)) + b"\xf3\x6e" + b"\xf4" + MSG)
# cld; mov $0x3f8,%dx; mov $msg,%esi; mov $7,%ecx; rep outsb; hlt; msg
CODE32 = (b"\xfc" + b"\x66\xba\xf8\x03" + b"\xbe" + struct.pack("<I", BASE + 18) +
          b"\xb9" + struct.pack("<I", len(MSG)) + b"\xf3\x6e" + b"\xf4" + MSG)

PT_LOAD, PT_NOTE = 1, 4


def ehdr64(entry, phoff, phnum, machine=62, etype=2, cls=2, data=1, phentsize=56):
    ident = b"\x7fELF" + bytes([cls, data, 1]) + bytes(9)
    return ident + struct.pack("<HHIQQQIHHHHHH", etype, machine, 1, entry, phoff, 0, 0, 64,
                               phentsize, phnum, 0, 0, 0)


def phdr64(ptype, offset, vaddr, paddr, filesz, memsz, flags=7):
    return struct.pack("<IIQQQQQQ", ptype, flags, offset, vaddr, paddr, filesz, memsz, 0x1000)


def ehdr32(entry, phoff, phnum, machine=3, phentsize=32):
    ident = b"\x7fELF" + bytes([1, 1, 1]) + bytes(9)
    return ident + struct.pack("<HHIIIIIHHHHHH", 2, machine, 1, entry, phoff, 0, 0, 52,
                               phentsize, phnum, 0, 0, 0)


def phdr32(ptype, offset, vaddr, paddr, filesz, memsz, flags=7):
    return struct.pack("<IIIIIIII", ptype, offset, vaddr, paddr, filesz, memsz, flags, 0x1000)


def elf64(phdrs, entry=BASE, code=CODE64, **kw):
    """An ELF64 with `phdrs` (tuples for phdr64, offsets relative to the
    code, which follows the program headers) and `code`."""
    phoff = 64
    code_off = phoff + 56 * len(phdrs)
    table = b"".join(phdr64(t, o + code_off, v, p, fs, ms) for t, o, v, p, fs, ms in phdrs)
    return ehdr64(entry, phoff, len(phdrs), **kw) + table + code


def one_load(**kw):
    return [(PT_LOAD, 0, BASE, BASE, len(CODE64), len(CODE64))]


def valid64():
    return elf64(one_load())


def valid32(entry=BASE, paddr=BASE, **kw):
    code_off = 52 + 32
    return (ehdr32(entry, 52, 1, **kw) +
            phdr32(PT_LOAD, code_off, paddr, paddr, len(CODE32), len(CODE32)) + CODE32)


def with_ehdr(image, **kw):
    """`image` (a valid ELF64 with one program header) with its ELF header
    rebuilt from `kw`."""
    args = dict(entry=BASE, phoff=64, phnum=1)
    args.update(kw)
    return ehdr64(**args) + image[64:]


L = len(CODE64)
IMAGES = {
    "elf64_ok": valid64,
    "elf32_ok": valid32,
    # the whole zero-filled RAM from 1 MiB to the system area of 16M
    "elf64_bss_all_ram": lambda: elf64([(PT_LOAD, 0, BASE, BASE, L, 0x1000000 - 0x8000 - BASE)]),
    "trunc_header": lambda: valid64()[:30],
    "trunc_ident": lambda: valid64()[:10],
    "trunc_phdrs": lambda: valid64()[:64 + 20],
    "trunc_body": lambda: valid64()[:64 + 56 + 4],
    "phoff_overflow": lambda: with_ehdr(valid64(), phoff=0xffffffffffffffc0),
    "phnum_huge": lambda: with_ehdr(valid64(), phnum=0xffff),
    "phnum_zero": lambda: with_ehdr(valid64(), phnum=0),
    "phentsize_bad": lambda: with_ehdr(valid64(), phentsize=32),
    "too_many_loads": lambda: elf64([(PT_LOAD, 0, BASE + 0x1000 * i, BASE + 0x1000 * i, L, L)
                                     for i in range(17)]),
    "overlap": lambda: elf64([(PT_LOAD, 0, BASE, BASE, L, 0x2000),
                              (PT_LOAD, 0, BASE + 0x1000, BASE + 0x1000, L, L)]),
    "overlap_same": lambda: elf64([(PT_LOAD, 0, BASE, BASE, L, L)] * 2),
    "offset_overflow": lambda: elf64([(PT_LOAD, 0xffffffffffffff00, BASE, BASE, 0x200, 0x200)]),
    "addr_overflow": lambda: elf64([(PT_LOAD, 0, 0xfffffffffffff000, 0xfffffffffffff000, L,
                                     0x2000)]),
    "memsz_huge": lambda: elf64([(PT_LOAD, 0, BASE, BASE, L, 0xffffffffffffffff)]),
    "outside_ram": lambda: elf64([(PT_LOAD, 0, 0x40000000, 0x40000000, L, L)], entry=0x40000000),
    "sysarea_overlap": lambda: elf64([(PT_LOAD, 0, 0xfff000, 0xfff000, L, L)], entry=0xfff000),
    "filesz_gt_memsz": lambda: elf64([(PT_LOAD, 0, BASE, BASE, L, L - 1)]),
    "vaddr_ne_paddr": lambda: elf64([(PT_LOAD, 0, 0xffffffff80000000, BASE, L, L)]),
    "entry_outside": lambda: elf64(one_load(), entry=0xdead0000),
    "entry_in_bss": lambda: elf64([(PT_LOAD, 0, BASE, BASE, L, 0x2000)], entry=BASE + 0x1000),
    "entry_at_end": lambda: elf64(one_load(), entry=BASE + L),
    "no_load": lambda: elf64([(PT_NOTE, 0, BASE, BASE, L, L)]),
    "load_memsz_zero": lambda: elf64([(PT_LOAD, 0, BASE, BASE, 0, 0)]),
    "machine_386_in_elf64": lambda: with_ehdr(valid64(), machine=3),
    "type_dyn": lambda: with_ehdr(valid64(), etype=3),
    "class_bad": lambda: with_ehdr(valid64(), cls=3),
    "big_endian": lambda: with_ehdr(valid64(), data=2),
    "elf32_machine_x86_64": lambda: valid32(machine=62),
    "elf32_phentsize_bad": lambda: valid32(phentsize=56),
    "elf32_entry_outside": lambda: valid32(entry=0xfffffff0),
    "elf32_sysarea_overlap": lambda: valid32(entry=0xff8000, paddr=0xff8000),
}


def main(argv):
    outdir, names = argv[1], argv[2:]
    for name in names:
        with open("%s/%s.elf" % (outdir, name), "wb") as f:
            f.write(IMAGES[name]())
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "--list":
        print("\n".join(IMAGES))
        sys.exit(0)
    sys.exit(main(sys.argv))
