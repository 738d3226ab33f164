#!/bin/bash
# l2tpns: an ISP's LNS. Debian's l2tpns 2.4.1 behind a strongSwan responder (as its users put it
# behind IPsec for remote-access clients), authenticating PPP through RADIUS against Debian's
# freeradius (its users file). A *default* profile connects, pings the LNS's tun address through
# the tunnel, the wire carries only ESP (also during the teardown), and the disconnect leaves
# nothing behind on either side: l2tpns closes the session and the tunnel.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up (default profile)   |==========| charon responder (PSK), guard     |
#   |  private charon, LAC, pppd   |  ESP     | l2tpns (tun, 10.10.0.1, pool      |
#   |   10.10.0.x <-- ping -->     |  only    |  10.10.0.16/28) -- RADIUS -->     |
#   |                              |          | freeradius 127.0.0.1:1812 (users) |
#   +------------------------------+          +-----------------------------------+
. "$(dirname "$0")/../lib.sh"

[ -x /usr/sbin/l2tpns ] && [ -x /usr/sbin/freeradius ] ||
	skip "l2tpns and freeradius are not installed (tools/install-deps.sh)"
NS_DIR=$G/srv/l2tpns
RAD_DIR=$G/srv/raddb
RAD_SECRET=l2tpc-radius-secret
NS_TUN_IP=10.10.0.1

# rad_start: freeradius with a copy of Debian's configuration: our user in the users file, and
# the localhost client with our secret.
rad_start() {
	cp -a /etc/freeradius/3.0 "$RAD_DIR" || return 1
	(umask 077 &&
		printf '%s Cleartext-Password := "%s"\n' "$LNS_USER" "$LNS_PASSWORD" \
			> "$RAD_DIR/mods-config/files/authorize.l2tpc" &&
		cat "$RAD_DIR/mods-config/files/authorize" >> "$RAD_DIR/mods-config/files/authorize.l2tpc" &&
		mv "$RAD_DIR/mods-config/files/authorize.l2tpc" "$RAD_DIR/mods-config/files/authorize" &&
		printf 'client l2tpns {\n\tipaddr = 127.0.0.1\n\tsecret = %s\n}\n' "$RAD_SECRET" \
			> "$RAD_DIR/clients.conf") || return 1
	# it stays root: its files are under $G, which only root may enter
	sed -i -E 's/^([[:space:]]*(user|group) = freerad)/#\1/' "$RAD_DIR/radiusd.conf" || return 1
	in_srv mkdir -p /run/freeradius
	bg_in_side srv freeradius /usr/sbin/freeradius -X -d "$RAD_DIR"
	RAD_PID=$BG_PID
	wait_until 30 grep -q "Ready to process requests" "$L/freeradius.log"
}

# ns_start: l2tpns with its configuration in srv's own /etc/l2tpns (a bind mount), a dummy
# interface for its cluster messages (it exits without one), and its own process group (it
# signals the whole group when it stops).
ns_start() {
	mkdir -p "$NS_DIR" || return 1
	cat > "$NS_DIR/startup-config" <<-EOF2
	set debug 3
	set log_file "$L/l2tpns.log"
	set pid_file "/run/l2tpns.pid"
	set bind_address $SRV_IP
	set iftun_address $NS_TUN_IP
	set peer_address $NS_TUN_IP
	set primary_dns $NS_TUN_IP
	set primary_radius 127.0.0.1
	set radius_secret "$RAD_SECRET"
	set radius_accounting no
	set radius_authtypes "chap,pap"
	set cluster_interface "cluster0"
	set cli_bind_address 127.0.0.1
	set ppp_keepalive yes
	EOF2
	printf '10.10.0.16/28\n' > "$NS_DIR/ip_pool"
	: > "$NS_DIR/users"
	in_srv ip link add cluster0 type dummy && in_srv ip addr add 10.255.255.1/32 dev cluster0 &&
		in_srv ip link set cluster0 up || return 1
	in_srv mount --bind "$NS_DIR" /etc/l2tpns || return 1
	in_srv mkdir -p /dev/net
	[ -c "$(side_run_file srv /dev/net/tun)" ] || in_srv mknod /dev/net/tun c 10 200
	bg_in_side srv l2tpns-out setsid /usr/sbin/l2tpns -c /etc/l2tpns/startup-config
	NS_PID=$BG_PID
	# it opens udp/1701 only once it has made itself cluster master (a few seconds); before
	# that the kernel answers an SCCRQ with a clear ICMP port unreachable
	wait_until 30 ns_listening
}
ns_listening() { in_srv ss -Hlun "sport = :1701" | grep -q "$SRV_IP:1701"; }

load_modules dummy
require "topology srv <-> cli" topo_direct
require "side srv" side_start srv
require "side cli" side_start cli
require "server: strongSwan responder (PSK) and the clear-text udp/1701 guard" \
	eval 'srv_ipsec_start srv && srv_guard srv'
require "server: freeradius up with the test user" rad_start
require "server: l2tpns up and listening on udp/1701 (tun $NS_TUN_IP)" ns_start
. "$GUEST_LIB_DIR/l2tpc-lib.sh"

# A default profile: what a user writes down from the server's settings, nothing more.
mkdir -p "$G/cli/profiles"
cat > "$G/cli/profiles/isp.conf" <<EOF2
[connection]
id=isp

[vpn]
gateway=$SRV_IP
user=$LNS_USER
ipsec-enabled=yes
EOF2
(umask 077 && printf 'password=%s\nipsec-psk=%s\n' "$LNS_PASSWORD" "$SRV_PSK" > "$G/cli/secrets")

on_exit save charon-cli in_cli cat /run/l2tpc/charon.log
cap_start wire-ns
t0=$(now_us)
L2TPC_LOG=$L/l2tpc-up.log
bg_in_side cli l2tpc-up bash -c "exec $L2TPC up $G/cli/profiles/isp.conf -v \
	--pppd-plugin $L2TPC_PLUGIN --secrets-fd 3 3< $G/cli/secrets"
require "l2tpc: 'connected:' line printed" \
	wait_until 40 grep -Eq '(^| )connected: ppp' "$L2TPC_LOG"
log "connected in $(us_to_s $(($(now_us) - t0))) s"
require "client: ppp interface up with an address" ppp_wait_up cli 5
check "client: address from l2tpns's pool 10.10.0.16/28" matches "$PPP_LOCAL" '^10\.10\.0\.(1[6-9]|2[0-9]|3[01])$'
check "server: RADIUS accepted the login" grep -q "Access-Accept" "$L/freeradius.log"
check "client: ping l2tpns's tun address $NS_TUN_IP through the tunnel" ping_ok cli "$NS_TUN_IP" 5
save l2tpc-down in_cli "$L2TPC" down isp
check "client: l2tpc down reports the disconnect" grep -q "disconnected: isp" "$L/l2tpc-down.txt"
gsleep 1
cap_stop wire-ns
check_wire_esp_only wire-ns 10
check "client: no l2tpc left when l2tpc down returns" lib_empty side_pids cli l2tpc
check "client: no charon left" lib_empty side_pids cli charon
check_residue cli l2tpc
check "server: l2tpns closed our session (CDN)" \
	wait_until 5 grep -Eq "Closing session|Received CDN|CDN" "$L/l2tpns.log"
check "server: l2tpns closed our tunnel (StopCCN)" \
	wait_until 5 grep -Eq "StopCCN|Shutting down tunnel|Closing tunnel" "$L/l2tpns.log"
check "server: the responder dropped our SAs" wait_until 8 lib_empty in_srv ip xfrm state
finish
