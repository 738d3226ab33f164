#!/bin/bash
# cli-up-psk: `l2tpc up` (our VICI driver + private charon, our LAC, kernel data path, pppd with
# our plugin) against the reference server with PSK + MS-CHAPv2: ppp up, ping through, SA in
# TRANSPORT mode, only ESP on the wire; `l2tpc down` then leaves nothing behind and the server
# sees our CDN and StopCCN. The client steps are in l2tpc-lib.sh (shared with the lac-* tests).
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

# A lost first LCP Configure-Request must cost 5 s, not pass unnoticed.
LNS_PPP_EXTRA="lcp-restart 5"
load_modules
require "topology srv <-> cli" topo_direct
require "reference server up (charon responder, guard, xl2tpd LNS, $LNS_AUTH)" srv_start srv
require "side cli" side_start cli
. "$GUEST_LIB_DIR/l2tpc-lib.sh"

# The profile holds no secret: they come in over --secrets-fd, as a script would pass them.
l2tpc_profile office
cap_start wire-cli-up
l2tpc_up l2tpc-up office
l2tpc_check_lcp_first_try
# pppd starts while IKE runs and gets the session socket over its plugin channel later, so its
# start does not add to the connect time.
pppd_started_early() {
	awk '/started pppd \(.*waiting for the L2TP session\)/ { s = 1 } /call up:/ { exit !s }' \
		"$L2TPC_LOG"
}
check "client: pppd was started before the L2TP call was up, and waited for it" pppd_started_early
save l2tpc-up-so-far cat "$L/l2tpc-up.log"
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
# The private charon loads exactly the plugins l2tpc configures (ipsec-charon.c): openssl (and
# kdf) for crypto, none of libstrongswan's duplicate built-ins, not openssl's legacy provider.
# Read from its memory map, so anything else it loads shows up. Its RSS goes to the log (no
# threshold: the machine is noisy).
charon_pid=$(side_pids cli charon | head -1)
charon_plugins_mapped() {
	grep -o 'libstrongswan-[a-z0-9-]*\.so' "/proc/$charon_pid/maps" | sed 's/^libstrongswan-//;
		s/\.so$//' | sort -u | tr '\n' ' '
}
want_plugins="constraints kdf kernel-netlink nonce openssl pem random socket-default vici x509 "
check "client: the private charon loaded only our plugins ($(charon_plugins_mapped))" \
	[ "$(charon_plugins_mapped)" = "$want_plugins" ]
check_fails "client: the private charon did not load openssl's legacy provider" \
	grep -q 'ossl-modules/legacy' "/proc/$charon_pid/maps"
log "private charon: $(grep -E '^VmRSS' "/proc/$charon_pid/status" | tr -s '\t ' ' ')"
save l2tpc-status in_cli "$L2TPC" status
check "client: l2tpc status lists office as connected" grep -Eq '^office +connected +ppp' "$L/l2tpc-status.txt"

# Disconnect like a user would: SIGTERM to l2tpc (l2tpc down does the same).
l2tpc_down office
# The private charon stopped on its SIGTERM (no SIGKILL needed); how long it took is logged.
check "client: the private charon exited on SIGTERM, and l2tpc waited for it" \
	wait_until 5 grep -Eq 'private charon \(pid [0-9]+\) exited [0-9]+ ms after SIGTERM' \
	"$L2TPC_LOG"
log "$(grep -Eo 'private charon \(pid [0-9]+\) exited [0-9]+ ms after SIGTERM' "$L2TPC_LOG")"
finish
