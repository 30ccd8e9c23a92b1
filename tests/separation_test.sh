#!/bin/bash
# Privilege separation, observed from outside while a guest runs: the
# process the user started holds no KVM fd and runs no guest time; its
# child, the worker, holds the vCPU (it closed /dev/kvm and the VM fd when it
# locked down) and is the one burning the spinning guest's CPU time (so it is
# the one calling KVM_RUN). Killing the supervisor takes the worker with it.
source tests/lib.sh
require_kvm
sv=$1
spin=$2

"$sv" --timeout 20 "$spin" >/dev/null 2>&1 &
sup=$!

kvm_fds() { # PID -> the KVM-related targets of its fds, sorted
    for fd in /proc/"$1"/fd/*; do readlink "$fd"; done 2>/dev/null |
        grep -E '^/dev/kvm$|^anon_inode:kvm' | sort
}
guest_time() { # PID -> field 43 of /proc/PID/stat, in clock ticks
    sed 's/.*) //' /proc/"$1"/stat | awk '{print $41}'
}
cpu_time() { # PID -> user + system + guest time, in clock ticks
    sed 's/.*) //' /proc/"$1"/stat | awk '{print $12 + $13 + $41}'
}

worker=""
for _ in $(seq 100); do
    worker=$(cat /proc/$sup/task/$sup/children 2>/dev/null | awk '{print $1}')
    [ -n "$worker" ] && kvm_fds "$worker" | grep -q 'kvm-vcpu' && break
    sleep 0.05
done
sleep 0.5

check "the worker is a different process" test -n "$worker" -a "$worker" != "$sup"
# Its name, as ps -e and top show it (the comm: 15 characters at most); its
# command line stays the supervisor's, since it is forked without exec.
check "the worker is named scratchvm-worker, as the kernel keeps it (15 characters)" \
    test "$(cat /proc/"$worker"/comm)" = scratchvm-worke
check "the supervisor keeps its own name" test "$(cat /proc/$sup/comm)" = "$(basename "$sv" | cut -c1-15)"
check "the worker's command line (ps -f) is the supervisor's" \
    cmp -s /proc/"$worker"/cmdline /proc/$sup/cmdline
check "the supervisor holds no KVM fd" test -z "$(kvm_fds $sup)"
# (Where KVM can coalesce port writes the worker also keeps the VM fd, for
# the one request its filter allows on it: sandbox_test and violation_test.)
check "the worker holds the vCPU and, at most, the VM fd: no /dev/kvm" \
    test "$(kvm_fds "$worker" | tr '\n' ' ')" = "anon_inode:kvm-vcpu:0 " -o \
    "$(kvm_fds "$worker" | tr '\n' ' ')" = "anon_inode:kvm-vcpu:0 anon_inode:kvm-vm "
# The spinning guest's time shows up as guest time with VMX/SVM; a KVM
# backend without hardware virtualisation (PVM) counts it as system time.
wcpu=$(cpu_time "$worker") scpu=$(cpu_time $sup)
check "the worker burns the guest's CPU time ($wcpu ticks, supervisor $scpu)" \
    test "$wcpu" -gt 10 -a "$scpu" -lt $((wcpu / 10 + 1))
check "the supervisor runs no guest time" test "$(guest_time $sup)" = 0

# SIGKILL: no clean-up path in the supervisor, only PDEATHSIG.
kill -KILL $sup
wait $sup
for _ in $(seq 100); do [ -d /proc/"$worker" ] || break; sleep 0.02; done
check "the worker dies with a SIGKILLed supervisor" test ! -d /proc/"$worker"
finish
