#!/bin/bash
# Runs the KVM integration tests inside a QEMU-TCG VM that provides a real
# /dev/kvm, for hosts that have none (the native copies of those tests
# skip there). On a host with /dev/kvm this test skips: the native ones run
# (SCRATCHVM_FORCE_NESTED=1, e.g. --test_env=SCRATCHVM_FORCE_NESTED=1, runs
# it anyway, to check this path from a host with KVM).
#
# Arguments, for each test: NAME SUPERVISOR FILE... --
source tests/lib.sh
kernel_dir=${SCRATCHVM_TEST_KERNEL:-/var/cache/scratchvm/test-kernel}

skip() {
    echo "SKIPPED: $test_name: $1" | tee /dev/stderr
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
}
if have_kvm && [ -z "${SCRATCHVM_FORCE_NESTED:-}" ]; then
    skip "this host has /dev/kvm: the KVM tests run natively"
fi
for need in "$kernel_dir/vmlinuz" "$kernel_dir/kvm-amd.ko" /bin/busybox; do
    [ -e "$need" ] || skip "no test VM ($need is missing): run tools/bootstrap deps"
done
command -v qemu-system-x86_64 >/dev/null || skip "no qemu-system-x86_64: run tools/bootstrap deps"

stage=$tmp/stage
mkdir -p "$stage"
stage_file() { mkdir -p "$stage/$(dirname "$1")" && cp -L "$1" "$stage/$1"; }
stage_file tests/lib.sh

script=""
while [ $# -gt 0 ]; do
    name=$1
    shift
    files=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        files+=("$1")
        stage_file "$1"
        shift
    done
    shift # --
    stage_file "tests/$name.sh"
    # Each test is bounded, so that one stuck test cannot use up the VM's
    # time and hide the others; a stuck one is named, with the processes.
    script+="echo '== //tests:$name (in the VM)'; TEST_TARGET=//tests:$name timeout -s KILL 300 bash tests/$name.sh ${files[*]}; r=\$?; "
    script+="[ \$r = 0 ] || st=1; [ \$r != 137 ] || { echo 'FAIL: //tests:$name was stopped after 300 s'; ps; }; "
done

echo "booting the test VM (QEMU TCG, kernel $(cat "$kernel_dir/VERSION" 2>/dev/null))"
# The console streams into the test log as it comes, so a hang shows where;
# the VM is stopped well inside Bazel's own test timeout.
SCRATCHVM_VM_TIMEOUT=${SCRATCHVM_VM_TIMEOUT:-840} tools/nested_kvm/run_in_vm.sh \
    "$kernel_dir" "$stage" "st=0; $script exit \$st" | tee "$tmp/console"
status=${PIPESTATUS[0]}

# Every inner test prints "N passed, N failed"; add them up.
p=0 f=0
while read -r line; do
    p=$((p + $(echo "$line" | cut -d' ' -f1)))
    f=$((f + $(echo "$line" | cut -d' ' -f3)))
done < <(grep -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/console")
if grep -q '^SKIPPED:' "$tmp/console" || [ "$p" = 0 ]; then
    echo "FAIL: the tests did not run in the VM"
    f=$((f + 1))
fi
[ "$status" = 0 ] || [ "$f" -gt 0 ] || f=1
echo "$p passed, $f failed"
[ "$f" = 0 ]
