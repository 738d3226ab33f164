#!/bin/bash
# nm-default-route: with ipv4.never-default=no NetworkManager routes everything through the
# tunnel, keeping the gateway itself reachable outside it (the service hands it the external
# gateway; the engine pins its host route); after `down` the base connection's default route is
# back and nothing is left.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"

nm_testbed

check "nmcli: add an l2tpc connection that takes the default route" nmc cli connection add \
	type vpn con-name office vpn-type l2tpc ipv4.never-default no \
	vpn.data "gateway=$SRV_IP, user=$LNS_USER, ipsec-enabled=yes, refuse-pap=yes, refuse-eap=yes, password-flags=2, ipsec-psk-flags=2"
nm_passwd_file
check "nmcli: connection up" nmc cli connection up office passwd-file "$G/cli/passwd"
require "client: ppp interface up" ppp_wait_up cli 5
save route-get-up in_cli ip route get 198.18.0.1
check "client: an outside address now routes through $PPP_IF" grep -q "dev $PPP_IF" "$L/route-get-up.txt"
save route-get-gw in_cli ip route get "$SRV_IP"
check "client: the gateway itself stays outside the tunnel (veth-cli)" \
	grep -q 'dev veth-cli' "$L/route-get-gw.txt"
check "client: ping 10.10.0.1 through the tunnel (3/3)" ping_ok cli 10.10.0.1 3
check "nmcli: connection down" nmc cli connection down office
check "client: the service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
save route-get-down in_cli ip route get 198.18.0.1
check "client: the default route is the base connection's again" \
	grep -q 'dev nmbase0' "$L/route-get-down.txt"
save routes-down in_cli ip route show
check "client: no host route to the gateway left" lib_not grep -q "^$SRV_IP " "$L/routes-down.txt"
check_residue cli l2tpc
finish
