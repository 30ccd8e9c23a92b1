#!/bin/sh
# bench/run.sh - issue 7's benchmark, one command:
#
#   bazel run //bench -- --out DIR [--smoke] [--monitors direct,scratchvm,qemu]
#                                  [--workloads W1,W2,W3,W4,W5,W6,W7]
#
# (tools/bootstrap bench installs QEMU and gnuplot, then runs
# exactly that.) A relative DIR is taken from the workspace, not from
# Bazel's runfiles directory. Writes DIR/results.json, DIR/table.md and
# DIR/chart.png; see bench/bench.py for the workloads and how each is
# measured.
#
# The first eleven arguments are the built files, passed by //bench's BUILD
# (paths relative to the runfiles directory, where `bazel run` starts us).
set -eu
if [ $# -lt 11 ]; then
    echo "usage: bazel run //bench -- --out DIR [OPTIONS]" >&2
    exit 2
fi
files="--supervisor $1 --direct $2 --latency $3 --memwatch $4 --layers $5 --qemu-rom $6"
files="$files --lab1-exit $7 --thr-flood $8 --lsr-poll $9 --echo ${10} --ktest-lines ${11}"
shift 11
# bazel run and bazel test start us in the runfiles tree, where the files are.
py=bench/bench.py
[ -f "$py" ] || py="$0.runfiles/scratchvm/bench/bench.py"
exec python3 "$py" $files --command-args "$*" "$@"
