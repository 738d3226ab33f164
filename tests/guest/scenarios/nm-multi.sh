#!/bin/bash
# nm-multi: two l2tpc connections up at once under the real NetworkManager. "office" comes from
# `nmcli connection import type l2tpc file F` of a NetworkManager-l2tp export (booleans
# true/false, [ipv4]), is exported back with `nmcli connection export` (our format, no
# secrets) and is brought up with `nmcli --ask`, the secrets typed on stdin; "lab" is
# made with `nmcli connection add ... vpn.data` for a second server (srv2, pool 10.20.0.x) and
# brought up with a passwd-file. Both ping through, each on its own ppp interface and service
# process. A third connection to lab's gateway is refused with a sentence naming lab, and lab
# keeps working. Both go down without residue.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"

# services_are N: N service processes run in cli (a function, so wait_until polls it afresh)
services_are() { [ "$(side_pids cli nm-l2tpc-servic | wc -l)" -eq "$1" ]; }

load_modules
require "topology srv <-> cli" topo_direct
require "reference server up (charon responder, guard, xl2tpd LNS, $LNS_AUTH)" srv_start srv
require "topology: second server srv2" topo_add_srv2
LNS_LOCAL_IP=10.20.0.1 LNS_POOL=10.20.0.10-10.20.0.20 \
	require "second reference server up in srv2 (pool 10.20.0.10-20)" srv_start srv2
require "side cli" side_start cli
require "NetworkManager up on a private system bus in cli" nm_start cli

cat > "$G/cli/office-l2tp.conf" <<EOF2
[connection]
id=office

[vpn]
gateway=$SRV_IP
user=$LNS_USER
ipsec-enabled=true
refuse-pap=true
refuse-eap=true
password-flags=2
ipsec-psk-flags=2

[ipv4]
method=auto
never-default=true
EOF2
check "nmcli: import a NetworkManager-l2tp export as type l2tpc" \
	nmc cli connection import type l2tpc file "$G/cli/office-l2tp.conf"
save nm-connection-office nmc cli -f vpn.service-type,vpn.data,ipv4.never-default connection show office
check "nmcli: the imported connection is ours, with the file's keys" \
	grep -Eq 'vpn.service-type: +org.freedesktop.NetworkManager.l2tpc' "$L/nm-connection-office.txt"
check "nmcli: true became yes and never-default was kept" \
	grep -Eq 'ipsec-enabled = yes' "$L/nm-connection-office.txt"
check "nmcli: ipv4.never-default imported" grep -Eq 'ipv4.never-default: +yes' "$L/nm-connection-office.txt"

check "nmcli: export office in our format" nmc cli connection export office "$G/cli/office-export.conf"
check "export: names our service type" \
	grep -q '^service-type=org.freedesktop.NetworkManager.l2tpc$' "$G/cli/office-export.conf"
check "export: keeps the keys (gateway, user)" \
	lib_all_in "$G/cli/office-export.conf" "gateway=$SRV_IP" "user=$LNS_USER"
check "export: no secret group" lib_not grep -q 'vpn-secrets' "$G/cli/office-export.conf"

check "nmcli: add a second connection 'lab' to srv2" nmc cli connection add type vpn \
	con-name lab vpn-type l2tpc ipv4.never-default yes \
	vpn.data "gateway=$SRV2_IP, user=$LNS_USER, ipsec-enabled=yes, refuse-pap=yes, refuse-eap=yes, password-flags=2, ipsec-psk-flags=2"

# --ask: nmcli prompts for what the service's hints name (password, then the PSK).
check "nmcli --ask: office up, secrets typed on stdin" \
	in_cli sh -c "printf '%s\n%s\n' '$LNS_PASSWORD' '$SRV_PSK' |
		PAGER=cat nmcli --ask --wait 60 connection up office"
nm_passwd_file
check "nmcli: lab up with a passwd-file while office stays up" \
	nmc cli connection up lab passwd-file "$G/cli/passwd"
save nm-active nmc cli -t -f NAME,TYPE,DEVICE,STATE connection show --active
check "NetworkManager: office activated" grep -Eq '^office:vpn:.*:activated' "$L/nm-active.txt"
check "NetworkManager: lab activated" grep -Eq '^lab:vpn:.*:activated' "$L/nm-active.txt"
save ppp-links in_cli ip -o -4 addr show
check "client: ppp interface with an address from srv's pool" \
	grep -Eq ' ppp[0-9]+ +inet 10\.10\.0\.(1[0-9]|20) peer 10\.10\.0\.1/32' "$L/ppp-links.txt"
check "client: ppp interface with an address from srv2's pool" \
	grep -Eq ' ppp[0-9]+ +inet 10\.20\.0\.(1[0-9]|20) peer 10\.20\.0\.1/32' "$L/ppp-links.txt"
check "client: two service processes, one per connection" \
	[ "$(side_pids cli nm-l2tpc-servic | wc -l)" -eq 2 ]
check "client: ping srv's 10.10.0.1 through office (3/3)" ping_ok cli 10.10.0.1 3
check "client: ping srv2's 10.20.0.1 through lab (3/3)" ping_ok cli 10.20.0.1 3

check "nmcli: add 'lab-2', a second connection to srv2" nmc cli connection add type vpn \
	con-name lab-2 vpn-type l2tpc ipv4.never-default yes \
	vpn.data "gateway=$SRV2_IP, user=$LNS_USER, ipsec-enabled=yes, refuse-pap=yes, refuse-eap=yes, password-flags=2, ipsec-psk-flags=2"
check_fails "nmcli: lab-2 (lab's gateway) does not come up" \
	nmc cli connection up lab-2 passwd-file "$G/cli/passwd"
check "service log: lab-2 refused with a sentence naming the gateway and lab" \
	grep -q "already connected to the gateway $SRV2_IP by lab.*disconnect lab first" "$L/nm-cli.log"
check "client: lab-2's service exits, the two others stay" \
	wait_until 30 services_are 2
check "client: lab still pings through after the refusal" ping_ok cli 10.20.0.1 3
check "nmcli: office down" nmc cli connection down office
# office's service may have started the shared private charon: once it has exited, lab must
# still work.
check "client: office's service exits, lab's stays" \
	wait_until 30 services_are 1
check "client: lab still pings through after office went down" ping_ok cli 10.20.0.1 3
check "nmcli: lab down" nmc cli connection down lab
check "client: the service processes exit" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check_residue cli l2tpc
finish
