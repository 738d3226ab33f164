#!/bin/busybox sh
# /init of the QEMU test guest's initramfs (built by qemu-run.sh): loads the virtio, 9p and
# overlay modules, mounts the host root (shared read-only over virtio-9p) with a tmpfs overlay so
# the guest may write anywhere, and switch_roots into it, running tests/guest/guest-init.sh.
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sys /sys
/bin/busybox mount -t devtmpfs dev /dev
while read -r m; do
	/bin/busybox insmod "/modules/$m" || echo "initramfs: insmod $m failed"
done < /modules/order
/bin/busybox mkdir -p /lower /upper /newroot
/bin/busybox mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 hostroot /lower ||
	echo "initramfs: cannot mount the host root over 9p"
/bin/busybox mount -t tmpfs -o mode=755 tmpfs /upper
/bin/busybox mkdir -p /upper/u /upper/w
/bin/busybox mount -t overlay overlay -o lowerdir=/lower,upperdir=/upper/u,workdir=/upper/w /newroot ||
	echo "initramfs: cannot mount the overlay root"
/bin/busybox umount /proc /sys
/bin/busybox mount --move /dev /newroot/dev
exec /bin/busybox switch_root /newroot "$L2TPC_GUEST_INIT"
