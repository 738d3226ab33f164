#!/bin/bash
# creds-charon: charon accepts the DER blobs ipsec-creds makes from a user's files and
# authenticates IKE with them. For each client credential format, creds-guest-test loads the
# files with ipsec_creds_load() and sends them over VICI (clear-creds, load-cert flag NONE for
# the certificate and its chain, flag CA for the CA file, load-key with the key's type); then a
# connection that names only an id (no certificate or key files) must bring up IKEv1 main mode
# with certificate authentication against the reference responder, which trusts the test CA.
# The server's certificate is verified with the CA we loaded, nothing else.
#
#   netns cli                                     netns srv
#   +--------------------------------+   veth    +-----------------------------------+
#   | creds-guest-test -> VICI       |           | charon responder, auth = pubkey,  |
#   | charon initiator (auth pubkey, |-----------| cert srv.l2tpc.test (RSA, then    |
#   |   only an id in its config)    |  IKEv1    |   ECDSA), key via creds-guest-test|
#   | 192.0.2.2  veth-cli            |  ESP      | 192.0.2.1  veth-srv               |
#   +--------------------------------+           +-----------------------------------+
. "$(dirname "$0")/../lib.sh"

B=$L2TPC_BUILD_DIR
TEST_BIN=$B/tests/ipsec/creds-guest-test
require "test program built" [ -x "$TEST_BIN" ]
SRV_AUTH=cert

load_modules
require "topology srv <-> cli" topo_direct
require "side srv" side_start srv
require "side cli" side_start cli
require "test PKI: CA" pki_make

# Identities of each key type, issued by the test CA. IKEv1 main mode makes both ends sign with
# the same algorithm, so the responder gets an RSA identity for the RSA clients and then an
# ECDSA one (same subject) for the ECDSA client. The ECDSA client's PKCS#8 key is what needs
# ipsec-creds' SEC1 re-encoding; Ed25519 cannot sign IKEv1 at all: load only.
printf 'extendedKeyUsage=clientAuth\n' > "$PKI_DIR/l2tpc-client.ext"
printf 'subjectAltName=IP:%s,DNS:srv.l2tpc.test\nextendedKeyUsage=serverAuth\n' "$SRV_IP" \
	> "$PKI_DIR/l2tpc-server.ext"
make_ident() { # make_ident NAME CN EXT OPENSSL-GENPKEY-ARGS...: NAME-{plain,key-enc}.pem,
	local n=$1 cn=$2 ext=$3 p=$PKI_DIR # NAME-key-enc.der, NAME-cert.{pem,der}
	shift 3
	{
		openssl genpkey "$@" -out "$p/$n-plain.pem" &&
			openssl pkcs8 -topk8 -in "$p/$n-plain.pem" -v2 aes-256-cbc \
				-passout "file:$p/.password" -out "$p/$n-key-enc.pem" &&
			openssl pkcs8 -topk8 -in "$p/$n-plain.pem" -v2 aes-128-cbc -outform DER \
				-passout "file:$p/.password" -out "$p/$n-key-enc.der" &&
			openssl req -new -key "$p/$n-plain.pem" -subj "/C=XX/O=l2tpc test/CN=$cn" \
				-out "$p/$n.csr" &&
			openssl x509 -req -in "$p/$n.csr" -CA "$p/ca.pem" -CAkey "$p/ca-key.pem" \
				-CAcreateserial -days 30 -extfile "$p/l2tpc-$ext.ext" \
				-out "$p/$n-cert.pem" &&
			openssl x509 -in "$p/$n-cert.pem" -outform DER -out "$p/$n-cert.der"
	} >> "$L/pki.log" 2>&1 < /dev/null
}
make_p12() { # make_p12 OUT OPENSSL-PKCS12-ARGS...: the RSA client + CA in a PKCS#12
	local p=$PKI_DIR out=$1
	shift
	openssl pkcs12 -export -in "$p/rsa-client-cert.pem" -inkey "$p/rsa-client-plain.pem" \
		-certfile "$p/ca.pem" -passout "file:$p/.password" "$@" -out "$p/$out" \
		>> "$L/pki.log" 2>&1 < /dev/null
}
RSA=(-algorithm RSA -pkeyopt rsa_keygen_bits:2048)
EC=(-algorithm EC -pkeyopt ec_paramgen_curve:P-256)
require "test PKI: RSA client" make_ident rsa-client rsa-client client "${RSA[@]}"
require "test PKI: RSA client in PKCS#12 (AES)" make_p12 rsa-aes.p12
require "test PKI: RSA client in PKCS#12 (legacy RC2-40/3DES)" make_p12 rsa-legacy.p12 \
	-legacy -certpbe PBE-SHA1-RC2-40 -keypbe PBE-SHA1-3DES
require "test PKI: ECDSA client" make_ident ec-client ec-client client "${EC[@]}"
require "test PKI: Ed25519 client" make_ident ed-client ed-client client -algorithm ed25519
require "test PKI: RSA server" make_ident srv-rsa srv.l2tpc.test server "${RSA[@]}"
require "test PKI: ECDSA server" make_ident srv-ec srv.l2tpc.test server "${EC[@]}"

# srv_identity TYPE: makes srv-rsa or srv-ec the responder's certificate (its config names
# $PKI_DIR/srv-cert.pem) and loads its key over VICI, the way this test is about (swanctl's
# secrets.private-* entries only unlock keys kept in its own private/ folder).
srv_identity() {
	local p=$PKI_DIR
	cp "$p/srv-$1-cert.pem" "$p/srv-cert.pem" && cp "$p/srv-$1-plain.pem" "$p/srv-key.pem" ||
		return 1
	if [ -S "$(side_run_file srv /run/charon.vici)" ]; then
		srv_ipsec_reload srv || return 1
	else
		srv_ipsec_start srv || return 1
	fi
	in_srv "$TEST_BIN" unix:///run/charon.vici machine "$p/srv-cert.pem" \
			"$p/srv-key.pem" "" < /dev/null > "$L/creds-srv-$1.out" 2>&1
}
require "server: charon responder with an RSA certificate" srv_identity rsa
require "server: clear-text udp/1701 guard" srv_guard srv
require "client: charon started (no credentials)" charon_start cli

# creds_load NAME CERT KEY CA: runs creds-guest-test in cli (after clear-creds, so nothing from
# an earlier case helps) with the PKI password on stdin;
# output in $L/creds-NAME.out. Sets CREDS_ASN1DN from its output.
creds_load() {
	local out=$L/creds-$1.out
	in_cli "$TEST_BIN" --clear unix:///run/charon.vici machine "$2" "$3" "$4" \
		< "$PKI_DIR/.password" > "$out" 2>&1 || return 1
	CREDS_ASN1DN=$(sed -n 's/^asn1dn=//p' "$out")
	grep -q '^key-id=' "$out"
}

# conn_up NAME LOCAL_ID: loads connection creds-test (local: pubkey with LOCAL_ID only; remote:
# pubkey, the server's subject) and initiates child l2tp; then lists and terminates the SA.
conn_up() {
	local d=$G/cli
	(umask 077 && cat > "$d/creds-conn.conf") <<-EOF
	connections {
	    creds-test {
	        version = 1
	        aggressive = no
	        local_addrs = $CLI_IP
	        remote_addrs = $SRV_IP
	        proposals = aes256-sha256-modp2048
	        dpd_delay = 0s
	        local {
	            auth = pubkey
	            id = "$2"
	        }
	        remote {
	            auth = pubkey
	            id = "$(pki_subject srv)"
	        }
	        children {
	            l2tp {
	                mode = transport
	                local_ts = dynamic[udp/1701]
	                remote_ts = dynamic[udp/1701]
	                esp_proposals = aes128-sha256
	                start_action = none
	            }
	        }
	    }
	}
	EOF
	in_cli swanctl --load-conns --file "$d/creds-conn.conf" >> "$L/swanctl-conns-cli.log" 2>&1 &&
		in_cli swanctl --initiate --child l2tp --timeout 20 > "$L/initiate-$1.log" 2>&1
	local rc=$?
	save "sas-$1" in_cli swanctl --list-sas
	in_cli swanctl --terminate --ike creds-test --timeout 10 >> "$L/terminate.log" 2>&1
	[ $rc -eq 0 ] && grep -Eq "creds-test: #[0-9]+, ESTABLISHED, IKEv1" "$L/sas-$1.txt" &&
		grep -Eq "l2tp: #[0-9]+, reqid [0-9]+, INSTALLED, TRANSPORT" "$L/sas-$1.txt"
}

P=$PKI_DIR

# 1. PKCS#12 (AES, with the CA inside) + CA in PEM; id = the subject string.
check "p12: charon accepts cert, chain, CA and key" creds_load p12 "$P/rsa-aes.p12" "" "$PKI_CA"
check "p12: RSA key" grep -qx 'key-type=rsa' "$L/creds-p12.out"
check "p12: IKEv1 with certificate auth, id = subject" \
	conn_up p12 "C=XX, O=l2tpc test, CN=rsa-client"
check "server: authenticated our certificate" \
	grep -q "authentication of 'C=XX, O=l2tpc test, CN=rsa-client' with RSA.* successful" \
	"$L/charon-srv.log"
check "p12 legacy (RC2-40 + 3DES): charon accepts cert, chain, CA and key" \
	creds_load p12-legacy "$P/rsa-legacy.p12" "" "$PKI_CA"

# 2. DER certificate + encrypted DER PKCS#8 key + DER CA; id = the asn1dn ipsec-creds gives.
check "der+pkcs8: charon accepts cert, CA and key" \
	creds_load der "$P/rsa-client-cert.der" "$P/rsa-client-key-enc.der" "$PKI_CA_DER"
check "der+pkcs8: IKEv1 with certificate auth, id = asn1dn" conn_up der "$CREDS_ASN1DN"

# 3. ECDSA: PEM certificate + encrypted PKCS#8 key (sent as SEC1 with the curve).
require "server: now with an ECDSA certificate" srv_identity ec
check "ecdsa: charon accepts cert, CA and key" \
	creds_load ec "$P/ec-client-cert.pem" "$P/ec-client-key-enc.pem" "$PKI_CA"
check "ecdsa: key type ecdsa" grep -qx 'key-type=ecdsa' "$L/creds-ec.out"
check "ecdsa: IKEv1 with certificate auth" conn_up ec "$CREDS_ASN1DN"
check "server: authenticated the ECDSA client" \
	grep -q "authentication of 'C=XX, O=l2tpc test, CN=ec-client' with ECDSA.* successful" \
	"$L/charon-srv.log"

# 4. Ed25519: charon must take the PKCS#8 key with type ed25519.
check "ed25519: charon accepts cert and key" \
	creds_load ed "$P/ed-client-cert.pem" "$P/ed-client-key-enc.pem" "$PKI_CA"
check "ed25519: key type ed25519" grep -qx 'key-type=ed25519' "$L/creds-ed.out"

# 5. A wrong password stops before charon, with the sentence.
printf 'wrong\n' > "$G/wrong-password"
wrong_password() {
	"$TEST_BIN" unix:///run/charon.vici machine "$P/rsa-aes.p12" "" "" < "$G/wrong-password" \
		> "$L/creds-wrong.out" 2>&1
	[ $? -eq 1 ] && grep -qx "failure=the PKCS#12 file $P/rsa-aes.p12 could not be decrypted: \
the certificate password (machine-certpass) is wrong." "$L/creds-wrong.out"
}
check "wrong password: refused with the sentence naming machine-certpass" wrong_password
finish
