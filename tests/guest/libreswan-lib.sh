#!/bin/bash
# libreswan's pluto as the IKEv1 responder in srv, for the scenarios that test against it
# (ipsec-libreswan, libreswan-xl2tpd). Debian's libreswan 4.10 conflicts with strongSwan, so
# the scenario's .host step unpacks it into the build dir (tools/fetch-libreswan.sh); pluto
# runs from there with its libraries. Source after lib.sh; skips (77) when it is not there:
#	. "$GUEST_LIB_DIR/libreswan-lib.sh"

LSW=$L2TPC_BUILD_DIR/libreswan/root
LSW_LIBEXEC=/usr/libexec/ipsec
[ -x "$LSW/usr/libexec/ipsec/pluto" ] ||
	skip "libreswan could not be fetched on the host (see host-prepare.log: apt-get download)"
export LD_LIBRARY_PATH=$LSW/usr/lib/x86_64-linux-gnu
PLUTO_CTL=/run/pluto/pluto.ctl

# lsw_pluto_start CONN: pluto in srv with $G/srv/ipsec.conf (written by the scenario), the PSK
# $SRV_PSK for $SRV_IP in a mode-600 secrets file and a fresh NSS database under $G/srv; CONN
# added and pluto listening. Log: $L/pluto-srv.log. Sets LSW_PID.
lsw_pluto_start() {
	local d=$G/srv
	mkdir -p "$d/nss" "$d/ipsec.d" || return 1
	"$LSW/usr/bin/certutil" -N -d "sql:$d/nss" --empty-password > "$L/certutil.log" 2>&1 ||
		return 1
	(umask 077 && printf '%s %%any : PSK "%s"\n' "$SRV_IP" "$SRV_PSK" > "$d/ipsec.secrets")
	in_side srv mkdir -p /run/pluto
	# pluto runs its addconn helper from the compiled-in /usr/libexec/ipsec: give srv's mount
	# namespace (only) the unpacked libexec there
	in_srv mount --bind "$LSW/usr/libexec" /usr/libexec || return 1
	in_side_bg srv "$LSW_LIBEXEC/pluto" --nofork --config "$d/ipsec.conf" \
		--secretsfile "$d/ipsec.secrets" --ipsecdir "$d/ipsec.d" --nssdir "$d/nss" \
		--rundir /run/pluto --logfile "$L/pluto-srv.log" --log-no-audit
	LSW_PID=$BG_PID
	wait_until 15 test -S "$(side_run_file srv $PLUTO_CTL)" ||
		{ log "pluto did not open its control socket (see pluto-srv.log)"; return 1; }
	lsw_add "$1" > "$L/addconn.log" 2>&1 || return 1
	in_srv "$LSW_LIBEXEC/whack" --ctlsocket $PLUTO_CTL --listen >> "$L/addconn.log" 2>&1
}

# lsw_l2tp_conn NAME AUTO [LINE...]: prints an ipsec.conf conn NAME for L2TP/IPsec as servers
# set it up (PSK, IKEv1, transport, udp/1701 here, any port of the client), auto=AUTO, with each
# LINE (e.g. pfs=no) after type=.
lsw_l2tp_conn() {
	printf 'conn %s\n' "$1"
	printf '    %s\n' authby=secret ikev2=no type=transport "${@:3}" "left=$SRV_IP" \
		leftprotoport=17/1701 right=%any rightprotoport=17/%any leftupdown=/bin/true \
		rightupdown=/bin/true "auto=$2"
}
# lsw_add CONN: adds CONN of $G/srv/ipsec.conf to the running pluto.
lsw_add() { in_srv "$LSW_LIBEXEC/addconn" --ctlsocket $PLUTO_CTL --config "$G/srv/ipsec.conf" "$1"; }
# lsw_whack ARGS...: pluto's control tool.
lsw_whack() { in_srv "$LSW_LIBEXEC/whack" --ctlsocket $PLUTO_CTL "$@"; }
lsw_states() { lsw_whack --showstates; }
lsw_no_states() { ! lsw_states | grep -q "$CLI_SEEN_IP"; }
