#!/bin/bash
# Fuzz the ELF parser (supervisor/elf_image.c) with libFuzzer, ASan and
# UBSan for SECONDS seconds (default 30). Seeds the corpus with the guest
# ELF files Bazel built, if any. Needs clang with libFuzzer.
#   tools/fuzz_elf.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I. supervisor/elf_image_fuzz.c supervisor/elf_image.c common/guest_layout.c common/diag.c \
    -o "$work/elf_image_fuzz"
mkdir "$work/corpus"
for f in bazel-bin/guest/*.elf bazel-bin/guest/*/*.elf; do
    [ -f "$f" ] && cp "$f" "$work/corpus/"
done
"$work/elf_image_fuzz" -max_total_time="$seconds" -max_len=16384 "$work/corpus"
