#!/bin/bash
# The hostile guest corpus (guest/hostile/): every guest and image of the
# table in tests/hostile_corpus.py, each with its literal status, stdout and
# stderr line, each ended within its limit + 1 s (a hang is killed and
# named); then no process of the corpus left, and nothing left in the
# supervisor's TMPDIR.
source tests/lib.sh
require_kvm
# Absolute: this test's own runfiles path is in every command line it starts,
# and in no other test's.
sv=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
pty_run=$2 corpus=$(dirname "$3")

work=$tmp/hostile_work sv_tmp=$tmp/hostile_sv_tmp
rm -rf "$work" "$sv_tmp"
mkdir -p "$work" "$sv_tmp"

python3 tests/hostile_corpus.py "$sv" "$pty_run" "$corpus" "$work" "$sv_tmp" | tee "$tmp/corpus.log"
read -r p f < <(sed -n 's/^corpus: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$tmp/corpus.log")
if [ -z "${p:-}" ]; then
    record "the corpus runner ended with its count line" 0
else
    passed=$((passed + p))
    failed=$((failed + f))
fi
# (Every run's command line, the worker's too, starts "$sv --timeout".)
check "no supervisor or worker left" test "$(count_procs "$sv --timeout ")" = 0
check "nothing left in the supervisor's TMPDIR" test -z "$(ls -A "$sv_tmp")"
rm -rf "$work" "$sv_tmp"
finish
