#!/bin/bash
# Without /dev/kvm the run ends with exit 8 and a line saying how to fix it.
# (On a host with KVM this is the one test that is skipped.)
source tests/lib.sh
sv=$1 pty_run=$2
if have_kvm; then
    echo "SKIPPED: $test_name: this host has /dev/kvm, so its absence cannot be shown" | tee /dev/stderr
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
if [ -e /dev/kvm ]; then
    why="cannot open /dev/kvm: Permission denied (add your user to the kvm group: sudo usermod -aG kvm \$USER, then log in again)"
else
    why="cannot open /dev/kvm: No such file or directory (KVM is not available: enable virtualisation and load kvm_intel or kvm_amd)"
fi
expect "no KVM is a host error" 8 "" "scratchvm: $why
" "$sv"

# On a terminal, the same host error leaves the settings as they were.
"$pty_run" -- "$sv" >"$tmp/pty_out" 2>"$tmp/pty_err"
check "on a terminal: exit 8, the line, settings restored" test \
    "$(cat "$tmp/pty_out")|$(cat "$tmp/pty_err")" = "output: 
status: 8
termios: restored|scratchvm: $why"
finish
