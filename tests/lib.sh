# lib.sh - helpers for the integration tests: run a command and assert its
# exact stdout, stderr and exit status; skip loudly without /dev/kvm.
# Sourced by tests/*_test.sh; the last line a test prints is
# "N passed, N failed" (plus ", N skipped" when it skipped all or part).

set -u
passed=0
failed=0
skipped=0
tmp=${TEST_TMPDIR:-$(mktemp -d)}
test_name=${TEST_TARGET:-$0}

# expect NAME STATUS STDOUT STDERR CMD... : run CMD with no stdin (or with
# the file $EXPECT_STDIN) and
# compare everything it did with what was expected, exactly.
expect() {
    local name=$1 want_status=$2 want_out=$3 want_err=$4
    shift 4
    "$@" <"${EXPECT_STDIN:-/dev/null}" >"$tmp/out" 2>"$tmp/err"
    local status=$?
    printf '%s' "$want_out" >"$tmp/want_out"
    printf '%s' "$want_err" >"$tmp/want_err"
    local ok=1
    if [ "$status" != "$want_status" ]; then
        echo "  $name: exit status $status, expected $want_status"
        ok=0
    fi
    if ! cmp -s "$tmp/out" "$tmp/want_out"; then
        echo "  $name: stdout differs (expected, then got):"
        od -c "$tmp/want_out" | head -5
        od -c "$tmp/out" | head -5
        ok=0
    fi
    if ! cmp -s "$tmp/err" "$tmp/want_err"; then
        echo "  $name: stderr differs (expected, then got):"
        cat "$tmp/want_err"
        cat "$tmp/err"
        ok=0
    fi
    record "$name" "$ok"
}

# check NAME CONDITION-COMMAND... : a single assertion.
check() {
    local name=$1
    shift
    if "$@"; then record "$name" 1; else record "$name" 0; fi
}

record() {
    if [ "$2" = 1 ]; then
        passed=$((passed + 1))
        echo "ok   $1"
    else
        failed=$((failed + 1))
        echo "FAIL $1"
    fi
}

# count_procs TEXT : how many processes have TEXT in their command line
# (its arguments joined by spaces). From /proc, so it needs no procps, and
# in bash alone: no fork per process, so a loaded machine cannot stretch it.
count_procs() {
    local n=0 f line
    local -a args
    local IFS=" "
    for f in /proc/[0-9]*/cmdline; do
        args=()
        mapfile -t -d '' args 2>/dev/null <"$f" || continue
        line="${args[*]} "
        [[ $line == *"$1"* ]] && n=$((n + 1))
    done
    echo "$n"
}

# no_procs_left TEXT : true once no process has TEXT in its command line,
# waiting up to 2 s (a worker SIGKILLed by a dying supervisor takes a
# moment to exit: its VM is torn down).
no_procs_left() {
    local i
    for i in $(seq 100); do
        [ "$(count_procs "$1")" = 0 ] && return 0
        sleep 0.02
    done
    return 1
}

have_kvm() {
    # -c first: "<>" would create a missing file
    [ -c /dev/kvm ] && (exec 3<>/dev/kvm) 2>/dev/null
}

# Tests that need KVM call this first. Without it they pass as skipped, and
# say so on stdout and stderr, where tools/bootstrap's summary finds it.
require_kvm() {
    if ! have_kvm; then
        echo "SKIPPED: $test_name: /dev/kvm cannot be opened on this host" | tee /dev/stderr
        echo "0 passed, 0 failed, 1 skipped"
        exit 0
    fi
}

# skip_part REASON : a part of this test cannot run on this host. Says so
# ("SKIPPED (part): <test>: REASON", which tools/bootstrap's summary
# repeats) and counts it in finish's line.
skip_part() {
    skipped=$((skipped + 1))
    echo "SKIPPED (part): $test_name: $1"
}

finish() {
    if [ "$skipped" = 0 ]; then
        echo "$passed passed, $failed failed"
    else
        echo "$passed passed, $failed failed, $skipped skipped"
    fi
    [ "$failed" = 0 ]
}
