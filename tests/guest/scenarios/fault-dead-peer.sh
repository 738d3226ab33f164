#!/bin/bash
# fault-dead-peer: a server that falls silent is noticed in <= 30 s with the default profile,
# and a busy link carries no keepalive.
#  1. idle: our pppd sends LCP echo requests (the server's pppd logs them);
#  2. busy (pings every 0.2 s for 6 s): none, traffic is the liveness signal (lcp-echo-adaptive);
#  3. the server's side drops everything from and to the client: l2tpc up ends with the
#     "connection to the server was lost" sentence within 30 s of the blackhole, and leaves
#     nothing behind on the client.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up office (defaults)   |==========| charon + xl2tpd + pppd (debug)    |
#   |   ping; then silence         |  ESP     | iptables: DROP all to/from cli    |
#   +------------------------------+          +-----------------------------------+
. "$(dirname "$0")/../lib.sh"

. "$GUEST_LIB_DIR/l2tpc-lib.sh"
l2tpc_testbed

l2tpc_profile office
l2tpc_up l2tpc-up office
echo_reqs() { grep -c 'rcvd \[LCP EchoReq' "$L/pppd-srv.log"; }

# ---- 1. idle: echo requests flow
n0=$(echo_reqs)
check "idle link: the server receives LCP echo requests (every 4-8 s)" \
	wait_until 10 eval '[ "$(echo_reqs)" -gt "$n0" ]'
# ---- 2. busy: none
n1=$(echo_reqs)
save ping-busy in_cli busybox ping -q -i 0.2 -c 30 10.10.0.1
n2=$(echo_reqs)
check "busy link: 6 s of pings, no LCP echo request sent ($((n2 - n1)))" [ "$n2" = "$n1" ]
check "busy link: the pings got through" grep -q ' 0% packet loss' "$L/ping-busy.txt"

# ---- 3. blackhole
t0=$(now_us)
in_srv iptables-legacy -I INPUT -s "$CLI_IP" -j DROP
in_srv iptables-legacy -I OUTPUT -d "$CLI_IP" -j DROP
log "server blackholed"
check "blackhole: l2tpc up reports the loss within 30 s" \
	wait_until 32 grep -Eq '(^| )l2tpc: error: ' "$L2TPC_LOG"
# the log's own time stamp of the sentence (tslog), not when the check saw it
t1=$(sed -En 's/^([0-9]+)\.([0-9]{6}) l2tpc: error: .*/\1\2/p' "$L2TPC_LOG" | head -n 1)
dt=$((${t1:-$(now_us)} - t0))
log "dead server noticed after $(us_to_s "$dt") s"
check "blackhole: noticed in <= 30 s ($(us_to_s "$dt") s)" [ "$dt" -le 30000000 ]
check "blackhole: the sentence says the connection to the server was lost" \
	grep -Eq '(^| )l2tpc: error: The connection to the server was lost' "$L2TPC_LOG"
check "blackhole: l2tpc up exits" wait_until 15 lib_empty side_pids cli l2tpc
log "l2tpc up gone $(us_to_s $(($(now_us) - t0))) s after the blackhole"
check "blackhole: no charon left" wait_until 6 lib_empty side_pids cli charon
check_residue cli l2tpc
save status-after in_cli "$L2TPC" status
check "status: no connections" grep -q 'no connections' "$L/status-after.txt"
finish
