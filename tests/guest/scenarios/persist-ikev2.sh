#!/bin/bash
# persist-ikev2: with IKEv2, where a DELETE is answered (IKEv1's is not), a persistent
# connection whose address went drops the old SA without waiting for that answer.
#  1. connected with IKEv2 (ipsec-ikev2=yes) and persistent=yes from 192.0.2.2;
#  2. the client gets 192.0.2.3 and loses 192.0.2.2: charon's DELETE for the old IKE SA cannot
#     be answered (the old address is gone), and the old connection is undone within 1 s all the
#     same (an ordinary terminate waits up to 4 s for the answer); attempt 1 does not wait, IKEv2
#     goes from the new address, and a ping answers through the new tunnel within 10 s (figures);
#  3. `l2tpc down`: nothing left.
#
#   netns cli (192.0.2.2 -> .3)                 netns srv (192.0.2.1)
#   +-------------------------------+   veth   +-----------------------------------+
#   | l2tpc up office (IKEv2,       |==========| charon (IKEv1 and IKEv2) + xl2tpd  |
#   |   persistent); ip addr; down  |  ESP     |   + pppd                          |
#   +-------------------------------+          +-----------------------------------+
. "$(dirname "$0")/../lib.sh"

. "$GUEST_LIB_DIR/l2tpc-lib.sh"
SRV_IKE_VERSION=0 # the responder takes either version
l2tpc_testbed

l2tpc_profile office persistent=yes ipsec-ikev2=yes persistent-backoff-max=2
l2tpc_up l2tpc-up office
check "IKEv2 was used" grep -q 'generating IKE_AUTH request' "$L2TPC_LOG"
# stamp_of ERE: the time stamp (tslog, microseconds) of the first line of the log matching ERE
stamp_of() { sed -En "s/^([0-9]+)\.([0-9]{6}) $1.*/\1\2/p" "$L2TPC_LOG" | head -n 1; }

# ---- 2. a new address
in_cli sysctl -qw net.ipv4.conf.veth-cli.promote_secondaries=1
in_cli ip addr add 192.0.2.3/24 dev veth-cli
t0=$(now_us)
in_cli ip addr del 192.0.2.2/24 dev veth-cli
log "client address 192.0.2.2 -> 192.0.2.3"
check_in_service "$t0" persist_ikev2_address_change_in_service_s "address changed"
t_drop=$(stamp_of '.*l2tpc\[engine\] info: the server is out of reach')
t_lost=$(stamp_of '.*l2tpc\[persist\] warn: connection lost after')
log "figure: persist_ikev2_teardown_s=$(us_to_s $((${t_lost:-0} - ${t_drop:-0})))"
check "address changed: the old connection was dropped, not waited for" [ -n "$t_drop" ]
check "address changed: the old IKEv2 SA was removed within 1 s (no wait for the DELETE's answer)" \
	test $((${t_lost:-99999999} - ${t_drop:-0})) -le 1000000
check "address changed: attempt 1 did not wait" \
	grep -Eq 'reconnecting: attempt 1 in 0 s: ' "$L2TPC_LOG"
check "address changed: IKEv2 went from the new address" \
	grep -Fq 'sending packet: from 192.0.2.3[500] to 192.0.2.1[500]' "$L2TPC_LOG"

# ---- 3. down
save office-down in_cli "$L2TPC" down office
check "down: disconnected" grep -q 'disconnected: office' "$L/office-down.txt"
check "down: no l2tpc, no charon left" \
	eval 'lib_empty side_pids cli l2tpc && lib_empty side_pids cli charon'
check_residue cli l2tpc
finish
