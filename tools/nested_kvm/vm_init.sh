#!/bin/sh
# /init of the test VM (see run_in_vm.sh): mount, load KVM, run the command,
# report its status on the console, power off.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts && mount -t devpts -o ptmxmode=666 devpts /dev/pts # terminal tests
mount -t tmpfs tmp /tmp
for m in irqbypass kvm ccp kvm-amd; do
    insmod /mods/$m.ko || echo "vm_init: insmod $m failed"
done
[ -c /dev/kvm ] || echo "vm_init: no /dev/kvm in the VM"
# As Debian's udev rule does: the kvm group may use it.
chgrp 36 /dev/kvm && chmod 660 /dev/kvm
cd /w
PATH=/bin TEST_TMPDIR=/tmp /bin/bash /command
echo "@@EXIT=$?@@"
poweroff -f
