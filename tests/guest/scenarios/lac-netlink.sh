#!/bin/bash
# lac-netlink: `l2tpc up --dataplane netlink` on Debian's stock kernel (QEMU: the UML kernel has
# no l2tp_netlink): our LAC hands the session to the kernel over generic netlink (the log says
# so, `ip l2tp show tunnel` lists our tunnel while up), ppp comes up, ping goes through, only ESP
# is on the wire; `l2tpc down` sends CDN + StopCCN (the server's xl2tpd logs both) and leaves no
# netlink tunnel, PPPoL2TP entry, pppd or IPsec state behind.
#
#   QEMU TCG guest (stock Debian kernel, l2tp_netlink)
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up --dataplane netlink |==========| charon responder (PSK)            |
#   |  LAC: L2TP_CMD_TUNNEL/SESSION|  ESP     | xl2tpd LNS --- pppd (MS-CHAPv2)   |
#   |  _CREATE, pppd on PPPoL2TP   |  only    |   10.10.0.1, pool 10.10.0.10-20   |
#   |   ppp0 10.10.0.1x <- ping -> |          | iptables: drop udp/1701 not IPsec |
#   +------------------------------+          +-----------------------------------+
#     tcpdump on veth-cli
# QEMU TCG is slow at modp2048: both sides use ECP-256 (nothing here is about the IKE group).
: "${SRV_IKE_PROPOSALS:=aes128-sha256-ecp256}"
. "$(dirname "$0")/../lib.sh"

[ "${L2TPC_GUEST:-}" = qemu ] ||
	skip "this scenario needs the stock kernel (run it with qemu-run.sh)"
# A lost first LCP Configure-Request must cost 5 s, not pass unnoticed.
LNS_PPP_EXTRA="lcp-restart 5"
load_modules l2tp_netlink
require "topology srv <-> cli" topo_direct
require "reference server up (charon responder, guard, xl2tpd LNS, $LNS_AUTH)" srv_start srv
require "side cli" side_start cli
. "$GUEST_LIB_DIR/l2tpc-lib.sh"

l2tpc_profile office "ipsec-ike=$SRV_IKE_PROPOSALS"
cap_start wire-lac-netlink
l2tpc_up l2tpc-up office --dataplane netlink
l2tpc_check_lcp_first_try
l2tpc_check_path "the netlink data path was chosen" \
	"data path: kernel via generic netlink \\(tunnel $L2TPC_TUNNEL, session [0-9]+"
save l2tp-tunnels-cli in_cli ip l2tp show tunnel
check "client: ip l2tp show tunnel lists our tunnel $L2TPC_TUNNEL" \
	grep -q "^Tunnel $L2TPC_TUNNEL, encap UDP" "$L/l2tp-tunnels-cli.txt"
check "client: ping 10.10.0.1 through the tunnel (5/5)" ping_ok cli 10.10.0.1 5
cap_stop wire-lac-netlink
check_wire_esp_only wire-lac-netlink 10
l2tpc_down office netlink
finish
