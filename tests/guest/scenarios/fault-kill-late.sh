#!/bin/bash
# fault-kill-late: `l2tpc up` killed with SIGKILL once PPP runs - during PPP authentication and
# when connected. After each kill `l2tpc status` names the connection stale and `l2tpc down`
# leaves nothing (no private charon, no xfrm state or policy, no pppd, no PPPoL2TP socket, no
# record, no IKE SA at the server); the next `up` connects at once (from an ephemeral port: the
# server may still hold the killed tunnel on 1701, and `down` left the mark that says so).
# fault-daemons kills pppd and charon under a live connection.
#
#   netns cli (192.0.2.2)                        netns srv (192.0.2.1)
#   +--------------------------------+   veth   +--------------------------------+
#   | l2tpc up office; kill -9 in    |==========| charon responder (PSK)         |
#   |   ppp-auth, then connected     |  ESP     | xl2tpd LNS + pppd              |
#   |   (+200 ms while killing)      |          |                                |
#   +--------------------------------+          +--------------------------------+
. "$(dirname "$0")/../lib.sh"

. "$GUEST_LIB_DIR/l2tpc-lib.sh"
l2tpc_testbed sch_netem

l2tpc_profile office
# a 200 ms delay on the client's link makes PPP authentication last long enough to be caught
require "client link: 200 ms delay" in_cli tc qdisc add dev veth-cli root netem delay 200ms

# ---- during PPP authentication
require "killed during PPP auth" l2tpc_kill_at kill-auth office ppp-auth
l2tpc_check_killed office ppp-auth
# ---- connected
require "killed when connected" l2tpc_kill_at kill-up office connected
l2tpc_check_killed office connected
in_cli tc qdisc del dev veth-cli root

# ---- the next up connects first time
l2tpc_up l2tpc-up-1 office
check "next up: an ephemeral port, the server may hold the killed tunnel" \
	grep -q "using an ephemeral source port" "$L2TPC_LOG"
check "next up: ping through the tunnel" ping_ok cli 10.10.0.1 3
# (not l2tpc_down: the server keeps the killed sessions' ppp interfaces until its own timeout)
save office-down in_cli "$L2TPC" down office
check "down: disconnected" grep -q "disconnected: office" "$L/office-down.txt"
check "down: no l2tpc left" lib_empty side_pids cli l2tpc
check "down: no charon left" lib_empty side_pids cli charon
check_residue cli l2tpc
finish
