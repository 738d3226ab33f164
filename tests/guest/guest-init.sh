#!/bin/bash
# PID 1 of the test guest (user-mode-linux directly; QEMU after the initramfs switch_root).
# The root file system is the host's, read-only. This sets up the writable places a scenario
# needs (tmpfs /run and /tmp, a writable view of the scenario's log directory, ptys, kernel
# modules), runs the scenario with a time limit, writes its exit status to <logdir>/status and
# powers the guest off. Variables come from the guest.env file named on the kernel command line.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LC_ALL=C TERM=dumb
# shellcheck disable=SC1090
set -a
. "$L2TPC_GUEST_ENV" || { echo "guest-init: cannot read $L2TPC_GUEST_ENV"; exit 1; }
set +a

guest_poweroff() {
	sync
	if [ "$L2TPC_GUEST" = qemu ]; then
		echo o > /proc/sysrq-trigger
	fi
	/bin/busybox poweroff -f
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs -o mode=755 tmpfs /run
# A checkout under /tmp (a CI clone, say) would vanish under the guest's own /tmp: park it on a
# bind mount under /run, mount the tmpfs, and move it back to the same path.
keep=()
for d in "${L2TPC_SOURCE_DIR:-}" "${L2TPC_BUILD_DIR:-}"; do
	case "$d" in
	/tmp/*) ;;
	*) continue ;;
	esac
	[ ${#keep[@]} -gt 0 ] && [[ $d == "${keep[0]}"/* ]] && continue
	keep+=("$d")
done
for i in "${!keep[@]}"; do
	mkdir -p "/run/.keep$i"
	mount --bind "${keep[$i]}" "/run/.keep$i"
done
mount -t tmpfs -o mode=1777 tmpfs /tmp
for i in "${!keep[@]}"; do
	mkdir -p "${keep[$i]}"
	mount --move "/run/.keep$i" "${keep[$i]}"
done
mkdir -p /dev/pts
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts /dev/pts
[ -e /dev/ptmx ] || ln -s pts/ptmx /dev/ptmx
# devtmpfs lacks these (udev makes them); bash process substitution needs /dev/fd.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
[ -e /dev/stdin ] || ln -s /proc/self/fd/0 /dev/stdin
[ -e /dev/stdout ] || ln -s /proc/self/fd/1 /dev/stdout
[ -e /dev/stderr ] || ln -s /proc/self/fd/2 /dev/stderr
if [ "$L2TPC_GUEST" = uml ]; then
	mount -t hostfs -o "$L2TPC_LOG_DIR" none "$L2TPC_LOG_DIR"
	# Debian ships the UML modules outside /lib/modules.
	mount -t tmpfs tmpfs /lib/modules
	ln -s "/usr/lib/uml/modules/$(uname -r)" "/lib/modules/$(uname -r)"
else
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 logs "$L2TPC_LOG_DIR"
fi
if ! touch "$L2TPC_LOG_DIR/.writable" 2>/dev/null; then
	echo "guest-init: log directory $L2TPC_LOG_DIR is not writable in the guest"
	guest_poweroff
fi
hostname "l2tpc-$L2TPC_GUEST"
ip link set lo up
echo "guest: $L2TPC_GUEST kernel $(uname -r) up after $(cut -d' ' -f1 /proc/uptime)s; scenario $L2TPC_SCENARIO (limit ${L2TPC_GUEST_TIMEOUT}s)"

# The scenario runs as a child so that a hung command cannot keep the guest up; timeout(1)
# sends TERM (the scenario's trap cleans up and still writes logs), then KILL.
timeout -k 5 "$L2TPC_GUEST_TIMEOUT" /bin/bash "$L2TPC_SCENARIO_FILE" < /dev/null
rc=$?
[ $rc -eq 124 ] && echo "guest: scenario $L2TPC_SCENARIO timed out after ${L2TPC_GUEST_TIMEOUT}s"
dmesg > "$L2TPC_LOG_DIR/dmesg.txt" 2>/dev/null
echo "$rc" > "$L2TPC_LOG_DIR/status"
echo "guest: scenario exit status $rc (guest uptime $(cut -d' ' -f1 /proc/uptime)s)"
guest_poweroff
