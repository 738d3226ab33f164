#!/bin/bash
# nm-kill-mid-ike: the NetworkManager service SIGKILLed during IKEv1 Main Mode, once its charon
# has sent Main Mode's last message (MM5) and with the server's answer (MM6) held back 4 s: the
# server completes its IKE SA while the orphaned private charon is still CONNECTING. The next
# `nmcli connection up` starts a new service, whose stale cleanup (the CLI's) waits for that
# exchange and terminates it before it stops the charon: the server gets a DELETE, holds exactly
# one IKE SA with us once the new connection is up, and none after down.
#
#   netns cli (192.0.2.2)                        netns srv (192.0.2.1)
#   +--------------------------------+   veth   +--------------------------------+
#   | NetworkManager + nm-l2tpc-     |==========| charon responder (PSK)         |
#   |   service (killed at MM5),     |  <- +4 s | xl2tpd LNS + pppd              |
#   |   its private charon           |  (MM6)   |                                |
#   +--------------------------------+          +--------------------------------+
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"
. "$GUEST_LIB_DIR/l2tpc-lib.sh"

load_modules sch_netem sch_prio cls_u32
require "topology srv <-> cli" topo_direct
require "reference server up (charon responder, guard, xl2tpd LNS, $LNS_AUTH)" srv_start srv
require "side cli" side_start cli
require "NetworkManager up on a private system bus in cli" nm_start cli

check "nmcli: add an l2tpc connection" nmc cli connection add type vpn con-name office \
	vpn-type l2tpc ipv4.never-default yes \
	vpn.data "gateway=$SRV_IP, user=$LNS_USER, refuse-pap=yes, refuse-eap=yes, password-flags=2, ipsec-psk-flags=2"
nm_passwd_file

# charon's own log, in cli's run dir: the moment MM5 left
cli_mm5_sent() {
	grep -q 'generating ID_PROT request 0 \[ ID HASH' \
		"/proc/${LIB_SIDE_PID[cli]}/root/run/l2tpc/charon.log" 2> /dev/null
}

require "server: MM6 held back" srv_hold_mm6
nmc cli connection up office passwd-file "$G/cli/passwd" > "$L/nmcli-up-killed.txt" 2>&1 &
up=$!
require "client: the service's charon sent MM5" wait_until 30 cli_mm5_sent
pid=$(side_pids cli nm-l2tpc-servic)
check "client: one service process" matches "$pid" '^[0-9]+$'
kill -KILL $pid
require "server: it answered MM5 (MM6 queued)" wait_until 5 srv_mm6_sent
orphan=$(side_pids cli charon)
check "client: the private charon outlived the service" [ -n "$orphan" ]
wait $up
deletes=$(grep -c "received DELETE for IKE_SA" "$L/charon-srv.log")

srv_release_mm6 "$L/nm-cli.log" &
check "nmcli: up again after the kill" nmc cli connection up office passwd-file "$G/cli/passwd"
require "client: ppp interface up" ppp_wait_up cli 5
check "new service: waited for the killed run's Main Mode" \
	grep -q "the orphaned private charon: an IKE exchange is under way" "$L/nm-cli.log"
check "new service: ended the killed run's IKE SA" grep -q "IKE SA ended, the server told" \
	"$L/nm-cli.log"
check "new service: stopped the orphaned charon ($orphan)" \
	grep -q "stopping the private charon (pid $orphan) that a killed l2tpc left" "$L/nm-cli.log"
check "server: it got a DELETE for the IKE SA it completed" \
	eval '[ "$(grep -c "received DELETE for IKE_SA" "$L/charon-srv.log")" -gt "$deletes" ]'
save server-ike-up in_srv swanctl --list-sas
check "server: one IKE SA with us, the new connection's" eval '[ "$(srv_ike_with_client)" = 1 ]'
check "client: ping 10.10.0.1 through the tunnel" ping_ok cli 10.10.0.1 3

check "nmcli: connection down" nmc cli connection down office
check "client: the service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check "client: no charon left" wait_until 6 lib_empty side_pids cli charon
check "server: no IKE SA with us" wait_until 5 srv_no_ike_with_client
check "server: no ESP SA with us" wait_until 5 lib_no_match "$CLI_IP" in_srv ip xfrm state
check_residue cli l2tpc
finish
