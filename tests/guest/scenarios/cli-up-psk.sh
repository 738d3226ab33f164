#!/bin/bash
# cli-up-psk: `l2tpc up` (our VICI driver + private charon, our LAC, kernel data path, pppd with
# our plugin) against the reference server with PSK + MS-CHAPv2: ppp up, ping through, SA in
# TRANSPORT mode, only ESP on the wire; SIGTERM then leaves nothing behind.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up office              |==========| charon responder (PSK)            |
#   |  private charon (VICI)       |  ESP     | xl2tpd LNS --- pppd (MS-CHAPv2)   |
#   |  LAC --- pppd (ppp0)         |  only    |   10.10.0.1, pool 10.10.0.10-20   |
#   |   10.10.0.1x  <-- ping -->   |          | iptables: drop udp/1701 not IPsec |
#   +------------------------------+          +-----------------------------------+
#     tcpdump on veth-cli
. "$(dirname "$0")/../lib.sh"

L2TPC=$L2TPC_BUILD_DIR/client/cli/l2tpc
PLUGIN=$L2TPC_BUILD_DIR/client/pppd-plugin/l2tpc-pppd-plugin.so

load_modules
require "topology srv <-> cli" topo_direct
require "reference server up (charon responder, guard, xl2tpd LNS, $LNS_AUTH)" srv_start srv
require "side cli" side_start cli

# The profile holds no secret: they come in over --secrets-fd, as a script would pass them.
mkdir -p "$G/cli/profiles"
cat > "$G/cli/profiles/office.conf" <<EOF2
[connection]
id=office

[vpn]
gateway=$SRV_IP
user=$LNS_USER
ipsec-enabled=yes
refuse-pap=yes
refuse-eap=yes
EOF2
printf 'password=%s\nipsec-psk=%s\n' "$LNS_PASSWORD" "$SRV_PSK" > "$G/cli/secrets"
chmod 600 "$G/cli/secrets"

cap_start wire-cli-up
t0=$(now_us)
bg_in_side cli l2tpc-up bash -c "exec $L2TPC up $G/cli/profiles/office.conf -v \
	--pppd-plugin $PLUGIN --secrets-fd 3 3< $G/cli/secrets"
check "l2tpc: 'connected:' line printed" wait_until 30 grep -Eq '(^| )connected: ppp' "$L/l2tpc-up.log"
log "connected in $(us_to_s $(($(now_us) - t0))) s"
save l2tpc-up-so-far cat "$L/l2tpc-up.log"
require "client: ppp interface up with an address" ppp_wait_up cli 5
check "client: address from the pool 10.10.0.10-20" matches "$PPP_LOCAL" '^10\.10\.0\.(1[0-9]|20)$'
check "client: the connected line names the interface and addresses" \
	grep -Eq "(^| )connected: $PPP_IF local=$PPP_LOCAL peer=10\.10\.0\.1 " "$L/l2tpc-up.log"
check "client: ping 10.10.0.1 through the tunnel (5/5)" ping_ok cli 10.10.0.1 5
cap_stop wire-cli-up
check_wire_esp_only wire-cli-up 10

save xfrm-state-cli in_cli ip xfrm state
check "client: kernel SAs are ESP in transport mode" \
	[ "$(grep -c 'proto esp spi .* mode transport' "$L/xfrm-state-cli.txt")" -ge 2 ]
save pppol2tp-cli in_cli cat /proc/net/pppol2tp
check "client: kernel PPPoL2TP session in /proc/net/pppol2tp" grep -q "^  SESSION '" "$L/pppol2tp-cli.txt"
pppd_pid=$(side_pids cli pppd | head -1)
check "client: no secret in pppd's argv or environment" \
	lib_not grep -aq -e "$LNS_PASSWORD" -e "$SRV_PSK" "/proc/$pppd_pid/cmdline" "/proc/$pppd_pid/environ"
save l2tpc-status in_cli "$L2TPC" status
check "client: l2tpc status lists office as connected" grep -Eq '^office +connected +ppp' "$L/l2tpc-status.txt"

# Disconnect like a user would: SIGTERM to l2tpc (l2tpc down does the same).
save l2tpc-down in_cli "$L2TPC" down office
check "client: l2tpc down reports the disconnect" grep -q 'disconnected: office' "$L/l2tpc-down.txt"
check "client: l2tpc up printed 'disconnected'" wait_until 10 grep -Eq '(^| )disconnected: office' "$L/l2tpc-up.log"
check "client: no l2tpc left" wait_until 10 lib_empty side_pids cli l2tpc
check "client: no charon left (private charon stopped)" wait_until 10 lib_empty side_pids cli charon
check_residue cli l2tpc
check "server: ppp interface gone after the hang-up" wait_until 5 lib_empty srv_ppp_ifaces srv
check "server: xl2tpd saw the call disconnect (CDN)" grep -q -i 'disconnect' "$L/xl2tpd-srv.log"
finish
