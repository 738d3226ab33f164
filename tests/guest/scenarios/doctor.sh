#!/bin/bash
# doctor: `l2tpc doctor` names each thing a connection needs, one line each, and when one is
# broken its line says so and what to do (Debian's package names here). Each item is broken in
# a mount namespace of its own (a tmpfs or a file over the real one), then the line is checked:
# kernel modules (blacklisted, absent), charon and its vici plugin, a system charon answering,
# the security module, pppd and its plugin directory, l2tpc's pppd plugin, the NetworkManager
# plugin files, and udp/500 and udp/1701 held by another process.
#
#   netns cli: l2tpc doctor, run once per broken item
#     (own mounts: /etc/modprobe.d, /usr/lib/ipsec, /usr/lib/pppd, /usr/local/lib; a system
#      charon on /run/charon.vici; a stranger on udp/1701)
. "$(dirname "$0")/../lib.sh"

L2TPC=$L2TPC_BUILD_DIR/client/cli/l2tpc
PLUGIN=$L2TPC_BUILD_DIR/client/pppd-plugin/l2tpc-pppd-plugin.so

# doc TAG [SETUP]: runs l2tpc doctor in cli (after the shell commands SETUP, in a mount
# namespace of its own), output in $L/doctor-TAG.txt.
doc() {
	in_cli unshare -m --propagation private bash -c "${2:-:} && exec $L2TPC doctor" \
		> "$L/doctor-$1.txt" 2>&1
}
# line TAG ERE: doctor-TAG.txt has a line matching ERE.
line() { grep -Eq -- "$2" "$L/doctor-$1.txt"; }

# Before load_modules: l2tp_ppp and esp4 are on disk, not loaded.
doctor_unloaded() {
	unshare -m --propagation private bash -c "mount -t tmpfs none /etc/modprobe.d &&
		printf 'blacklist l2tp_ppp\ninstall esp4 /bin/false\n' > /etc/modprobe.d/no-vpn.conf &&
		exec $L2TPC doctor" > "$L/doctor-modules.txt" 2>&1
}
doctor_unloaded
check "modules: l2tp_ppp blacklisted (warn: the userspace data path is used)" line modules \
	"^warn +kernel module l2tp_ppp: blacklisted in /etc/modprobe.d/no-vpn.conf, so the userspace data path"
check "modules: esp4 blocked by an install line (FAIL)" line modules \
	"^FAIL +kernel module esp4: blacklisted in /etc/modprobe.d/no-vpn.conf: remove that line"
check "modules: l2tp_netlink, absent from user-mode-linux (warn, the legacy path is used)" \
	line modules "^warn +kernel module l2tp_netlink: not in this kernel .*legacy kernel data path"
check "doctor exits 1 with a FAIL line" lib_not $L2TPC doctor

load_modules
require "topology srv <-> cli" topo_direct
require "side cli" side_start cli

# The baseline: everything a CLI connection needs is there (our pppd plugin put into pppd's
# plugin directory by a bind mount, as meson install would).
pppd_dir=$(dirname "$(ls /usr/lib/pppd/*/pppol2tp.so | head -1)")
mkdir -p "$G/pppd-dir"
cp "$pppd_dir"/* "$PLUGIN" "$G/pppd-dir/"
with_plugin="mount --bind $G/pppd-dir $pppd_dir"
doc base "$with_plugin"
save doctor-base-rc in_cli unshare -m bash -c "$with_plugin && $L2TPC doctor >/dev/null; echo \$?"
check "base: exit status 0, no FAIL line" [ "$(cat "$L/doctor-base-rc.txt")" = 0 ]
check "base: l2tp_ppp loaded" line base "^ok +kernel module l2tp_ppp: loaded"
check "base: charon found" line base "^ok +strongSwan's charon: /usr/lib/ipsec/charon"
check "base: vici plugin found" line base "^ok +charon's vici plugin: in /usr/lib/ipsec/plugins"
check "base: no system charon, l2tpc starts its own" line base "^ok +system charon: none answers"
check "base: no security module in user-mode-linux" line base "^ok +security module: none"
check "base: pppd and its plugin directory" line base "^ok +pppd: /usr/sbin/pppd, plugins in $pppd_dir"
check "base: our pppd plugin" line base "^ok +l2tpc's pppd plugin: $pppd_dir/l2tpc-pppd-plugin.so"
check "base: udp/500, 4500, 1701 free" [ "$(grep -Ec '^ok +udp/(500|4500|1701): free' "$L/doctor-base.txt")" = 3 ]

doc no-plugin
check "no pppd plugin: FAIL and how to install it" line no-plugin \
	"^FAIL +l2tpc's pppd plugin: not in $pppd_dir: install l2tpc with 'meson install'"
doc no-pppd-dir "mount -t tmpfs none /usr/lib/pppd"
check "no pppd plugin directory: FAIL, reinstall ppp" line no-pppd-dir \
	"^FAIL +pppd's plugin directory: no pppol2tp.so .*: reinstall ppp\.$"
doc no-charon "mount -t tmpfs none /usr/lib/ipsec"
check "no charon: FAIL, install strongswan-charon" line no-charon \
	"^FAIL +strongSwan's charon: not installed: install strongswan-charon\.$"
doc no-vici "mount -t tmpfs none /usr/lib/ipsec/plugins"
check "no vici plugin: FAIL, install strongswan-swanctl" line no-vici \
	"^FAIL +charon's vici plugin: not installed: install strongswan-swanctl\.$"
doc nm-missing
check "NetworkManager plugin not installed: warn, with the file it looks for" line nm-missing \
	"^warn +NetworkManager plugin: /usr/lib/NetworkManager/VPN/nm-l2tpc-service.name missing"
doc nm-local "mount -t tmpfs none /usr/local/lib && mkdir -p /usr/local/lib/NetworkManager/VPN &&
	touch /usr/local/lib/NetworkManager/VPN/nm-l2tpc-service.name"
check "NetworkManager plugin under /usr/local: warn, reinstall with --prefix=/usr" line nm-local \
	"^warn +NetworkManager plugin: installed under /usr/local, where NetworkManager does not read it"

udp_listen cli 1701 "$G/stranger" 30
doc port-1701
check "udp/1701 held by another process: FAIL, names it" line port-1701 \
	"^FAIL +udp/1701: held by perl \(pid [0-9]+\), but l2tpc needs it for L2TP: stop it\.$"

require "a system charon in cli" charon_start cli
doc system-charon
check "system charon: answers, l2tpc uses it" line system-charon \
	"^ok +system charon: charon [0-9.]+ on /run/charon.vici answers; l2tpc uses it"
check "udp/500 held by the system charon: ok" line system-charon \
	"^ok +udp/500: held by the system charon, charon \(pid [0-9]+\)"
finish
