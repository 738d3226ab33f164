#!/bin/bash
# Reference L2TP/IPsec client for smoke tests and the demo: strongSwan charon as IKEv1 initiator
# plus xl2tpd as LAC with pppd, all in side "cli". It proves the reference server works; the
# project's own client (l2tpc) replaces it in every other scenario. Source after lib.sh:
#	. "$(dirname "$0")/../refclient.sh"
# Reads the server settings of lib.sh (SRV_PSK, SRV_AUTH, LNS_USER, LNS_PASSWORD, LNS_AUTH ...).
REFCLI_CONN=ref-l2tp
REFCLI_MODE=${REFCLI_MODE:-kernel}      # kernel | userspace data path of the client's xl2tpd

# refcli_ipsec_start [SERVER_IP]: charon in cli (side must exist) with connection ref-l2tp to
# SERVER_IP (default $SRV_IP): IKEv1 main mode, PSK (or the client certificate when
# SRV_AUTH=cert), child "l2tp" in transport mode for udp/1701 <-> udp/1701. Loads, does not
# initiate. Called again (e.g. with $SRV2_IP) it replaces the connection in the running charon.
refcli_ipsec_start() {
	local srv=${1:-$SRV_IP} d=$G/cli local_auth remote_auth secrets
	[ -n "$(side_pids cli charon)" ] || charon_start cli || return 1
	if [ "$SRV_AUTH" = cert ]; then
		swanctl_creds cli "$PKI_CLIENT_CERT" "$PKI_CLIENT_KEY" || return 1
		local_auth="auth = pubkey
	            certs = $(basename "$PKI_CLIENT_CERT")
	            id = \"$PKI_CLIENT_ID\""
		remote_auth="auth = pubkey
	            cacerts = ca.pem"
		secrets=""
	else
		local_auth="auth = psk"
		remote_auth="auth = psk
	            id = $srv"
		secrets="ike-ref {
	        id = $srv
	        secret = \"$SRV_PSK\"
	    }"
	fi
	(umask 077 && cat > "$d/swanctl.conf") <<-EOF
	connections {
	    $REFCLI_CONN {
	        version = 1
	        aggressive = no
	        remote_addrs = $srv
	        proposals = aes256-sha256-modp2048
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
	                local_ts = dynamic[udp/1701]
	                remote_ts = dynamic[udp/1701]
	                esp_proposals = aes128-sha256
	                start_action = none
	            }
	        }
	    }
	}
	secrets {
	    $secrets
	}
	EOF
	swanctl_load cli "$d/swanctl.conf" ||
		{ log "swanctl could not load the reference client config (swanctl-load-cli.log)"; return 1; }
}

# refcli_initiate: brings up IKE_SA + CHILD_SA "l2tp" (swanctl --initiate, 20 s limit).
# Output in $L/refcli-initiate.log.
refcli_initiate() {
	in_cli swanctl --initiate --child l2tp --timeout 20 >> "$L/refcli-initiate.log" 2>&1
}

# refcli_lac_start [SERVER_IP]: xl2tpd LAC in cli (data path REFCLI_MODE) with LAC "vpn" to
# SERVER_IP, pppd authenticating as LNS_USER (MS-CHAPv2 or CHAP, whatever the LNS asks).
# Logs: $L/xl2tpd-cli.log, $L/pppd-cli.log.
refcli_lac_start() {
	local srv=${1:-$SRV_IP} d=$G/cli
	cat > "$d/xl2tpd.conf" <<-EOF
	[global]
	port = 1701
	access control = no
	$([ "$REFCLI_MODE" = userspace ] && echo "force userspace = yes")

	[lac vpn]
	lns = $srv
	require authentication = no
	ppp debug = yes
	pppoptfile = $d/ppp/options.lac
	length bit = yes
	autodial = no
	redial = no
	EOF
	cat > "$d/ppp/options.lac" <<-EOF
	name $LNS_USER
	remotename $LNS_NAME
	noauth
	refuse-pap
	refuse-eap
	noipdefault
	ipcp-accept-local
	ipcp-accept-remote
	noccp
	novj
	noipv6
	nobsdcomp
	nodeflate
	mtu 1400
	mru 1400
	nodefaultroute
	lcp-echo-interval 0
	lcp-restart 1
	debug
	logfile $L/pppd-cli.log
	EOF
	(umask 077 && printf '%s %s "%s" *\n' "$LNS_USER" "$LNS_NAME" "$LNS_PASSWORD" > "$d/ppp/chap-secrets")
	: > "$d/l2tp-secrets"
	bg_in_side cli xl2tpd-cli /usr/sbin/xl2tpd -D -c "$d/xl2tpd.conf" -s "$d/l2tp-secrets" \
		-p /run/xl2tpd/xl2tpd.pid -C /run/xl2tpd/l2tp-control
	wait_until 10 test -p "$(side_run_file cli /run/xl2tpd/l2tp-control)" ||
		{ log "xl2tpd in cli did not start (xl2tpd-cli.log)"; return 1; }
}

# refcli_ppp_up [SECONDS]: asks the LAC to dial ("c vpn") and waits (default 20 s) for the ppp
# interface with an address (sets PPP_IF, PPP_LOCAL, PPP_PEER like ppp_wait_up).
refcli_ppp_up() {
	echo "c vpn" > "$(side_run_file cli /run/xl2tpd/l2tp-control)" || return 1
	ppp_wait_up cli "${1:-20}"
}

# refcli_ppp_down: hangs up ("d vpn") and waits until pppd and the ppp interface are gone.
refcli_ppp_down() {
	echo "d vpn" > "$(side_run_file cli /run/xl2tpd/l2tp-control)" || return 1
	wait_until 10 lib_empty in_cli ip -o link show type ppp && wait_until 5 lib_empty side_pids cli pppd
}

# refcli_terminate: deletes the IKE_SA (and its CHILD_SA) of the reference client.
refcli_terminate() {
	in_cli swanctl --terminate --ike "$REFCLI_CONN" --timeout 10 >> "$L/refcli-terminate.log" 2>&1
	wait_until 5 lib_empty in_cli ip xfrm state
}

# refcli_stop: stops the client's xl2tpd and charon (after refcli_ppp_down/refcli_terminate, to
# leave the client side as a user's machine would be without a VPN).
refcli_stop() {
	stop_pids 5 $(side_pids cli xl2tpd)
	charon_stop cli
}
