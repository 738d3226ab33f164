#!/bin/sh
# Installs every Debian 12 package that building, the demo and the test suite need.
# Idempotent: a second run only checks. The demo changes nothing on the machine: daemons that
# packages would start (charon, NetworkManager, xl2tpd, ...) are kept from starting now, and
# disabled for the next boot, because the tests run their own copies inside a guest kernel.
#   --services        prints the packages whose services are kept disabled, and exits
#   --check-services  lists what of them is enabled for the next boot without running now
#                     (the test tests/install/services-off.sh); exit 1 if anything is
set -eu

BUILD="meson ninja-build pkg-config gcc clang libclang-rt-14-dev clang-format universal-ctags git
  libglib2.0-dev libgnutls28-dev ppp-dev
  libnm-dev libnma-dev libgtk-3-dev libgtk-4-dev libnma-gtk4-dev libsecret-1-dev
  gettext appstream xvfb xauth tshark libgtk-4-bin dbus-x11 gnome-keyring libsecret-tools
  dpkg-dev debhelper devscripts lintian fakeroot rpm"
GUEST="user-mode-linux qemu-system-x86 linux-image-amd64 busybox-static cpio kmod
  strongswan-charon strongswan-swanctl strongswan-starter libcharon-extra-plugins
  libstrongswan-standard-plugins libstrongswan-extra-plugins
  xl2tpd ppp iproute2 iptables tcpdump iperf3 procps psmisc util-linux bc
  network-manager network-manager-l2tp dbus openssl gnuplot-nox
  softether-vpnserver softether-vpncmd l2tpns freeradius
  network-manager-gnome xdotool apparmor"

# Packages in the lists above (or pulled in by them) that ship a daemon or a boot-time service.
# Their systemd units and init scripts are disabled after every run, unless the service is
# running (a desktop's own NetworkManager, D-Bus or AppArmor: the user's, left alone).
SERVICES="network-manager strongswan-starter strongswan-charon xl2tpd ppp dbus apparmor
  softether-vpnserver l2tpns freeradius wpasupplicant"


# service_running UNIT: the service runs now. Booted with systemd: it says so. Otherwise: a
# process runs the program the init script starts (its DAEMON=), or one named like the script.
service_running() {
	if [ -d /run/systemd/system ]; then
		systemctl is-active --quiet "$1"
		return
	fi
	script=/etc/init.d/${1%.service}
	daemon=$(sed -n 's/^DAEMON="\{0,1\}\([^" ]*\).*/\1/p' "$script" 2>/dev/null | head -n 1)
	pidof "${daemon##*/}" >/dev/null 2>&1 || pidof "${1%.service}" >/dev/null 2>&1
}

# service_files PKG: the systemd units and init scripts package PKG installed (from dpkg's file
# list directly: dpkg-query reads its whole database on every call).
service_files() {
	arch=$(dpkg --print-architecture)
	for list in "/var/lib/dpkg/info/$1.list" "/var/lib/dpkg/info/$1:$arch.list"; do
		[ -e "$list" ] || continue
		grep -E '^(/usr)?/lib/systemd/system/[^/@]+\.(service|socket|timer|path)$' "$list" ||
			true
		grep -E '^/etc/init\.d/.' "$list" || true
	done
}

# enabled_off FILE: FILE (from service_files) is enabled for the next boot, and not running.
enabled_off() {
	unit=${1##*/}
	case $1 in
	/etc/init.d/*) ls /etc/rc?.d/S??"$unit" >/dev/null 2>&1 || return 1 ;;
	*) [ -n "$(find /etc/systemd/system -lname "*/$unit" 2>/dev/null)" ] || return 1 ;;
	esac
	! service_running "$unit"
}

# keep_services_off: disables the units and init scripts of $SERVICES that are enabled but not
# running. deb-systemd-helper records the unit as disabled, so an upgrade does not enable it
# again; update-rc.d turns the S links into K links, which upgrades keep.
keep_services_off() {
	for pkg in $SERVICES; do
		for f in $(service_files "$pkg"); do
			enabled_off "$f" || continue
			unit=${f##*/}
			echo "install-deps: disabling $unit (package $pkg)"
			case $f in
			/etc/init.d/*)
				update-rc.d "$unit" disable >/dev/null 2>&1 || true
				update-rc.d "$unit" disable S >/dev/null 2>&1 || true
				;;
			*)
				deb-systemd-helper disable "$unit" >/dev/null 2>&1 || true
				find /etc/systemd/system -lname "*/$unit" -delete
				;;
			esac
		done
	done
}

case "${1:-}" in
--services)
	echo $SERVICES
	exit 0
	;;
--check-services)
	bad=0
	for pkg in $SERVICES; do
		for f in $(service_files "$pkg"); do
			enabled_off "$f" || continue
			echo "enabled for the next boot, not running: $f (package $pkg)"
			bad=1
		done
	done
	exit $bad
	;;
esac

missing=""
for p in $BUILD $GUEST; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	[ "$(id -u)" != 0 ] || keep_services_off
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages:$missing; run this script as root to install them." >&2
	exit 1
fi
echo "install-deps: installing$missing"
# Keep postinst scripts from starting services on the host.
policy=/usr/sbin/policy-rc.d
created_policy=""
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' > "$policy"
	chmod 755 "$policy"
	created_policy=1
fi
trap '[ -z "$created_policy" ] || rm -f "$policy"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -q || echo "install-deps: apt-get update failed; installing from apt's lists"
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
keep_services_off
echo "install-deps: done"
