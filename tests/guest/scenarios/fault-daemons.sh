#!/bin/bash
# fault-daemons: the daemons under a live connection killed with SIGKILL.
#  - pppd killed: l2tpc up ends with a pppd sentence and leaves nothing;
#  - the private charon killed, under a persistent `l2tpc up` (which holds one more reference on
#    its charon, to keep it between attempts): l2tpc up ends with the charon sentence (a dead
#    daemon is not retried), and the SAs and policies that charon can no longer remove are gone
#    too; the next `up` connects at once, with a private charon of its own.
#
#   netns cli (192.0.2.2)                        netns srv (192.0.2.1)
#   +--------------------------------+   veth   +--------------------------------+
#   | l2tpc up office; kill -9 pppd, |==========| charon responder (PSK)         |
#   |   then charon; up again        |  ESP     | xl2tpd LNS + pppd              |
#   +--------------------------------+          +--------------------------------+
. "$(dirname "$0")/../lib.sh"

. "$GUEST_LIB_DIR/l2tpc-lib.sh"
l2tpc_testbed

l2tpc_profile office

# ---- pppd killed
l2tpc_up l2tpc-up-1 office
kill -9 $(side_pids cli pppd)
check "pppd killed: l2tpc up ends with a pppd sentence" \
	wait_until 15 grep -Eq '(^| )l2tpc: error: pppd' "$L2TPC_LOG"
check "pppd killed: l2tpc up exits" wait_until 15 lib_empty side_pids cli l2tpc
check "pppd killed: no charon left" wait_until 6 lib_empty side_pids cli charon
check "pppd killed: no record left" lib_empty l2tpc_conn_files
check_residue cli l2tpc

# ---- charon killed
l2tpc_up l2tpc-up-2 office --persistent
kill -9 $(side_pids cli charon)
check "charon killed: l2tpc up says charon went away" \
	wait_until 15 grep -Eq '(^| )l2tpc: error: .*charon' "$L2TPC_LOG"
check "charon killed: l2tpc up exits" wait_until 15 lib_empty side_pids cli l2tpc
check "charon killed: the kernel state it left was removed" \
	grep -q "removed .* xfrm state(s) and policies left" "$L2TPC_LOG"
check "charon killed: no record left" lib_empty l2tpc_conn_files
check "charon killed: nothing of the private charon left in the run dir" \
	lib_empty in_cli sh -c 'ls /run/l2tpc/charon.pid /run/l2tpc/charon.vici 2>/dev/null; true'
check_residue cli l2tpc

# ---- and the next up still connects
l2tpc_up l2tpc-up-3 office
l2tpc_down office
finish
