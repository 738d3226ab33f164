#!/bin/bash
# demo: what tools/demo.sh shows. A real L2TP/IPsec server (strongSwan responder + xl2tpd LNS +
# pppd, PSK + MS-CHAPv2) in netns srv; `l2tpc up` connects from netns cli, pings through the
# tunnel, disconnects; then the same through NetworkManager with nmcli; a summary tells times,
# addresses, SA mode, wire check and residue check.
#
#   netns cli (192.0.2.2)                       netns srv (192.0.2.1)
#   +-------------------------------+   veth   +-------------------------------------+
#   | l2tpc up demo                 |==========| strongSwan IKEv1 responder (PSK)    |
#   |   private charon (VICI),      |   ESP    | xl2tpd LNS + pppd (MS-CHAPv2)       |
#   |   our L2TP client, pppd +     |   only   | 10.10.0.1, pool 10.10.0.10-20       |
#   |   our plugin                  |          | iptables: no clear-text L2TP        |
#   +-------------------------------+          +-------------------------------------+
#     tcpdump on veth-cli
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"
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

L2TPC=$L2TPC_BUILD_DIR/client/cli/l2tpc
L2TPC_PLUGIN=$L2TPC_BUILD_DIR/client/pppd-plugin/l2tpc-pppd-plugin.so

# demo_connect: brings the VPN up from side cli with `l2tpc up demo` (profile and secrets written
# first; the secrets go in over --secrets-fd) and shows l2tpc's own phase lines; sets DEMO_UP_S
# and PPP_IF, PPP_LOCAL, PPP_PEER.
demo_connect() {
	local t0 t1
	say "[2/8] Connecting from netns \"cli\" ($CLI_IP) with: l2tpc up demo"
	mkdir -p "$G/cli/profiles"
	cat > "$G/cli/profiles/demo.conf" <<-EOF
	[connection]
	id=demo

	[vpn]
	gateway=$SRV_IP
	user=$LNS_USER
	ipsec-enabled=yes
	EOF
	(umask 077 && printf 'password=%s\nipsec-psk=%s\n' "$LNS_PASSWORD" "$SRV_PSK" > "$G/cli/secrets")
	t0=$(now_us)
	bg_in_side cli l2tpc-up bash -c "exec $L2TPC up $G/cli/profiles/demo.conf \
		--pppd-plugin $L2TPC_PLUGIN --secrets-fd 3 3< $G/cli/secrets"
	item "IPsec (IKEv1 + ESP transport), L2TP tunnel + session, PPP, IPCP"
	local rc
	check "l2tpc up: connected" wait_until 30 grep -Eq '(^| )connected: ppp' "$L/l2tpc-up.log"
	rc=$?
	result $rc "$(secs $(($(now_us) - t0))) s"
	[ $rc = 0 ] || return 1
	t1=$(now_us)
	# l2tpc's own lines, without the log's time stamps
	sed -nE 's/^[0-9.]+ (\[[0-9]\/6\] .*|connected: .*)$/        l2tpc: \1/p' "$L/l2tpc-up.log"
	if grep -Eq '(^| )connected: .* dns=none$' "$L/l2tpc-up.log"; then
		say "        (dns=none: this demo server's pppd offers no DNS server (no ms-dns), so"
		say "         l2tpc leaves the system's resolver as it is)"
	fi
	ppp_wait_up cli 5 || return 1
	DEMO_UP_S=$(secs $((t1 - t0)))
}

# demo_disconnect: `l2tpc down demo`, which waits until everything is undone.
demo_disconnect() {
	run_item "l2tpc down demo (PPP, L2TP, IPsec SA and charon undone)" \
		in_cli "$L2TPC" down demo || return 1
}

say ""
say "l2tpc demo: an L2TP/IPsec VPN server and client inside a $L2TPC_GUEST guest (kernel $(uname -r))"
say ""
say "[1/8] Starting the VPN server in netns \"srv\" ($SRV_IP)"
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
# swanctl in cli talks to l2tpc's private charon
printf 'swanctl {\n  load = random nonce\n  socket = unix:///run/l2tpc/charon.vici\n}\n' \
	> "$G/cli/strongswan.conf"
save sas-cli in_cli swanctl --list-sas

say "[3/8] Traffic through the tunnel"
run_item "ping $LNS_LOCAL_IP (the server's tunnel address), 5 times" ping_ok cli "$LNS_LOCAL_IP" 5
rtt=$(grep -o 'min/avg/max = [0-9./]*' "$L/ping-cli-$LNS_LOCAL_IP.txt" | cut -d' ' -f3 | cut -d/ -f2)
cap_stop demo-wire

say "[4/8] What an eavesdropper on the cable sees (tcpdump on $CLI_IF)"
esp=$(cap_count demo-wire esp)
clear_l2tp=$(cap_count demo-wire 'udp port 1701')
clear_icmp=$(cap_count demo-wire icmp)
run_item "$esp ESP packets, $clear_l2tp clear L2TP, $clear_icmp clear ICMP" \
	[ "$esp" -ge 10 -a "$clear_l2tp" -eq 0 -a "$clear_icmp" -eq 0 ]
wire_ok=$?

say "[5/8] Disconnecting"
t_down=$(now_us)
demo_disconnect
down_s=$(secs $(($(now_us) - t_down)))

say "[6/8] Checking that nothing is left behind on the client"
fails_before=$LIB_FAILS
check_residue cli l2tpc
residue_ok=$((LIB_FAILS - fails_before))
item "no SA, no policy, no pppd, no ppp interface, no kernel L2TP session"
result $residue_ok

say "[7/8] The same server through NetworkManager: nmcli connection up"
run_item "NetworkManager on a private system bus in netns \"cli\"" nm_start cli || finish
run_item "nmcli connection add type vpn vpn-type l2tpc (secrets not saved)" \
	nmc cli connection add type vpn con-name office vpn-type l2tpc ipv4.never-default yes \
	vpn.data "gateway=$SRV_IP, user=$LNS_USER, ipsec-enabled=yes, password-flags=2, ipsec-psk-flags=2" ||
	finish
(umask 077 && printf 'vpn.secrets.password:%s\nvpn.secrets.ipsec-psk:%s\n' "$LNS_PASSWORD" \
	"$SRV_PSK" > "$G/cli/passwd")
t_nm=$(now_us)
run_item "nmcli connection up office passwd-file (secrets from a file)" \
	nmc cli connection up office passwd-file "$G/cli/passwd" || finish
nm_up_s=$(secs $(($(now_us) - t_nm)))
ppp_wait_up cli 5
save nm-active nmc cli connection show office
nm_addr=$(sed -nE 's/^IP4.ADDRESS\[1\]: +//p' "$L/nm-active.txt")
nm_state=$(sed -nE 's/^VPN.VPN-STATE: +//p' "$L/nm-active.txt")
say "      NetworkManager: ${nm_state:-?}, address ${nm_addr:-?} on $PPP_IF"
run_item "ping $LNS_LOCAL_IP through the NetworkManager VPN, 3 times" ping_ok cli "$LNS_LOCAL_IP" 3
say "[8/8] nmcli connection down office"
run_item "nmcli connection down office" nmc cli connection down office || finish
run_item "nm-l2tpc-service gone, nothing left behind" \
	wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
fails_before=$LIB_FAILS
check_residue cli l2tpc
nm_residue_ok=$((LIB_FAILS - fails_before))

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
say "  nmcli          up in $nm_up_s s as ${nm_addr:-?}; residue after down: $([ $nm_residue_ok = 0 ] && echo none || echo FOUND)"
say "  logs           $L"
say ""
finish
