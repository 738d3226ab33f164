#!/bin/bash
# Client-side steps of the scenarios that run our `l2tpc` CLI against the reference server
# (lib-server.sh): a profile + secrets file, `l2tpc up` in the background with its checks,
# and `l2tpc down` with what a clean disconnect must leave (nothing on the client; CDN then
# StopCCN seen by the server's xl2tpd). Source it after lib.sh; its steps need `srv_start srv`
# and `side_start cli` done (l2tpc_testbed does both):
#	. "$GUEST_LIB_DIR/l2tpc-lib.sh"

L2TPC=$L2TPC_BUILD_DIR/client/cli/l2tpc
L2TPC_PLUGIN=$L2TPC_BUILD_DIR/client/pppd-plugin/l2tpc-pppd-plugin.so

# l2tpc_testbed [MODULE...]: the start many of these scenarios share, each step a requirement:
# the kernel modules (load_modules MODULE...), the direct topology (topo_direct), the reference
# server in srv (srv_start) and side cli.
l2tpc_testbed() {
	load_modules "$@"
	require "topology srv <-> cli" topo_direct
	require "reference server up (charon responder, guard, xl2tpd LNS)" srv_start srv
	require "side cli" side_start cli
}

# l2tpc_profile NAME [KEY=VALUE...]: writes $G/cli/profiles/NAME.conf (PSK + MS-CHAPv2 to
# $SRV_IP as $LNS_USER, no secret in it; each KEY=VALUE added to its [vpn] section) and the
# mode-600 secrets file $G/cli/secrets that `l2tpc up` reads over --secrets-fd, as a script
# would pass them.
l2tpc_profile() {
	mkdir -p "$G/cli/profiles"
	cat > "$G/cli/profiles/$1.conf" <<-EOF
	[connection]
	id=$1

	[vpn]
	gateway=$SRV_IP
	user=$LNS_USER
	ipsec-enabled=yes
	refuse-pap=yes
	refuse-eap=yes
	$(printf '%s\n' "${@:2}")
	EOF
	(umask 077 && printf 'password=%s\nipsec-psk=%s\n' "$LNS_PASSWORD" "$SRV_PSK" > "$G/cli/secrets")
}

# l2tpc_up TAG NAME [ARG...]: runs `l2tpc up NAME -v ARG...` in cli in the background (output
# in $L/TAG.log) and checks it connects: the 'connected:' line, a ppp interface with an address
# from the pool, named in that line. Sets L2TPC_LOG (the log file), L2TPC_TUNNEL (our tunnel
# id, from the log) and L2TPC_SRV_MARK (lines in the server's xl2tpd log before this call, for
# l2tpc_down). A failure to come up within L2TPC_UP_WAIT seconds (default 30) ends the scenario.
l2tpc_up() {
	local tag=$1 name=$2 t0
	shift 2
	L2TPC_LOG=$L/$tag.log
	L2TPC_SRV_MARK=$(wc -l < "$L/xl2tpd-srv.log")
	L2TPC_PPP_MARK=$(cat "$L/pppd-srv.log" 2> /dev/null | wc -l)
	t0=$(now_us)
	bg_in_side cli "$tag" bash -c "exec $L2TPC up $G/cli/profiles/$name.conf -v \
		${L2TPC_PLUGIN:+--pppd-plugin $L2TPC_PLUGIN} --secrets-fd 3 $* 3< $G/cli/secrets"
	require "l2tpc: 'connected:' line printed" \
		wait_until "${L2TPC_UP_WAIT:-30}" grep -Eq '(^| )connected: ppp' "$L2TPC_LOG"
	log "connected in $(us_to_s $(($(now_us) - t0))) s"
	L2TPC_TUNNEL=$(sed -n 's/.* requesting tunnel \([0-9]*\) from .*/\1/p' "$L2TPC_LOG")
	require "client: ppp interface up with an address" ppp_wait_up cli 5
	check "client: address from the pool 10.10.0.10-20" \
		matches "$PPP_LOCAL" '^10\.10\.0\.(1[0-9]|20)$'
	check "client: the connected line names the interface and addresses" \
		grep -Eq "(^| )connected: $PPP_IF local=$PPP_LOCAL peer=10\.10\.0\.1 " "$L2TPC_LOG"
}

# l2tpc_down NAME [KIND]: `l2tpc down NAME` (SIGTERM to l2tpc up) and what a disconnect must
# leave: l2tpc up says 'disconnected', no l2tpc, no charon, no residue on the client (and no
# `ip l2tp` tunnel when KIND is netlink); the server's ppp interface is gone and its xl2tpd
# logged, after l2tpc_up's mark, the CDN for the call and the StopCCN for our tunnel.
# `l2tpc down` returns only once everything on the client is gone, so a script can go on at
# once: the client checks look right after it returns, without waiting.
l2tpc_down() {
	local name=$1 kind=${2:-}
	save "$name-down" in_cli "$L2TPC" down "$name"
	check "client: l2tpc down reports the disconnect" \
		grep -q "disconnected: $name" "$L/$name-down.txt"
	check "client: no l2tpc left when l2tpc down returns" lib_empty side_pids cli l2tpc
	check "client: no charon left when l2tpc down returns (private charon stopped)" \
		lib_empty side_pids cli charon
	check_residue cli l2tpc
	# l2tpc up's output reaches the log through a pipe: that may lag
	check "client: l2tpc up printed 'disconnected'" \
		wait_until 10 grep -Eq "(^| )disconnected: $name" "$L2TPC_LOG"
	[ "$kind" != netlink ] ||
		check "residue (cli): ip l2tp show tunnel lists nothing" lib_empty in_cli ip l2tp show tunnel
	check "server: ppp interface gone after the hang-up" wait_until 12 lib_empty srv_ppp_ifaces srv
	check "server: xl2tpd got our CDN (call closed)" wait_until 5 \
		l2tpc_srv_logged "control_finish: Connection closed to $CLI_SEEN_IP, serial -?[0-9]+ \("
	check "server: xl2tpd got our StopCCN (tunnel $L2TPC_TUNNEL closed)" wait_until 5 \
		l2tpc_srv_logged "control_finish: Connection closed to $CLI_SEEN_IP, port [0-9]+ .*" \
		"Remote: $L2TPC_TUNNEL([^0-9]|\$)"
}

# l2tpc_srv_logged ERE...: the server's xl2tpd logged a line matching the ERE parts joined,
# since l2tpc_up's mark.
l2tpc_srv_logged() {
	local IFS=
	tail -n "+$((L2TPC_SRV_MARK + 1))" "$L/xl2tpd-srv.log" | grep -Eq -- "$*"
}

# l2tpc_check_lcp_first_try: the server's pppd, for the current l2tpc up, had its first LCP
# Configure-Request acknowledged without sending it again: it reached our pppd even though it
# left the server before our pppd was running. Give the scenario LNS_PPP_EXTRA="lcp-restart 5"
# so that a lost request cannot hide behind a quick retransmission (the server's pppd then also
# lingers 5 s after a hang-up, hence l2tpc_down's 12 s wait for its ppp interface to go).
l2tpc_check_lcp_first_try() {
	local n
	n=$(tail -n +$((L2TPC_PPP_MARK + 1)) "$L/pppd-srv.log" |
		awk '/rcvd \[LCP ConfAck/ { exit } /sent \[LCP ConfReq/ { n++ } END { print n + 0 }')
	check "server: its first LCP Configure-Request was answered, not resent ($n sent)" [ "$n" = 1 ]
}

# l2tpc_check_path WHAT ERE: the data path log line of the current l2tpc up matches ERE.
l2tpc_check_path() {
	check "client: the log says $1" grep -Eq -- "l2tpc\[l2tp\] [a-z]+: $2" "$L2TPC_LOG"
}

# l2tpc_proposals_case TAG IKE ESP GROUP WHAT: the reference server's responder reloaded with
# IKE / ESP proposals (WHAT says which), then profile office connects (l2tpc_up TAG) and pings;
# the server's ESP SA carries the DH group GROUP (e.g. MODP_2048: PFS) or none; l2tpc_down.
l2tpc_proposals_case() {
	local tag=$1 group=$4
	SRV_IKE_PROPOSALS=$2
	SRV_ESP_PROPOSALS=$3
	require "server: responder reloaded: $5" srv_ipsec_reload srv
	l2tpc_up "$tag" office
	check "client ($tag): ping 10.10.0.1 through the tunnel" ping_ok cli 10.10.0.1 3
	save "$tag-sas-srv" in_srv swanctl --list-sas
	check "server ($tag): IKEv1 SA established" grep -q 'ESTABLISHED, IKEv1' "$L/$tag-sas-srv.txt"
	if [ "$group" = none ]; then
		check "server ($tag): its ESP SA has no Diffie-Hellman group (no PFS)" \
			lib_not grep -Eq 'ESP:.*/(MODP|ECP|CURVE)_' "$L/$tag-sas-srv.txt"
	else
		check "server ($tag): its ESP SA was keyed with PFS, group $group" \
			grep -Eq "INSTALLED, TRANSPORT.*ESP:.*/$group" "$L/$tag-sas-srv.txt"
	fi
	l2tpc_down office
	check "server ($tag): no SA left for the client" wait_until 8 lib_empty in_srv ip xfrm state
}

# ---- fault injection (fault-*.sh)

# l2tpc_record_phase NAME: sets REC_PHASE to the phase in NAME's connection record in cli
# (empty if none), without a fork: a kill must follow the record's change at once.
l2tpc_record_phase() {
	local c=""
	REC_PHASE=
	{ IFS= read -r -d '' c < "/proc/${LIB_SIDE_PID[cli]}/root/run/l2tpc/conns/$1.conn"; } \
		2> /dev/null
	[[ $c =~ (^|$'\n')phase=([a-z0-9-]+) ]] && REC_PHASE=${BASH_REMATCH[2]}
	return 0
}

# l2tpc_kill_at TAG NAME PHASE...: starts `l2tpc up NAME` (log $L/TAG.log), waits until its
# record shows one of PHASE... (at most 30 s) and kills it with SIGKILL at once; with
# KILL_WHEN_LOG=ERE set, only once its log also matches ERE (e.g. IKE under way). Sets
# KILLED_PHASE to the phase it was killed in. Fails if that moment never came.
l2tpc_kill_at() {
	local tag=$1 name=$2 deadline p want
	shift 2
	bg_in_side cli "$tag" bash -c "exec $L2TPC up $G/cli/profiles/$name.conf -v \
		--pppd-plugin $L2TPC_PLUGIN --secrets-fd 3 3< $G/cli/secrets"
	deadline=$((${EPOCHREALTIME/./} + 30000000))
	KILLED_PHASE=
	while [ "${EPOCHREALTIME/./}" -lt "$deadline" ]; do
		l2tpc_record_phase "$name"
		p=$REC_PHASE
		for want in "$@"; do
			if [ "$p" = "$want" ] && { [ -z "${KILL_WHEN_LOG:-}" ] ||
				grep -Eq -- "$KILL_WHEN_LOG" "$L/$tag.log"; }; then
				kill -9 "$BG_PID"
				KILLED_PHASE=$p
				log "l2tpc up killed in phase $p"
				wait_until 5 lib_empty side_pids cli l2tpc
				return 0
			fi
		done
		gsleep 0.005
	done
	kill -9 "$BG_PID" 2> /dev/null
	log "l2tpc up never reached phase $* (last: $p)"
	return 1
}

# l2tpc_conn_files: the connection records and locks left in cli's run dir (not the .held mark).
l2tpc_conn_files() {
	in_cli sh -c 'ls /run/l2tpc/conns/ 2>/dev/null' | grep -E '\.(conn|lock)$'
	return 0
}

# srv_ike_spis: the SPI pairs of the IKE SAs the server holds with the client whose peer is
# known, i.e. that got past Main Mode's identity exchange (MM5), one a line: completed ones, and
# any the server completes. A half-open exchange (CONNECTING, remote '%any': MM5 never reached
# the server) is left out: it carries no keys either side could authenticate a DELETE with,
# the client's charon that began it is gone, and the server drops it after its half-open
# timeout (strongSwan: 30 s). Nothing of ours can be holding it open.
srv_ike_spis() {
	in_srv swanctl --list-sas | awk -v ip="$CLI_IP" '
		/^[^ ]/ { spi = $5 " " $6 }
		/^  remote / && index($2, "%any") == 0 && index($0, ip) { print spi }'
}
srv_ike_with_client() { srv_ike_spis | grep -c .; }
srv_no_ike_with_client() { [ "$(srv_ike_with_client)" = 0 ]; }

# l2tpc_check_killed NAME WHAT: after a kill, `l2tpc status` names NAME as stale and `l2tpc down
# NAME` removes every trace: no charon, no xfrm state or policy, no pppd, no PPPoL2TP socket,
# no record; and the server holds no IKE SA with us any more (down terminated it in charon).
# A third argument 'mid-ike' is for a kill during Main Mode (l2tpc_kill_mid_ike): down must
# also have found the exchange in flight and waited for it, and the server have got a DELETE
# for the IKE SA it completed.
l2tpc_check_killed() {
	local name=$1 what=$2
	save "status-$what" in_cli "$L2TPC" status
	check "$what: status shows '$name' as stale" \
		grep -Eq "^$name +stale " "$L/status-$what.txt"
	local deletes
	deletes=$(grep -c "received DELETE for IKE_SA" "$L/charon-srv.log")
	save "down-$what" in_cli "$L2TPC" down "$name"
	check "$what: down cleans up" grep -q "cleaning up after '$name'" "$L/down-$what.txt"
	if [ "${3:-}" = mid-ike ]; then
		# The orphaned charon was still in Main Mode: stopped or terminated as it was, it
		# would drop the exchange without a word, while the server finishes it and keeps the
		# IKE SA (strongSwan does not replace an IKEv1 SA by a new one from the same address).
		check "$what: down waited for the Main Mode in flight" \
			grep -q "l2tpc-$name: an IKE exchange is under way" "$L/down-$what.txt"
		srv_release_mm6
		check "$what: the server got a DELETE for the IKE SA it completed" \
			wait_until 5 eval '[ "$(grep -c "received DELETE for IKE_SA" \
				"$L/charon-srv.log")" -gt "$deletes" ]'
	fi
	check "$what: no charon left after down" lib_empty side_pids cli charon
	check "$what: no record left after down" lib_empty l2tpc_conn_files
	check "$what: the server holds no IKE SA with the client" \
		wait_until 5 srv_no_ike_with_client
	check "$what: the server holds no ESP SA with the client" \
		wait_until 5 lib_no_match "$CLI_IP" in_srv ip xfrm state
	check_residue cli l2tpc
	save "status-$what-after" in_cli "$L2TPC" status
	check "$what: status shows nothing" grep -q 'no connections' "$L/status-$what-after.txt"
}

# srv_hold_mm6: from now on the server's small IKE packets (under 128 bytes: Main Mode's last
# message MM6 and its resends, not MM2/MM4) leave veth-srv through a netem band that delays
# them L2TPC_MM6_DELAY (4 s). So after MM5 the server holds a completed IKE SA while the
# client's charon stays CONNECTING for 4 s (its resent MM5s, after 2 and 4.8 s, get held
# answers too). Needs the modules sch_netem sch_prio cls_u32. Until srv_release_mm6, every
# Main Mode with the server takes 4 s longer.
L2TPC_MM6_DELAY=4s
srv_hold_mm6() {
	SRV_MM6_MARK=$(grep -c 'generating ID_PROT response 0 \[ ID HASH' "$L/charon-srv.log")
	in_srv tc qdisc replace dev veth-srv root handle 1: prio bands 3 \
		priomap 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 &&
		in_srv tc qdisc replace dev veth-srv parent 1:2 handle 20: netem \
			delay "$L2TPC_MM6_DELAY" &&
		in_srv tc filter add dev veth-srv parent 1: protocol ip prio 1 u32 \
			match ip protocol 17 0xff match ip sport 500 0xffff \
			match u16 0x0000 0xff80 at 2 flowid 1:2 ||
		{ log "cannot hold back the server's MM6 (tc prio/netem/u32)"; return 1; }
}

# srv_mm6_sent: the server has answered MM5 since srv_hold_mm6 (its MM6 is in netem's queue).
srv_mm6_sent() {
	[ "$(grep -c 'generating ID_PROT response 0 \[ ID HASH' "$L/charon-srv.log")" -gt \
		"$SRV_MM6_MARK" ]
}

# srv_release_mm6 [LOG]: ends srv_hold_mm6 (what netem queued keeps its delay); with LOG, only
# once LOG shows a stale cleanup waiting for the Main Mode in flight (at most 15 s), so the
# connection that follows that cleanup is not slowed: run it in the background then.
srv_release_mm6() {
	[ -z "${1:-}" ] || wait_until 15 grep -q 'an IKE exchange is under way' "$1"
	in_srv tc filter del dev veth-srv parent 1: prio 1
}

# l2tpc_kill_mid_ike TAG NAME: `l2tpc up NAME` killed right after its charon sent Main Mode's
# last message (MM5, [ ID HASH ]), with the server's answer held back (srv_hold_mm6, released
# by the caller): the server then holds a completed IKE SA while the orphaned charon is still
# CONNECTING, the case where stopping that charon, or a terminate, would tell the server
# nothing.
l2tpc_kill_mid_ike() {
	srv_hold_mm6 || return 1
	KILL_WHEN_LOG='generating ID_PROT request 0 \[ ID HASH' l2tpc_kill_at "$1" "$2" ipsec &&
		wait_until 5 srv_mm6_sent || { log "the server never answered MM5"; return 1; }
}
