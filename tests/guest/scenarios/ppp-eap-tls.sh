#!/bin/bash
# ppp-eap-tls: user-auth-type=tls logs in with EAP-TLS through pppd (Debian's pppd 2.4.9 is
# built with it) against a server pppd that requires EAP-TLS and accepts only certificates of
# the test CA. The profile also asks for IPComp, which this server does not accept: the
# connection works without it (the L2TP socket's policy names IPComp only when agreed).
# The user key is encrypted; its password (user-certpass) reaches pppd over the
# plugin channel only: it is in neither pppd's argv, environment nor any file of the client.
# A wrong key password fails with the authentication sentence, not a hang.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up tls                 |==========| charon responder (PSK)            |
#   |  pppd: ca, cert, key (PEM,   |  ESP     | xl2tpd LNS --- pppd require-eap   |
#   |   key encrypted), EAP-TLS    |  only    |   /etc/ppp/eaptls-server: test CA |
#   |  CN=vpnuser from the test CA |          |   srv certificate, 10.10.0.1      |
#   +------------------------------+          +-----------------------------------+
. "$(dirname "$0")/../lib.sh"

LNS_AUTH=eaptls
load_modules
require "topology srv <-> cli" topo_direct
require "test PKI (CA, server and client certificates)" pki_make
require "reference server up (charon responder, xl2tpd LNS, pppd requiring EAP-TLS)" srv_start srv
require "side cli" side_start cli
. "$GUEST_LIB_DIR/l2tpc-lib.sh"

# A profile of our own: l2tpc_profile refuses EAP, which EAP-TLS needs.
tls_profile() {
	mkdir -p "$G/cli/profiles"
	cat > "$G/cli/profiles/tls.conf" <<-EOF
	[connection]
	id=tls

	[vpn]
	gateway=$SRV_IP
	user=$LNS_USER
	ipsec-enabled=yes
	user-auth-type=tls
	user-ca=$PKI_CA
	user-cert=$PKI_CLIENT_CERT
	user-key=$PKI_CLIENT_KEY_ENC
	ipsec-ipcomp=yes
	EOF
	(umask 077 && printf 'user-certpass=%s\nipsec-psk=%s\n' "$1" "$SRV_PSK" > "$G/cli/secrets")
}

tls_profile "$PKI_PASSWORD"
l2tpc_up l2tpc-up tls
check "client: ping 10.10.0.1 through the tunnel (3/3)" ping_ok cli 10.10.0.1 3
save xfrm-state-cli in_cli ip xfrm state
# (charon's CPI reservation for the declined IPComp, reqid 0, may show until l2tpc down)
check "client: no IPComp SA (the server declined it), the ESP SAs carry the tunnel" \
	lib_not grep -Eq 'proto comp .* reqid [1-9]' "$L/xfrm-state-cli.txt"
tail -n "+$((L2TPC_PPP_MARK + 1))" "$L/pppd-srv.log" > "$L/pppd-srv-tls.txt"
check "server: its pppd ran EAP-TLS with us" grep -q "'Identify' -> 'TlsStart'" "$L/pppd-srv-tls.txt"
check "server: the certificate it checked is the user's (CN vpnuser)" \
	grep -q 'Certificate CN: vpnuser , peer name vpnuser' "$L/pppd-srv-tls.txt"
check "server: EAP ended in Success" grep -q 'sent \[EAP Success' "$L/pppd-srv-tls.txt"
check "server: no PAP, CHAP or EAP-MD5 was used" \
	lib_not grep -Eq 'rcvd \[(PAP|CHAP)|MD5-Challenge' "$L/pppd-srv-tls.txt"
pppd_pid=$(side_pids cli pppd | head -1)
check "client: the key password is in neither pppd's argv nor its environment" \
	lib_not grep -aq -e "$PKI_PASSWORD" "/proc/$pppd_pid/cmdline" "/proc/$pppd_pid/environ"
check "client: pppd's options name the PEM files, not the password" \
	lib_not grep -rqs -e "$PKI_PASSWORD" "$(side_run_file cli /run)" "$G/cli/profiles"
l2tpc_down tls

# The wrong key password: pppd cannot load the key and says so; l2tpc ends with a sentence.
tls_profile wrong-password
save up-wrong-pass in_cli timeout 60 "$L2TPC" up "$G/cli/profiles/tls.conf" -v \
	--pppd-plugin "$L2TPC_PLUGIN" --secrets-fd 3 3< "$G/cli/secrets"
check "client: a wrong user-certpass ends the connection with a sentence naming it" \
	grep -q "The EAP-TLS login with the user certificate failed: check user-certpass" "$L/up-wrong-pass.txt"
check "client: l2tpc removed the CPI charon reserved for the declined IPComp" \
	grep -q "removed the IPComp CPI charon had reserved for $SRV_IP" "$L/up-wrong-pass.txt"
check_residue cli l2tpc
finish
