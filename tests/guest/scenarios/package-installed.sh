#!/bin/bash
# package-installed: the Debian packages, installed with `dpkg -i` in the guest (on UML /usr, /etc
# and /var get a tmpfs overlay first; under QEMU the whole root is one), so the install is thrown
# away at power-off and the host is never touched. They connect with
# the installed files only: the build tree's programs are hidden under empty mounts first, then
# `l2tpc up` (/usr/sbin/l2tpc, pppd loading the plugin from its own plugin directory) and
# `nmcli connection up` (NetworkManager reading the installed .name file, the bus the installed
# policy, /usr/libexec/nm-l2tpc-service) each connect, ping and disconnect cleanly.
# Run by tests/package/package-test.sh, which builds the packages: PKG_DEBS=the .deb files.
#
#   netns cli (192.0.2.2)                         netns srv (192.0.2.1)
#   +------------------------------------+   veth   +-------------------------------+
#   | /usr/sbin/l2tpc up office          |==========| reference server (PSK,        |
#   | then NetworkManager +              |  ESP     |  MS-CHAPv2)  10.10.0.1        |
#   |  /usr/libexec/nm-l2tpc-service     |  only    |                               |
#   +------------------------------------+          +-------------------------------+
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"

if [ -z "${PKG_DEBS:-}" ]; then
	log "FAIL: PKG_DEBS names no packages; tests/package/package-test.sh builds them"
	exit 1
fi

# Only installed files may run: hide every program of the build tree.
for d in client nm-plugin gui; do
	[ -d "$L2TPC_BUILD_DIR/$d" ] && mount -t tmpfs -o ro,mode=555 tmpfs "$L2TPC_BUILD_DIR/$d"
done
load_modules overlay dummy
# A writable root: overlays of tmpfs on the host's read-only directories dpkg writes to.
if [ "$L2TPC_GUEST" = uml ]; then
	for d in usr etc var; do
		mkdir -p "$G/root/$d/upper" "$G/root/$d/work"
		mount -t overlay -o "lowerdir=/$d,upperdir=$G/root/$d/upper,workdir=$G/root/$d/work" \
			overlay "/$d" || { log "FAIL: cannot put an overlay on /$d"; exit 1; }
	done
	# the overlay hides guest-init's module tree on /usr/lib/modules: make it again
	mount -t tmpfs tmpfs /lib/modules && ln -s "/usr/lib/uml/modules/$(uname -r)" /lib/modules/
fi
# dpkg's database, copied to tmpfs: the status (so dependencies are checked against what the
# host has installed) without the host's file lists and trigger interests, whose thousands of
# small files cost over a minute through a guest's host file system. dpkg then installs into / as usual.
db=$G/dpkg
mkdir -p "$db/info" "$db/updates" "$db/triggers"
cp /var/lib/dpkg/status "$db/status"
: > "$db/available"
# shellcheck disable=SC2086
require "dpkg -i of the packages ($(basename -a $PKG_DEBS | tr '\n' ' '))" \
	save dpkg-install dpkg --admindir="$db" -i $PKG_DEBS
installed() {
	dpkg-query --admindir="$db" -W -f '${Package} ${Status}\n' l2tpc network-manager-l2tpc \
		network-manager-l2tpc-gnome | grep -c ' install ok installed$' | grep -qx 3
}
check "dpkg: the three packages are installed" installed
check "the build tree's l2tpc is hidden" lib_not test -e "$L2TPC_BUILD_DIR/client/cli/l2tpc"
check "man 5 l2tpc.conf finds the installed page" \
	matches "$(man -w 5 l2tpc.conf 2>&1)" '^/usr/share/man/man5/l2tpc\.conf\.5\.gz$'
check "man 8 nm-l2tpc-migrate finds the installed page" \
	matches "$(man -w 8 nm-l2tpc-migrate 2>&1)" '^/usr/share/man/man8/nm-l2tpc-migrate\.8\.gz$'
check "the documentation is in /usr/share/doc/l2tpc" test -s /usr/share/doc/l2tpc/profile-keys.md.gz
pppd_plugin=$(dpkg-query --admindir="$db" -L l2tpc | grep '/usr/lib/pppd/.*/l2tpc-pppd-plugin\.so$')
check "the pppd plugin is in pppd's directory ($pppd_plugin)" \
	test -n "$pppd_plugin" -a -d "/usr/lib/pppd/$(pppd --version 2>&1 | awk '{ print $3 }')"

require "topology srv <-> cli" topo_direct
require "reference server up (charon responder, guard, xl2tpd LNS, $LNS_AUTH)" srv_start srv
require "side cli" side_start cli
. "$GUEST_LIB_DIR/l2tpc-lib.sh"
L2TPC=/usr/sbin/l2tpc
L2TPC_PLUGIN=   # no --pppd-plugin: pppd finds the installed one by name

# exe_is SIDE COMM PATH: the running COMM in SIDE is the program at PATH.
exe_is() { [ "$(readlink "/proc/$(side_pids "$1" "$2" | head -1)/exe")" = "$3" ]; }
# pppd_maps_installed_plugin: the client's pppd has the installed plugin mapped.
pppd_maps_installed_plugin() { grep -q " $pppd_plugin\$" "/proc/$(side_pids cli pppd | head -1)/maps"; }

l2tpc_profile office
l2tpc_up l2tpc-up office
check "cli: the running l2tpc is /usr/sbin/l2tpc" exe_is cli l2tpc /usr/sbin/l2tpc
check "cli: pppd loaded $pppd_plugin" pppd_maps_installed_plugin
check "cli: ping 10.10.0.1 through the tunnel (3/3)" ping_ok cli 10.10.0.1 3
l2tpc_down office

NM_INSTALLED=1
require "NetworkManager up with the installed plugin files" nm_start cli
check "nmcli: add an l2tpc connection" nmc cli connection add type vpn con-name office \
	vpn-type l2tpc ipv4.never-default yes \
	vpn.data "gateway=$SRV_IP, user=$LNS_USER, ipsec-enabled=yes, refuse-pap=yes, refuse-eap=yes, password-flags=2, ipsec-psk-flags=2"
nm_passwd_file
check "nmcli: connection up with a passwd-file" nmc cli connection up office passwd-file "$G/cli/passwd"
require "client: ppp interface up with an address" ppp_wait_up cli 5
check "cli: NetworkManager runs /usr/libexec/nm-l2tpc-service" \
	exe_is cli nm-l2tpc-servic /usr/libexec/nm-l2tpc-service
check "cli: pppd loaded $pppd_plugin" pppd_maps_installed_plugin
check "cli: ping 10.10.0.1 through the NetworkManager VPN (3/3)" ping_ok cli 10.10.0.1 3
check "nmcli: connection down" nmc cli connection down office
check "client: nm-l2tpc-service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check_residue cli l2tpc
finish
