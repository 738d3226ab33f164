#!/bin/bash
# ppp-keys: the profile keys that used to be accepted and ignored act on the wire (issue 13,
# item 5). The server allows every compression and IPComp; the client's profile allows Deflate
# but refuses BSD-Compress, allows Van Jacobson, refuses protocol and address field compression,
# offers multilink (mrru) and IPComp, and says never-default. The server's pppd log shows each
# option negotiated as configured, `ip xfrm state` holds an IPComp SA, a ping crosses the
# compressed link, the client's default route is untouched, and `--default-route` together with
# never-default is refused with a sentence before anything starts.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up keys                |==========| charon responder (PSK, ipcomp=yes) |
#   |  ESP + IPComp (transport)    |  ESP     | xl2tpd LNS --- pppd (MS-CHAPv2,    |
#   |  LAC --- pppd (ppp0)         |  only    |   userspace, all compression on)   |
#   |  default via 192.0.2.1 kept  |          |   10.10.0.1, pool 10.10.0.10-20    |
#   +------------------------------+          +-----------------------------------+
. "$(dirname "$0")/../lib.sh"

# The userspace LNS: its pppd runs on a pty with pppd's defaults, which allow every
# compression (on a PPPoL2TP socket pppd turns them off, and VJ cannot be turned on again).
LNS_MODE=userspace
LNS_PPP_COMP=""
SRV_IPCOMP=yes
load_modules ipcomp xfrm_ipcomp deflate ppp_deflate bsd_comp
require "topology srv <-> cli" topo_direct
require "reference server up (charon responder with IPComp, xl2tpd LNS, compression on)" \
	srv_start srv
require "side cli" side_start cli
. "$GUEST_LIB_DIR/l2tpc-lib.sh"

# A default route of the client's own, which never-default must leave alone.
require "client: a default route via 192.0.2.1" in_cli ip route add default via "$SRV_IP"
save routes-before in_cli ip -4 route show
l2tpc_profile keys ipsec-ipcomp=yes nobsdcomp=yes nodeflate=no no-vj-comp=no nopcomp=yes \
	noaccomp=yes mrru=1600
printf '\n[ipv4]\nnever-default=true\n' >> "$G/cli/profiles/keys.conf"

# never-default with --default-route: one sentence, nothing started.
save up-default-route in_cli "$L2TPC" up "$G/cli/profiles/keys.conf" --default-route \
	--pppd-plugin "$L2TPC_PLUGIN" --secrets-fd 3 3< "$G/cli/secrets"
check "client: --default-route with never-default=yes is refused with a sentence" \
	grep -q -- "--default-route asks to send all traffic through the tunnel, but the profile says never-default=yes" \
	"$L/up-default-route.txt"
check "client: nothing was started for the refused connection" lib_empty side_pids cli charon

l2tpc_up l2tpc-up keys
check "client: ping 10.10.0.1 through the compressed tunnel (5/5)" ping_ok cli 10.10.0.1 5

# The server's pppd log, for this connection.
tail -n "+$((L2TPC_PPP_MARK + 1))" "$L/pppd-srv.log" > "$L/pppd-srv-keys.txt"
srv_ppp_has() { grep -Eq -- "$1" "$L/pppd-srv-keys.txt"; }
check "server: our LCP request offers multilink (mrru 1600)" srv_ppp_has 'rcvd \[LCP ConfReq .*<mrru 1600>'
check "server: we rejected its protocol/address field compression" \
	srv_ppp_has 'rcvd \[LCP ConfRej .*<pcomp>.*<accomp>|rcvd \[LCP ConfRej .*<accomp>.*<pcomp>'
check "server: our CCP request offers Deflate" srv_ppp_has 'rcvd \[CCP ConfReq .*<deflate 15>'
check "server: our CCP request does not offer BSD-Compress" \
	lib_not srv_ppp_has 'rcvd \[CCP ConfReq .*<bsd'
check "server: Deflate compression is on" srv_ppp_has 'Deflate.*compression enabled'
check "server: our IPCP request offers Van Jacobson compression" \
	srv_ppp_has 'rcvd \[IPCP ConfReq .*<compress VJ'
check "server: it acknowledged our Van Jacobson compression" \
	srv_ppp_has 'sent \[IPCP ConfAck .*<compress VJ'

# Large compressible pings: the L2TP packets carrying them leave through the IPComp SA.
in_cli busybox ping -c 3 -s 1200 -i 0.2 -W 2 10.10.0.1 > "$L/ping-big.txt" 2>&1
save xfrm-state-cli in_cli ip -s xfrm state
check "client: an IPComp SA (proto comp) next to the ESP SAs" \
	grep -q 'proto comp' "$L/xfrm-state-cli.txt"
# packets counted on the outbound IPComp SA (src us, dst the server)
comp_out_packets() {
	awk -v src="$CLI_IP" -v dst="$SRV_IP" '
		/^src / { mine = ($2 == src && $4 == dst); comp = 0; cur = 0 }
		mine && /proto comp/ { comp = 1 }
		comp && /lifetime current:/ { cur = 1; next }
		comp && cur { sub(/.*\), */, ""); sub(/\(packets\).*/, ""); print; exit }
	' "$L/xfrm-state-cli.txt"
}
check "client: our L2TP packets went through the IPComp SA ($(comp_out_packets) packets)" \
	[ "$(comp_out_packets)" -gt 0 ]
check "client: the ESP SAs are in transport mode" \
	[ "$(grep -c 'proto esp spi .* mode transport' "$L/xfrm-state-cli.txt")" -ge 2 ]

save routes-up in_cli ip -4 route show
check "client: the default route is the one it had (never-default)" \
	[ "$(grep '^default' "$L/routes-up.txt")" = "$(grep '^default' "$L/routes-before.txt")" ]
check "client: no route sends everything through ppp (0.0.0.0/1, 128.0.0.0/1)" \
	lib_not grep -Eq '^(0\.0\.0\.0|128\.0\.0\.0)/1 ' "$L/routes-up.txt"

l2tpc_down keys
finish
