#!/bin/bash
# nm-migrate: a NetworkManager-l2tp connection (service type org.freedesktop.NetworkManager.l2tp,
# password and PSK stored by NetworkManager) is converted in place by nm-l2tpc-migrate: same
# uuid, service type l2tpc, stored secrets kept; it then connects with no secret given, pings
# through, and goes down without residue. A second one, with IPsec off (NetworkManager-l2tp then
# writes no ipsec-enabled key), keeps IPsec off as ipsec-enabled=no, gets PAP refused, and the
# migration says both.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"

MIGRATE=$L2TPC_BUILD_DIR/nm-plugin/nm-l2tpc-migrate
nm_testbed

check "nmcli: add a NetworkManager-l2tp connection with stored secrets" \
	nmc cli connection add type vpn con-name office \
	vpn-type org.freedesktop.NetworkManager.l2tp ipv4.never-default yes \
	vpn.data "gateway=$SRV_IP, user=$LNS_USER, ipsec-enabled=yes, refuse-pap=yes, refuse-eap=yes" \
	vpn.secrets "password=$LNS_PASSWORD, ipsec-psk=$SRV_PSK"
uuid=$(nmc cli -g connection.uuid connection show office)
# NetworkManager-l2tp writes ipsec-enabled only when IPsec is on: this one had it off.
check "nmcli: add a NetworkManager-l2tp connection with IPsec off (no ipsec-enabled key)" \
	nmc cli connection add type vpn con-name plain \
	vpn-type org.freedesktop.NetworkManager.l2tp vpn.data "gateway=$SRV_IP, user=$LNS_USER"
save migrate-dry-run in_cli "$MIGRATE" --dry-run
check "migrate --dry-run names the connection" grep -q "would migrate: office ($uuid)" "$L/migrate-dry-run.txt"
check "migrate --dry-run changes nothing" \
	matches "$(nmc cli -g vpn.service-type connection show office)" 'NetworkManager\.l2tp$'
save migrate in_cli "$MIGRATE"
check "migrate: reports the connection migrated" grep -q "^migrated: office ($uuid)" "$L/migrate.txt"
check "nmcli: the service type is now l2tpc" \
	matches "$(nmc cli -g vpn.service-type connection show office)" 'NetworkManager\.l2tpc$'
check "nmcli: same uuid" [ "$(nmc cli -g connection.uuid connection show office)" = "$uuid" ]
save secrets-after nmc cli -s -g vpn.secrets connection show office
check "nmcli: the stored password and PSK were kept" \
	lib_all_in "$L/secrets-after.txt" "password = $LNS_PASSWORD" "ipsec-psk = $SRV_PSK"
save vpn-data-plain nmc cli -g vpn.data connection show plain
check "migrate: IPsec stays off where it was off, spelt out (ipsec-enabled=no)" \
	grep -q 'ipsec-enabled = no' "$L/vpn-data-plain.txt"
check "migrate: PAP without IPsec is refused now (refuse-pap=yes)" \
	grep -q 'refuse-pap = yes' "$L/vpn-data-plain.txt"
check "migrate: says so for that connection" \
	lib_all_in "$L/migrate.txt" "note: plain: IPsec stays off" "note: plain: PAP is now refused"
check "migrate: no such note for the connection with IPsec on" lib_not grep -q 'note: office' "$L/migrate.txt"
save migrate-again in_cli "$MIGRATE"
check "migrate: a second run finds nothing to do" grep -q 'nothing to migrate' "$L/migrate-again.txt"

check "nmcli: the migrated connection comes up with no secret given" nmc cli connection up office
require "client: ppp interface up" ppp_wait_up cli 5
check "client: ping 10.10.0.1 through the tunnel (3/3)" ping_ok cli 10.10.0.1 3
check "nmcli: connection down" nmc cli connection down office
check "client: the service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check_residue cli l2tpc
finish
