#!/bin/bash
# ipsec-server-name: with certificates and no ipsec-remote-id, the server's certificate must
# name the gateway as the user entered it (subjectAltName IP or DNS, as Windows checks;
# ipsec-peer-name.h). The reference server (X.509) presents, in turn:
#   srv    its own certificate (SAN IP 192.0.2.1, DNS srv.l2tpc.test): the gateway entered as
#          192.0.2.1, then as srv.l2tpc.test (a hosts entry in cli), connects and pings;
#   srv2   the same CA's certificate for another server (203.0.113.1, srv2.l2tpc.test):
#          refused with the sentence naming what it authenticated as; ipsec-remote-id set to
#          that identity overrides the check and connects;
#   rogue  a *client* certificate from the same CA (a corporate CA issues both; CN=mallory):
#          refused, although charon alone accepts it;
#   srvx   the right names from another CA: refused by charon (not our CA), own sentence.
# Each refusal: exit class ipsec-auth (6), no ppp, nothing left behind.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up (machine cert p12,  |==========| charon responder (X.509), swaps   |
#   |  CA = test CA, no remote id) |          | its certificate per case          |
#   | /etc/hosts: srv.l2tpc.test   |          | xl2tpd LNS --- pppd (MS-CHAPv2)   |
#   +------------------------------+          +-----------------------------------+
. "$(dirname "$0")/../lib.sh"

load_modules
require "test PKI generated" pki_make
require "impostor certificates generated (rogue client cert, other CA)" pki_make_impostors
require "topology srv <-> cli" topo_direct
SRV_AUTH=cert
require "reference server up (X.509, its own certificate)" srv_start srv
require "side cli" side_start cli
. "$GUEST_LIB_DIR/l2tpc-lib.sh"
printf '127.0.0.1 localhost\n%s srv.l2tpc.test\n' "$SRV_IP" > "$G/hosts"
require "cli: srv.l2tpc.test resolves to $SRV_IP (hosts entry)" \
	in_cli mount --bind "$G/hosts" /etc/hosts

# cert_profile NAME GATEWAY [KEY=VALUE...]: a certificate profile (PKCS#12 + test CA).
cert_profile() {
	mkdir -p "$G/cli/profiles"
	cat > "$G/cli/profiles/$1.conf" <<-EOF
	[connection]
	id=$1

	[vpn]
	gateway=$2
	user=$LNS_USER
	ipsec-enabled=yes
	machine-auth-type=tls
	machine-ca=$PKI_CA
	machine-cert=$PKI_CLIENT_P12
	refuse-pap=yes
	refuse-eap=yes
	$(printf '%s\n' "${@:3}")
	EOF
	(umask 077 && printf 'password=%s\nmachine-certpass=%s\n' "$LNS_PASSWORD" \
		"$(cat "$PKI_DIR/.password")" > "$G/cli/secrets")
}

# srv_presents NAME: the server's IKE identity and certificate become PKI's NAME.
srv_presents() { SRV_CERT=$1 srv_ipsec_reload srv; }

# refused TAG CERT SENTENCE_ERE: with the server presenting CERT, `l2tpc up` (gateway
# 192.0.2.1) ends with exit status 6 and one sentence matching the ERE, leaving nothing.
refused() {
	local tag=$1 rc
	require "server: now presents the $2 certificate" srv_presents "$2"
	cert_profile "$tag" "$SRV_IP"
	in_cli timeout 60 bash -c "exec $L2TPC up $G/cli/profiles/$tag.conf -v \
		--pppd-plugin $L2TPC_PLUGIN --secrets-fd 3 3< $G/cli/secrets" > "$L/$tag.log" 2>&1
	rc=$?
	check "client ($tag): l2tpc up exits 6 (ipsec-auth), got $rc" [ "$rc" = 6 ]
	check "client ($tag): one sentence says why" grep -Eq "l2tpc: error: $3" "$L/$tag.log"
	check "client ($tag): no L2TP packet was sent" lib_not grep -q 'requesting tunnel' "$L/$tag.log"
	check "server ($tag): no ppp interface" lib_empty srv_ppp_ifaces srv
	check_residue cli l2tpc
}

# 1. The right certificate, the gateway entered as an address.
cert_profile by-ip "$SRV_IP"
l2tpc_up by-ip by-ip
check "client: the log says the certificate names 192.0.2.1" \
	grep -q "the server's certificate (C=XX, O=l2tpc test, CN=srv.l2tpc.test) names 192.0.2.1" \
	"$L2TPC_LOG"
check "client: ping 10.10.0.1 through the tunnel" ping_ok cli 10.10.0.1 3
l2tpc_down by-ip

# 2. ... and as a name.
cert_profile by-name srv.l2tpc.test
l2tpc_up by-name by-name
check "client: the log says the certificate names srv.l2tpc.test" \
	grep -q "the server's certificate (C=XX, O=l2tpc test, CN=srv.l2tpc.test) names srv.l2tpc.test" \
	"$L2TPC_LOG"
l2tpc_down by-name

# 3. Another server's certificate from the same CA; then ipsec-remote-id overrides.
refused other-name srv2 \
	"The IPsec server at 192\.0\.2\.1 authenticated as 'C=XX, O=l2tpc test, CN=srv2\.l2tpc\.test' with a certificate that does not name 192\.0\.2\.1 .*set ipsec-remote-id to"
cert_profile remote-id "$SRV_IP" "ipsec-remote-id=C=XX, O=l2tpc test, CN=srv2.l2tpc.test"
l2tpc_up remote-id remote-id
check "client: with ipsec-remote-id no server-name check ran" \
	lib_not grep -q "the server's certificate .* names" "$L2TPC_LOG"
l2tpc_down remote-id

# 4. A rogue responder with an employee's client certificate from the same CA.
refused rogue rogue \
	"The IPsec server at 192\.0\.2\.1 authenticated as 'C=XX, O=l2tpc test, CN=mallory' with a certificate that does not name 192\.0\.2\.1"

# 5. The right names, but from a CA we do not trust.
refused other-ca srvx \
	"The IPsec server at 192\.0\.2\.1 identified itself as 'C=XX, O=other test, CN=srv\.l2tpc\.test' but has no certificate from the CA in machine-ca"
finish
