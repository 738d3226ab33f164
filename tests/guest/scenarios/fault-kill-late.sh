#!/bin/bash
# fault-kill-late: `l2tpc up` killed with SIGKILL once PPP runs - during PPP authentication and
# when connected - then pppd, then the private charon killed under a live connection.
#  - after each kill of l2tpc: `l2tpc status` names the connection stale, `l2tpc down` leaves
#    nothing (no private charon, no xfrm state or policy, no pppd, no PPPoL2TP socket, no
#    record), and the next `up` connects at once (from an ephemeral port: the server may still
#    hold the killed tunnel on 1701, and `down` left the mark that says so);
#  - pppd killed: l2tpc up ends with a pppd sentence and leaves nothing;
#  - charon killed: l2tpc up ends with the charon sentence, and the SAs and policies that charon
#    can no longer remove are gone too.
#
#   netns cli (192.0.2.2)                        netns srv (192.0.2.1)
#   +--------------------------------+   veth   +--------------------------------+
#   | l2tpc up office; kill -9 of    |==========| charon responder (PSK)         |
#   |   l2tpc (ppp-auth, connected), |  ESP     | xl2tpd LNS + pppd              |
#   |   pppd, charon (+200 ms while  |          |                                |
#   |   killing l2tpc)               |          |                                |
#   +--------------------------------+          +--------------------------------+
. "$(dirname "$0")/../lib.sh"

load_modules sch_netem
require "topology srv <-> cli" topo_direct
require "reference server up" srv_start srv
require "side cli" side_start cli
. "$GUEST_LIB_DIR/l2tpc-lib.sh"

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

# ---- pppd killed
kill -9 $(side_pids cli pppd)
check "pppd killed: l2tpc up ends with a pppd sentence" \
	wait_until 15 grep -Eq '(^| )l2tpc: error: pppd' "$L2TPC_LOG"
check "pppd killed: l2tpc up exits" wait_until 15 lib_empty side_pids cli l2tpc
check "pppd killed: no charon left" wait_until 6 lib_empty side_pids cli charon
check "pppd killed: no record left" lib_empty l2tpc_conn_files
check_residue cli l2tpc

# ---- charon killed
l2tpc_up l2tpc-up-2 office
kill -9 $(side_pids cli charon)
check "charon killed: l2tpc up says charon went away" \
	wait_until 15 grep -Eq '(^| )l2tpc: error: .*charon' "$L2TPC_LOG"
check "charon killed: l2tpc up exits" wait_until 15 lib_empty side_pids cli l2tpc
check "charon killed: the kernel state it left was removed" \
	grep -q "removed .* xfrm state(s) and policies left" "$L2TPC_LOG"
check "charon killed: no record left" lib_empty l2tpc_conn_files
check_residue cli l2tpc

# ---- and the next up still connects
l2tpc_up l2tpc-up-3 office
l2tpc_down office
finish
