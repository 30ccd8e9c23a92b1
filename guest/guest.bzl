"""Rules that turn guest sources into images ScratchVM can load."""

def flat_binary(name, src, linker_script = "//guest:flat.ld", hdrs = [], **kwargs):
    """Assemble one .S guest and link it into a flat binary, `<name>.bin`.

    gcc preprocesses and assembles (so guests can #include shared port
    definitions), ld links with `linker_script`, objcopy -O binary strips the
    ELF wrapper. The ELF is kept as `<name>.elf` for disassembly
    (objdump -D -m i8086 ...).
    """
    native.genrule(
        name = name,
        srcs = [src, linker_script] + hdrs,
        outs = [name + ".bin", name + ".elf"],
        cmd = " && ".join([
            "gcc -m32 -c -nostdinc -I. -I$(GENDIR) -o $(@D)/{name}.o $(location {src})",
            "ld -m elf_i386 -nostdlib -T $(location {ld}) -o $(@D)/{name}.elf $(@D)/{name}.o",
            "objcopy -O binary $(@D)/{name}.elf $(@D)/{name}.bin",
            "rm -f $(@D)/{name}.o",
        ]).format(name = name, src = src, ld = linker_script),
        **kwargs
    )
