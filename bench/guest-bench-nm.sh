#!/bin/bash
# guest-bench-nm: the nmcli rows of the bench (sourced by bench/guest-bench.sh, after lib.sh).
# One real NetworkManager (tests/guest/nm-lib.sh) in the client side knows two VPN types:
#   - l2tpc: our nm-l2tpc-service from the build tree (engine in-process, private charon, pppd);
#   - l2tp:  Debian's network-manager-l2tp 1.20.8 as installed (/usr/lib/NetworkManager/
#            nm-l2tp-service, its .name file in /usr/lib/NetworkManager/VPN), which drives
#            strongswan-starter's `ipsec` script (starter + charon over stroke) and xl2tpd.
# Both get the same profile (PSK + MS-CHAPv2 against the reference server, never-default, the
# secrets stored with it) and are brought up and down with nmcli, one after the other, each
# from nothing (its service not running).
#
# What network-manager-l2tp needs that the read-only guest root lacks (read from its source
# and seen in its log; nothing else of /etc is touched), set up by nm_bench_setup inside cli's
# mount namespace only:
#   /etc/ipsec.secrets   it appends "include ipsec.d/ipsec.nm-l2tp.secrets" once, so it must
#                        be writable: a copy of the host's file, bind-mounted over it;
#   /etc/ipsec.d         it writes the PSK to ipsec.d/ipsec.nm-l2tp.secrets (mode 600): an
#                        empty directory from the side's scratch, bind-mounted over it;
#   /etc/strongswan.conf read by starter and charon. Debian's loads every installed plugin,
#                        af-alg among them, which probes ~60 crypto modules (seconds in UML);
#                        ours loads the plugin list l2tpc's private charon uses, with stroke
#                        (what `ipsec up` talks to) instead of vici, and logs to $L. Same
#                        plugins on both sides: the comparison is the stack, not the plugins.
# Its run directory (/run/nm-l2tp-UUID) and starter's pid files are in the side's tmpfs /run.
# Everything else (ipsec.conf with its default proposals, xl2tpd.conf, ppp options, `ipsec
# restart`, `ipsec up`, `ipsec status`, `ipsec stop`) is network-manager-l2tp's own doing.
# Three more concern the testbed, not /etc: NetworkManager runs without lib.sh's STRONGSWAN_CONF
# (nm_bench_start_nm), cli gets a host route to the server over the veth (nm_bench_setup), and
# the secrets are stored in the keyfiles (nm_bench_keyfile); each says why where it is done.
# NM_BENCH_DEBUG=1 runs the plugins at debug level and traces each teardown (not for numbers).
#
# Metrics (bench.tsv, via emit): connect_s, teardown_s for nmcli-l2tpc / nmcli-nm-l2tp;
# rss_kb nm-l2tpc-service (our service alone), nm-l2tpc-service+charon (with its private
# charon) and nm-l2tp-incumbent (nm-l2tp-service + xl2tpd + charon + starter). pppd is left out
# of both, as in the CLI rows.
. "$L2TPC_SOURCE_DIR/tests/guest/nm-lib.sh"

NMB_OURS=office-l2tpc           # connection of our plugin
NMB_INC=office-nm-l2tp          # connection of network-manager-l2tp
NMB_INC_PROCS="nm-l2tp-service xl2tpd charon starter"
NMB_OURS_SERVICE=nm-l2tpc-servic # comm is cut to 15 characters
NMB_LATE_FLAG=$G/cli/nm-charon-at-connect # present: our service gets --charon-at-connect

# nm_bench_etc: the writable /etc paths network-manager-l2tp needs (see the header), in cli only.
nm_bench_etc() {
	local d=$G/cli/nm-l2tp-etc
	mkdir -p "$d/ipsec.d"
	chmod 700 "$d/ipsec.d"
	(umask 077 && cat /etc/ipsec.secrets > "$d/ipsec.secrets")
	cat > "$d/strongswan.conf" <<-EOF
	# Bench: network-manager-l2tp's starter and charon (see bench/guest-bench-nm.sh).
	charon {
	    load = random nonce aes des sha1 sha2 md5 hmac kdf gmp curve25519 openssl pem pkcs1 \
pkcs8 pkcs12 pubkey x509 constraints kernel-netlink socket-default stroke
	    syslog {
	        daemon {
	            default = -1
	        }
	    }
	    filelog {
	        nml2tp {
	            path = $L/charon-nm-l2tp.log
	            time_format = %s
	            time_add_ms = yes
	            append = yes
	            flush_line = yes
	            default = 1
	        }
	    }
	}
	EOF
	in_cli sh -c "mount --bind $d/ipsec.secrets /etc/ipsec.secrets &&
		mount --bind $d/ipsec.d /etc/ipsec.d &&
		mount --bind $d/strongswan.conf /etc/strongswan.conf"
}

# nm_bench_setup: NetworkManager in cli and the two connections. Call after
# side_start cli.
nm_bench_setup() {
	require "network-manager-l2tp is installed" \
		test -x /usr/lib/NetworkManager/nm-l2tp-service -a -x /usr/sbin/ipsec -a -x /usr/sbin/xl2tpd
	require "writable /etc/ipsec.secrets, /etc/ipsec.d, strongswan.conf in cli" nm_bench_etc
	require "NetworkManager up on a private system bus in cli" nm_bench_start_nm
	# The plugins log at NetworkManager's level; debug makes network-manager-l2tp turn on
	# charon, xl2tpd and pppd debugging too. The bench runs both at info (NM_BENCH_DEBUG=1:
	# debug, for finding out why something failed; the numbers are then not comparable).
	[ "${NM_BENCH_DEBUG:-0}" = 1 ] || nmc cli general logging level INFO domains ALL > /dev/null 2>&1
	# NetworkManager pins a route to a VPN's gateway through the base connection: here that is
	# the dummy nmbase0, which carries nothing (the server is reached over the unmanaged veth),
	# so once up, network-manager-l2tp's ESP went into the dummy. On a real machine the base
	# connection is the way to the gateway. Our engine pins "$SRV_IP/32 dev veth-cli" itself
	# (metric 0); this one (metric 10, so it never collides with the engine's) does the same
	# for network-manager-l2tp.
	require "cli: host route to the server over the veth" \
		in_cli ip route add "$SRV_IP/32" dev "$CLI_IF" metric 10
	nm_bench_keyfile "$NMB_OURS" org.freedesktop.NetworkManager.l2tpc
	nm_bench_keyfile "$NMB_INC" org.freedesktop.NetworkManager.l2tp
	require "NetworkManager: both connections loaded" nmc cli connection reload
	require "NetworkManager: knows $NMB_OURS and $NMB_INC" nm_bench_known
}

# nm_bench_start_nm: nm_start cli, with NetworkManager started through a wrapper that drops
# STRONGSWAN_CONF from its environment. lib.sh exports it (the side's own charon config, for
# swanctl and the incumbent CLI's charon) to everything started in a side; NetworkManager hands
# its environment on to the VPN services, and network-manager-l2tp's starter and charon would
# then read that file (vici, no stroke: `ipsec up` cannot reach charon) instead of
# /etc/strongswan.conf. Our service is unaffected either way (it sets STRONGSWAN_CONF for its
# private charon itself).
nm_bench_start_nm() {
	local b=$G/cli/nm-bench-bin
	mkdir -p "$b"
	printf '#!/bin/sh\nunset STRONGSWAN_CONF\nexec %s "$@"\n' "$(command -v NetworkManager)" \
		> "$b/NetworkManager"
	chmod 755 "$b/NetworkManager"
	PATH=$b:$PATH nm_start cli || return 1
	# the A/B of the early charon start: the wrapper adds --charon-at-connect while the flag
	# file exists (a shell test, no fork: both variants start the service alike)
	sed -i "s|^exec |[ -e $NMB_LATE_FLAG ] \&\& set -- --charon-at-connect \"\$@\"\nexec |" \
		"$G/cli/nm/nm-l2tpc-service"
}

# nm_bench_keyfile NAME SERVICE: a keyfile for NetworkManager (mode 600 in the side's scratch),
# the same profile for both plugins: PSK + MS-CHAPv2, never-default, secrets stored with the
# connection (flags 0). Stored, not asked for: nmcli can hand secrets to a VPN plugin only
# through the plugin's auth dialog, and Debian ships network-manager-l2tp's in the -gnome package
# (GTK), which is not installed. Written as a file so no secret is ever in an argv.
nm_bench_keyfile() {
	local f=$G/cli/nm/connections/$1.nmconnection uuid
	read -r uuid < /proc/sys/kernel/random/uuid
	(umask 077 && cat > "$f") <<-EOF
	[connection]
	id=$1
	uuid=$uuid
	type=vpn
	autoconnect=false

	[vpn]
	service-type=$2
	gateway=$SRV_IP
	user=$LNS_USER
	ipsec-enabled=yes
	refuse-pap=yes
	refuse-eap=yes
	password-flags=0
	ipsec-psk-flags=0

	[vpn-secrets]
	password=$LNS_PASSWORD
	ipsec-psk=$SRV_PSK

	[ipv4]
	method=auto
	never-default=true

	[ipv6]
	method=auto
	EOF
}
nm_bench_known() {
	local c
	c=$(nmc cli -t -f NAME connection show)
	grep -qx "$NMB_OURS" <<< "$c" && grep -qx "$NMB_INC" <<< "$c"
}

# nm_bench_up WHO CONN RUN: `nmcli connection up` timed to the ppp address (the same stamp as
# the CLI rows: `ip monitor address` in cli); emits connect_s.
nm_bench_up() {
	local who=$1 conn=$2 i=$3 t0 t1
	t0=$(now_us)
	check "$who (run $i): nmcli connection up" \
		nmc cli connection up "$conn" || { emit connect_failed "$who" "$i" 1; return 1; }
	check "$who (run $i): ppp address seen" wait_until 10 ppp_seen_after "$t0" ||
		{ emit connect_failed "$who" "$i" 1; return 1; }
	t1=$(ppp_addr_after "$t0")
	emit connect_s "$who" "$i" "$(secs $((t1 - t0)))"
	nm_bench_phases "$who" "$i" "$t0" "$t1"
	# within 5 s: one ping is lost one time in ten at 5 % loss each way
	check "$who (run $i): ping 10.10.0.1 through the tunnel" wait_until 5 ping_ok cli 10.10.0.1 1 ||
		save "nm-bench-$who-$i-routes" nm_bench_net_state
}
# nm_bench_phases WHO RUN T0_US T1_US: where the connect time went, from the plugins' lines in
# NetworkManager's log (time-stamped as read): service up (NetworkManager handed it the
# connection), IPsec up, then L2TP + PPP to the address. network-manager-l2tp's IPsec step is
# split: `ipsec status` + `ipsec restart` (stop, sleep 2, start) + `ipsec rereadsecrets`, then
# `ipsec up` until it reports the SA.
nm_bench_phases() {
	local who=$1 i=$2 t0=$3 t1=$4 a b c d
	if [[ $who == nmcli-l2tpc* ]]; then
		a=$(nm_log_at "$t0" "l2tpc\\[nm\\] info: $NMB_OURS: connecting to")
		c=$(nm_log_at "$t0" "l2tpc\\[ipsec\\] info: .*IPsec transport SA with .* is up")
	else
		a=$(nm_log_at "$t0" 'nm-l2tp\\[[0-9]+\\] <info>  ipsec enable flag')
		b=$(nm_log_at "$t0" 'nm-l2tp\\[[0-9]+\\] <info>  Spawned ipsec up script')
		c=$(nm_log_at "$t0" 'strongSwan IPsec connection is up')
		d=$(nm_log_at "$t0" 'xl2tpd started with pid')
		emit phase_ipsec_restart_s "$who" "$i" "$(secs $((b - a)))"
		emit phase_ipsec_up_s "$who" "$i" "$(secs $((c - b)))"
		emit phase_xl2tpd_s "$who" "$i" "$(secs $((d - c)))"
	fi
	emit phase_service_s "$who" "$i" "$(secs $((a - t0)))"
	emit phase_ipsec_s "$who" "$i" "$(secs $((c - a)))"
	emit phase_l2tp_ppp_s "$who" "$i" "$(secs $((t1 - c)))"
}
# nm_log_at T0_US ERE: time stamp (us) of the first line of NetworkManager's log after T0_US
# matching ERE; T0_US itself when there is none (the phase then reads 0 and the total stays).
nm_log_at() {
	awk -v t0="$1" -v re="$2" '{ t = $1; sub(/\./, "", t) }
		t + 0 >= t0 + 0 && $0 ~ re { print t; found = 1; exit }
		END { if (!found) print t0 }' "$L/nm-cli.log"
}
nm_bench_net_state() {
	in_cli ip -4 addr
	in_cli ip route show table all
	in_cli ip xfrm policy
	in_cli ip -s xfrm state
	cat "$L/ping-cli-10.10.0.1.txt"
}

# nm_bench_down WHO CONN RUN SERVICE SECS COMM...: `nmcli connection down` until no COMM (and
# no pppd, ppp link, xfrm state, PPPoL2TP entry) is left; emits teardown_s. The service itself
# is not residue (NetworkManager's to keep or not); not timed, it gets SECS to exit (see
# nm_bench_service_gone), so that the next connect starts from nothing too.
nm_bench_down() {
	local who=$1 conn=$2 i=$3 svc=$4 wait=$5 t0 t1 td
	shift 5
	t0=$(now_us)
	check "$who (run $i): nmcli connection down" nmc cli connection down "$conn" || return 1
	t1=$(now_us)
	[ "${NM_BENCH_DEBUG:-0}" = 1 ] && nm_bench_trace "$t0" "$@" > "$L/nm-bench-down-$who-$i.txt"
	check "$who (run $i): no residue within 10 s of 'nmcli connection down'" \
		eval "td=\$(teardown_us $t0 $t1 10 $*)" || return 1
	emit teardown_s "$who" "$i" "$(secs "$td")"
	nm_bench_service_gone "$who" "$i" "$svc" "$wait"
}

# nm_bench_trace T0 COMM...: what is left after the disconnect, every 0.2 s (NM_BENCH_DEBUG=1).
nm_bench_trace() {
	local t0=$1
	shift
	until residue_zero "$@"; do
		echo "--- $(secs $(($(now_us) - t0)))"
		lib_side_procs cli | grep -v -e NetworkManager -e dbus -e ' ip$' -e dispatcher
		in_cli ip -o link show type ppp
		in_cli ip xfrm state | grep -c '^src'
		lib_pppol2tp_entries cli
		gsleep 0.2
	done
}

# nm_bench_service_gone WHO RUN COMM SECS: waits up to SECS for the VPN service to exit (both
# quit on their own once disconnected), else stops it (SIGTERM) and says so in checks.log, so
# each connect starts from nothing. Not timed.
nm_bench_service_gone() {
	wait_until "$4" lib_empty side_pids cli "$3" && return 0
	echo "== $1 (run $2): $3 still running $4 s after the disconnect: stopped" >> "$L/checks.log"
	stop_pids 5 $(side_pids cli "$3")
}

# nm_try WHO RUN CMD ARGS...: CMD (one nmcli connect, its measurements and its disconnect; 1
# only when the connect failed) at a quiet moment of the host (idle_wait; NM_IDLE=0: at once),
# tried again after a failed connect, NM_TRIES (3) times at most. Every failed connect counts:
# connect_failed, shown as "k more failed" beside the time. network-manager-l2tp runs `ipsec
# restart` and `ipsec up` inside NetworkManager's Connect call, which NetworkManager gives 10 s
# (a constant in NetworkManager, no setting a user has: vpn.timeout bounds the whole
# activation, not that call); on a busy machine that call fails, and a user there would see the
# same failure. Both plugins get the same waits and tries.
NM_TRIES=${NM_TRIES:-3}
nm_try() {
	local who=$1 i=$2 k
	shift 2
	for ((k = 1; k <= NM_TRIES; k++)); do
		[ "${NM_IDLE:-1}" = 0 ] || idle_wait "$who" "$i"
		"$@" && return 0
		log "$who (run $i): connect failed (try $k of $NM_TRIES)"
	done
	return 1
}

# nm_ours_run RUN [late]: our plugin (nm_ours_once), tried as nm_try says.
nm_ours_run() {
	nm_try "nmcli-l2tpc${2:+-$2}" "$1" nm_ours_once "$@"
}
# nm_incumbent_run RUN: network-manager-l2tp (nm_incumbent_once), tried as nm_try says.
nm_incumbent_run() {
	nm_try nmcli-nm-l2tp "$1" nm_incumbent_once "$1"
}

# nm_ours_once RUN [late]: our plugin: connect, memory, teardown. With "late" the service starts
# charon when the connection comes (--charon-at-connect, the order before charon started with
# the service; who nmcli-l2tpc-late, connect and teardown only): the gain of the early start.
nm_ours_once() {
	local i=$1 who=nmcli-l2tpc svc
	if [ "${2:-}" = late ]; then
		who=nmcli-l2tpc-late
		: > "$NMB_LATE_FLAG"
	fi
	nm_bench_up "$who" "$NMB_OURS" "$i" || { rm -f "$NMB_LATE_FLAG"; nm_bench_reset; return 1; }
	rm -f "$NMB_LATE_FLAG"
	svc=$(side_pids cli "$NMB_OURS_SERVICE")
	if [ "$who" = nmcli-l2tpc ]; then
		mem_emit nm-l2tpc-service "$i" $svc
		mem_emit nm-l2tpc-stack "$i" $svc $(side_pids cli charon) $(side_pids cli pppd)
	fi
	nm_bench_down "$who" "$NMB_OURS" "$i" "$NMB_OURS_SERVICE" 5 charon || nm_bench_reset
	return 0
}

# nm_incumbent_once RUN: network-manager-l2tp: connect, memory, teardown.
nm_incumbent_once() {
	local i=$1 p pids=""
	nm_bench_up nmcli-nm-l2tp "$NMB_INC" "$i" || { nm_bench_reset; return 1; }
	for p in $NMB_INC_PROCS pppd; do pids+=" $(side_pids cli "$p")"; done
	mem_emit nm-l2tp-stack "$i" $pids
	mem_emit nm-l2tp-service "$i" $(side_pids cli nm-l2tp-service)
	nm_bench_down nmcli-nm-l2tp "$NMB_INC" "$i" nm-l2tp-service 5 xl2tpd charon starter ||
		nm_bench_reset
	return 0
}

# nm_bench_reset: after a failed run, both connections down and every VPN process of cli gone,
# so that the next measurement starts clean (what was left is in checks.log).
nm_bench_reset() {
	nmc cli connection down "$NMB_OURS" > /dev/null 2>&1
	nmc cli connection down "$NMB_INC" > /dev/null 2>&1
	{
		echo "### nm_bench_reset: left in cli"
		lib_side_procs cli
	} >> "$L/checks.log"
	stop_pids 5 $(for p in $NMB_OURS_SERVICE $NMB_INC_PROCS pppd; do side_pids cli "$p"; done)
	in_cli ip xfrm state flush
	in_cli ip xfrm policy flush
}
