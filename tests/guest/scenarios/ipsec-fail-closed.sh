#!/bin/bash
# ipsec-fail-closed: with IPsec on, the kernel itself keeps L2TP and PPP off the wire in clear
# text. l2tpc's L2TP socket carries a socket policy (ESP transport, the SA's reqid, both ways).
# Once connected, every system-wide xfrm policy and every SA of the client is deleted, as if
# charon had lost them: the kernel data path and the control channel then have no way out but
# the socket's policy, which has no SA left. Not one clear udp/1701 or PPP frame may leave, and
# a disconnect afterwards must not leak its CDN/StopCCN either.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up office              |==========| charon responder (PSK)            |
#   |  socket policy on udp/1701   |  ESP, or | xl2tpd LNS --- pppd (MS-CHAPv2)   |
#   |  ip xfrm policy/state flush  |  nothing | (no guard: it would take clear)   |
#   +------------------------------+          +-----------------------------------+
#     tcpdump on veth-cli, from connect to after the disconnect
. "$(dirname "$0")/../lib.sh"

load_modules
require "topology srv <-> cli" topo_direct
# No clear-text guard on the server: it would answer clear L2TP, so only the client can keep
# the tunnel closed.
require "side srv" side_start srv
require "server charon responder" srv_ipsec_start srv
require "server xl2tpd LNS" srv_lns_start srv
require "side cli" side_start cli
. "$GUEST_LIB_DIR/l2tpc-lib.sh"
wire_check_client_only "the server has no guard on purpose: it answers in clear when its SA is not ready"

l2tpc_profile office
cap_start fail-closed
l2tpc_up l2tpc-up office
check "client: ping 10.10.0.1 through the tunnel" ping_ok cli 10.10.0.1 3
save xfrm-policy-up in_cli ip xfrm policy
# ip(8) shows a socket's policy as "src 0.0.0.0/0 dst 0.0.0.0/0 ... socket out ..." with its
# template underneath.
socket_policy_esp() {
	awk -v dir="$1" '/^src/ { p = 0 } /socket / && $0 ~ "socket " dir { p = 1 }
		p && /proto esp reqid [1-9][0-9]* mode transport/ { ok = 1 } END { exit !ok }' \
		"$L/xfrm-policy-up.txt"
}
check "client: the L2TP socket has an ESP transport policy outbound (reqid of the SA)" \
	socket_policy_esp out
check "client: the L2TP socket has an ESP transport policy inbound" socket_policy_esp in

# Take away everything charon installed. Without the socket policy, the kernel would now send
# the PPP frames of the ping below (and L2TP) in clear text.
in_cli ip xfrm policy flush
in_cli ip xfrm state flush
check "client: no system-wide xfrm policy left" lib_empty xfrm_policies cli
clear_before=$(cap_count fail-closed 'udp port 1701')
check_fails "client: a ping with the SA gone gets no answer" ping_ok cli 10.10.0.1 3
gsleep 1
l2tpc_down_quiet() { in_cli "$L2TPC" down office > "$L/office-down.txt" 2>&1; }
check "client: l2tpc down returns" l2tpc_down_quiet
cap_stop fail-closed
clear=$(cap_count fail-closed 'udp port 1701')
log "wire: clear udp/1701 before the flush=$clear_before, overall=$clear; ESP=$(cap_count fail-closed esp)"
check "wire: no clear udp/1701 while the SA existed" [ "$clear_before" -eq 0 ]
check "wire: no clear udp/1701 after the SA was deleted (ping, disconnect)" [ "$clear" -eq 0 ]
check "wire: no clear ICMP" [ "$(cap_count fail-closed icmp)" -eq 0 ]
save kernel-acquires in_cli cat /proc/net/xfrm_stat
finish
