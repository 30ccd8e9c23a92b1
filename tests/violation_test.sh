#!/bin/bash
# The filters stop each forbidden act and name it. A test build of the
# supervisor (//supervisor:supervisor_testhooks, never shipped) makes the
# locked-down worker, or supervisor, commit one violation on purpose: the
# run must end with exit 6 and one line naming the syscall. An allowed
# ioctl request on the wrong fd is a violation too (ioctl_run_sock,
# ioctl_run_vm, ioctl_coalesce_vcpu): the filter checks the fd as well.
source tests/lib.sh
require_kvm
sv=$1
spin=$2

while read -r act name nr; do
    SCRATCHVM_TEST_WORKER_VIOLATION=$act expect "worker: $act is stopped and named" 6 "" \
        "scratchvm: worker sandbox violation: syscall $name ($nr)
" "$sv" --timeout 10 "$spin"
done <<'LIST'
openat openat 257
execve execve 59
fork clone 56
socket socket 41
ptrace ptrace 101
mprotect_exec mprotect 10
ioctl_vm ioctl 16
ioctl_vcpu ioctl 16
ioctl_run_sock ioctl 16
ioctl_run_vm ioctl 16
ioctl_coalesce_vcpu ioctl 16
LIST

for act in openat execve socket; do
    name=$act nr=$(case $act in openat) echo 257 ;; execve) echo 59 ;; socket) echo 41 ;; esac)
    SCRATCHVM_TEST_SUPERVISOR_VIOLATION=$act expect "supervisor: $act is stopped and named" 6 "" \
        "scratchvm: supervisor sandbox violation: syscall $name ($nr)
" "$sv" --timeout 10 "$spin"
done
check "no process left behind" no_procs_left "--timeout 10 $spin"

# --seccomp=log: the same violation is only logged and the run goes on
# (the openat still fails: the worker may not hold a new fd).
SCRATCHVM_TEST_WORKER_VIOLATION=openat expect "--seccomp=log lets the run go on" 124 "" \
    "scratchvm: timeout: the guest was stopped after 0.500 s
" "$sv" --seccomp=log --timeout 0.5 "$spin"

# --config=asan (SECURITY.md "Sanitizer builds"): a memory error in either
# locked-down process is reported whole through the build-only rules, and
# ends that process with ASan's status 1. Through a pipe: the worker writes
# on the description the supervisor was given, not on its own reopened one.
if [ "${SCRATCHVM_SANITIZER:-}" = asan ]; then
    for who in worker supervisor; do
        var=SCRATCHVM_TEST_${who^^}_VIOLATION
        st=$( (env "$var=asan_report" "$sv" --timeout 10 "$spin" 2>&1 >/dev/null; echo $? >"$tmp/asan_st") |
            cat >"$tmp/asan_err"
            cat "$tmp/asan_st")
        want_st=1 last="==ABORTING"
        [ $who = worker ] && want_st=6 last="scratchvm: worker exited with status 1 before the run ended"
        check "asan: $who's report: exit $want_st (got $st)" test "$st" = $want_st
        check "asan: $who's report names the error" \
            grep -q "ERROR: AddressSanitizer: global-buffer-overflow" "$tmp/asan_err"
        check "asan: $who's report is whole (frames, then '$last')" \
            sh -c 'grep -q "^    #0 0x" "$1" && tail -n 1 "$1" | grep -q -- "$2"' - "$tmp/asan_err" "$last"
    done
    check "asan: no process left behind" no_procs_left "--timeout 10 $spin"
elif [ "${SCRATCHVM_SANITIZER:-}" = ubsan ]; then
    # --config=ubsan traps in place (ud2, SIGILL): no runtime, no syscall.
    SCRATCHVM_TEST_WORKER_VIOLATION=ubsan_trap expect "ubsan: the worker's finding traps" 6 "" \
        "scratchvm: worker killed by signal 4 (Illegal instruction) before the run ended
" "$sv" --timeout 10 "$spin"
    SCRATCHVM_TEST_SUPERVISOR_VIOLATION=ubsan_trap expect "ubsan: the supervisor's finding traps" \
        132 "" "scratchvm: supervisor crashed: SIGILL
" "$sv" --timeout 10 "$spin"
    check "ubsan: no process left behind" no_procs_left "--timeout 10 $spin"
else
    skip_part "not a sanitizer build (--config=asan, --config=ubsan): a finding through the filters"
fi

# Without the hook the same test build runs the guest normally.
expect "test build without a violation times out normally" 124 "" \
    "scratchvm: timeout: the guest was stopped after 0.500 s
" "$sv" --timeout 0.5 "$spin"
finish
