#!/bin/bash
# Without /dev/kvm the run ends with exit 8 and a line saying how to fix it.
# (On a host with KVM this is the one test that is skipped.)
source tests/lib.sh
sv=$1
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
finish
