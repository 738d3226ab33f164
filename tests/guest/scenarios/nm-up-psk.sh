#!/bin/bash
# nm-up-psk: the real NetworkManager, on a private system bus in the client side, runs an l2tpc
# connection made with `nmcli connection add type vpn vpn-type l2tpc vpn.data ...` (PSK +
# MS-CHAPv2, both secrets not saved; no ipsec-enabled key, so IPsec by default) and brought up
# with the secrets from a passwd-file: NetworkManager starts nm-l2tpc-service, which runs the
# engine in-process. Checks: ping through, NetworkManager's active connection shows our address
# and DNS, never-default honoured, no secret in any argv; `nmcli connection down` then leaves
# nothing behind.
#
#   netns cli (192.0.2.2)                            netns srv (192.0.2.1)
#   +-------------------------------------+   veth   +--------------------------------+
#   | dbus-daemon --system, NetworkManager|==========| reference server (PSK,         |
#   |  nm-l2tpc-service (engine, charon,  |  ESP     |  MS-CHAPv2, ms-dns 192.0.2.53) |
#   |  LAC, pppd) --- ppp0 10.10.0.1x     |  only    |  10.10.0.1                     |
#   +-------------------------------------+          +--------------------------------+
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"

LNS_PPP_EXTRA="ms-dns 192.0.2.53"
nm_testbed

# No ipsec-enabled and no refuse-pap: a connection made with nmcli gets IPsec and no PAP anyway
# (the server's guard drops clear L2TP, and the wire check below sees ESP only).
check "nmcli: add an l2tpc connection with vpn.data (no ipsec-enabled key)" \
	nmc cli connection add type vpn con-name office vpn-type l2tpc ipv4.never-default yes \
	vpn.data "gateway=$SRV_IP, user=$LNS_USER, refuse-eap=yes, password-flags=2, ipsec-psk-flags=2"
save nm-connection-office nmc cli connection show office
check "nmcli: the connection's service type is ours" \
	grep -Eq 'vpn.service-type: +org.freedesktop.NetworkManager.l2tpc' "$L/nm-connection-office.txt"
check "nmcli: vpn.data names neither ipsec-enabled nor refuse-pap" \
	lib_not grep -Eq 'ipsec-enabled|refuse-pap' "$L/nm-connection-office.txt"

nm_passwd_file
cap_start wire-nm-up
t0=$(now_us)
check "nmcli: connection up with a passwd-file" \
	nmc cli connection up office passwd-file "$G/cli/passwd"
log "up in $(us_to_s $(($(now_us) - t0))) s"
require "client: ppp interface up with an address" ppp_wait_up cli 5
check "client: address from the pool 10.10.0.10-20" matches "$PPP_LOCAL" '^10\.10\.0\.(1[0-9]|20)$'
check "client: ping 10.10.0.1 through the tunnel (5/5)" ping_ok cli 10.10.0.1 5
cap_stop wire-nm-up
check_wire_esp_only wire-nm-up 10

save nm-active nmc cli connection show office
check "NetworkManager: the VPN is activated" grep -Eq 'VPN.VPN-STATE: +5 - VPN connected' "$L/nm-active.txt"
check "NetworkManager: the active connection holds our address" \
	grep -Eq "IP4.ADDRESS\[1\]: +$PPP_LOCAL/32" "$L/nm-active.txt"
check "NetworkManager: the active connection holds the server's DNS" \
	grep -Eq 'IP4.DNS\[1\]: +192\.0\.2\.53' "$L/nm-active.txt"
save routes-cli in_cli ip route show
check "client: never-default honoured (no default route over $PPP_IF)" \
	lib_not grep -Eq "^default .*dev $PPP_IF" "$L/routes-cli.txt"
check "NetworkManager's log names our service" grep -q 'l2tpc\[nm\]' "$L/nm-cli.log"
pids=$(side_pids cli pppd; side_pids cli nm-l2tpc-servic; side_pids cli charon)
check "client: no secret in the argv or environment of the service, charon or pppd" \
	lib_not grep -aq -e "$LNS_PASSWORD" -e "$SRV_PSK" \
	$(for p in $pids; do echo "/proc/$p/cmdline /proc/$p/environ"; done)
check "client: no secret in NetworkManager's log" lib_not grep -q -e "$LNS_PASSWORD" -e "$SRV_PSK" "$L/nm-cli.log"

check "nmcli: connection down" nmc cli connection down office
check "NetworkManager: office is no longer active" \
	wait_until 10 lib_no_match '^office:' nmc cli -t -f NAME,TYPE connection show --active
check "client: nm-l2tpc-service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check_residue cli l2tpc
check "server: ppp interface gone after the hang-up" wait_until 5 lib_empty srv_ppp_ifaces srv
finish
