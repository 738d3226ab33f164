#!/bin/bash
# lac-window-1: the server's control channel takes one message at a time (xl2tpd "tunnel rws =
# 1": Receive Window Size 1 in its SCCRP). On `l2tpc down` our StopCCN may leave only once the
# CDN before it is acknowledged, and IPsec must stay up until then: the server must see both
# the CDN and the StopCCN (l2tpc_down checks its log), and nothing may leave in clear.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up office              |==========| charon responder (PSK)            |
#   |  LAC: server window 1        |  ESP     | xl2tpd LNS, tunnel rws = 1        |
#   +------------------------------+  only    +-----------------------------------+
. "$(dirname "$0")/../lib.sh"

LNS_XL2TPD_EXTRA="tunnel rws = 1"
load_modules
require "topology srv <-> cli" topo_direct
require "reference server up (xl2tpd with a control window of 1)" srv_start srv
require "side cli" side_start cli
. "$GUEST_LIB_DIR/l2tpc-lib.sh"

l2tpc_profile office
l2tpc_up l2tpc-up office
check "client: the server's window is 1" grep -q "accepted by .* (window 1)" "$L2TPC_LOG"
check "client: ping 10.10.0.1 through the tunnel" ping_ok cli 10.10.0.1 3
cap_start wire-down
l2tpc_down office
check "client: the CDN and StopCCN were acknowledged before IPsec went" \
	lib_not grep -q "did not acknowledge our StopCCN" "$L2TPC_LOG"
cap_stop wire-down
check "wire during the teardown: no clear udp/1701" [ "$(cap_count wire-down 'udp port 1701')" = 0 ]
finish
