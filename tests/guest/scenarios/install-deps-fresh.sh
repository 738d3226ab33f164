#!/bin/bash
# install-deps-fresh: on a machine where NetworkManager, strongswan-starter and xl2tpd have just
# been installed (their postinst scripts enabled their services for the next boot),
# tools/install-deps.sh leaves them disabled and started nothing (README: the demo changes
# nothing). The guest's root is the host's under a throw-away overlay. A first install is
# replayed there the way dpkg does it, without dpkg's slow database work: each package's
# service state is purged (deb-systemd-helper purge, update-rc.d remove), then its postinst runs
# as for a first install ("configure" with no old version), which enables the units and S links
# again (network-manager's: only its deb-systemd-helper enable, the rest is slow under TCG).
# install-deps.sh then runs as on any machine, and an upgrade's postinst keeps them disabled.
#
#   guest root = host root (read-only) + tmpfs overlay: postinst configure, then install-deps.sh
. "$(dirname "$0")/../lib.sh"

[ "$L2TPC_GUEST" = qemu ] || skip "needs the writable overlay root of qemu-run.sh"
touch /usr/.l2tpc-overlay-probe 2> /dev/null || skip "the guest root is not writable"
rm -f /usr/.l2tpc-overlay-probe
export DEBIAN_FRONTEND=noninteractive

# fresh_install PKG [UNIT...]: forgets the package's service state, then runs its postinst as
# dpkg does for a first install (policy-rc.d, as install-deps.sh provides, keeps it from
# starting them); with UNITs, only enables those (its postinst's deb-systemd-helper enable).
fresh_install() {
	local pkg=$1 f unit
	shift
	# what dpkg tells a maintainer script (deb-systemd-helper refuses to run without it)
	export DPKG_MAINTSCRIPT_PACKAGE=$pkg DPKG_MAINTSCRIPT_NAME=postinst \
		DPKG_MAINTSCRIPT_ARCH=$(dpkg --print-architecture) DPKG_ROOT=
	for f in $(dpkg-query -L "$pkg" | grep -E '^/lib/systemd/system/[^/@]+\.service$|^/etc/init\.d/.'); do
		unit=${f##*/}
		case $f in
		/etc/init.d/*) update-rc.d -f "$unit" remove ;;
		*) deb-systemd-helper purge "$unit"; find /etc/systemd/system -lname "*/$unit" -delete ;;
		esac
	done
	if [ $# -gt 0 ]; then
		deb-systemd-helper enable "$@"
	else
		"/var/lib/dpkg/info/$pkg.postinst" configure ""
	fi
}

for p in strongswan-starter xl2tpd; do
	save "postinst-$p" fresh_install "$p"
	check "$p: its postinst ran as for a first install" [ $? = 0 ]
done
# network-manager's whole postinst takes a minute under TCG; the part that matters here, as it
# runs on a first install:
save enable-network-manager fresh_install network-manager NetworkManager.service \
	NetworkManager-wait-online.service NetworkManager-dispatcher.service
check "network-manager: its units enabled as its postinst does on a first install" [ $? = 0 ]
save enabled-before ls -l /etc/systemd/system/multi-user.target.wants/ /etc/rc2.d/
check "the postinst scripts enabled NetworkManager.service, strongswan-starter.service, xl2tpd" \
	lib_all_in "$L/enabled-before.txt" NetworkManager.service strongswan-starter.service S01xl2tpd
check "install-deps.sh --check-services reports them" \
	lib_not "$L2TPC_SOURCE_DIR/tools/install-deps.sh" --check-services

save install-deps "$L2TPC_SOURCE_DIR/tools/install-deps.sh"
check "install-deps.sh ran ($(tail -n 1 "$L/install-deps.txt"))" \
	grep -q 'disabling NetworkManager.service' "$L/install-deps.txt"
save wants ls -l /etc/systemd/system/*.wants/
check "no unit of network-manager or strongswan-starter in /etc/systemd/system/*.wants" \
	lib_not grep -Eq 'NetworkManager|strongswan|ipsec' "$L/wants.txt"
save rc-links ls /etc/rc0.d /etc/rc1.d /etc/rc2.d /etc/rc3.d /etc/rc4.d /etc/rc5.d /etc/rc6.d
check "no S link of xl2tpd, ipsec or network-manager in /etc/rc?.d" \
	lib_not grep -Eq '^S[0-9][0-9](xl2tpd|ipsec|network-manager)$' "$L/rc-links.txt"
check "install-deps.sh --check-services finds nothing enabled" \
	"$L2TPC_SOURCE_DIR/tools/install-deps.sh" --check-services
check "no daemon of theirs was started" lib_not pidof NetworkManager xl2tpd starter charon
# A package upgrade must not enable them again: its postinst runs "configure OLD-VERSION".
save postinst-upgrade env DPKG_MAINTSCRIPT_PACKAGE=strongswan-starter \
	DPKG_MAINTSCRIPT_NAME=postinst DPKG_MAINTSCRIPT_ARCH="$(dpkg --print-architecture)" \
	DPKG_ROOT= /var/lib/dpkg/info/strongswan-starter.postinst configure 5.9.8-5
check "an upgrade's postinst keeps strongswan-starter.service disabled" \
	lib_not test -e /etc/systemd/system/multi-user.target.wants/strongswan-starter.service
finish
