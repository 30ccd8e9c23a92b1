#!/bin/bash
# Without /dev/kvm the run ends with exit 8 and a line saying how to fix it.
# (On a host with KVM, as root, it is shown for a user /dev/kvm refuses.)
source tests/lib.sh
sv=$1 pty_run=$2
run_as=()
if have_kvm; then
    # As root on a host with KVM: the same path, as an ordinary user outside
    # the kvm group (uid 4242, no groups), whom /dev/kvm refuses.
    kvm_mode=$(stat -c %a /dev/kvm)
    if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && [ "${kvm_mode: -1}" -lt 6 ]; then
        userdir=$(mktemp -d /tmp/scratchvm-nokvm.XXXXXX)
        trap 'rm -rf "$userdir"' EXIT
        cp "$sv" "$userdir/supervisor" && cp "$pty_run" "$userdir/pty_run"
        chmod 755 "$userdir" "$userdir/supervisor" "$userdir/pty_run"
        sv=$userdir/supervisor pty_run=$userdir/pty_run
        run_as=(setpriv --reuid 4242 --regid 4242 --clear-groups --inh-caps=-all --)
        echo "note: this host has /dev/kvm: shown as uid 4242, which may not open it"
    else
        echo "SKIPPED: $test_name: this host has /dev/kvm, so its absence cannot be shown" | tee /dev/stderr
        echo "0 passed, 0 failed, 1 skipped"
        exit 0
    fi
fi
if [ -e /dev/kvm ]; then
    why="cannot open /dev/kvm: Permission denied (add your user to the kvm group: sudo usermod -aG kvm \$USER, then log in again)"
else
    why="cannot open /dev/kvm: No such file or directory (KVM is not available: enable virtualisation and load kvm_intel or kvm_amd)"
fi
expect "no KVM is a host error" 8 "" "scratchvm: $why
" "${run_as[@]}" "$sv"

# On a terminal, the same host error leaves the settings as they were.
"${run_as[@]}" "$pty_run" -- "$sv" >"$tmp/pty_out" 2>"$tmp/pty_err"
check "on a terminal: exit 8, the line, settings restored" test \
    "$(cat "$tmp/pty_out")|$(cat "$tmp/pty_err")" = "output: 
status: 8
termios: restored|scratchvm: $why"
finish
