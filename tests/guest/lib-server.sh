#!/bin/bash
# Part of lib.sh (sourced by it; see there): the reference L2TP/IPsec server (strongSwan IKEv1
# responder + clear-text guard + xl2tpd LNS + pppd) and the run-time test PKI.

# ---------------------------------------------------------------------------------------------
# Reference server: strongSwan responder + iptables guard + xl2tpd LNS + pppd
# ---------------------------------------------------------------------------------------------
# Settings (set before calling; defaults below):
SRV_AUTH=${SRV_AUTH:-psk}               # psk | cert (X.509: run pki_make first)
SRV_CERT=${SRV_CERT:-}                  # cert: the PKI name of the certificate the server
                                        # presents (default: the side's own; see pki_make)
SRV_PSK=${SRV_PSK:-l2tpc-test-psk-7Hq2}
SRV_IKE_PROPOSALS=${SRV_IKE_PROPOSALS:-aes256-sha256-modp2048,aes128-sha256-modp2048,aes256-sha1-modp2048,aes128-sha1-modp2048,aes256-sha1-modp1024,aes128-sha1-modp1024,3des-sha1-modp1024}
SRV_ESP_PROPOSALS=${SRV_ESP_PROPOSALS:-aes256-sha256,aes128-sha256,aes256-sha1,aes128-sha1,3des-sha1}
SRV_CONN=${SRV_CONN:-l2tp-server}        # connection name in the server's charon
SRV_IKE_VERSION=${SRV_IKE_VERSION:-1}    # 1 (main mode) | 2
SRV_LOCAL_TS=${SRV_LOCAL_TS:-dynamic[udp/1701]}  # the server's own traffic selector
LNS_MODE=${LNS_MODE:-kernel}            # kernel (PPPoL2TP) | userspace (xl2tpd pty)
LNS_AUTH=${LNS_AUTH:-mschapv2}          # mschapv2 | chap | pap | eaptls (EAP-TLS: pki_make first)
LNS_USER=${LNS_USER:-vpnuser}
LNS_PASSWORD=${LNS_PASSWORD:-l2tpc-test-pass-3Kp9}
LNS_NAME=${LNS_NAME:-l2tpd}             # the LNS's PPP name (chap-secrets server column)
LNS_LOCAL_IP=${LNS_LOCAL_IP:-10.10.0.1}
LNS_POOL=${LNS_POOL:-10.10.0.10-10.10.0.20}
LNS_PPP_EXTRA=${LNS_PPP_EXTRA:-lcp-restart 1}   # extra pppd option lines for the LNS
# the LNS pppd's compression options; empty: pppd's defaults (CCP with BSD-Compress and
# Deflate, VJ, protocol and address field compression all allowed)
LNS_PPP_COMP=${LNS_PPP_COMP-noccp novj nobsdcomp nodeflate}
SRV_IPCOMP=${SRV_IPCOMP:-no}            # the responder's CHILD_SA accepts IPComp (yes | no)

# srv_ipsec_start [SIDE]: charon in SIDE (default srv) as IKEv1 main-mode responder for
# L2TP: ESP transport mode, local SRV_LOCAL_TS (dynamic[udp/1701]), remote dynamic[udp], remote_addrs %any,
# authenticated by SRV_AUTH (psk: SRV_PSK, ids = addresses / %any; cert: the side's certificate
# from pki_make, clients must present a certificate from the test CA), proposals
# SRV_IKE_PROPOSALS / SRV_ESP_PROPOSALS. The config is $G/SIDE/swanctl.conf (mode 600).
srv_ipsec_start() {
	local side=${1:-srv}
	charon_start "$side" || return 1
	srv_ipsec_reload "$side"
}

# srv_ipsec_reload [SIDE]: rewrites and reloads the responder config (after changing SRV_*).
srv_ipsec_reload() {
	local side=${1:-srv} d=$G/${1:-srv} ip=${SIDE_IP[${1:-srv}]} local_auth remote_auth secrets
	local cert=${SRV_CERT:-${1:-srv}}
	if [ "$SRV_AUTH" = cert ]; then
		[ -n "${PKI_DIR:-}" ] || { log "srv_ipsec_reload: SRV_AUTH=cert needs pki_make first"; return 1; }
		swanctl_creds "$side" "$PKI_DIR/$cert-cert.pem" "$PKI_DIR/$cert-key.pem" || return 1
		local_auth="auth = pubkey
	            certs = $cert-cert.pem
	            id = \"$(pki_subject "$cert")\""
		remote_auth="auth = pubkey
	            cacerts = ca.pem"
		secrets=""
	else
		local_auth="auth = psk
	            id = $ip"
		remote_auth="auth = psk
	            id = %any"
		secrets="ike-any {
	        secret = \"$SRV_PSK\"
	    }"
	fi
	(umask 077 && cat > "$d/swanctl.conf") <<-EOF
	connections {
	    $SRV_CONN {
	        version = $SRV_IKE_VERSION
	        aggressive = no
	        local_addrs = $ip
	        remote_addrs = %any
	        proposals = $SRV_IKE_PROPOSALS
	        dpd_delay = 0s
	        local {
	            $local_auth
	        }
	        remote {
	            $remote_auth
	        }
	        children {
	            l2tp {
	                mode = transport
	                local_ts = $SRV_LOCAL_TS
	                remote_ts = dynamic[udp]
	                esp_proposals = $SRV_ESP_PROPOSALS
	                ipcomp = $SRV_IPCOMP
	            }
	        }
	    }
	}
	secrets {
	    $secrets
	}
	EOF
	swanctl_load "$side" "$d/swanctl.conf" ||
		{ log "swanctl could not load the server config (see swanctl-load-$side.log)"; return 1; }
}

# srv_guard [SIDE]: drops udp/1701 that did not arrive inside IPsec, so a broken IPsec setup
# cannot pass in clear text; and L2TP the server would send outside IPsec. The latter happens
# for real: an IKEv1 responder installs the SAs a moment before the policies, and a LAC that
# sends SCCRQ at once gets SCCRP in clear (seen here under load). Dropped, xl2tpd retransmits
# it ~1 s later inside ESP. srv_guard_drops [SIDE] prints the INPUT rule's packet counter.
srv_guard() {
	in_side "${1:-srv}" iptables-legacy -A INPUT -p udp --dport 1701 -m policy --dir in --pol none -j DROP &&
		in_side "${1:-srv}" iptables-legacy -A OUTPUT -p udp --sport 1701 -m policy --dir out --pol none -j DROP
}
srv_guard_drops() {
	in_side "${1:-srv}" iptables-legacy -L INPUT -v -n -x | awk '/policy match dir in pol none/ { print $1; exit }'
}

# srv_lns_start [SIDE]: xl2tpd LNS in SIDE (kernel data path unless LNS_MODE=userspace) with
# pppd requiring LNS_AUTH (mschapv2 | chap | pap) for LNS_USER/LNS_PASSWORD, addresses
# LNS_LOCAL_IP + LNS_POOL, LNS_PPP_EXTRA appended to its pppd options and LNS_XL2TPD_EXTRA
# (lines) to its [lns default] section. Logs: $L/xl2tpd-SIDE.log, $L/pppd-SIDE.log.
srv_lns_start() {
	local side=${1:-srv} d=$G/${1:-srv} auth
	case "$LNS_AUTH" in
	mschapv2) auth="require-mschap-v2
refuse-pap
refuse-chap
refuse-mschap
refuse-eap" ;;
	chap) auth="require-chap
refuse-pap
refuse-mschap
refuse-mschap-v2
refuse-eap" ;;
	pap) auth="require-pap
refuse-chap
refuse-mschap
refuse-mschap-v2
refuse-eap" ;;
	eaptls) auth="require-eap
refuse-pap
refuse-chap
refuse-mschap
refuse-mschap-v2"
		[ -n "${PKI_DIR:-}" ] || { log "srv_lns_start: LNS_AUTH=eaptls needs pki_make first"; return 1; }
		# pppd 2.4.9 README.eap-tls: client, server, client certificate (- for any from the
		# CA), server certificate, CA, server key, addresses
		(umask 077 && printf '%s\t%s\t-\t%s\t%s\t%s\t*\n' "$LNS_USER" "$LNS_NAME" \
			"$PKI_DIR/$side-cert.pem" "$PKI_DIR/ca.pem" "$PKI_DIR/$side-key.pem" \
			> "$d/ppp/eaptls-server") ;;
	*) log "srv_lns_start: unknown LNS_AUTH=$LNS_AUTH"; return 1 ;;
	esac
	cat > "$d/xl2tpd.conf" <<-EOF
	[global]
	port = 1701
	listen-addr = ${SIDE_IP[$side]}
	access control = no
	$([ "$LNS_MODE" = userspace ] && echo "force userspace = yes")

	[lns default]
	ip range = $LNS_POOL
	local ip = $LNS_LOCAL_IP
	require authentication = yes
	$([ "$LNS_AUTH" = pap ] && echo "require pap = yes" || echo "refuse pap = yes")
	name = $LNS_NAME
	ppp debug = yes
	pppoptfile = $d/ppp/options.lns
	length bit = yes
	${LNS_XL2TPD_EXTRA:-}
	EOF
	cat > "$d/ppp/options.lns" <<-EOF
	name $LNS_NAME
	$auth
	ipcp-accept-local
	ipcp-accept-remote
	$(printf '%s\n' $LNS_PPP_COMP)
	noipv6
	mtu 1400
	mru 1400
	nodefaultroute
	lcp-echo-interval 0
	debug
	logfile $L/pppd-$side.log
	$LNS_PPP_EXTRA
	EOF
	# EAP-TLS: no password for the user, or pppd's EAP server picks MD5-Challenge (eap.c)
	if [ "$LNS_AUTH" = eaptls ]; then
		(umask 077 && : > "$d/ppp/chap-secrets" && : > "$d/ppp/pap-secrets")
	else
		(umask 077 && printf '%s %s "%s" *\n' "$LNS_USER" '*' "$LNS_PASSWORD" > "$d/ppp/chap-secrets" &&
			cp "$d/ppp/chap-secrets" "$d/ppp/pap-secrets")
	fi
	: > "$d/l2tp-secrets"
	bg_in_side "$side" "xl2tpd-$side" /usr/sbin/xl2tpd -D -c "$d/xl2tpd.conf" -s "$d/l2tp-secrets" \
		-p /run/xl2tpd/xl2tpd.pid -C /run/xl2tpd/l2tp-control
	wait_until 10 test -p "$(side_run_file "$side" /run/xl2tpd/l2tp-control)" ||
		{ log "xl2tpd in $side did not start (see xl2tpd-$side.log)"; return 1; }
}

# srv_start [SIDE]: the whole reference server in SIDE (default srv): side_start, charon
# responder, guard rule, xl2tpd LNS + pppd. Fails (1) with a log line on the first problem.
srv_start() {
	local side=${1:-srv}
	[ -n "${LIB_SIDE_PID[$side]:-}" ] || side_start "$side" || return 1
	srv_ipsec_start "$side" && srv_guard "$side" && srv_lns_start "$side"
}

# srv_ppp_ifaces [SIDE]: names of the server's ppp interfaces (one per connected session).
srv_ppp_ifaces() { in_side "${1:-srv}" ip -o link show type ppp | awk -F': ' '{ print $2 }'; }

# ---------------------------------------------------------------------------------------------
# PKI (X.509 test material, generated at run time with openssl)
# ---------------------------------------------------------------------------------------------
# pki_make: creates a test CA, a server certificate for srv (SAN IP 192.0.2.1, DNS
# srv.l2tpc.test) and srv2 (203.0.113.1, srv2.l2tpc.test), and a client certificate
# (CN=vpnuser, SAN email vpnuser@l2tpc.test) in $G/pki. Keys are ECDSA P-256 unless
# PKI_KEY_TYPE=rsa (RSA 2048: ~1 s per key in UML, so 4 s more). Sets:
#   PKI_DIR, PKI_CA (PEM), PKI_CA_DER,
#   PKI_CLIENT_CERT / PKI_CLIENT_KEY (PEM, key unencrypted PKCS#8),
#   PKI_CLIENT_KEY_ENC (PEM PKCS#8 encrypted with PKI_PASSWORD),
#   PKI_CLIENT_CERT_DER / PKI_CLIENT_KEY_DER (DER),
#   PKI_CLIENT_P12 (PKCS#12: client cert + key + CA, password PKI_PASSWORD),
#   PKI_CLIENT_ID (the client certificate's subject DN).
# The public parts are copied to $L/pki/.
PKI_PASSWORD=${PKI_PASSWORD:-l2tpc-p12-pass-5Zr8}
PKI_KEY_TYPE=${PKI_KEY_TYPE:-ec}
pki_subject() {
	case "$1" in
	ca) echo "C=XX, O=l2tpc test, CN=l2tpc test CA" ;;
	client) echo "C=XX, O=l2tpc test, CN=vpnuser" ;;
	rogue) echo "C=XX, O=l2tpc test, CN=mallory" ;;
	ca2) echo "C=XX, O=other test, CN=other test CA" ;;
	srvx) echo "C=XX, O=other test, CN=srv.l2tpc.test" ;;
	*) echo "C=XX, O=l2tpc test, CN=$1.l2tpc.test" ;;
	esac
}
# pki_make_impostors (after pki_make): certificates a gateway must not be taken for, each with
# its key as $PKI_DIR/NAME-cert.pem / NAME-key.pem, for SRV_CERT=NAME:
#   rogue  a *client* certificate from the test CA (CN=mallory, SAN email, clientAuth), as a
#          corporate CA issues to every employee;
#   srvx   the right names (SAN IP 192.0.2.1, DNS srv.l2tpc.test) from another CA (ca2).
pki_make_impostors() {
	local p=$PKI_DIR newkey=ec:$G/pki-ec-params.pem
	[ "$PKI_KEY_TYPE" = rsa ] && newkey=rsa:2048
	{
		openssl req -x509 -newkey "$newkey" -nodes -sha256 -days 30 -subj "$(lib_openssl_subj ca2)" \
			-addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign \
			-keyout "$p/ca2-key.pem" -out "$p/ca2.pem" || return 1
		printf 'subjectAltName=email:mallory@l2tpc.test\nextendedKeyUsage=clientAuth\n' > "$p/rogue.ext"
		printf 'subjectAltName=IP:192.0.2.1,DNS:srv.l2tpc.test\nextendedKeyUsage=serverAuth\n' > "$p/srvx.ext"
		for n in rogue srvx; do
			local ca=ca
			[ $n = srvx ] && ca=ca2
			openssl req -newkey "$newkey" -nodes -subj "$(lib_openssl_subj $n)" \
				-keyout "$p/$n-key.pem" -out "$p/$n.csr" &&
				openssl x509 -req -in "$p/$n.csr" -CA "$p/$ca.pem" -CAkey "$p/$ca-key.pem" \
					-CAcreateserial -sha256 -days 30 -extfile "$p/$n.ext" \
					-out "$p/$n-cert.pem" || return 1
		done
	} >> "$L/pki.log" 2>&1 < /dev/null ||
		{ log "pki_make_impostors: openssl failed (see pki.log)"; return 1; }
	(cd "$p" && cp ca2.pem rogue-cert.pem srvx-cert.pem "$L/pki/")
}
lib_openssl_subj() { echo "/$(pki_subject "$1" | sed 's|, |/|g')"; }
pki_make() {
	PKI_DIR=$G/pki
	local p=$PKI_DIR n newkey=ec:$G/pki-ec-params.pem
	[ "$PKI_KEY_TYPE" = rsa ] && newkey=rsa:2048
	mkdir -p "$p" && chmod 700 "$p"
	(umask 077 && printf '%s\n' "$PKI_PASSWORD" > "$p/.password")
	{
		openssl genpkey -genparam -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
			-out "$G/pki-ec-params.pem" || return 1
		openssl req -x509 -newkey "$newkey" -nodes -sha256 -days 30 -subj "$(lib_openssl_subj ca)" \
			-addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign \
			-keyout "$p/ca-key.pem" -out "$p/ca.pem" || return 1
		for n in srv srv2 client; do
			openssl req -newkey "$newkey" -nodes -subj "$(lib_openssl_subj $n)" \
				-keyout "$p/$n-key.pem" -out "$p/$n.csr" || return 1
			case $n in
			srv) printf 'subjectAltName=IP:192.0.2.1,DNS:srv.l2tpc.test\nextendedKeyUsage=serverAuth\n' ;;
			srv2) printf 'subjectAltName=IP:203.0.113.1,DNS:srv2.l2tpc.test\nextendedKeyUsage=serverAuth\n' ;;
			client) printf 'subjectAltName=email:vpnuser@l2tpc.test\nextendedKeyUsage=clientAuth\n' ;;
			esac > "$p/$n.ext"
			openssl x509 -req -in "$p/$n.csr" -CA "$p/ca.pem" -CAkey "$p/ca-key.pem" -CAcreateserial \
				-sha256 -days 30 -extfile "$p/$n.ext" -out "$p/$n-cert.pem" || return 1
		done
		openssl x509 -in "$p/ca.pem" -outform DER -out "$p/ca.der" &&
			openssl x509 -in "$p/client-cert.pem" -outform DER -out "$p/client-cert.der" &&
			openssl pkey -in "$p/client-key.pem" -outform DER -out "$p/client-key.der" &&
			openssl pkcs8 -topk8 -in "$p/client-key.pem" -v2 aes-256-cbc \
				-passout "file:$p/.password" -out "$p/client-key-enc.pem" &&
			openssl pkcs12 -export -in "$p/client-cert.pem" -inkey "$p/client-key.pem" \
				-certfile "$p/ca.pem" -name vpnuser -passout "file:$p/.password" \
				-out "$p/client.p12"
	} > "$L/pki.log" 2>&1 < /dev/null ||
		{ log "pki_make: openssl failed (see pki.log)"; return 1; }
	PKI_CA=$p/ca.pem
	PKI_CA_DER=$p/ca.der
	PKI_CLIENT_CERT=$p/client-cert.pem
	PKI_CLIENT_KEY=$p/client-key.pem
	PKI_CLIENT_KEY_ENC=$p/client-key-enc.pem
	PKI_CLIENT_CERT_DER=$p/client-cert.der
	PKI_CLIENT_KEY_DER=$p/client-key.der
	PKI_CLIENT_P12=$p/client.p12
	PKI_CLIENT_ID=$(pki_subject client)
	mkdir -p "$L/pki"
	(cd "$p" && cp ca.pem ca.der srv-cert.pem srv2-cert.pem client-cert.pem client-cert.der "$L/pki/")
}
