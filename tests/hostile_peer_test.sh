#!/bin/bash
# The scripted hostile worker, end to end through the real supervisor: the
# test build (//supervisor:supervisor_testhooks) lets the locked-down
# worker play a script on its socket instead of running the guest
# (SCRATCHVM_TEST_WORKER_SCRIPT, common/test_hooks.h). Each row of
# tests/hostile_peer_cases.sh must end with its exact status, stdout and
# stderr within its own timeout (a hang names the case), on a pty with the
# terminal restored, and with no process of the run left.
#   hostile_peer_test.sh SUPERVISOR_TESTHOOKS GUEST PTY_RUN CASES
source tests/lib.sh
require_kvm
sv=$1
pty_run=$3
cases=$4
# A copy under a name of its own: count_procs finds only this test's runs
# (this script's own command line names the original).
guest=$tmp/hostile_peer_guest.bin
cp "$2" "$guest" || exit 1

# row NAME STATUS TIMEOUT WHERE OPTIONS SCRIPT STDOUT STDERR
row() {
    local name=$1 want_status=$2 limit=$3 where=$4 opts=$5 script=$6 want_out=$7 want_err=$8
    local -a o
    read -r -a o <<<"$opts"
    local -a cmd=("$sv" "${o[@]}" "$guest")
    [ "$where" = pty ] && cmd=("$pty_run" -- "${cmd[@]}")
    SCRATCHVM_TEST_WORKER_SCRIPT=$script timeout -s KILL "$limit" "${cmd[@]}" \
        </dev/null >"$tmp/out" 2>"$tmp/err"
    local status=$? ok=1
    if [ "$status" = 137 ]; then
        echo "  $name: HANG: still running after $limit s, killed"
        record "$name" 0
        return
    fi
    if [ "$where" = pty ]; then
        # pty_run's own report: the guest output, the status, the terminal.
        printf 'output: %s\nstatus: %s\ntermios: restored\n' "$want_out" "$want_status" \
            >"$tmp/want_out"
        want_status=0
    else
        printf '%b' "$want_out" >"$tmp/want_out"
    fi
    if [ -n "$want_err" ]; then printf '%b\n' "$want_err"; fi >"$tmp/want_err"
    if [ "$status" != "$want_status" ]; then
        echo "  $name: exit status $status, expected $want_status"
        ok=0
    fi
    if ! cmp -s "$tmp/out" "$tmp/want_out"; then
        echo "  $name: stdout differs (expected, then got):"
        head -c 300 "$tmp/want_out" | od -c | head -5
        head -c 300 "$tmp/out" | od -c | head -5
        ok=0
    fi
    if ! cmp -s "$tmp/err" "$tmp/want_err"; then
        echo "  $name: stderr differs (expected, then got):"
        head -c 600 "$tmp/want_err"
        head -c 600 "$tmp/err"
        ok=0
    fi
    local left
    left=$(count_procs "$guest")
    if [ "$left" != 0 ]; then
        echo "  $name: $left process(es) of the run left"
        ok=0
    fi
    record "$name" "$ok"
}

source "$cases"

# Without a script the same build runs the guest.
SCRATCHVM_TEST_WORKER_SCRIPT= expect "an empty script is a worker that exits 0" 6 "" \
    "scratchvm: worker exited with status 0 before the run ended
" "$sv" --timeout 5 "$guest"
expect "without the hook the guest runs" 124 "" \
    "scratchvm: timeout: the guest was stopped after 0.500 s
" "$sv" --timeout 0.5 "$guest"
check "no process left behind" test "$(count_procs "$guest")" = 0
finish
