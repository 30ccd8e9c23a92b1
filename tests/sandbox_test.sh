#!/bin/bash
# The sandbox of both processes, read from /proc while a guest runs:
# no capabilities in any set, no_new_privs, a seccomp filter, a non-root
# uid when started as root; the worker holds exactly stderr, its socket and
# its vCPU, and lives in its own pid, net, ipc, uts and mount namespaces.
source tests/lib.sh
require_kvm
sv=$1
spin=$2

"$sv" --timeout 20 "$spin" >/dev/null 2>"$tmp/stderr" &
sup=$!
worker=""
for _ in $(seq 200); do
    worker=$(cat /proc/$sup/task/$sup/children 2>/dev/null | awk '{print $1}')
    # locked down: the worker's fd 4 is the vCPU and the supervisor is filtered
    [ -n "$worker" ] && [ "$(readlink /proc/$worker/fd/4 2>/dev/null)" = "anon_inode:kvm-vcpu:0" ] &&
        grep -q '^Seccomp:[[:space:]]*2' /proc/$sup/status && break
    sleep 0.05
done

field() { # PID NAME -> the value of NAME: in /proc/PID/status
    awk -v k="$2:" '$1 == k {print $2}' /proc/"$1"/status
}
for who in supervisor worker; do
    pid=$sup
    [ $who = worker ] && pid=$worker
    for cap in CapEff CapPrm CapInh CapBnd CapAmb; do
        check "$who $cap is empty" test "$(field "$pid" $cap)" = 0000000000000000
    done
    check "$who NoNewPrivs is set" test "$(field "$pid" NoNewPrivs)" = 1
    check "$who has a seccomp filter" test "$(field "$pid" Seccomp)" = 2
    if [ "$(id -u)" = 0 ]; then
        check "$who runs as nobody, not root" test "$(field "$pid" Uid)" = 65534
        check "$who has no supplementary groups" test -z "$(field "$pid" Groups)"
    fi
done

# The worker's signal state is its own, not the supervisor's (forked, not
# executed): only SIGPIPE ignored, only its SIGSYS reporter installed, and
# nothing blocked but the kick (SIGUSR1, 0x200), which is unblocked inside
# KVM_RUN, where a spinning guest keeps it.
ign=$(field "$worker" SigIgn)
check "worker ignores only SIGPIPE (SigIgn $ign)" test "$(field "$worker" SigIgn)" = 0000000000001000
check "worker catches only SIGSYS (no handler of the supervisor's)" \
    test "$(field "$worker" SigCgt)" = 0000000040000000
blk=$(field "$worker" SigBlk)
check "worker blocks none of the supervisor's stop signals (SigBlk $blk)" \
    test "$blk" = 0000000000000000 -o "$blk" = 0000000000000200

fds=$(cd /proc/$worker/fd && for fd in *; do echo "$fd=$(readlink $fd | sed 's/:\[[0-9]*\]$//')"; done | tr '\n' ' ')
want="2=$(readlink /proc/$sup/fd/2 | sed 's/:\[[0-9]*\]$//') 3=socket 4=anon_inode:kvm-vcpu:0 "
# The VM fd stays where KVM can coalesce port writes: seccomp allows one
# request on it (KVM_REGISTER_COALESCED_MMIO).
[ -e /proc/$worker/fd/5 ] && want+="5=anon_inode:kvm-vm "
check "the worker holds exactly stderr, its socket, its vCPU (and the VM fd) ($fds)" \
    test "$fds" = "$want"
for ns in pid net ipc uts mnt; do
    check "the worker has its own $ns namespace" \
        test "$(readlink /proc/$worker/ns/$ns)" != "$(readlink /proc/$sup/ns/$ns)"
done
check "the worker is pid 1 of its namespace" test "$(awk '$1 == "NSpid:" {print $3}' /proc/$worker/status)" = 1
rl() { awk -v k="$2" '$0 ~ "^"k {print $(NF-2), $(NF-1)}' /proc/"$1"/limits; }
check "worker may open no files" test "$(rl "$worker" 'Max open files')" = "0 0"
check "worker may create no processes" test "$(rl "$worker" 'Max processes')" = "0 0"
check "worker may dump no core" test "$(rl "$worker" 'Max core file size')" = "0 0"
check "worker may write no file" test "$(rl "$worker" 'Max file size')" = "0 0"

kill -TERM $sup
wait $sup

# Started as an ordinary user in the group that owns /dev/kvm: the same
# run, with the namespaces made through a user namespace and nothing to
# drop but what the user namespace granted. Where /dev/kvm is root's alone
# (0600 root:root, as on some hosts), the run happens in a private mount
# namespace whose /dev/kvm is a node of the same device, mode 0660 group 36
# (Debian's kvm group), as udev makes it on a Debian host. The binaries are
# copied where uid 4242 can read them (Bazel's output tree is root's).
kvm_gid=$(stat -c %g /dev/kvm)
kvm_mode=$(stat -c %a /dev/kvm)
as_user=()
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    if [ "$kvm_gid" != 0 ] && [ $((kvm_mode / 10 % 10)) -ge 6 ]; then
        as_user=(setpriv --reuid 4242 --regid 4242 --groups "$kvm_gid" --inh-caps=-all --)
    elif command -v unshare >/dev/null; then
        kvm_gid=36
        as_user=(unshare --mount --propagation private sh -c '
            node=$(mktemp -u /tmp/scratchvm-kvm.XXXXXX) &&
            mknod -m 0660 "$node" c $((0x$(stat -c %t /dev/kvm))) $((0x$(stat -c %T /dev/kvm))) &&
            chgrp 36 "$node" && mount --bind "$node" /dev/kvm && rm "$node" &&
            exec setpriv --reuid 4242 --regid 4242 --groups 36 --inh-caps=-all -- "$@"' sh)
    fi
fi
if [ ${#as_user[@]} -gt 0 ]; then
    userdir=$(mktemp -d /tmp/scratchvm-user.XXXXXX)
    trap 'rm -rf "$userdir"' EXIT
    cp "$sv" "$userdir/supervisor" && cp "$spin" "$userdir/spin.bin"
    chmod 755 "$userdir" "$userdir/supervisor" && chmod 644 "$userdir/spin.bin"
    usv=$userdir/supervisor uspin=$userdir/spin.bin
    expect "an ordinary user in the kvm group runs Lab 1" 0 "5
" "" "${as_user[@]}" "$usv"
    # A simple command, not a function, so that $! is the supervisor itself
    # (unshare, sh and setpriv each exec the next).
    "${as_user[@]}" "$usv" --timeout 20 "$uspin" >/dev/null 2>"$tmp/user-stderr" &
    usup=$!
    uworker=""
    for _ in $(seq 200); do
        uworker=$(cat /proc/$usup/task/$usup/children 2>/dev/null | awk '{print $1}')
        [ -n "$uworker" ] && [ "$(readlink /proc/$uworker/fd/4 2>/dev/null)" = "anon_inode:kvm-vcpu:0" ] &&
            grep -q '^Seccomp:[[:space:]]*2' /proc/$usup/status && break
        sleep 0.05
    done
    for cap in CapEff CapPrm CapInh CapBnd CapAmb; do
        check "user's worker $cap is empty" test "$(field "$uworker" $cap)" = 0000000000000000
    done
    for cap in CapEff CapPrm CapInh CapAmb; do
        check "user's supervisor $cap is empty" test "$(field "$usup" $cap)" = 0000000000000000
    done
    for who in $usup $uworker; do
        check "user's process $who: NoNewPrivs, seccomp, uid 4242" test \
            "$(field $who NoNewPrivs) $(field $who Seccomp) $(field $who Uid)" = "1 2 4242"
    done
    for ns in user pid net ipc uts mnt; do
        check "user's worker has its own $ns namespace" \
            test "$(readlink /proc/$uworker/ns/$ns)" != "$(readlink /proc/$usup/ns/$ns)"
    done
    kill -TERM $usup
    wait $usup
    check "the user's run was stopped by SIGTERM: exit 12" test "$?" = 12
    check "the user's run says so" test "$(cat "$tmp/user-stderr")" = \
        "scratchvm: stopped by SIGTERM"
else
    skip_part "no root, setpriv or unshare here: the ordinary-user run is not shown"
fi

# --verbose reports every layer, and says which are missing.
"$sv" --verbose >"$tmp/out" 2>"$tmp/err"
check "--verbose run still prints 5" test "$(cat "$tmp/out")" = 5
check "--verbose names the worker's namespaces" \
    grep -qx 'scratchvm: sandbox: worker namespaces: pid net ipc uts mnt; missing: none' "$tmp/err"
if [ "$(id -u)" = 0 ]; then
    check "--verbose names the rest" grep -qx 'scratchvm: sandbox: both processes: uid/gid of --user, no supplementary groups, no capabilities, no_new_privs, seccomp enforcing' "$tmp/err"
fi
finish
