#!/bin/bash
# lac-auto: `l2tpc up` with the default data path (auto) falls back as the kernel allows and
# says why. In UML (no l2tp_netlink) it takes the legacy PPPoL2TP sockets and logs that the
# generic-netlink family "l2tp" is missing; then, with l2tp_ppp unloaded and module autoload
# disabled (/proc/sys/kernel/modprobe -> /bin/false), it warns that the kernel has no L2TP
# support and falls back to the userspace relay. Both times ppp comes up, ping goes through and
# `l2tpc down` leaves nothing (server: CDN + StopCCN). The server's xl2tpd runs in userspace
# mode so that nothing of it needs l2tp_ppp.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up (auto)              |==========| charon responder (PSK)            |
#   |  1: PPPoL2TP sockets         |  ESP     | xl2tpd LNS (userspace) --- pppd   |
#   |  2: no l2tp_ppp -> pty relay |  only    |   10.10.0.1, pool 10.10.0.10-20   |
#   |   ppp0 10.10.0.1x <- ping -> |          | iptables: drop udp/1701 not IPsec |
#   +------------------------------+          +-----------------------------------+
LNS_MODE=userspace
# A lost first LCP Configure-Request must cost 5 s, not pass unnoticed.
LNS_PPP_EXTRA="lcp-restart 5"
. "$(dirname "$0")/../lib.sh"

load_modules
require "topology srv <-> cli" topo_direct
require "reference server up (charon responder, guard, xl2tpd LNS in userspace, $LNS_AUTH)" \
	srv_start srv
require "side cli" side_start cli
. "$GUEST_LIB_DIR/l2tpc-lib.sh"
l2tpc_profile office
# Our pppd starts 1.5 s late (a wrapper bound over /usr/sbin/pppd in cli's mount namespace):
# the server's first LCP Configure-Request then always arrives before our pppd runs, and must
# still reach it, on both data paths.
cp /usr/sbin/pppd "$G/pppd.real"
printf '#!/bin/sh\nsleep 1.5\nexec %s "$@"\n' "$G/pppd.real" > "$G/pppd-late"
chmod 755 "$G/pppd-late"
require "client: pppd starts 1.5 s late" in_cli mount --bind "$G/pppd-late" /usr/sbin/pppd

log "1: auto, l2tp_ppp loaded, no l2tp_netlink in this kernel"
require "this kernel has no l2tp_netlink (the UML kernel)" lib_not modprobe -q l2tp_netlink
l2tpc_up l2tpc-up-legacy office
l2tpc_check_lcp_first_try
l2tpc_check_path "it fell back to PPPoL2TP sockets because l2tp_netlink is missing" \
	'data path: kernel via PPPoL2TP sockets, because the kernel has no generic-netlink '\
'family "l2tp" \(module l2tp_netlink'
save pppol2tp-cli-legacy in_cli cat /proc/net/pppol2tp
check "client: kernel PPPoL2TP session in /proc/net/pppol2tp" \
	grep -q "^  SESSION '" "$L/pppol2tp-cli-legacy.txt"
check "client: ping 10.10.0.1 through the tunnel (3/3)" ping_ok cli 10.10.0.1 3
l2tpc_down office

log "2: auto, l2tp_ppp unloaded and module autoload disabled"
modprobe_path=$(< /proc/sys/kernel/modprobe)
on_exit "echo $modprobe_path > /proc/sys/kernel/modprobe"
require "l2tp_ppp unloaded" wait_until 5 rmmod l2tp_ppp
echo /bin/false > /proc/sys/kernel/modprobe
require "module autoload disabled (kernel.modprobe is /bin/false)" \
	eval '[ "$(< /proc/sys/kernel/modprobe)" = /bin/false ]'
l2tpc_up l2tpc-up-userspace office
l2tpc_check_lcp_first_try
l2tpc_check_path "it fell back to the userspace data path because l2tp_ppp is missing" \
	'The kernel has no L2TP support \(module l2tp_ppp\).*falling back to the slower '\
'userspace data path on /dev/pts/[0-9]+'
check "client: pppd runs on the relay's pty" grep -Eq 'started pppd .*pty' "$L2TPC_LOG"
check "client: ping 10.10.0.1 through the tunnel (3/3)" ping_ok cli 10.10.0.1 3
check "client: l2tp_ppp is still not loaded (no autoload happened)" [ ! -d /sys/module/l2tp_ppp ]
l2tpc_down office
finish
