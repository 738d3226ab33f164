#!/bin/bash
# nm-ipv6: with ipv6=yes the engine negotiates IPV6CP next to IPCP, and the service hands
# NetworkManager an Ip6Config: the active connection shows the link-local address PPP agreed on
# next to the IPv4 one.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"

LNS_PPP_EXTRA="+ipv6"
load_modules
require "topology srv <-> cli" topo_direct
require "reference server up with IPV6CP (charon, guard, xl2tpd LNS, $LNS_AUTH)" srv_start srv
require "side cli" side_start cli
require "NetworkManager up on a private system bus in cli" nm_start cli

check "nmcli: add an l2tpc connection with ipv6=yes" nmc cli connection add type vpn \
	con-name office vpn-type l2tpc ipv4.never-default yes ipv6.never-default yes \
	vpn.data "gateway=$SRV_IP, user=$LNS_USER, ipsec-enabled=yes, ipv6=yes, refuse-pap=yes, refuse-eap=yes, password-flags=2, ipsec-psk-flags=2"
nm_passwd_file
check "nmcli: connection up" nmc cli connection up office passwd-file "$G/cli/passwd"
require "client: ppp interface up" ppp_wait_up cli 5
save ppp-addr6 in_cli ip -6 addr show dev "$PPP_IF"
check "client: $PPP_IF has a link-local IPv6 address" grep -q 'inet6 fe80::' "$L/ppp-addr6.txt"
save nm-active nmc cli connection show office
check "NetworkManager: IPv4 address from the pool" grep -Eq "IP4.ADDRESS\[1\]: +$PPP_LOCAL/32" "$L/nm-active.txt"
check "NetworkManager: an IPv6 link-local address from IPV6CP" \
	grep -Eq 'IP6.ADDRESS\[[0-9]\]: +fe80::' "$L/nm-active.txt"
check "client: ping6 the server's link-local address over $PPP_IF" \
	in_cli sh -c "busybox ping6 -c 3 -W 2 \$(ip -6 addr show dev $PPP_IF | sed -n 's/.*peer \(fe80::[0-9a-f:]*\).*/\1/p' | head -1)%$PPP_IF"
check "nmcli: connection down" nmc cli connection down office
# the service answers at once and exits once everything is undone (docs/nm-plugin.md)
check "client: the service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check_residue cli l2tpc
finish
