#!/bin/bash
# lac-userspace: `l2tpc up --dataplane userspace` against the reference server: our LAC keeps
# the session in userspace (PPP frames relayed between pppd's pty and the L2TP UDP socket), so
# no kernel L2TP tunnel or session exists on the client while it is up; yet ppp comes up, ping
# goes through, only ESP is on the wire, and `l2tpc down` leaves nothing (server: CDN+StopCCN).
# The server's pppd starts late, so LCP only comes up quickly if our plugin resends our request.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up --dataplane         |==========| charon responder (PSK)            |
#   |   userspace                  |  ESP     | xl2tpd LNS --- pppd (MS-CHAPv2)   |
#   |  LAC <-relay-> pty - pppd    |  only    |   10.10.0.1, pool 10.10.0.10-20   |
#   |   ppp0 10.10.0.1x <- ping -> |          | iptables: drop udp/1701 not IPsec |
#   +------------------------------+          +-----------------------------------+
#     tcpdump on veth-cli
. "$(dirname "$0")/../lib.sh"

# A lost first LCP Configure-Request must cost 5 s, not pass unnoticed.
LNS_PPP_EXTRA="lcp-restart 5"
load_modules
require "topology srv <-> cli" topo_direct
require "reference server up (charon responder, guard, xl2tpd LNS, $LNS_AUTH)" srv_start srv
require "side cli" side_start cli
. "$GUEST_LIB_DIR/l2tpc-lib.sh"

l2tpc_profile office
# The server's pppd starts 1.5 s late (a wrapper bound over /usr/sbin/pppd in srv's mount
# namespace): our first LCP Configure-Request is dropped by the server's session that no pppd
# has yet, and must be sent again.
cp /usr/sbin/pppd "$G/pppd.real"
printf '#!/bin/sh\nsleep 1.5\nexec %s "$@"\n' "$G/pppd.real" > "$G/pppd-late"
chmod 755 "$G/pppd-late"
require "server: pppd starts 1.5 s late" in_srv mount --bind "$G/pppd-late" /usr/sbin/pppd
cap_start wire-lac-userspace
l2tpc_up l2tpc-up office --dataplane userspace
l2tpc_check_path "the userspace data path was chosen" \
	'data path: userspace pty /dev/pts/[0-9]+ \(forced\)'
check "client: pppd runs on the relay's pty" grep -Eq 'started pppd .*pty' "$L2TPC_LOG"
l2tpc_check_lcp_first_try
# Whether our plugin's early resend or pppd's restart timer gets our request through depends
# on when the server's pppd attaches relative to the timer; the resend's logic is proven in
# tests/unit/test-pppd-lcp.c. Here it is enough that LCP comes up against a late server.
if grep -q "l2tpc: the server's PPP started after our LCP Configure-Request left" "$L2TPC_LOG"; then
	log "our plugin resent the LCP Configure-Request early"
fi
check "client: ping 10.10.0.1 through the tunnel (5/5)" ping_ok cli 10.10.0.1 5
cap_stop wire-lac-userspace
check_wire_esp_only wire-lac-userspace 10
check "client: no kernel L2TP tunnel or session while up (l2tp_ppp is loaded)" \
	eval '[ -d /sys/module/l2tp_ppp ] && lib_empty lib_pppol2tp_entries cli'
l2tpc_down office
finish
