#!/bin/bash
# CPU modes and ELF images: the guests of each mode print exactly what they
# should; images that do not fit the mode or the machine are refused with
# exit 2 and one line naming the problem, before any VM exists.
source tests/lib.sh
require_kvm
sv=$1
hello32=$2 hello64=$3 primes=$4 lab1=$5

expect "hello32 in protected mode" 0 "Hello from 32-bit protected mode
" "" "$sv" --mode protected "$hello32"
expect "hello64 in long mode: EFER.LMA, CR0.PG and CR4.PAE as read by the guest" 0 \
    "Hello from 64-bit long mode
EFER.LMA=1 CR0.PG=1 CR4.PAE=1
" "" "$sv" --mode long "$hello64"
expect "the C guest (ELF64): primes, then exit through port 0xf4 with 3" 7 \
    "primes below 10000: 1229
last: 9931 9941 9949 9967 9973
sum: 5736396
done
" "" "$sv" "$primes"
expect "--mode long agrees with an ELF64 image" 7 "primes below 10000: 1229
last: 9931 9941 9949 9967 9973
sum: 5736396
done
" "" "$sv" --mode long "$primes"
expect "--mode may not contradict an ELF64 image" 2 "" \
    "scratchvm: --mode protected contradicts the ELF image $primes, which runs in long mode
" "$sv" --mode protected "$primes"
expect "--load-addr is for flat binaries only" 2 "" \
    "scratchvm: --load-addr applies to flat binaries; the ELF image $primes says where it goes
" "$sv" --load-addr 0x1000 "$primes"
len64=$(wc -c <"$hello64")
expect "a flat image may not overlap the system area" 2 "" \
    "scratchvm: guest image $hello64 (0xfff0-0x$(printf %x $((0xfff0 + len64)))) overlaps the system area at 0x10000-0x18000 (the GDT and page tables of long mode)
" "$sv" --mode long --mem 96K --load-addr 0xfff0 "$hello64"
expect "real mode reserves nothing: Lab 1 still fits at the top of RAM" 0 "5
" "" "$sv" --mem 64K --load-addr $((65536 - $(wc -c <"$lab1"))) "$lab1"

# Broken ELF images, made from the good one.
cp "$primes" "$tmp/trunc.elf" && chmod u+w "$tmp/trunc.elf" && truncate -s 40 "$tmp/trunc.elf"
expect "a truncated ELF header" 2 "" \
    "scratchvm: guest image $tmp/trunc.elf: ELF image: truncated ELF header (40 bytes, need 64)
" "$sv" "$tmp/trunc.elf"
cp "$primes" "$tmp/machine.elf" && chmod u+w "$tmp/machine.elf" &&
    printf '\x03\x00' | dd of="$tmp/machine.elf" bs=1 seek=18 conv=notrunc 2>/dev/null
expect "the wrong machine for the class" 2 "" \
    "scratchvm: guest image $tmp/machine.elf: ELF image: machine 3 is not EM_X86_64 (62), as ELF64 needs
" "$sv" "$tmp/machine.elf"
# Segment 0's size, read from its program header (e_phoff, then p_memsz at
# 40): the compiler decides it, the test reads it from the image under test.
u64() { od -An -t u8 -j "$2" -N 8 "$1" | tr -d ' '; }
memsz=$(u64 "$primes" $(($(u64 "$primes" 32) + 40)))
expect "segments outside guest RAM" 2 "" \
    "scratchvm: guest image $primes: ELF image: segment 0 (0x100000+0x$(printf %x "$memsz")) lies outside the 0x100000 bytes of guest RAM
" "$sv" --mem 1M "$primes"
# An ELF file larger than guest RAM, whatever its segments: padded to 70000
# bytes (the parser ignores what follows the segments), it runs with the
# default RAM, and is refused with 64K.
cp "$primes" "$tmp/big.elf" && chmod u+w "$tmp/big.elf" && truncate -s 70000 "$tmp/big.elf"
expect "an ELF image larger than --mem" 2 "" \
    "scratchvm: guest image $tmp/big.elf is 70000 bytes, larger than the 65536 bytes of guest RAM from the load address
" "$sv" --mem 64K "$tmp/big.elf"
expect "... which runs where it fits" 7 "primes below 10000: 1229
last: 9931 9941 9949 9967 9973
sum: 5736396
done
" "" "$sv" "$tmp/big.elf"
finish
