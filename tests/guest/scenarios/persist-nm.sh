#!/bin/bash
# persist-nm: under NetworkManager, a connection with vpn.persistent=yes comes back by itself
# after a 20 s blackout (figures: until connected, and until a ping through it answers, <= 10 s
# after the blackout's end), and the VPN stays activated meanwhile: the service sends Config and
# Ip4Config again once the new PPP link is up, and NetworkManager applies the new address
# (routes and DNS with it) to the active connection.
#
#   netns cli (192.0.2.2)                         netns srv (192.0.2.1)
#   +---------------------------------+   veth   +-----------------------------------+
#   | NetworkManager + nm-l2tpc-service|=========| charon + xl2tpd + pppd            |
#   |   vpn.persistent yes; ping      |  ESP     | iptables: DROP all to/from cli 20s|
#   +---------------------------------+          +-----------------------------------+
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"

LNS_PPP_EXTRA="ms-dns 192.0.2.53"
nm_testbed

nm_persistent_up lcp-echo-interval=1 lcp-echo-failure=2
first_local=$PPP_LOCAL
check "NetworkManager's log: the service runs the connection as persistent" \
	grep -q 'connecting to .* (persistent)' "$L/nm-cli.log"
save routes-to-gateway in_cli ip route show 192.0.2.1

# ---- 20 s blackout
in_srv iptables-legacy -I INPUT -s "$CLI_IP" -j DROP
in_srv iptables-legacy -I OUTPUT -d "$CLI_IP" -j DROP
t0=$(now_us)
log "server blackholed"
check "blackout: the service reconnects (attempt 1)" \
	wait_until 20 grep -q 'office: reconnecting: attempt 1 ' "$L/nm-cli.log"
log "figure: persist_nm_blackout_detect_s=$(us_to_s $(($(now_us) - t0)))"
save status-reconnecting in_cli "$L2TPC_BUILD_DIR/client/cli/l2tpc" status
check "blackout: l2tpc status shows office reconnecting" \
	grep -Eq '^office +reconnecting ' "$L/status-reconnecting.txt"
save nm-during nmc cli -t -f NAME connection show --active
check "blackout: NetworkManager keeps the VPN activated" grep -q '^office$' "$L/nm-during.txt"
while [ $(($(now_us) - t0)) -lt 20000000 ]; do gsleep 0.2; done
in_srv iptables-legacy -D INPUT -s "$CLI_IP" -j DROP
in_srv iptables-legacy -D OUTPUT -d "$CLI_IP" -j DROP
t2=$(now_us)
log "blackout over"
check "after the blackout: the service is connected again" \
	wait_until 30 eval "[ \"\$(grep -c 'office: connected on ' '$L/nm-cli.log')\" -ge 2 ]"
dt=$(($(now_us) - t2))
log "figure: persist_nm_blackout_reconnect_s=$(us_to_s "$dt")"
check_in_service "$t2" persist_nm_blackout_in_service_s "after the blackout"
check "blackout: the service dropped the lost connection, not waited for" \
	grep -q 'undoing the connection without waiting' "$L/nm-cli.log"
require "client: ppp interface up again" ppp_wait_up cli 5
check "client: ping 10.10.0.1 through the new tunnel (3/3)" ping_ok cli 10.10.0.1 3
save nm-active nmc cli connection show office
check "NetworkManager: the VPN is still activated" \
	grep -Eq 'VPN.VPN-STATE: +5 - VPN connected' "$L/nm-active.txt"
check "NetworkManager: the active connection holds the new address ($first_local -> $PPP_LOCAL)" \
	wait_until 5 eval "nmc cli connection show office | grep -Eq 'IP4.ADDRESS\\[1\\]: +$PPP_LOCAL/32'"
check "NetworkManager: the server's DNS applied again" \
	grep -Eq 'IP4.DNS\[1\]: +192\.0\.2\.53' "$L/nm-active.txt"
check "client: one pppd" [ "$(side_pids cli pppd | wc -l)" = 1 ]

check "nmcli: connection down" nmc cli connection down office
check "NetworkManager: office is no longer active" \
	wait_until 10 lib_no_match '^office:' nmc cli -t -f NAME,TYPE connection show --active
check "client: nm-l2tpc-service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check_residue cli l2tpc
finish
