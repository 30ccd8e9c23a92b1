#!/usr/bin/env python3
"""qemu_rom.py - wrap a flat real-mode ScratchVM guest as a QEMU firmware image.

ScratchVM starts a flat guest at guest physical 0 in real mode with CS, DS,
ES, SS selector 0 / base 0, IP 0 and the --reg values in the general
registers. QEMU starts a CPU at the reset vector (CS base 0xffff0000, IP
0xfff0) in its firmware, which -bios maps at the top of the 4 GiB space and,
for images up to 128 KiB, also at the end of the first MiB (the "isa-bios"
alias; a 64 KiB image sits at 0xf0000-0xfffff, read-only).

The image this writes is 64 KiB:
  0x0000  the guest, as is (at most 0xff00 bytes)
  0xff00  a stub: set up the 8259A pair as a PC BIOS does (ScratchVM's
          reset state: vectors 0x08/0x70, all masked; 10 OUTs that QEMU's
          in-kernel PIC handles), copy the guest from F000:0000 to 0000:0000 (rep movsb),
          DS = ES = SS = 0, load the registers, far jump to 0000:0000
  0xfff0  the reset vector: far jump to F000:FF00
So the guest runs from RAM at 0 exactly as under ScratchVM (it may write
its own code and data, e.g. the echo guest's IVT and `done` byte).

usage: qemu_rom.py GUEST OUT [NAME=VALUE ...]   (NAME: eax..edi, 32-bit)
Defaults as ScratchVM's: eax=2 ebx=3, others 0.
"""
import struct
import sys

ROM = 0x10000
STUB = 0xFF00
# mov r32, imm32 in 16-bit code: 66 B8+r id
REGS = {"eax": 0, "ecx": 1, "edx": 2, "ebx": 3, "esp": 4, "ebp": 5, "esi": 6, "edi": 7}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    guest = open(sys.argv[1], "rb").read()
    if len(guest) > STUB:
        sys.exit(f"qemu_rom.py: {sys.argv[1]} is {len(guest)} bytes, more than {STUB}")
    regs = {"eax": 2, "ebx": 3}
    for a in sys.argv[3:]:
        name, value = a.split("=", 1)
        name = name.lower().replace("r", "e", 1) if name.lower().startswith("r") else name.lower()
        if name not in REGS:
            sys.exit(f"qemu_rom.py: unknown register {a}")
        regs[name] = int(value, 0) & 0xFFFFFFFF
    stub = bytes([0xFA, 0xFC])                          # cli; cld
    # The 8259A pair as a PC BIOS leaves it, which is ScratchVM's reset state:
    # ICW1-ICW4, master vectors 0x08, slave 0x70 on IR2, every IRQ masked.
    for port, value in [(0x20, 0x11), (0x21, 0x08), (0x21, 0x04), (0x21, 0x01), (0x21, 0xFF),
                        (0xA0, 0x11), (0xA1, 0x70), (0xA1, 0x02), (0xA1, 0x01), (0xA1, 0xFF)]:
        stub += bytes([0xB0, value, 0xE6, port])        # mov al,value; out port,al
    stub += bytes([0xB8, 0x00, 0xF0, 0x8E, 0xD8])       # mov ax,0xf000; mov ds,ax
    stub += bytes([0x31, 0xC0, 0x8E, 0xC0, 0x8E, 0xD0])  # xor ax,ax; mov es,ax; mov ss,ax
    stub += bytes([0x31, 0xF6, 0x31, 0xFF])             # xor si,si; xor di,di
    stub += bytes([0xB9]) + struct.pack("<H", len(guest))  # mov cx,len
    stub += bytes([0xF3, 0xA4])                         # rep movsb
    stub += bytes([0x8E, 0xD8])                         # mov ds,ax (ax = 0)
    for name, r in REGS.items():                        # every register, as ScratchVM sets all
        stub += bytes([0x66, 0xB8 + r]) + struct.pack("<I", regs.get(name, 0))
    stub += bytes([0xEA, 0x00, 0x00, 0x00, 0x00])       # ljmp 0000:0000
    assert STUB + len(stub) <= 0xFFF0
    rom = bytearray(ROM)
    rom[0 : len(guest)] = guest
    rom[STUB : STUB + len(stub)] = stub
    rom[0xFFF0:0xFFF5] = bytes([0xEA]) + struct.pack("<HH", STUB, 0xF000)  # ljmp f000:ff00
    with open(sys.argv[2], "wb") as f:
        f.write(rom)


if __name__ == "__main__":
    main()
