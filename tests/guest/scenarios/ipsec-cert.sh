#!/bin/bash
# ipsec-cert: X.509 authentication through our driver. The client's certificate, private key
# (PKCS#8 DER) and the test CA go to charon as DER blobs (load-key, load-conn certs/cacerts);
# IKEv1 main mode with RSA signatures against the reference responder, ESP TRANSPORT for
# udp/1701, a probe crosses as ESP; after the disconnect the key is unloaded and nothing of
# ours is left. Then, in a SYSTEM charon (so what stays behind can be listed), the same
# through ipsec_creds_load() as a profile's files go: one PKCS#12 bundle alone (its CA is the
# only one charon knows), then PEM certificate + encrypted PEM key + PEM CA. After each
# disconnect our conn and key are gone from charon (the public certificate stays: charon
# 5.9.8 cannot unload it, see docs/vici.md).
#
#   netns cli                                    netns srv
#   ipsec-up (cert CN=vpnuser, CA) --veth-- charon responder (cert srv, trusts test CA)
#   1. private charon: DER files
#   2. system charon: PKCS#12, 3. PEM files
#   192.0.2.2                               192.0.2.1
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../ipsec-lib.sh"

load_modules
require "test PKI generated" pki_make
require "topology srv <-> cli" topo_direct
require "side srv" side_start srv
require "side cli" side_start cli
SRV_AUTH=cert
require "server: charon responder loaded (certificates)" srv_ipsec_start srv
require "server: clear-text udp/1701 guard" srv_guard srv
ipsec_swanctl_conf
on_exit ipsec_save_private_log

require "client: ipsec-up brings the SA up with the client certificate" \
	ipsec_up_start cert1 --cert "$PKI_CLIENT_CERT_DER" --key "$PKI_CLIENT_KEY_DER" \
	--key-type any --ca "$PKI_CA_DER" --local-id "$PKI_CLIENT_ID"
save sas-cli in_cli swanctl --list-sas
check "client: IKE_SA l2tpc-cert1 ESTABLISHED, IKEv1" \
	grep -Eq "l2tpc-cert1: #[0-9]+, ESTABLISHED, IKEv1" "$L/sas-cli.txt"
check "client: authenticated as the certificate subject" grep -q "CN=vpnuser" "$L/sas-cli.txt"
check "client: CHILD_SA INSTALLED, TRANSPORT, ESP" \
	grep -Eq "l2tp: #[0-9]+, reqid [0-9]+, INSTALLED, TRANSPORT, ESP" "$L/sas-cli.txt"
save query-up ipsec_query /run/l2tpc/charon.vici
check "client: our private key is loaded" grep -q '^key ' "$L/query-up.txt"
check "client: no PSK was loaded" lib_not grep -q '^shared ' "$L/query-up.txt"

cap_start wire-cert
require "server: probe listener bound to udp/1701" udp_listen srv 1701 "$G/probe-rx" 20
check "client: probe sent from udp/1701" udp_send cli 1701 "$SRV_IP" 1701 probe-cert
check "server: probe arrived (inside ESP, past the guard)" \
	wait_until 5 grep -q "^$CLI_SEEN_IP:1701 probe-cert" "$G/probe-rx"
cap_stop wire-cert
check_wire_esp_only wire-cert

ipsec_save_private_log
check "client: ipsec-up takes the SA down and exits 0" ipsec_up_stop cert1
check "client: the private charon is gone" wait_until 8 lib_empty side_pids cli charon

# ipsec-cert's file variants in the system charon: creds_variant ID ARGS...
creds_variant() {
	local id=$1
	shift
	require "client: ipsec-up ($id) brings the SA up" ipsec_up_start "$id" --creds \
		--password-file "$PKI_DIR/.password" "$@"
	save "sas-$id" in_cli swanctl --list-sas
	check "client: $id ESTABLISHED, IKEv1" \
		grep -Eq "l2tpc-$id: #[0-9]+, ESTABLISHED, IKEv1" "$L/sas-$id.txt"
	check "client: $id authenticated as the certificate subject, TRANSPORT" \
		lib_all_in "$L/sas-$id.txt" "CN=vpnuser" "INSTALLED, TRANSPORT, ESP"
	save "query-$id-up" ipsec_query /run/charon.vici
	check "client: $id's private key is loaded" grep -q '^key ' "$L/query-$id-up.txt"
	check "client: ipsec-up ($id) takes the SA down and exits 0" ipsec_up_stop "$id"
	save "query-$id-down" ipsec_query /run/charon.vici
	check "client: $id left no conn and no key in charon" \
		lib_not grep -Eq '^(key |conn l2tpc-)' "$L/query-$id-down.txt"
	# charon 5.9.8 keeps every certificate it was given (load-conn's certs/cacerts too) in
	# its VICI credential set until clear-creds, which would wipe other tools' credentials,
	# and has no unload-cert: the public certificate stays, once, without its key.
	save "certs-$id-down" in_cli swanctl --list-certs
	check "client: $id left our certificate at most once (no copies pile up)" \
		[ "$(grep -c 'subject: .*CN=vpnuser' "$L/certs-$id-down.txt")" -le 1 ]
}
require "client: system charon running" charon_start cli
# the bundle first, in a charon that has seen no CA yet: it must carry its own chain
creds_variant p12 --cert "$PKI_CLIENT_P12"
creds_variant pem --cert "$PKI_CLIENT_CERT" --key "$PKI_CLIENT_KEY_ENC" --ca "$PKI_CA"
check "residue (cli): no xfrm state" lib_empty in_cli ip xfrm state
check "residue (cli): no xfrm policy" lib_empty xfrm_policies cli
finish
