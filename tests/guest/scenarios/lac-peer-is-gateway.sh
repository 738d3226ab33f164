#!/bin/bash
# lac-peer-is-gateway: the server gives its end of the PPP link the gateway's own address (some
# LNSs do). The kernel then adds a host route to that address through ppp0; if it took the
# gateway's traffic, ESP would go into the tunnel it carries and the connection would stall
# without a word. Like Windows, l2tpc keeps the gateway outside the tunnel (the host route it
# pinned before IPsec wins) and says so: the route to the gateway stays on the veth, the L2TP
# control channel keeps working (the server logs our CDN and StopCCN), nothing is left behind.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up office              |==========| charon responder (PSK)            |
#   |  ppp0 peer = 192.0.2.1 (!)   |  ESP     | xl2tpd LNS, local ip = 192.0.2.1  |
#   +------------------------------+  only    +-----------------------------------+
. "$(dirname "$0")/../lib.sh"

LNS_LOCAL_IP=192.0.2.1
load_modules
require "topology srv <-> cli" topo_direct
require "reference server up (PPP local ip = the gateway's address)" srv_start srv
require "side cli" side_start cli
. "$GUEST_LIB_DIR/l2tpc-lib.sh"

l2tpc_profile office
L2TPC_LOG=$L/l2tpc-up.log
bg_in_side cli l2tpc-up bash -c "exec $L2TPC up $G/cli/profiles/office.conf -v \
	--pppd-plugin $L2TPC_PLUGIN --secrets-fd 3 3< $G/cli/secrets"
require "l2tpc: 'connected:' line printed" \
	wait_until 30 grep -Eq "(^| )connected: ppp[0-9]+ local=10\.10\.0\.[0-9]+ peer=$SRV_IP " \
	"$L2TPC_LOG"
check "client: the log says the gateway stays outside the tunnel" \
	grep -q "the server's end of the PPP link has the gateway's own address $SRV_IP" "$L2TPC_LOG"
save route-get in_cli ip route get "$SRV_IP"
check "client: the gateway is still routed through the veth, not ppp" \
	grep -q "dev veth-cli" "$L/route-get.txt"
# The control channel still crosses: the server logs our CDN and StopCCN (l2tpc_down).
L2TPC_SRV_MARK=0
L2TPC_TUNNEL=$(sed -n 's/.* requesting tunnel \([0-9]*\) from .*/\1/p' "$L2TPC_LOG")
l2tpc_down office
finish
