#!/usr/bin/env python3
"""hostile_corpus.py - the table of the hostile guest corpus (guest/hostile/)
and its runner, for tests/hostile_corpus_test.sh.

Usage: hostile_corpus.py SUPERVISOR PTY_RUN CORPUS_DIR WORK_DIR SV_TMPDIR

Every row runs the supervisor once on one guest or image, with its options,
its RAM size and `--timeout LIMIT`, stdin empty, and compares, literally:
  - the exit status;
  - stdout: exactly `out`, or starting with `prefix` (and then, if `each`
    is given, nothing but that byte);
  - stderr: exactly the line `err` (nothing at all when it is ""), or for a
    guest crash (status 4) that line and the 8 lines of the register dump;
  - the time: the run ends within LIMIT + 1 s. A run still going at
    LIMIT + 10 s is killed (its process group), and the row says so.
Where this host's KVM differs from hardware a row lists its outcomes per
host condition (`pvm`: KVM's PVM backend, module kvm_pvm; `vmx`, `svm`:
kvm_intel, kvm_amd), and only the one of this host is accepted.

The supervisor runs with TMPDIR=SV_TMPDIR (empty), which the shell test
checks is still empty at the end; it also checks no process is left.

Prints "ok   NAME" or "FAIL NAME" (with why) per row, then one line
"corpus: P passed, F failed". Set HOSTILE_CORPUS_FULL=1 to add the IN
sweeps over all 65536 ports (an IN is a round trip to the supervisor,
about 0.1-1 ms: a minute or more per size on a loaded 2-core machine).
"""
import os
import signal
import subprocess
import sys
import time

TIMEOUT_LINE = "scratchvm: timeout: the guest was stopped after %.3f s"
OUTPUT_LINE = "scratchvm: output limit: the guest wrote more than %d bytes (--max-output)"
TRIPLE = "scratchvm: guest crashed: triple fault (KVM_EXIT_SHUTDOWN)"
INTERNAL = "scratchvm: guest crashed: KVM internal error, suberror 1 (instruction emulation failed)"
DUMP_LINES = 8  # lines of a register dump after its first line


def host_condition():
    for module, name in (("kvm_pvm", "pvm"), ("kvm_intel", "vmx"), ("kvm_amd", "svm")):
        if os.path.isdir("/sys/module/" + module):
            return name
    return "unknown"


class Row:
    def __init__(self, name, guest, opts=(), mem=None, limit=2.0, status=0, out=b"",
                 prefix=None, each=None, err="", alt=None, slow=False):
        self.name, self.guest, self.opts, self.mem = name, guest, list(opts), mem
        self.limit, self.status, self.out, self.prefix = limit, status, out, prefix
        self.each, self.err, self.slow = each, err, slow
        # alt: {"pvm": (status, err), "vmx svm": (status, err)}
        self.alt = alt


def reg(**kw):
    opts = []
    for k, v in kw.items():
        opts += ["--reg", "%s=%s" % (k, v)]
    return opts


PROT = ["--mode", "protected"]
LONG = ["--mode", "long"]


def debug_status(v):
    return ((v & 0xff) << 1 | 1) & 0xff


def int_outcome(vector):
    """A software interrupt (INT3, INT n) in protected or long mode: PVM's
    KVM cannot emulate it (an internal error); hardware delivers it, through
    the guest's IDT (status (vector << 1) | 1) or, with the monitor's empty
    IDT, not at all (a triple fault)."""
    if vector is None:
        hw = (4, TRIPLE)
    else:
        hw = (debug_status(vector), "")
    return {"pvm": (4, INTERNAL), "vmx svm": hw}


def rows():
    t = []
    # -- no end of its own: only the limit stops it ----------------------
    t.append(Row("infinite loop, real mode", "loop16.bin", limit=0.5, status=124,
                 err=TIMEOUT_LINE % 0.5))
    t.append(Row("infinite loop, protected mode", "loop32.bin", PROT, limit=0.5, status=124,
                 err=TIMEOUT_LINE % 0.5))
    t.append(Row("infinite loop, long mode", "loop64.bin", LONG, limit=0.5, status=124,
                 err=TIMEOUT_LINE % 0.5))
    t.append(Row("output flood without newlines, --max-output 4096", "flood_nonl.bin",
                 ["--max-output", "4096"], limit=5, status=124, out=b"y" * 4096,
                 err=OUTPUT_LINE % 4096))
    t.append(Row("output flood without newlines, unlimited output: the timeout",
                 "flood_nonl.bin", ["--max-output", "0"], limit=0.5, status=124, prefix=b"y",
                 each=b"y", err=TIMEOUT_LINE % 0.5))
    t.append(Row("busy loop on LSR (no input ever)", "lsr_busy.bin", limit=0.5, status=124,
                 err=TIMEOUT_LINE % 0.5))
    t.append(Row("PIC and IER mask toggle storm with interrupts on", "mask_storm.bin",
                 limit=0.5, status=124, err=TIMEOUT_LINE % 0.5))
    t.append(Row("interrupt flood: IER re-armed in the handler", "irq_flood.bin", reg(rsi=0),
                 limit=0.5, status=124, err=TIMEOUT_LINE % 0.5))
    t.append(Row("interrupt flood: level-triggered PIC, request never cleared",
                 "irq_flood.bin", reg(rsi=2), limit=0.5, status=124, err=TIMEOUT_LINE % 0.5))
    t.append(Row("interrupt flood printing a byte per interrupt, --max-output 200",
                 "irq_flood.bin", reg(rsi=1) + ["--max-output", "200"], limit=10, status=124,
                 out=b"." * 200, err=OUTPUT_LINE % 200))
    # A THR write clears the THR-empty interrupt, the byte's departure sets
    # it again: a new edge each time (found by this corpus; was one byte).
    t.append(Row("interrupt-driven transmitter: THR written in the handler, IIR not read",
                 "irq_flood.bin", reg(rsi=3) + ["--max-output", "200"], limit=10, status=124,
                 out=b"." * 200, err=OUTPUT_LINE % 200))

    # -- halts ------------------------------------------------------------
    t.append(Row("sti; hlt with no interrupt source, real mode", "sti_hlt.bin"))
    t.append(Row("sti; hlt with no interrupt source and no IDT, long mode", "sti_hlt64.bin",
                 LONG))
    t.append(Row("cli; hlt with an interrupt pending and unmasked", "cli_hlt.bin"))

    # -- string I/O ---------------------------------------------------------
    t.append(Row("REP OUTSB inside RAM", "rep_outsb16.bin", reg(rbp=0, rsi=0x8000, rcx=8),
                 mem="64K", out=b"ABCDEFGH|end\n"))
    t.append(Row("REP OUTSB with DF=1", "rep_outsb16.bin",
                 reg(rbp=0, rsi=0x8000, rcx=8, rdi=1), mem="64K", out=b"HGFEDCBA|end\n"))
    t.append(Row("REP OUTSB from the last 8 bytes of RAM on past its end", "rep_outsb16.bin",
                 reg(rbp=0xf00, rsi=0xff8, rcx=16), mem="64K",
                 out=b"ABCDEFGH" + b"\xff" * 8 + b"|end\n"))
    t.append(Row("REP OUTSB with DF=1 from outside RAM down into it", "rep_outsb16.bin",
                 reg(rbp=0xf00, rsi=0x1007, rcx=16, rdi=1), mem="64K",
                 out=b"\xff" * 8 + b"\0" * 8 + b"|end\n"))
    t.append(Row("REP OUTSB of 4096 bytes wholly outside RAM", "rep_outsb16.bin",
                 reg(rbp=0x2000, rsi=0, rcx=0x1000), mem="64K", limit=5,
                 out=b"\xff" * 4096 + b"|end\n"))
    t.append(Row("REP OUTSB, count 0xffffffff, --max-output 64K", "rep_outsb32.bin",
                 PROT + reg(rsi=0x100000, rcx=0xffffffff) + ["--max-output", "64K"], limit=5,
                 status=124, out=b"ABCDEFGH" + b"\0" * (65536 - 8), err=OUTPUT_LINE % 65536))
    t.append(Row("REP OUTSB, count 0xffffffff, DF=1, --max-output 64K", "rep_outsb32.bin",
                 PROT + reg(rsi=0x100007, rcx=0xffffffff, rdi=1) + ["--max-output", "64K"],
                 limit=5, status=124, out=b"HGFEDCBA" + b"\0" * (65536 - 8),
                 err=OUTPUT_LINE % 65536))
    t.append(Row("REP OUTSB, count 0xffffffff, unlimited output: the timeout",
                 "rep_outsb32.bin",
                 PROT + reg(rsi=0x100000, rcx=0xffffffff) + ["--max-output", "0"], limit=0.5,
                 status=124, prefix=b"ABCDEFGH" + b"\0" * 64, err=TIMEOUT_LINE % 0.5))
    t.append(Row("REP OUTSB across the end of RAM, protected mode", "rep_outsb32.bin",
                 PROT + reg(rsi=0xffff8, rcx=0x1000), mem="1M", limit=5,
                 out=b"ABCDEFGH" + b"\xff" * (4096 - 8) + b"|end\n"))
    t.append(Row("REP OUTSB wrapping past 4 GiB to address 0", "rep_outsb32.bin",
                 PROT + reg(rsi=0xfffffff0, rcx=0x20), mem="1M", prefix=b"\xff" * 16))
    t.append(Row("REP INSB into the last 8 bytes of RAM and past its end", "rep_insb16.bin",
                 reg(rbp=0xf00, rdi=0xff8, rcx=16, rdx=0x3f8), mem="64K", out=b"|end\n"))
    t.append(Row("REP INSB with DF=1 from outside RAM down into it, unclaimed port",
                 "rep_insb16.bin", reg(rbp=0xf00, rdi=0x1007, rcx=16, rsi=1, rdx=0x2f8),
                 mem="64K", out=b"|end\n"))
    t.append(Row("REP INSB of 0xffff bytes wholly outside RAM", "rep_insb16.bin",
                 reg(rbp=0x2000, rdi=0, rcx=0xffff, rdx=0x3f8), mem="64K", limit=5,
                 out=b"|end\n"))
    t.append(Row("REP INSB, count 0xffffffff: the timeout", "rep_insb32.bin",
                 PROT + reg(rdi=0x100000, rcx=0xffffffff, rdx=0x3f8), limit=0.5, status=124,
                 err=TIMEOUT_LINE % 0.5))
    t.append(Row("REP INSB, count 0xffffffff, DF=1: overwrites its own code with 0xff",
                 "rep_insb32.bin", PROT + reg(rdi=0x100000, rcx=0xffffffff, rsi=1, rdx=0x2f8),
                 limit=5, status=4, err=TRIPLE))
    t.append(Row("REP INSB across the end of RAM, protected mode", "rep_insb32.bin",
                 PROT + reg(rdi=0xffff0, rcx=0x1000, rdx=0x3f8), mem="1M", out=b"|end\n"))

    # -- every port -------------------------------------------------------
    for size in (1, 2, 4):
        t.append(Row("OUT of %d bytes to every port from 0xf5 round to 0xf4" % size,
                     "io_all.bin", reg(rsi=size, rax=0x2a2a2a2a, rbp=0), limit=30, status=85,
                     out=b"*" * size))
        t.append(Row("IN of %d bytes from every port 0x0000-0x03ff" % size, "io_all.bin",
                     reg(rsi=0x100 + size, rdi=0, rbp=0x400), limit=30, status=253))
        t.append(Row("IN of %d bytes from every port 0xff00-0xffff (wrapping)" % size,
                     "io_all.bin", reg(rsi=0x100 + size, rdi=0xff00, rbp=0x100), limit=30,
                     status=253))
        t.append(Row("IN of %d bytes from every port 0x0000-0xffff" % size, "io_all.bin",
                     reg(rsi=0x100 + size, rdi=0, rbp=0x10000), limit=300, status=253,
                     slow=True))

    # -- every byte, every debug-exit value -----------------------------------
    t.append(Row("every byte 0-255 through a pipe: unchanged", "bytes256.bin",
                 out=bytes(range(256))))
    for v in range(256):
        t.append(Row("8-bit write of 0x%02x to port 0xf4" % v, "debug_exit_val.bin",
                     reg(rax=v, rsi=1), status=debug_status(v)))
    for size, values in ((2, (0, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff)),
                         (4, (0, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0xffffffff))):
        for v in values:
            t.append(Row("%d-bit write of 0x%x to port 0xf4" % (size * 8, v),
                         "debug_exit_val.bin", reg(rax=v, rsi=size), status=debug_status(v)))

    # -- code that rewrites itself, memory nobody answers ------------------
    t.append(Row("self-modifying code, real mode", "smc16.bin", out=b"0123456789\n"))
    t.append(Row("self-modifying code, long mode", "smc64.bin", LONG, out=b"0123456789\n"))
    t.append(Row("MMIO reads of 1, 2, 4 bytes outside RAM, page-split, RAM/MMIO split",
                 "mmio32.bin", PROT + reg(rsi=0x100000), mem="1M",
                 out=b"ff ffff ffffffff ffffffff ffff4241 \n"))
    t.append(Row("MMIO reads of 1, 2, 4, 8 bytes outside RAM, page-split, long mode",
                 "mmio64.bin", LONG + reg(rsi=0x100000), mem="1M",
                 out=b"ff ffff ffffffff ffffffffffffffff ffffffffffffffff "
                 b"ffffffff44434241 \n"))
    # -- jumps out of RAM ----------------------------------------------------
    t.append(Row("far jump outside RAM, real mode", "jump16.bin", mem="64K", status=4,
                 err=INTERNAL))
    t.append(Row("jump far above RAM, protected mode", "jump32.bin", PROT + reg(rax=0xc0000000),
                 status=4, err=INTERNAL))
    t.append(Row("jump to the first byte past RAM, protected mode", "jump32.bin",
                 PROT + reg(rax=0x100000), mem="1M", status=4, err=INTERNAL))
    t.append(Row("jump outside RAM, identity-mapped, long mode", "jump64.bin",
                 LONG + reg(rax=0xc0000000), status=4, err=INTERNAL))
    t.append(Row("jump past the 4 GiB identity map (#PF, no IDT), long mode", "jump64.bin",
                 LONG + reg(rax=0x100000000), status=4, err=TRIPLE))
    t.append(Row("jump to a non-canonical address (#GP, no IDT), long mode", "jump64.bin",
                 LONG + reg(rax=0x8000000000000000), status=4, err=TRIPLE))

    # -- exceptions in each mode ---------------------------------------------
    for case, what, status in ((0, "#DE", 1), (1, "#BP", 7), (2, "#UD", 13), (3, "#GP", 27),
                               (4, "INT 0x21", 67)):
        t.append(Row("%s in real mode, handled through the IVT" % what, "exc16.bin",
                     reg(rsi=case), status=status))
    for mode, guest, cases in (
            ("protected", "exc32.bin", ((0, "#DE", 0), (1, "#BP", 3), (2, "#UD", 6),
                                        (3, "#GP", 13), (4, "INT 0x21", 0x21))),
            ("long", "exc64.bin", ((0, "#DE", 0), (1, "#BP", 3), (2, "#UD", 6), (3, "#GP", 13),
                                   (4, "INT 0x21", 0x21), (5, "#PF", 14),
                                   (6, "#GP (non-canonical)", 13)))):
        opts = ["--mode", mode]
        for case, what, vector in cases:
            soft = what in ("#BP", "INT 0x21")
            t.append(Row("%s in %s mode with no IDT" % (what, mode), guest,
                         opts + reg(rsi=case, rdi=0), status=4, err=TRIPLE,
                         alt=int_outcome(None) if soft else None))
            t.append(Row("%s in %s mode through the guest's IDT" % (what, mode), guest,
                         opts + reg(rsi=case, rdi=1), status=debug_status(vector),
                         alt=int_outcome(vector) if soft else None))

    # -- the system area, all of RAM -------------------------------------------
    t.append(Row("system area zeroed, DS reloaded, protected mode", "sysarea32.bin",
                 PROT + reg(rbp=0x1000000, rsi=0), status=4, err=TRIPLE))
    t.append(Row("system area overwritten with a GDT of its own, segments reloaded",
                 "sysarea32.bin", PROT + reg(rbp=0x1000000, rsi=1), out=b"gdt ok\n"))
    t.append(Row("page tables zeroed and CR3 reloaded, long mode", "sysarea64.bin",
                 LONG + reg(rbp=0x1000000, rsi=0), status=4, err=TRIPLE))
    t.append(Row("own page tables and GDT, system area filled, CR3 and segments reloaded",
                 "sysarea64.bin", LONG + reg(rbp=0x1000000, rsi=1), out=b"sys ok\n"))
    t.append(Row("all of RAM filled, system area included, protected mode", "fillram32.bin",
                 PROT + reg(rbp=0x400000), mem="4M", limit=5, out=b"filled\n"))
    t.append(Row("all of RAM below the system area filled, long mode", "fillram64.bin",
                 LONG + reg(rbp=0x400000), mem="4M", limit=5, out=b"filled\n"))

    # -- images -------------------------------------------------------------
    def image(name, line, opts=(), mem=None):
        t.append(Row("image %s" % name, "images/%s.elf" % name, opts, mem=mem, status=2,
                     err="scratchvm: guest image {path}: ELF image: " + line))

    t.append(Row("image elf64_ok (control)", "images/elf64_ok.elf", out=b"elf ok\n"))
    t.append(Row("image elf32_ok (control)", "images/elf32_ok.elf", out=b"elf ok\n"))
    t.append(Row("image elf64_bss_all_ram: zero fill up to the system area",
                 "images/elf64_bss_all_ram.elf", out=b"elf ok\n"))
    image("trunc_ident", "truncated ELF header (10 bytes, need 16)")
    image("trunc_header", "truncated ELF header (30 bytes, need 64)")
    image("trunc_phdrs", "program header table (offset 0x40, 1 x 56 bytes) lies outside the "
          "84-byte file")
    image("trunc_body", "segment 0's file contents (offset 0x78+0x1b) lie outside the "
          "124-byte file")
    image("phoff_overflow", "program header table (offset 0xffffffffffffffc0, 1 x 56 bytes) "
          "lies outside the 147-byte file")
    image("phnum_huge", "65535 program headers, more than the 64 accepted")
    image("phnum_zero", "no program headers (e_phnum is 0)")
    image("phentsize_bad", "e_phentsize 32 is not 56, the size of an Elf64_Phdr")
    image("too_many_loads", "more than 16 loadable segments")
    image("overlap", "segment 1 (0x101000+0x1b) overlaps segment 0 (0x100000+0x2000)")
    image("overlap_same", "segment 1 (0x100000+0x1b) overlaps segment 0 (0x100000+0x1b)")
    image("offset_overflow", "segment 0's file contents (offset 0xffffffffffffff78+0x200) lie "
          "outside the 147-byte file")
    image("addr_overflow", "segment 0 (0xfffffffffffff000+0x2000) lies outside the 0x1000000 "
          "bytes of guest RAM")
    image("memsz_huge", "segment 0 (0x100000+0xffffffffffffffff) lies outside the 0x1000000 "
          "bytes of guest RAM")
    image("outside_ram", "segment 0 (0x40000000+0x1b) lies outside the 0x1000000 bytes of "
          "guest RAM")
    image("sysarea_overlap", "segment 0 (0xfff000+0x1b) overlaps the system area at "
          "0xff8000-0x1000000")
    image("filesz_gt_memsz", "segment 0 has p_filesz 0x1b > p_memsz 0x1a")
    image("vaddr_ne_paddr", "segment 0 has p_vaddr 0xffffffff80000000 != p_paddr 0x100000; "
          "guests run identity-mapped, so link with virtual == physical addresses")
    image("entry_outside", "entry point 0xdead0000 is not in the file contents of any loaded "
          "segment")
    image("entry_in_bss", "entry point 0x101000 is not in the file contents of any loaded "
          "segment")
    image("entry_at_end", "entry point 0x10001b is not in the file contents of any loaded "
          "segment")
    image("no_load", "no loadable segment (PT_LOAD with p_memsz > 0)")
    image("load_memsz_zero", "no loadable segment (PT_LOAD with p_memsz > 0)")
    image("machine_386_in_elf64", "machine 3 is not EM_X86_64 (62), as ELF64 needs")
    image("type_dyn", "type 3 is not ET_EXEC (a static executable linked -no-pie)")
    image("class_bad", "class 3 is neither ELFCLASS32 (1) nor ELFCLASS64 (2)")
    image("big_endian", "data encoding 2 is not little-endian (ELFDATA2LSB)")
    image("elf32_machine_x86_64", "machine 62 is not EM_386 (3), as ELF32 needs")
    image("elf32_phentsize_bad", "e_phentsize 56 is not 32, the size of an Elf32_Phdr")
    image("elf32_entry_outside", "entry point 0xfffffff0 is not in the file contents of any "
          "loaded segment")
    image("elf32_sysarea_overlap", "segment 0 (0xff8000+0x19) overlaps the system area at "
          "0xff8000-0x1000000")
    image("elf64_ok", "segment 0 (0x100000+0x1b) lies outside the 0x10000 bytes of guest RAM",
          mem="64K")
    t.append(Row("image elf64_ok with --mode real", "images/elf64_ok.elf", ["--mode", "real"],
                 status=2, err="scratchvm: --mode real contradicts the ELF image {path}, which "
                 "runs in long mode"))
    t.append(Row("image elf64_ok with --load-addr", "images/elf64_ok.elf",
                 ["--load-addr", "0x1000"], status=2,
                 err="scratchvm: --load-addr applies to flat binaries; the ELF image {path} "
                 "says where it goes"))
    t.append(Row("an empty file", "images/empty.bin", status=2,
                 err="scratchvm: guest image {path} is empty"))
    t.append(Row("a file one byte larger than RAM", "images/ram_plus_one.bin", mem="64K",
                 status=2, err="scratchvm: guest image {path} is 65537 bytes, larger than the "
                 "65536 bytes of guest RAM from the load address"))
    t.append(Row("a flat image loaded over the system area, long mode", "loop64.bin",
                 LONG + ["--load-addr", "0xffff0"], mem="1M", status=2,
                 err="scratchvm: guest image {path} (0xffff0-0xffff3) overlaps the system area "
                 "at 0xf8000-0x100000 (the GDT and page tables of long mode)"))
    t.append(Row("a directory", "@dir", status=2,
                 err="scratchvm: guest image {path} is not a regular file"))
    t.append(Row("a FIFO with no writer", "@fifo", status=2,
                 err="scratchvm: guest image {path} is not a regular file"))
    t.append(Row("/dev/zero", "/dev/zero", status=2,
                 err="scratchvm: guest image {path} is not a regular file"))
    return t


def pty_expected():
    """What pty_run reports for bytes256 on a terminal: the supervisor's
    filter (README: control bytes other than \\n \\r \\t \\b, ESC and every
    byte >= 0x7f as \\xHH), then the terminal's ONLCR (\\n as \\r\\n), then
    pty_run's own rendering (bytes outside 0x20-0x7e, and the backslash, as
    \\xHH)."""
    screen = b""
    for b in range(256):
        if b in (0x0a, 0x0d, 0x09, 0x08) or 0x20 <= b < 0x7f:
            screen += bytes([b])
        else:
            screen += b"\\x%02x" % b
    screen = screen.replace(b"\n", b"\r\n")
    shown = "".join(chr(b) if 0x20 <= b < 0x7f and b != 0x5c else "\\x%02x" % b
                    for b in screen)
    return "output: %s\nstatus: 0\ntermios: restored\n" % shown


class Runner:
    def __init__(self, sv, pty_run, corpus, work, sv_tmp):
        self.sv, self.pty_run, self.corpus = sv, pty_run, corpus
        self.work, self.sv_tmp = work, sv_tmp
        self.host = host_condition()
        self.passed = self.failed = 0
        self.env = dict(os.environ, TMPDIR=sv_tmp)
        self.dir = os.path.join(work, "a_directory")
        self.fifo = os.path.join(work, "a_fifo")
        os.makedirs(self.dir, exist_ok=True)
        if not os.path.exists(self.fifo):
            os.mkfifo(self.fifo)

    def record(self, name, problems):
        if problems:
            self.failed += 1
            print("FAIL %s" % name)
            for p in problems:
                print("       %s" % p)
        else:
            self.passed += 1
            print("ok   %s" % name)
        sys.stdout.flush()

    def path(self, guest):
        if guest == "@dir":
            return self.dir
        if guest == "@fifo":
            return self.fifo
        if guest.startswith("/"):
            return guest
        return os.path.join(self.corpus, guest)

    def run(self, argv, limit):
        """Runs argv in its own process group: (status, stdout, stderr,
        seconds), status None when it was killed at LIMIT + 10 s."""
        start = time.monotonic()
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=self.env, start_new_session=True)
        try:
            out, err = p.communicate(timeout=limit + 10)
            status = p.returncode
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, err = p.communicate()
            status = None
        return status, out, err, time.monotonic() - start

    def check_row(self, row):
        path = self.path(row.guest)
        argv = [self.sv, "--timeout", "%g" % row.limit]
        if row.mem:
            argv += ["--mem", row.mem]
        argv += row.opts + [path]
        status, out, err, secs = self.run(argv, row.limit)
        problems = []
        if status is None:
            self.record("%s: HUNG, killed after %.1f s" % (row.name, secs),
                        ["command: %s" % " ".join(argv)])
            return
        want_status, want_err = row.status, row.err
        if row.alt:
            for conds, outcome in row.alt.items():
                if self.host in conds.split():
                    want_status, want_err = outcome
                    break
            else:
                problems.append("no outcome listed for host condition %r" % self.host)
        want_err = want_err.replace("{path}", path)
        if status != want_status:
            problems.append("exit status %d, expected %d" % (status, want_status))
        if row.prefix is not None:
            if not out.startswith(row.prefix):
                problems.append("stdout does not start with %r: %r" % (row.prefix[:40],
                                                                        out[:40]))
            elif row.each is not None and out[len(row.prefix):].strip(row.each):
                problems.append("stdout has bytes other than %r" % row.each)
        elif out != row.out:
            problems.append("stdout %r (%d bytes), expected %r (%d bytes)" %
                            (out[:60], len(out), row.out[:60], len(row.out)))
        lines = err.decode(errors="replace").splitlines()
        if want_err == "":
            if err:
                problems.append("stderr not empty: %r" % err[:200])
        else:
            want_lines = 1 + (DUMP_LINES if want_status == 4 else 0)
            if not lines or lines[0] != want_err:
                problems.append("stderr's first line %r, expected %r" %
                                (lines[0] if lines else "", want_err))
            if len(lines) != want_lines:
                problems.append("stderr has %d lines, expected %d" % (len(lines), want_lines))
        if secs > row.limit + 1:
            problems.append("took %.2f s, more than the limit %g s + 1 s" % (secs, row.limit))
        if problems:
            problems.append("command: %s" % " ".join(argv))
        self.record(row.name, problems)

    def check_pty(self):
        name = "every byte 0-255 on a terminal: filtered"
        argv = [self.pty_run, "--", self.sv, "--timeout", "2", self.path("bytes256.bin")]
        status, out, err, secs = self.run(argv, 2)
        if status is None:
            self.record("%s: HUNG, killed after %.1f s" % (name, secs), [])
            return
        problems = []
        want = pty_expected()
        if status != 0 or out.decode(errors="replace") != want:
            problems.append("pty_run said (status %d):\n%s\nexpected:\n%s" %
                            (status, out.decode(errors="replace"), want))
        if err:
            problems.append("stderr not empty: %r" % err[:200])
        if secs > 3:
            problems.append("took %.2f s, more than the limit 2 s + 1 s" % secs)
        self.record(name, problems)


def main(argv):
    sv, pty_run, corpus, work, sv_tmp = argv[1:6]
    runner = Runner(sv, pty_run, corpus, work, sv_tmp)
    print("host condition: %s" % runner.host)
    full = os.environ.get("HOSTILE_CORPUS_FULL") == "1"
    table = [r for r in rows() if full or not r.slow]
    for row in table:
        runner.check_row(row)
    runner.check_pty()
    print("corpus: %d passed, %d failed" % (runner.passed, runner.failed))
    return 0 if runner.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
