#!/bin/bash
# cli-up-recover: what a user meets when things go wrong with `l2tpc up`.
#  1. a wrong user password ends with the "PPP authentication failed" sentence and exit code 9,
#     and leaves nothing behind.
#  2. l2tpc is killed with SIGKILL while connected: `l2tpc status` shows the connection as stale,
#     and the next `l2tpc up` cleans the leftovers (pppd, the host route to the gateway) and
#     connects again (from an ephemeral port: the server still holds the killed tunnel on
#     1701); `l2tpc down` then leaves nothing.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up office: wrong pass- |==========| charon responder (PSK)            |
#   |   word; kill -9, up again,   |  ESP     | xl2tpd LNS --- pppd (MS-CHAPv2)   |
#   |   down                       |          | iptables: drop udp/1701 not IPsec |
#   +------------------------------+          +-----------------------------------+
. "$(dirname "$0")/../lib.sh"

. "$GUEST_LIB_DIR/l2tpc-lib.sh"
l2tpc_testbed

l2tpc_profile office # also writes $G/cli/secrets
(umask 077 && printf 'password=wrong-%s\nipsec-psk=%s\n' "$LNS_PASSWORD" "$SRV_PSK" \
	> "$G/cli/secrets-wrong")

# up LOGNAME SECRETS: starts `l2tpc up office` in the background (BG_PID = its pid).
up() {
	bg_in_side cli "$1" bash -c "exec $L2TPC up $G/cli/profiles/office.conf -v \
		--pppd-plugin $L2TPC_PLUGIN --secrets-fd 3 3< $2"
}
connected() { grep -Eq '(^| )connected: ppp' "$L/$1.log"; }
host_route() { in_cli ip route show exact "$SRV_IP/32"; }

# ---- 1. wrong password (first: a killed connection below keeps port 1701 busy at the server)
in_cli bash -c "$L2TPC up $G/cli/profiles/office.conf --pppd-plugin $L2TPC_PLUGIN --secrets-fd 3 \
	3< $G/cli/secrets-wrong" > "$L/l2tpc-wrong.out" 2> "$L/l2tpc-wrong.err"
rc=$?
check "wrong password: exit code 9 (ppp-auth)" [ "$rc" = 9 ]
check "wrong password: one sentence saying PPP authentication failed" \
	grep -q '^l2tpc: error: PPP authentication failed' "$L/l2tpc-wrong.err"
check "wrong password: the password is not in the output" \
	lib_not grep -q "$LNS_PASSWORD" "$L/l2tpc-wrong.out" "$L/l2tpc-wrong.err"
check "wrong password: no host route left" lib_empty host_route
check_residue cli l2tpc
# ---- 1b. wrong PSK: IKE fails while the early-started pppd waits for the session; it must go
(umask 077 && printf 'password=%s\nipsec-psk=wrong-%s\n' "$LNS_PASSWORD" "$SRV_PSK" \
	> "$G/cli/secrets-wrong-psk")
in_cli bash -c "$L2TPC up $G/cli/profiles/office.conf -v --pppd-plugin $L2TPC_PLUGIN \
	--secrets-fd 3 3< $G/cli/secrets-wrong-psk" > "$L/l2tpc-wrong-psk.out" 2> "$L/l2tpc-wrong-psk.err"
rc=$?
check "wrong PSK: exit code 6 (ipsec-auth)" [ "$rc" = 6 ]
check "wrong PSK: pppd had been started while IKE ran" \
	grep -q 'started pppd (.*waiting for the L2TP session)' "$L/l2tpc-wrong-psk.err"
check "wrong PSK: the failure is IKE's, not pppd's" \
	lib_not grep -q '^l2tpc: error: pppd' "$L/l2tpc-wrong-psk.err"
check_residue cli l2tpc
# ---- 2. kill -9 while connected, then up again
up l2tpc-up-1 "$G/cli/secrets"
require "first up: connected" wait_until 30 connected l2tpc-up-1
check "first up: host route to the gateway pinned" lib_not lib_empty host_route
kill -9 "$BG_PID"
check "l2tpc killed with SIGKILL is gone" wait_until 5 lib_empty side_pids cli l2tpc
check "pppd followed its l2tpc (no orphan link)" wait_until 10 lib_empty side_pids cli pppd
save status-stale in_cli "$L2TPC" status
check "status shows the killed connection as stale" grep -Eq '^office +stale ' "$L/status-stale.txt"
check "the killed connection's host route is still there (to be cleaned)" \
	lib_not lib_empty host_route

up l2tpc-up-2 "$G/cli/secrets"
check "second up: cleaned up after the killed one" \
	wait_until 10 grep -q "cleaning up after the killed l2tpc" "$L/l2tpc-up-2.log"
check "second up: switched to an ephemeral source port" \
	grep -q "using an ephemeral source port" "$L/l2tpc-up-2.log"
require "second up: connected" wait_until 30 connected l2tpc-up-2
check "second up: ping 10.10.0.1 through the tunnel" ping_ok cli 10.10.0.1 3
save status-up in_cli "$L2TPC" status
check "status shows office connected, nothing stale" \
	lib_all_in "$L/status-up.txt" "connected"
check "status lists no stale entry" lib_not grep -q stale "$L/status-up.txt"
save down-2 in_cli "$L2TPC" down office
check "down: l2tpc up exited" wait_until 10 lib_empty side_pids cli l2tpc
check "down: no host route to the gateway left" lib_empty host_route
check_residue cli l2tpc

finish
