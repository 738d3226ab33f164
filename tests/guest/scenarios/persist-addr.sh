#!/bin/bash
# persist-addr: a persistent `l2tpc up` follows a change of the client's address, and `l2tpc
# down` during the wait between two attempts ends it with nothing left behind.
#  1. connected from 192.0.2.2 with persistent=yes (waits capped at 2 s);
#  2. the client gets 192.0.2.3 and loses 192.0.2.2 (a DHCP renewal to a new address): the
#     netlink monitor sees the way to the gateway change and drops the connection at once
#     (nothing waits for answers to the old address); attempt 1 starts at once in the same
#     private charon; it is back from 192.0.2.3 by itself (figures: until connected, and until a
#     ping through it answers, <= 10 s), pings, same name;
#  3. 192.0.2.3 goes too (no network): the connection is restarted, the attempts fail at once
#     (no route) and wait; `l2tpc down` during a wait: disconnected at once, no residue.
#
#   netns cli (192.0.2.2 -> .3 -> none)         netns srv (192.0.2.1)
#   +-------------------------------+   veth   +-----------------------------------+
#   | l2tpc up office --persistent  |==========| charon + xl2tpd + pppd            |
#   |   ip addr add/del; ping; down |  ESP     |                                   |
#   +-------------------------------+          +-----------------------------------+
. "$(dirname "$0")/../lib.sh"

. "$GUEST_LIB_DIR/l2tpc-lib.sh"
l2tpc_testbed

l2tpc_profile office persistent=yes persistent-backoff-max=2
l2tpc_up l2tpc-up office
n_lines() { grep -Ec "(^| )$1" "$L2TPC_LOG"; }
# stamp_of ERE N: the time stamp (tslog, microseconds) of the Nth line of the log matching ERE
stamp_of() { sed -En "s/^([0-9]+)\.([0-9]{6}) $1.*/\1\2/p" "$L2TPC_LOG" | sed -n "${2}p"; }

# ---- 2. a new address
# as systemd sets it: removing the primary address promotes the secondary one instead of
# removing it too
in_cli sysctl -qw net.ipv4.conf.veth-cli.promote_secondaries=1
in_cli ip addr add 192.0.2.3/24 dev veth-cli
t0=$(now_us)
in_cli ip addr del 192.0.2.2/24 dev veth-cli
log "client address 192.0.2.2 -> 192.0.2.3"
check "address changed: the connection is restarted, saying why" \
	wait_until 10 grep -Eq 'reconnecting: attempt 1 in [0-9]+ s: .*192\.0\.2\.2 to 192\.0\.2\.3' \
	"$L2TPC_LOG"
t1=$(sed -En 's/^([0-9]+)\.([0-9]{6}) .*l2tpc\[persist\] warn: .* changed from 192\.0\.2\.2 .*/\1\2/p' \
	"$L2TPC_LOG" | head -n 1)
log "figure: persist_address_change_detect_s=$(us_to_s $((${t1:-$(now_us)} - t0)))"
check "address changed: connected again by itself" \
	wait_until 20 eval '[ "$(n_lines "connected: ppp")" -ge 2 ]'
t2=$(stamp_of 'connected: ppp' 2)
log "figure: persist_address_change_reconnect_s=$(us_to_s $((${t2:-$(now_us)} - t0)))"
check_in_service "$t0" persist_address_change_in_service_s "address changed"
check "address changed: the old connection was dropped, not waited for" \
	grep -q 'undoing the connection without waiting' "$L2TPC_LOG"
t_drop=$(stamp_of '.*l2tpc\[engine\] info: the server is out of reach' 1)
t_lost=$(stamp_of '.*l2tpc\[persist\] warn: connection lost after' 1)
log "figure: persist_address_change_teardown_s=$(us_to_s $((${t_lost:-0} - ${t_drop:-0})))"
check "address changed: the old connection was undone within 1 s" \
	test $((${t_lost:-99999999} - ${t_drop:-0})) -le 1000000
check "address changed: attempt 1 did not wait" \
	grep -Eq 'reconnecting: attempt 1 in 0 s: ' "$L2TPC_LOG"
check "address changed: the private charon was kept (started once)" \
	eval "[ \"\$(grep -c 'started a private charon' '$L2TPC_LOG')\" = 1 ]"
check "address changed: IKE went from the new address" \
	grep -Fq 'sending packet: from 192.0.2.3[500] to 192.0.2.1[500]' "$L2TPC_LOG"
require "client: ppp interface up again" ppp_wait_up cli 5
check "client: ping 10.10.0.1 through the new tunnel (2/2)" ping_ok cli 10.10.0.1 2
save status-back in_cli "$L2TPC" status
check "status: office connected again from 192.0.2.3" \
	grep -Eq "^office +connected +$PPP_IF .*" "$L/status-back.txt"

# ---- 3. no address at all; down during a wait
in_cli ip addr del 192.0.2.3/24 dev veth-cli
log "client address 192.0.2.3 removed"
check "address gone: the connection is restarted" \
	wait_until 10 eval '[ "$(n_lines "reconnecting: attempt 1 ")" = 2 ]'
check "address gone: the attempts fail at once and wait (attempt 3 announced)" \
	wait_until 8 eval '[ "$(n_lines "reconnecting: attempt 3 ")" = 1 ]'
check "address gone: status says reconnecting" \
	eval "in_cli '$L2TPC' status | grep -Eq '^office +reconnecting '"
check "address gone: nothing of the connection is left while waiting (no pppd)" \
	lib_empty side_pids cli pppd
t3=$(now_us)
save office-down in_cli "$L2TPC" down office
log "figure: persist_down_during_backoff_s=$(us_to_s $(($(now_us) - t3)))"
check "down during the wait: disconnected" grep -q 'disconnected: office' "$L/office-down.txt"
check "down during the wait: l2tpc up gone" lib_empty side_pids cli l2tpc
check "down during the wait: l2tpc up printed 'disconnected'" \
	wait_until 5 grep -Eq '(^| )disconnected: office' "$L2TPC_LOG"
check "down during the wait: no charon left" wait_until 6 lib_empty side_pids cli charon
check_residue cli l2tpc
save status-after in_cli "$L2TPC" status
check "status: no connections" grep -q 'no connections' "$L/status-after.txt"
finish
