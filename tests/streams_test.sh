#!/bin/bash
# Every stream the supervisor writes (stdout, stderr, --stats=FILE) against a
# reader that never reads, a FIFO with no reader, a socket whose peer never
# reads, /dev/full and a closed descriptor; the precedence of two causes
# meeting; the shell's descriptions left as they were (tests/streams_check.py).
source tests/lib.sh
require_kvm
sv=$1
guests=$tmp/guests
mkdir -p "$guests"
for g in "${@:2}"; do cp -L "$g" "$guests/"; done
if ! command -v python3 >/dev/null; then
    skip_part "no python3 here (the nested-KVM VM has none): the stream cases are not shown"
    finish
    exit
fi
exec python3 tests/streams_check.py "$sv" "$guests"
