#!/bin/bash
# persist-cli: a persistent `l2tpc up` comes back by itself after a 20 s blackout.
#  1. connected with persistent=yes (LCP echo after 1 s idle, 2 misses; waits capped at 2 s);
#  2. the server drops everything from and to the client for 20 s: the loss is noticed and the
#     lost connection dropped without waiting for the dead server, each attempt is one
#     "reconnecting:" line, `l2tpc status` says reconnecting, one private charon serves every
#     attempt; once the path is back the connection is up again by itself (figures: time after
#     the blackout ended until connected, and until a ping through it answers, <= 10 s), with a
#     new ppp interface that pings and the same name;
#  3. `l2tpc down`: the reconnected connection is undone like any other (no residue).
#
#   netns cli (192.0.2.2)                       netns srv (192.0.2.1)
#   +-------------------------------+   veth   +-----------------------------------+
#   | l2tpc up office --persistent  |==========| charon + xl2tpd + pppd            |
#   |   ping; status; down          |  ESP     | iptables: DROP all to/from cli 20s|
#   +-------------------------------+          +-----------------------------------+
. "$(dirname "$0")/../lib.sh"

. "$GUEST_LIB_DIR/l2tpc-lib.sh"
l2tpc_testbed

l2tpc_profile office lcp-echo-interval=1 lcp-echo-failure=2 persistent-backoff-max=2
l2tpc_up l2tpc-up office --persistent
first_if=$PPP_IF
# the time stamp (tslog, microseconds) of the first line of $L2TPC_LOG matching ERE
stamp_of() { sed -En "s/^([0-9]+)\.([0-9]{6}) $1.*/\1\2/p" "$L2TPC_LOG" | head -n 1; }
n_connected() { grep -Ec '(^| )connected: ppp' "$L2TPC_LOG"; }

# ---- 2. 20 s blackout
in_srv iptables-legacy -I INPUT -s "$CLI_IP" -j DROP
in_srv iptables-legacy -I OUTPUT -d "$CLI_IP" -j DROP
t0=$(now_us)
log "server blackholed"
check "blackout: the loss is noticed and attempt 1 announced" \
	wait_until 20 grep -Eq '(^| )reconnecting: attempt 1 in [0-9]+ s: ' "$L2TPC_LOG"
t1=$(stamp_of 'reconnecting: attempt 1 ')
log "figure: persist_blackout_detect_s=$(us_to_s $((${t1:-$(now_us)} - t0)))"
save status-reconnecting in_cli "$L2TPC" status
check "blackout: l2tpc status shows office reconnecting" \
	grep -Eq '^office +reconnecting ' "$L/status-reconnecting.txt"
check "blackout: nothing of the lost connection is left while waiting (no ppp interface)" \
	wait_until 5 lib_empty in_cli ip -o link show type ppp
while [ $(($(now_us) - t0)) -lt 20000000 ]; do gsleep 0.2; done
in_srv iptables-legacy -D INPUT -s "$CLI_IP" -j DROP
in_srv iptables-legacy -D OUTPUT -d "$CLI_IP" -j DROP
t2=$(now_us)
L2TPC_SRV_MARK=$(wc -l < "$L/xl2tpd-srv.log") # l2tpc_down looks for the new tunnel's end
log "blackout over"
check "after the blackout: connected again by itself" \
	wait_until 30 eval '[ "$(n_connected)" -ge 2 ]'
t3=$(sed -En 's/^([0-9]+)\.([0-9]{6}) connected: ppp.*/\1\2/p' "$L2TPC_LOG" | sed -n 2p)
dt=$((${t3:-$(now_us)} - t2))
log "figure: persist_blackout_reconnect_s=$(us_to_s "$dt")"
check_in_service "$t2" persist_blackout_in_service_s "after the blackout"
check "blackout: the lost connection was dropped, not waited for (LCP echo verdict)" \
	grep -q 'undoing the connection without waiting' "$L2TPC_LOG"
check "blackout: pppd did not wait for the dead server's Terminate-Ack" \
	grep -q 'ending LCP without waiting for its answer' "$L2TPC_LOG"
check "one private charon served every attempt (kept between them)" \
	eval "[ \"\$(grep -c 'started a private charon' '$L2TPC_LOG')\" = 1 ]"
# After the path is back, the attempt under way gets through at its next IKE retransmission
# (charon's schedule: 2, 2.8, 3.9, 5.5 s), or the next attempt starts after at most
# persistent-backoff-max (2 s here); then a connect (~1 s in an idle guest, charon kept).
check "after the blackout: back within 8 s of its end ($(us_to_s "$dt") s)" [ "$dt" -le 8000000 ]
attempts=$(grep -Ec '(^| )reconnecting: attempt ' "$L2TPC_LOG")
log "figure: persist_blackout_attempts=$attempts"
check "each attempt was one line, numbered from 1 ($attempts)" \
	eval "[ \"\$(grep -Eo 'reconnecting: attempt [0-9]+' '$L2TPC_LOG' | grep -Eo '[0-9]+\$' | tr '\n' ' ')\" = \"\$(seq -s ' ' 1 $attempts) \" ]"
check "no phase lines during the reconnect" \
	eval "[ \"\$(grep -Ec '(^| )\[1/6\]' '$L2TPC_LOG')\" = 1 ]"
require "client: ppp interface up again" ppp_wait_up cli 5
check "client: ping 10.10.0.1 through the new tunnel (3/3)" ping_ok cli 10.10.0.1 3
save status-back in_cli "$L2TPC" status
check "status: office connected again, same name" \
	grep -Eq "^office +connected +$PPP_IF " "$L/status-back.txt"
check "client: one pppd, one ppp interface" \
	eval '[ "$(side_pids cli pppd | wc -l)" = 1 ] && [ "$(in_cli ip -o link show type ppp | wc -l)" = 1 ]'
log "interfaces: $first_if then $PPP_IF"
L2TPC_TUNNEL=$(sed -n 's/.* requesting tunnel \([0-9]*\) from .*/\1/p' "$L2TPC_LOG" | tail -n 1)

# ---- 3. down
# The server still holds the lost session (its ppp interface) until its own keepalive gives up:
# that one is the server's; ours must go, and nothing may stay on the client.
srv_ifs=$(srv_ppp_ifaces srv | wc -l)
save office-down in_cli "$L2TPC" down office
check "down: disconnected" grep -q 'disconnected: office' "$L/office-down.txt"
check "down: no l2tpc, no charon left" \
	eval 'lib_empty side_pids cli l2tpc && lib_empty side_pids cli charon'
check_residue cli l2tpc
check "down: l2tpc up printed 'disconnected'" \
	wait_until 10 grep -Eq '(^| )disconnected: office' "$L2TPC_LOG"
check "server: the reconnected session's ppp interface is gone" \
	wait_until 12 eval '[ "$(srv_ppp_ifaces srv | wc -l)" -lt "$srv_ifs" ]'
check "server: xl2tpd got our StopCCN for the reconnected tunnel" wait_until 5 \
	l2tpc_srv_logged "control_finish: Connection closed to $CLI_SEEN_IP, port [0-9]+ .*" \
	"Remote: $L2TPC_TUNNEL([^0-9]|\$)"
finish
