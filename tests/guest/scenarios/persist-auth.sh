#!/bin/bash
# persist-auth: a persistent connection reconnects after the server hangs up, and stops (no
# retry) when the next attempt's login is refused.
#  1. connected with persistent=yes;
#  2. the server's pppd for our session is killed (the server hangs up the call): the connection
#     comes back by itself (figure);
#  3. the server's password changes, and it hangs up again: attempt 1 is refused at PPP login,
#     `l2tpc up` ends with the login sentence and exit code 9, no attempt 2, nothing left.
#
#   netns cli (192.0.2.2)                       netns srv (192.0.2.1)
#   +-------------------------------+   veth   +-----------------------------------+
#   | l2tpc up office --persistent  |==========| charon + xl2tpd + pppd            |
#   |                               |  ESP     | kill pppd; chap-secrets changed   |
#   +-------------------------------+          +-----------------------------------+
. "$(dirname "$0")/../lib.sh"

. "$GUEST_LIB_DIR/l2tpc-lib.sh"
l2tpc_testbed

l2tpc_profile office persistent=yes persistent-backoff-max=2
l2tpc_up l2tpc-up office
n_lines() { grep -Ec "(^| )$1" "$L2TPC_LOG"; }

# ---- 2. the server hangs up
t0=$(now_us)
kill $(side_pids srv pppd)
log "server's pppd killed"
check "hang-up: reconnecting, attempt 1" \
	wait_until 15 grep -Eq '(^| )reconnecting: attempt 1 in [0-9]+ s: ' "$L2TPC_LOG"
check "hang-up: connected again by itself" \
	wait_until 20 eval '[ "$(n_lines "connected: ppp")" -ge 2 ]'
log "figure: persist_hangup_reconnect_s=$(us_to_s $(($(now_us) - t0)))"
require "client: ppp interface up again" ppp_wait_up cli 5
check "client: ping 10.10.0.1 through the new tunnel (2/2)" ping_ok cli 10.10.0.1 2

# ---- 3. the password changes, the server hangs up again
(umask 077 && printf '%s * "%s" *\n' "$LNS_USER" "changed-$LNS_PASSWORD" > "$G/srv/ppp/chap-secrets" &&
	cp "$G/srv/ppp/chap-secrets" "$G/srv/ppp/pap-secrets")
kill $(side_pids srv pppd)
log "password changed on the server, its pppd killed"
check "refused login: l2tpc up ends" wait_until 30 lib_empty side_pids cli l2tpc
check "refused login: it says the login failed" \
	grep -Eq '(^| )l2tpc: error: .*(password|user name)' "$L2TPC_LOG"
check "refused login: no attempt after the refused one" \
	eval '[ "$(n_lines "reconnecting: attempt 2 ")" = 0 ]'
check "refused login: no charon left" wait_until 6 lib_empty side_pids cli charon
check_residue cli l2tpc
save status-after in_cli "$L2TPC" status
check "status: no connections" grep -q 'no connections' "$L/status-after.txt"
finish
