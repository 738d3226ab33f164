#!/bin/bash
# demo: what tools/demo.sh shows. A real L2TP/IPsec server (strongSwan responder + xl2tpd LNS +
# pppd, PSK + MS-CHAPv2) in netns srv; a client connects from netns cli, pings through the
# tunnel, disconnects; a summary tells times, addresses, SA mode, wire check and residue check.
#
#   netns cli (192.0.2.2)                       netns srv (192.0.2.1)
#   +-------------------------------+   veth   +-------------------------------------+
#   | demo_connect:                 |==========| strongSwan IKEv1 responder (PSK)    |
#   |   reference client today      |   ESP    | xl2tpd LNS + pppd (MS-CHAPv2)       |
#   |   (swanctl + xl2tpd + pppd),  |   only   | 10.10.0.1, pool 10.10.0.10-20       |
#   |   later `l2tpc up demo`       |          | iptables: no clear-text L2TP        |
#   +-------------------------------+          +-------------------------------------+
#     tcpdump on veth-cli
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../refclient.sh"
LIB_QUIET_PASS=1       # the demo narrates; failures still print FAIL lines

# say TEXT: a narrative line. item TEXT: an indented line waiting for its result (ok/FAILED).
say() { printf '%s\n' "$*"; }
item() {
	local dots=..................................................................
	local n=$((66 - ${#1}))
	[ $n -ge 2 ] || n=2
	printf '      %s %s ' "$1" "${dots:0:$n}"
}
result() { if [ "$1" = 0 ]; then echo "ok${2:+ ($2)}"; else echo "FAILED${2:+ ($2)}"; fi; }
# secs MICROSECONDS: "1.2" (one decimal, no fork)
secs() { printf '%d.%d' $(($1 / 1000000)) $((($1 % 1000000) / 100000)); }
# run_item TEXT CMD...: item + check + result (the check keeps the verdict honest).
run_item() {
	local t0 rc text=$1
	shift
	item "$text"
	t0=$(now_us)
	check "$text" "$@"
	rc=$?
	result $rc "$(secs $(($(now_us) - t0))) s"
	return $rc
}

# demo_connect: brings the VPN up from side cli; sets DEMO_UP_S (seconds from "connect" to an
# addressed ppp interface), DEMO_DETAIL (optional breakdown) and PPP_IF, PPP_LOCAL, PPP_PEER. Today: the reference client. When the l2tpc CLI is ready, replace the
# body with `in_cli "$L2TPC_BUILD_DIR/client/cli/l2tpc" up demo` (profile written beforehand)
# followed by ppp_wait_up cli, and demo_disconnect with `l2tpc down demo`.
demo_connect() {
	local t0 t1 t2
	say "[2/6] Connecting from netns \"cli\" ($CLI_IP) with the reference client (swanctl + xl2tpd)"
	run_item "load the client's IKE config (PSK)" refcli_ipsec_start || return 1
	run_item "start the L2TP access concentrator (xl2tpd LAC)" refcli_lac_start || return 1
	t0=$(now_us)
	run_item "IKEv1 Main Mode + Quick Mode: ESP transport SA" refcli_initiate || return 1
	t1=$(now_us)
	run_item "L2TP tunnel + session, PPP LCP, MS-CHAPv2, IPCP" refcli_ppp_up 20 || return 1
	t2=$(now_us)
	DEMO_UP_S=$(secs $((t2 - t0)))
	DEMO_DETAIL="IPsec $(secs $((t1 - t0))) s + L2TP/PPP $(secs $((t2 - t1))) s"
}

# demo_disconnect: hangs up and removes the IPsec SA (and the client's daemons).
demo_disconnect() {
	run_item "hang up PPP and L2TP" refcli_ppp_down || return 1
	run_item "delete the IKE and IPsec SAs" refcli_terminate || return 1
	refcli_stop
}

say ""
say "l2tpc demo: an L2TP/IPsec VPN server and client inside a $L2TPC_GUEST guest (kernel $(uname -r))"
say ""
say "[1/6] Starting the VPN server in netns \"srv\" ($SRV_IP)"
load_modules > /dev/null
topo_direct > /dev/null || { say "could not create the network namespaces"; finish; }
side_start srv
run_item "strongSwan IKEv1 responder, PSK, ESP transport for udp/1701" srv_ipsec_start srv || finish
run_item "firewall: drop L2TP that did not arrive inside IPsec" srv_guard srv || finish
run_item "xl2tpd LNS + pppd, MS-CHAPv2, pool $LNS_POOL" srv_lns_start srv || finish
side_start cli

cap_start demo-wire
demo_connect || finish
say "      connected in $DEMO_UP_S s: $PPP_IF $PPP_LOCAL <-> $PPP_PEER"
save sas-cli in_cli swanctl --list-sas

say "[3/6] Traffic through the tunnel"
run_item "ping $LNS_LOCAL_IP (the server's tunnel address), 5 times" ping_ok cli "$LNS_LOCAL_IP" 5
rtt=$(grep -o 'min/avg/max = [0-9./]*' "$L/ping-cli-$LNS_LOCAL_IP.txt" | cut -d' ' -f3 | cut -d/ -f2)
cap_stop demo-wire

say "[4/6] What an eavesdropper on the cable sees (tcpdump on $CLI_IF)"
esp=$(cap_count demo-wire esp)
clear_l2tp=$(cap_count demo-wire 'udp port 1701')
clear_icmp=$(cap_count demo-wire icmp)
run_item "$esp ESP packets, $clear_l2tp clear L2TP, $clear_icmp clear ICMP" \
	[ "$esp" -ge 10 -a "$clear_l2tp" -eq 0 -a "$clear_icmp" -eq 0 ]
wire_ok=$?

say "[5/6] Disconnecting"
t_down=$(now_us)
demo_disconnect
down_s=$(secs $(($(now_us) - t_down)))

say "[6/6] Checking that nothing is left behind on the client"
fails_before=$LIB_FAILS
check_residue cli ref-l2tp
residue_ok=$((LIB_FAILS - fails_before))
item "no SA, no policy, no pppd, no ppp interface, no kernel L2TP session"
result $residue_ok

ike=$(grep -m1 -E '^  [A-Z0-9_]+-[0-9]+/' "$L/sas-cli.txt" | sed 's/^ *//')
child=$(grep -m1 -o 'INSTALLED, [A-Z]*, ESP:[^ ]*' "$L/sas-cli.txt" | sed 's/INSTALLED, //')
say ""
say "Summary"
say "  connect time   $DEMO_UP_S s${DEMO_DETAIL:+ ($DEMO_DETAIL)}; disconnect $down_s s"
say "  addresses      client $PPP_LOCAL on $PPP_IF, server $PPP_PEER; outer $CLI_IP -> $SRV_IP"
say "  IKE            IKEv1 main mode, PSK, ${ike:-?}"
say "  IPsec SA       ${child:-?}"
say "  ping           5/5 replies, average ${rtt:-?} ms"
say "  wire           $([ $wire_ok = 0 ] && echo "ESP only ($esp packets)" || echo "NOT ESP-only")"
say "  residue        $([ $residue_ok = 0 ] && echo none || echo "FOUND (see $L/checks.log)")"
say "  logs           $L"
say ""
finish
