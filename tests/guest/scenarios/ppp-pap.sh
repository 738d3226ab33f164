#!/bin/bash
# ppp-pap: PAP is not used unless the profile asks for it. Against a server whose pppd accepts
# PAP only, a profile that does not name refuse-pap (so l2tpc's default, yes) never sends the
# password in a PAP Authenticate-Request and does not connect, with a sentence that names
# refuse-pap=no; the same profile with refuse-pap=no logs in with PAP (inside IPsec) and pings
# through.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +----------------------------+   veth   +---------------------------------+
#   | l2tpc up (PSK; refuse-pap  |==========| reference server: charon, guard,|
#   |  unset, then no) -- ppp0   |  ESP     |  xl2tpd + pppd require-pap      |
#   +----------------------------+   only   +---------------------------------+
. "$(dirname "$0")/../lib.sh"

LNS_AUTH=pap
load_modules
require "topology srv <-> cli" topo_direct
require "reference server up (charon responder, guard, xl2tpd LNS, PAP only)" srv_start srv
require "side cli" side_start cli
. "$(dirname "$0")/../l2tpc-lib.sh"

# pap_profile NAME [LINE]: a profile with no refuse-pap key (and no refuse-eap: the server
# refuses EAP itself), plus LINE.
pap_profile() {
	mkdir -p "$G/cli/profiles"
	printf '[connection]\nid=%s\n\n[vpn]\ngateway=%s\nuser=%s\n%s\n' "$1" "$SRV_IP" \
		"$LNS_USER" "${2:-}" > "$G/cli/profiles/$1.conf"
	(umask 077 && printf 'password=%s\nipsec-psk=%s\n' "$LNS_PASSWORD" "$SRV_PSK" > "$G/cli/secrets")
}
srv_pap_requests() { grep -c 'rcvd \[PAP AuthReq' "$L/pppd-srv.log"; }

pap_profile nopap
save up-nopap in_cli timeout 40 bash -c "exec $L2TPC up $G/cli/profiles/nopap.conf \
	--pppd-plugin $L2TPC_PLUGIN --secrets-fd 3 3< $G/cli/secrets"
check "client: without refuse-pap the PAP-only server is not logged in to (l2tpc up fails)" \
	lib_not grep -Eq '(^| )connected: ppp' "$L/up-nopap.txt"
check "client: the error says the server wants a method we refuse, and names refuse-pap=no" \
	grep -Eq 'error: The server ended PPP before the login.*refuse-pap=no' "$L/up-nopap.txt"
check "server: no PAP Authenticate-Request arrived (the password was never sent)" \
	[ "$(srv_pap_requests)" = 0 ]
check "server: its pppd asked for PAP and got a Configure-Nak" \
	grep -q 'rcvd \[LCP ConfNak id=0x1 <auth' "$L/pppd-srv.log"
check "client: nothing left behind" wait_until 10 lib_empty side_pids cli l2tpc

pap_profile office refuse-pap=no
cap_start wire-pap
l2tpc_up up-pap office
check "server: the login came as a PAP Authenticate-Request" [ "$(srv_pap_requests)" -ge 1 ]
check "client: ping 10.10.0.1 through the tunnel (3/3)" ping_ok cli 10.10.0.1 3
cap_stop wire-pap
check_wire_esp_only wire-pap 5
l2tpc_down office
finish
