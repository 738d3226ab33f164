#!/bin/bash
# smoke-nat-cert: the harness's optional pieces work: the NAT topology (IKE floats to udp/4500,
# ESP is UDP-encapsulated), X.509 authentication with the run-time test PKI (also checks the
# PKCS#12, encrypted-PEM and DER variants open). The reference client connects to srv through
# the NAT with its certificate, pings through, and leaves nothing behind.
#
#   netns cli                    netns nat                       netns srv
#   +------------------+  veth   +---------------------+  veth   +-----------------------------+
#   | 198.51.100.2     |---------| 198.51.100.1        |         | 192.0.2.1  charon (X.509)   |
#   | charon + xl2tpd  |  ESP in | MASQUERADE  192.0.2.2|---------| xl2tpd LNS + pppd           |
#   | (client cert)    |  UDP    +---------------------+         +-----------------------------+
#   +------------------+
#     tcpdump on veth-cli
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../refclient.sh"

load_modules
require "topology cli -> nat -> srv" topo_nat
require "test PKI generated (CA, server, client certificates)" pki_make
check "PKCS#12 bundle opens with its password and holds cert + key" \
	openssl pkcs12 -in "$PKI_CLIENT_P12" -passin "file:$PKI_DIR/.password" -nodes -out "$G/p12.out"
check "PKCS#12 content has the client certificate and a private key" \
	lib_all_in "$G/p12.out" "BEGIN CERTIFICATE" "BEGIN PRIVATE KEY" "CN = vpnuser"
check "encrypted PEM key opens with the password" \
	openssl pkey -in "$PKI_CLIENT_KEY_ENC" -passin "file:$PKI_DIR/.password" -noout
check "DER certificate and key parse" openssl x509 -inform DER -in "$PKI_CLIENT_CERT_DER" -noout
check "DER key parses" openssl pkey -inform DER -in "$PKI_CLIENT_KEY_DER" -noout
check "server certificate verifies against the CA" openssl verify -CAfile "$PKI_CA" "$PKI_DIR/srv-cert.pem"

SRV_AUTH=cert
require "reference server srv up (X.509)" srv_start srv
require "side cli" side_start cli
require "client: charon initiator loaded (client certificate)" refcli_ipsec_start
require "client: xl2tpd LAC started" refcli_lac_start

cap_start wire-nat
require "client: IKE_SA + CHILD_SA established through the NAT" refcli_initiate
require "client: ppp interface up with an address" refcli_ppp_up 20
check "client: ping 10.10.0.1 through the tunnel (5/5)" ping_ok cli 10.10.0.1 5
cap_stop wire-nat
check_wire_natt_only wire-nat 10
save sas-cli in_cli swanctl --list-sas
save sas-srv in_srv swanctl --list-sas
check "client: IKE_SA authenticated with certificates (remote is srv's DN)" \
	grep -q "remote 'C=XX, O=l2tpc test, CN=srv.l2tpc.test'" "$L/sas-cli.txt"
check "server: sees the client behind NAT at $CLI_SEEN_IP:4500" grep -q "@ $CLI_SEEN_IP\[4500\]" "$L/sas-srv.txt"
check "client: CHILD_SA INSTALLED, TRANSPORT, ESP in UDP" \
	grep -Eq "l2tp: #[0-9]+, reqid [0-9]+, INSTALLED, TRANSPORT-in-UDP, ESP" "$L/sas-cli.txt"

check "client: ppp hung up" refcli_ppp_down
check "client: IKE_SA terminated" refcli_terminate
refcli_stop
check_residue cli ref-l2tp
finish
