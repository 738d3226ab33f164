#!/bin/bash
# fault-orphan-charon: who holds udp/500. A foreign process holding it makes `l2tpc up` fail with
# the "held by another IKE daemon" sentence and start nothing; our own private charon orphaned by
# a killed `l2tpc up` - even with its socket, pid file and record gone - is recognised, stopped,
# and the next `up` connects first time.
#
#   netns cli (192.0.2.2)                        netns srv (192.0.2.1)
#   +--------------------------------+   veth   +--------------------------------+
#   | 1. udp/500 squatter; l2tpc up  |==========| charon responder (PSK)         |
#   | 2. l2tpc up killed during IKE; |  ESP     | xl2tpd LNS + pppd              |
#   |    socket, pid, record removed;|          |                                |
#   |    l2tpc up again              |          |                                |
#   +--------------------------------+          +--------------------------------+
. "$(dirname "$0")/../lib.sh"

. "$GUEST_LIB_DIR/l2tpc-lib.sh"
l2tpc_testbed
l2tpc_profile office

# ---- 1. a foreign IKE daemon
require "client: a foreign process holds udp/500" udp_listen cli 500 "$G/ike-squatter" 60
squatter=$BG_PID
in_cli bash -c "$L2TPC up $G/cli/profiles/office.conf --pppd-plugin $L2TPC_PLUGIN \
	--secrets-fd 3 3< $G/cli/secrets" > "$L/up-foreign.out" 2> "$L/up-foreign.err"
check "foreign: l2tpc up fails with exit code 7 (ipsec-daemon)" [ $? = 7 ]
check "foreign: the sentence names another IKE daemon on UDP port 500" \
	grep -q 'UDP port 500 is held by another IKE daemon' "$L/up-foreign.err"
check "foreign: no charon started" lib_empty side_pids cli charon
check "foreign: the foreign process was left alone" kill -0 "$squatter"
kill "$squatter"
wait_until 5 eval '! kill -0 $squatter 2> /dev/null'

# ---- 2. our own orphaned charon, its files gone
KILL_WHEN_LOG='initiating IKEv1' require "killed during IKE" l2tpc_kill_at kill-ipsec office ipsec
orphan=$(side_pids cli charon)
check "orphan: the private charon outlived its l2tpc" [ -n "$orphan" ]
# as if an older l2tpc had lost track of it: no socket, no pid file, no record to clean from
in_cli sh -c 'rm -f /run/l2tpc/charon.vici /run/l2tpc/charon.pid /run/l2tpc/conns/office.*' 
l2tpc_up l2tpc-up office
check "orphan: recognised as ours and stopped" \
	grep -q "stopping the private charon (pid $orphan) that a killed l2tpc left" "$L2TPC_LOG"
check "orphan: not called a foreign IKE daemon" \
	lib_not grep -q 'held by another IKE daemon' "$L2TPC_LOG"
check "orphan: gone" lib_not kill -0 "$orphan"
check "next up: ping through the tunnel" ping_ok cli 10.10.0.1 3
l2tpc_down office
finish
