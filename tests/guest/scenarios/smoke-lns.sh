#!/bin/bash
# smoke-lns: the full reference stack works, proving the server side our LAC is tested against.
# Reference client (charon initiator + xl2tpd LAC, kernel data path, pppd) connects over the
# IPsec SA to the reference LNS (xl2tpd + pppd, MS-CHAPv2): ppp up with 10.10.0.x, ping
# 10.10.0.1 through it, ESP only on the wire, then hang up and check nothing is left.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | charon initiator             |==========| charon responder (PSK)            |
#   | xl2tpd LAC --- pppd (ppp0)   |  ESP     | xl2tpd LNS --- pppd (MS-CHAPv2)   |
#   |   10.10.0.1x  <-- ping -->   |  only    |   10.10.0.1, pool 10.10.0.10-20   |
#   +------------------------------+          | iptables: drop udp/1701 not IPsec |
#     tcpdump on veth-cli                     +-----------------------------------+
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../refclient.sh"

load_modules
require "topology srv <-> cli" topo_direct
require "reference server up (charon responder, guard, xl2tpd LNS $LNS_MODE, $LNS_AUTH)" srv_start srv
require "side cli" side_start cli
require "client: charon initiator loaded" refcli_ipsec_start
require "client: xl2tpd LAC started ($REFCLI_MODE data path)" refcli_lac_start

cap_start wire-lns
t0=$(now_us)
require "client: IKE_SA + CHILD_SA established" refcli_initiate
require "client: ppp interface up with an address" refcli_ppp_up 20
log "connected in $(us_to_s $(($(now_us) - t0))) s: $PPP_IF $PPP_LOCAL -> $PPP_PEER"
check "client: address from the pool 10.10.0.10-20" matches "$PPP_LOCAL" '^10\.10\.0\.(1[0-9]|20)$'
check "client: peer address is the LNS 10.10.0.1" [ "$PPP_PEER" = 10.10.0.1 ]
check "client: ping 10.10.0.1 through the tunnel (5/5)" ping_ok cli 10.10.0.1 5
cap_stop wire-lns
check_wire_esp_only wire-lns 10

save sas-cli in_cli swanctl --list-sas
save pppol2tp-cli in_cli cat /proc/net/pppol2tp
check "client: CHILD_SA INSTALLED, TRANSPORT, ESP" \
	grep -Eq "l2tp: #[0-9]+, reqid [0-9]+, INSTALLED, TRANSPORT, ESP" "$L/sas-cli.txt"
if [ "$REFCLI_MODE" = kernel ]; then
	check "client: kernel PPPoL2TP session in /proc/net/pppol2tp" grep -q "^  SESSION '" "$L/pppol2tp-cli.txt"
fi
if [ "$LNS_MODE" = kernel ]; then
	check "server: xl2tpd uses the kernel data path" grep -q 'Using l2tp kernel support' "$L/xl2tpd-srv.log"
fi
case "$LNS_AUTH" in
mschapv2) lcp_auth='auth chap MS-v2' ;;
chap) lcp_auth='auth chap MD5' ;;
esac
check "server: pppd asked for $LNS_AUTH ($lcp_auth) and the peer passed" \
	lib_all_in "$L/pppd-srv.log" "sent [LCP ConfReq id=0x1 <mru 1400> <asyncmap 0x0> <$lcp_auth>" "sent [CHAP Success"

check "client: ppp hung up (pppd and interface gone)" refcli_ppp_down
check "client: IKE_SA terminated" refcli_terminate
refcli_stop
check_residue cli ref-l2tp
check "server: ppp interface gone after the hang-up" wait_until 5 lib_empty srv_ppp_ifaces srv
finish
