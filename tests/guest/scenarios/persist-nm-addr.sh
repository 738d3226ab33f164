#!/bin/bash
# persist-nm-addr: under NetworkManager, a connection with vpn.persistent=yes follows a change of
# the client's address: the service's monitor drops it at once (nothing waits for answers to
# the old address) and connects again from the new address in the same private charon, while
# NetworkManager keeps the VPN activated, and the new PPP address reaches NetworkManager
# (figures: until connected, and until a ping through it answers, <= 10 s).
#
#   netns cli (192.0.2.2 -> 192.0.2.3)            netns srv (192.0.2.1)
#   +---------------------------------+   veth   +-----------------------------------+
#   | NetworkManager + nm-l2tpc-service|=========| charon + xl2tpd + pppd            |
#   |   vpn.persistent yes; ip addr   |  ESP     |                                   |
#   +---------------------------------+          +-----------------------------------+
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"

LNS_PPP_EXTRA="ms-dns 192.0.2.53"
nm_testbed

nm_persistent_up
first_local=$PPP_LOCAL

# ---- the client's address changes (promote_secondaries as systemd sets it)
in_cli sysctl -qw net.ipv4.conf.veth-cli.promote_secondaries=1
in_cli ip addr add 192.0.2.3/24 dev veth-cli
t0=$(now_us)
in_cli ip addr del 192.0.2.2/24 dev veth-cli
log "client address 192.0.2.2 -> 192.0.2.3"
check "address changed: the service restarts the connection, saying why" \
	wait_until 10 grep -Eq 'office: reconnecting: attempt 1 in [0-9]+ s: .*192\.0\.2\.2 to 192\.0\.2\.3' \
	"$L/nm-cli.log"
save nm-during nmc cli -t -f NAME connection show --active
check "address changed: NetworkManager keeps the VPN activated" grep -q '^office$' "$L/nm-during.txt"
check "address changed: the service is connected again" \
	wait_until 30 eval "[ \"\$(grep -c 'office: connected on ' '$L/nm-cli.log')\" -ge 2 ]"
log "figure: persist_nm_address_change_reconnect_s=$(us_to_s $(($(now_us) - t0)))"
check_in_service "$t0" persist_nm_address_change_in_service_s "address changed"
check "address changed: the old connection was dropped, not waited for" \
	grep -q 'undoing the connection without waiting' "$L/nm-cli.log"
check "address changed: the service's private charon was kept (started once)" \
	eval "[ \"\$(grep -c 'started a private charon' '$L/nm-cli.log')\" = 1 ]"
check "address changed: IKE went from the new address" \
	grep -Fq 'sending packet: from 192.0.2.3[500] to 192.0.2.1[500]' "$L/nm-cli.log"
require "client: ppp interface up again" ppp_wait_up cli 5
check "client: ping 10.10.0.1 through the new tunnel (2/2)" ping_ok cli 10.10.0.1 2
check "NetworkManager: the VPN is still activated" \
	eval "nmc cli connection show office | grep -Eq 'VPN.VPN-STATE: +5 - VPN connected'"
check "NetworkManager: the active connection holds the new address ($first_local -> $PPP_LOCAL)" \
	wait_until 5 eval "nmc cli connection show office | grep -Eq 'IP4.ADDRESS\\[1\\]: +$PPP_LOCAL/32'"

check "nmcli: connection down" nmc cli connection down office
check "NetworkManager: office is no longer active" \
	wait_until 10 lib_no_match '^office:' nmc cli -t -f NAME,TYPE connection show --active
check "client: nm-l2tpc-service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check_residue cli l2tpc
finish
