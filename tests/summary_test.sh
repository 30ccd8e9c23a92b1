#!/bin/bash
# tools/test_summary.sh, the summary of tools/bootstrap test, on fake test
# logs: a test that ended without its own line (timed out, crashed) or left
# no log counts as failed and is named; a line that claims no failure does
# not outvote Bazel's test.xml; partial and whole skips are counted and
# every SKIPPED line is repeated.
source tests/lib.sh
summary=$1
logs=$tmp/testlogs

# fake NAME LINES... : bazel-testlogs/t/NAME/test.log with Bazel's header.
fake() {
    local name=$1
    shift
    mkdir -p "$logs/t/$name"
    {
        echo 'exec ${PAGER:-/usr/bin/less} "$0" || exit 1'
        echo "Executing tests from //t:$name"
        echo "-----------------------------------------------------------------------------"
        printf '%s\n' "$@"
    } >"$logs/t/$name/test.log"
}
xml() { # NAME FAILURES
    printf '<testsuites>\n  <testsuite name="t/%s" tests="1" failures="%s" errors="0">\n' "$1" "$2" \
        >"$logs/t/$1/test.xml"
}

fake ok "ok   one" "ok   two" "2 passed, 0 failed"
xml ok 0
fake part "ok   one" "SKIPPED (part): //t:part: no python3 here" "1 passed, 0 failed, 1 skipped"
fake whole "SKIPPED: //t:whole: /dev/kvm cannot be opened on this host" \
    "SKIPPED: //t:whole: /dev/kvm cannot be opened on this host" "0 passed, 0 failed, 1 skipped"
expect "all passed: exit 0, skips counted, each SKIPPED line once" 0 \
    "tests: 3 passed, 0 failed, 2 skipped
" "SKIPPED (part): //t:part: no python3 here
SKIPPED: //t:whole: /dev/kvm cannot be opened on this host
" "$summary" "$logs" //t:ok //t:part //t:whole

fake timedout "ok   one" "-- Test timed out at 2026-01-01 00:00:00 UTC --"
fake crashed "ok   one" "ok   two" "tests/crashed_test.sh: line 9: 1234 Segmentation fault"
fake failing "ok   one" "FAIL two" "1 passed, 1 failed"
fake lying "ok   one" "1 passed, 0 failed"
xml lying 1
fake early "3 passed, 0 failed" "ok   one after the line"
expect "a test without its own line, or without a log, is failed and named" 1 \
    "tests: 5 passed, 6 failed, 1 skipped
" "tests: //t:timedout ended without its summary line (timed out or crashed?): counted as failed
tests: //t:crashed ended without its summary line (timed out or crashed?): counted as failed
SKIPPED (part): //t:part: no python3 here
tests: //t:lying failed by its exit status, though its line says 0 failed: counted as failed
tests: //t:early ended without its summary line (timed out or crashed?): counted as failed
tests: //t:missing has no test log: counted as failed
" "$summary" "$logs" //t:ok //t:timedout //t:crashed //t:part //t:failing //t:lying //t:early \
    //t:missing

# lib.sh's own side of it: skip_part and finish.
expect "skip_part says so and finish counts it" 0 "ok   a
SKIPPED (part): demo: no widget here
1 passed, 0 failed, 1 skipped
" "" env TEST_TARGET=demo TEST_TMPDIR="$tmp/sub" bash -c \
    'mkdir -p "$TEST_TMPDIR"; source tests/lib.sh; check a true; skip_part "no widget here"; finish'
expect "finish without skips keeps the short line, and fails on a failure" 1 "ok   a
FAIL b
1 passed, 1 failed
" "" env TEST_TARGET=demo TEST_TMPDIR="$tmp/sub" bash -c \
    'source tests/lib.sh; check a true; check b false; finish'
finish
