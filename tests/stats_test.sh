#!/bin/bash
# --stats writes one JSON object whose counts are exact for known guests;
# --trace prints one line per VM exit.
source tests/lib.sh
require_kvm
sv=$1
lab1=$2 mmio=$3 spin=$4 thr_flood=$5 mmio_split=$6

# json FILE EXPR : evaluate a Python expression over the parsed object `j`.
json() {
    python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

stats_checks() {
    "$sv" --stats="$tmp/lab1.json" "$lab1" >"$tmp/out" 2>"$tmp/err"
    check "--stats=FILE: the run is unchanged (prints 5, exit $?)" test "$(cat "$tmp/out")" = 5
    check "--stats=FILE: nothing on stderr" test ! -s "$tmp/err"
    check "the report is one line of valid JSON" test "$(wc -l <"$tmp/lab1.json")" = 1 -a \
        "$(json "$tmp/lab1.json" 'type(j).__name__')" = dict
    check "Lab 1: exit 0, halted" test "$(json "$tmp/lab1.json" '(j["exit_code"], j["end"], j["detail"])')" = \
        "(0, 'halted', None)"
    check "Lab 1: exactly two I/O exits, both OUTs to 0x3f8, and one HLT" \
        test "$(json "$tmp/lab1.json" '(j["exits"]["io"], j["exits"]["hlt"], j["io_exits_by_port"], j["coalesced_writes"])')" = \
        "(2, 1, {'0x3f8': {'out': 2, 'in': 0}}, 0)"
    check "Lab 1: three exits in all, none of the other kinds" \
        test "$(json "$tmp/lab1.json" '(j["exits"]["total"], sum(v for k, v in j["exits"].items() if k not in ("io", "hlt", "total")))')" = "(3, 0)"
    # After 1024 OUT exits to THR the worker has KVM coalesce the rest.
    "$sv" --stats="$tmp/flood.json" --reg rcx=5000 "$thr_flood" >"$tmp/out" 2>"$tmp/err"
    st=$?
    check "5000 bytes out, exit 0 (got $st)" test "$(wc -c <"$tmp/out") $st" = "5000 0"
    check "... the first 1024 are exits, most of the rest arrive coalesced, none is lost" \
        test "$(json "$tmp/flood.json" '(j["io_exits_by_port"]["0x3f8"]["out"] >= 1024, j["coalesced_writes"] > 3000, j["io_exits_by_port"]["0x3f8"]["out"] + j["coalesced_writes"], j["bytes_out"])')" = \
        "(True, True, 5000, 5000)"
    "$sv" --stats --trace "$lab1" >/dev/null 2>"$tmp/trace.err"
    tail -n 1 "$tmp/trace.err" >"$tmp/trace.json"
    check "with --trace every OUT is an exit: Lab 1 makes exactly two, to 0x3f8, and one HLT" \
        test "$(json "$tmp/trace.json" '(j["exits"]["io"], j["coalesced_writes"], j["exits"]["hlt"], j["io_exits_by_port"], j["exits"]["total"])')" = \
        "(2, 0, 1, {'0x3f8': {'out': 2, 'in': 0}}, 3)"
    check "Lab 1: two bytes out, none in" \
        test "$(json "$tmp/lab1.json" '(j["bytes_out"], j["bytes_in"])')" = "(2, 0)"
    check "times: wall >= time in KVM_RUN > 0" \
        test "$(json "$tmp/lab1.json" 'j["wall_time_s"] >= j["kvm_run_time_s"] > 0')" = True
    check "the sandbox layers are listed" \
        test "$(json "$tmp/lab1.json" '(j["sandbox"]["seccomp"], j["sandbox"]["namespaces"], j["sandbox"]["capabilities"], j["sandbox"]["no_new_privs"])')" = \
        "('enforce', ['pid', 'net', 'ipc', 'uts', 'mnt'], 'none', True)"

    "$sv" --stats --mode protected "$mmio" >"$tmp/out" 2>"$tmp/mmio.json"
    check "--stats on stderr; MMIO: one read, one write; COM2: one unclaimed read" \
        test "$(json "$tmp/mmio.json" '(j["mmio"], j["unclaimed_ports"], j["exits"]["mmio"], j["mode"])')" = \
        "({'reads': 1, 'writes': 1}, {'reads': 1, 'writes': 0}, 2, 'protected')"

    "$sv" --stats --timeout 0.3 "$spin" >/dev/null 2>"$tmp/spin.err"
    check "a timeout: the report follows the one line, and says why" \
        test "$(head -n 1 "$tmp/spin.err")" = "scratchvm: timeout: the guest was stopped after 0.300 s" -a \
        "$(tail -n 1 "$tmp/spin.err" >"$tmp/spin.json" && json "$tmp/spin.json" '(j["exit_code"], j["end"], j["detail"])')" = \
        "(124, 'timeout', 'timeout: the guest was stopped after 0.300 s')"
}

# The test VM (nested_kvm_test) has no Python: there the JSON is not parsed.
if command -v python3 >/dev/null; then
    stats_checks
else
    skip_part "no python3 here: --stats is not parsed, only --trace is checked"
fi

expect "--trace: one line per exit" 0 "5
" "scratchvm: exit io out port 0x3f8 size 1 count 1 value 0x35
scratchvm: exit io out port 0x3f8 size 1 count 1 value 0xa
scratchvm: exit hlt
" "$sv" --trace "$lab1"
"$sv" --trace --mode protected "$mmio" >/dev/null 2>"$tmp/err"
check "--trace: MMIO read and write, with address, size and value" test "$(grep mmio "$tmp/err")" = \
    "scratchvm: exit mmio read addr 0xd0000000 size 4 value 0xffffffff
scratchvm: exit mmio write addr 0xd0000004 size 4 value 0x12345678"
check "--trace: the IN from COM2 and its answer" \
    grep -qx "scratchvm: exit io in port 0x2f8 size 1 count 1 value 0xff" "$tmp/err"
expect "--trace: an MMIO read across a page comes as two pieces, of 1 and 3 bytes" 0 "" \
    "scratchvm: exit mmio read addr 0x10fff size 1 value 0xff
scratchvm: exit mmio read addr 0x11000 size 3 value 0xffffff
scratchvm: exit hlt
" "$sv" --trace --mem 64K "$mmio_split"

# The exit path says how it runs; pinned to one CPU it must not spin (the
# peer could not run while it did).
taskset -c 0 "$sv" --verbose "$lab1" >/dev/null 2>"$tmp/err"
check "--verbose, one CPU: no spinning" grep -qx \
    "scratchvm: exit path: 1 CPU(s) usable, spin before sleeping: 0 us; THR writes coalesced after 1024" \
    "$tmp/err"
finish
