#!/bin/bash
# Usage: tests/guest/qemu-run.sh SCENARIO [NAME=VALUE...]
#
# Like uml-run.sh, but boots Debian's stock kernel (linux-image-amd64) under QEMU's TCG emulator:
# the only guest here with l2tp_netlink (CONFIG_L2TP_V3). The host root is shared read-only over
# virtio-9p with a tmpfs overlay on top; the log directory is a second, writable 9p share.
# A small initramfs (busybox + virtio/9p/overlay modules) is built once per kernel version into
# $L2TPC_BUILD_DIR/guest-qemu/ and reused. KVM is not used (it hangs on these machines).
# Environment: as uml-run.sh, plus L2TPC_QEMU_KERNEL (a version under /lib/modules).
set -u
[ $# -ge 1 ] || { sed -n '2,3s/^# //p' "$0" >&2; exit 2; }
. "$(dirname "$0")/run-common.sh"
guest_prepare qemu "$@"

QEMU=$(command -v qemu-system-x86_64) || {
	echo "guest: qemu-system-x86_64 not found; install qemu-system-x86 (tools/install-deps.sh)" >&2
	exit 77
}
KV=${L2TPC_QEMU_KERNEL:-}
if [ -z "$KV" ]; then
	for d in $(ls /lib/modules 2>/dev/null | sort -V); do
		[ -r "/boot/vmlinuz-$d" ] && KV=$d
	done
fi
if [ -z "$KV" ] || [ ! -r "/boot/vmlinuz-$KV" ]; then
	echo "guest: no readable /boot/vmlinuz-<version> with modules; install linux-image-amd64" >&2
	exit 77
fi
BB=/bin/busybox
[ -x "$BB" ] || { echo "guest: $BB missing; install busybox-static" >&2; exit 77; }

# Build (once) the initramfs for this kernel; rebuilt when the init script changes.
cache=$L2TPC_BUILD_DIR/guest-qemu
initrd=$cache/initrd-$KV.gz
if [ ! -s "$initrd" ] || [ "$GUEST_DIR/qemu-initramfs-init.sh" -nt "$initrd" ]; then
	mkdir -p "$cache"
	work=$(mktemp -d "$cache/initrd.XXXXXX")
	mkdir -p "$work"/{bin,modules,proc,sys,dev,newroot}
	cp "$BB" "$work/bin/busybox"
	cp "$GUEST_DIR/qemu-initramfs-init.sh" "$work/init"
	chmod 755 "$work/init"
	modprobe -S "$KV" --show-depends -a virtio_pci 9pnet_virtio 9p overlay |
		awk '$1 == "insmod" && !seen[$2]++ { print $2 }' > "$work/mods" ||
		{ rm -rf "$work"; echo "guest: modprobe --show-depends failed for $KV" >&2; exit 2; }
	while read -r ko; do
		cp "$ko" "$work/modules/" && basename "$ko" >> "$work/modules/order"
	done < "$work/mods"
	rm -f "$work/mods"
	(cd "$work" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$work.gz" &&
		mv "$work.gz" "$initrd"
	rm -rf "$work"
fi

start=$(date +%s.%N)
guest_boot $((GUEST_TIMEOUT + 30)) "$QEMU" -accel tcg -cpu max -m 1024 -smp 2 -nographic \
	-no-reboot -nic none -kernel "/boot/vmlinuz-$KV" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 quiet loglevel=3 L2TPC_GUEST_ENV=$LOG_DIR/guest.env L2TPC_GUEST_INIT=$GUEST_DIR/guest-init.sh" \
	-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=root,mount_tag=hostroot \
	-fsdev "local,id=logs,path=$LOG_DIR,security_model=none" \
	-device virtio-9p-pci,fsdev=logs,mount_tag=logs
wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
rm -f "$LOG_DIR/.guest-pgid" "$LOG_DIR/.writable"
guest_finish "$wall"
