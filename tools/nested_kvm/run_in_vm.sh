#!/bin/bash
# run_in_vm.sh KERNEL_DIR STAGE_DIR COMMAND
#
# Boot a throw-away Linux VM under QEMU's software emulation (TCG) with a
# CPU that has AMD SVM, load kvm + kvm-amd inside it, copy STAGE_DIR to /w
# and run COMMAND there with bash. Prints the VM's console and exits with
# COMMAND's status (99 if the VM never reported one). The console is passed
# through line by line, so a hang shows where it happened; the VM is killed
# after SCRATCHVM_VM_TIMEOUT seconds (default 900).
#
# This gives hosts without /dev/kvm a real /dev/kvm: the kernel's own KVM
# code, running on emulated hardware virtualisation. KERNEL_DIR holds
# vmlinuz and the modules, as tools/bootstrap prepares it.
set -eu
kernel_dir=$1 stage=$2 command=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(mktemp -d "${TEST_TMPDIR:-/tmp}/vmroot.XXXXXX")
trap 'rm -rf "$root" "$root.cpio.gz"' EXIT

chmod 755 "$root" # it becomes the VM's /: ordinary users must traverse it
mkdir -p "$root"/{bin,proc,sys,dev,tmp,mods,w,etc}
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nkvm:x:36:\nnogroup:x:65534:\n' >"$root/etc/group"
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
rm -f "$root/bin/bash"

# bash and every shared library the staged programs need, at their host paths.
copy_libs() {
    ldd "$1" 2>/dev/null | grep -oE '/[^ ]+' | while read -r lib; do
        [ -e "$root$lib" ] || { mkdir -p "$root$(dirname "$lib")" && cp -L "$lib" "$root$lib"; }
    done
}
cp -L /bin/bash "$root/bin/bash"
copy_libs /bin/bash
if [ -x /usr/bin/setpriv ]; then # util-linux: lets tests run as an ordinary user
    rm -f "$root/bin/setpriv" # busybox's applet link: cp would write through it
    cp -L /usr/bin/setpriv "$root/bin/setpriv"
    copy_libs /usr/bin/setpriv
fi
cp -rL "$stage"/. "$root/w/"
find "$root/w" -type f -perm -u+x | while read -r exe; do copy_libs "$exe"; done

for m in irqbypass kvm ccp kvm-amd; do cp "$kernel_dir/$m.ko" "$root/mods/"; done
cp "$here/vm_init.sh" "$root/init"
chmod +x "$root/init"
printf '%s\n' "$command" >"$root/command"

(cd "$root" && find . | /bin/busybox cpio -o -H newc 2>/dev/null | gzip -1) >"$root.cpio.gz"

console="$root.console"
status=0
timeout -k 5 "${SCRATCHVM_VM_TIMEOUT:-900}" qemu-system-x86_64 -accel tcg -cpu max -m 512 -smp 1 \
    -nodefaults -no-user-config -display none -serial stdio -no-reboot \
    -kernel "$kernel_dir/vmlinuz" -initrd "$root.cpio.gz" \
    -append "console=ttyS0 quiet panic=-1 rdinit=/init" </dev/null \
    | sed -u 's/\r//g' | tee "$console" || status=$?
result=$(grep -ao '@@EXIT=[0-9]*@@' "$console" | tr -dc 0-9 || true)
rm -f "$console"
if [ -z "$result" ]; then
    echo "run_in_vm: the VM did not report a status (qemu exit $status)" >&2
    exit 99
fi
exit "$result"
