"""Rules that turn guest sources into images ScratchVM can load."""

# Per mode: gcc's -m flag, ld's emulation, the default linker script.
_FLAT_MODES = {
    32: ("-m32", "elf_i386", "//guest:flat.ld"),
    64: ("-m64", "elf_x86_64", "//guest:flat64.ld"),
}

# A flat guest's text, data and stack share guest RAM, which KVM maps
# readable, writable and executable whatever the ELF says: the ELF is only a
# step towards objcopy -O binary, so its one RWX LOAD segment is what is
# meant. binutils 2.39+ warns about it; silence that where ld knows the flag.
_NO_RWX_WARNING = ("rwx=; case \"$$(ld --help 2>/dev/null)\" in " +
                   "*--no-warn-rwx-segments*) rwx=--no-warn-rwx-segments ;; esac")

def flat_binary(name, src, bits = 32, linker_script = None, hdrs = [], **kwargs):
    """Assemble one .S guest and link it into a flat binary, `<name>.bin`.

    gcc preprocesses and assembles (so guests can #include shared port
    definitions), ld links with `linker_script`, objcopy -O binary strips the
    ELF wrapper. The ELF is kept as `<name>.elf` for disassembly
    (objdump -D -m i8086 ...).

    `bits` is 32 (real- and protected-mode code: the source says .code16 or
    .code32; linked with flat.ld) or 64 (long-mode code, flat64.ld).
    """
    gcc_m, ld_m, default_ld = _FLAT_MODES[bits]
    if linker_script == None:
        linker_script = default_ld
    native.genrule(
        name = name,
        srcs = [src, linker_script] + hdrs,
        outs = [name + ".bin", name + ".elf"],
        cmd = " && ".join([
            "gcc {gcc_m} -c -nostdinc -I. -I$(GENDIR) -o $(@D)/{name}.o $(location {src})",
            _NO_RWX_WARNING,
            "ld -m {ld_m} -nostdlib $$rwx -T $(location {ld}) -o $(@D)/{name}.elf $(@D)/{name}.o",
            "objcopy -O binary $(@D)/{name}.elf $(@D)/{name}.bin",
            "rm -f $(@D)/{name}.o",
        ]).format(name = name, src = src, ld = linker_script, gcc_m = gcc_m, ld_m = ld_m),
        **kwargs
    )

# Freestanding x86-64 C: no libc, no PIC, no red zone (the guest may take
# interrupts on its own stack), no SSE state to manage.
ELF_CFLAGS = " ".join([
    "-std=gnu11",
    "-O2",
    "-m64",
    "-mcmodel=small",
    "-ffreestanding",
    "-nostdlib",
    "-fno-pic",
    "-no-pie",
    "-mno-red-zone",
    "-mgeneral-regs-only",
    "-fno-stack-protector",
    "-fno-asynchronous-unwind-tables",
    "-Wall",
    "-Wextra",
    "-Werror",
])

def elf_binary(name, srcs, linker_script = "//guest:c/elf64.ld", hdrs = [], **kwargs):
    """Compile freestanding C and assembly (`srcs`, .c or .S) for long mode
    and link them into a static ELF64 executable, `<name>.elf`, for the
    monitor's ELF loader: gcc -c each source, ld -T `linker_script`.
    """
    objs = ["$(@D)/{}.{}.o".format(name, i) for i in range(len(srcs))]
    cmds = [
        "gcc {flags} -I. -I$(GENDIR) -c -o {obj} $(location {src})".format(
            flags = ELF_CFLAGS,
            obj = obj,
            src = src,
        )
        for obj, src in zip(objs, srcs)
    ]
    cmds.append(
        "ld -m elf_x86_64 -nostdlib -static --build-id=none -z max-page-size=0x1000 " +
        "-z noexecstack -T $(location {}) -o $@ {}".format(linker_script, " ".join(objs)),
    )
    cmds.append("rm -f " + " ".join(objs))
    native.genrule(
        name = name,
        srcs = srcs + [linker_script] + hdrs,
        outs = [name + ".elf"],
        cmd = " && ".join(cmds),
        **kwargs
    )
