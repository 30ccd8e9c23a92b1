#!/bin/sh
# tools/test_summary.sh TESTLOGS TARGET... - the summary tools/bootstrap test
# prints after `bazel test`: for each test TARGET (a Bazel label), the last
# line of TESTLOGS/<package>/<name>/test.log must be that test's own
# "N passed, N failed[, N skipped]"; the numbers are added up. A target whose
# log ends otherwise (it timed out, crashed or was killed) or that has no log
# counts as one failed test, named on stderr, and so does one whose line
# says 0 failed when Bazel's test.xml beside it says it failed. Every "SKIPPED: " and
# "SKIPPED (part): " line of the logs is repeated on stderr.
#
# Prints "tests: N passed, N failed, N skipped" on stdout; exits 1 when
# anything failed, else 0.
set -eu
logs=$1
shift

total_p=0 total_f=0 total_s=0
for t in "$@"; do
    log="$logs/$(echo "${t#//}" | tr ':' '/')/test.log"
    if [ ! -f "$log" ]; then
        echo "tests: $t has no test log: counted as failed" >&2
        total_f=$((total_f + 1))
        continue
    fi
    # require_kvm says it on stdout and stderr, which both end up here.
    grep -E '^SKIPPED( \(part\))?: ' "$log" | awk '!seen[$0]++' >&2 || true
    line=$(tail -n 1 "$log")
    if ! echo "$line" | grep -qE '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$'; then
        echo "tests: $t ended without its summary line (timed out or crashed?): counted as failed" >&2
        total_f=$((total_f + 1))
        continue
    fi
    p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
    s=$(echo "$line" | sed -nE 's/.*, ([0-9]+) skipped$/\1/p')
    # Bazel's verdict (test.xml: the exit status, a timeout) wins over a
    # line that claims no failure.
    xml="${log%/test.log}/test.xml"
    if [ "$f" = 0 ] && [ -f "$xml" ] && grep -qE '<testsuite [^>]*(failures|errors)="[1-9]' "$xml"; then
        echo "tests: $t failed by its exit status, though its line says 0 failed: counted as failed" >&2
        f=1
    fi
    total_p=$((total_p + p)) total_f=$((total_f + f)) total_s=$((total_s + ${s:-0}))
done
echo "tests: $total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" = 0 ]
