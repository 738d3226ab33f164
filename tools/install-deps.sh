#!/bin/sh
# Installs every Debian 12 package that building, the demo and the test suite need.
# Idempotent: a second run only checks. Daemons that packages would start on the host
# (charon, NetworkManager, xl2tpd, ...) are kept from starting: the tests run their
# own copies inside a guest kernel.
set -eu

BUILD="meson ninja-build pkg-config gcc clang libclang-rt-14-dev git
  libglib2.0-dev libgnutls28-dev ppp-dev
  libnm-dev libnma-dev libgtk-3-dev libgtk-4-dev libnma-gtk4-dev libsecret-1-dev
  gettext appstream xvfb xauth tshark libgtk-4-bin dbus-x11
  dpkg-dev debhelper devscripts lintian fakeroot rpm"
GUEST="user-mode-linux qemu-system-x86 linux-image-amd64 busybox-static cpio kmod
  strongswan-charon strongswan-swanctl strongswan-starter libcharon-extra-plugins
  libstrongswan-standard-plugins libstrongswan-extra-plugins
  xl2tpd ppp iproute2 iptables tcpdump iperf3 procps psmisc util-linux bc
  network-manager network-manager-l2tp dbus openssl gnuplot-nox
  softether-vpnserver softether-vpncmd l2tpns freeradius
  network-manager-gnome xdotool apparmor"

missing=""
for p in $BUILD $GUEST; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
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
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
echo "install-deps: done"
