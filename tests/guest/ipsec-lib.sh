#!/bin/bash
# Helpers for the ipsec-* scenarios (source after lib.sh): drive tests/guest/progs/ipsec-up,
# the test program of our IPsec driver (client/ipsec), in side "cli".
IPSEC_UP=${L2TPC_BUILD_DIR:?}/tests/guest/ipsec-up
[ -x "$IPSEC_UP" ] || { log "ipsec-up is not built ($IPSEC_UP)"; exit 1; }
declare -A IPSEC_UP_PID=()

# ipsec_swanctl_conf: a strongswan.conf for swanctl in cli pointing at our private charon (only
# when no charon_start wrote one): lets in_cli swanctl --list-sas inspect what we set up.
ipsec_swanctl_conf() {
	[ -e "$G/cli/strongswan.conf" ] && return 0
	cat > "$G/cli/strongswan.conf" <<-EOF2
	swanctl {
	    socket = unix:///run/l2tpc/charon.vici
	    load = random nonce
	}
	EOF2
}

# ipsec_save_private_log: copies the private charon's log (in cli's /run/l2tpc) to $L.
ipsec_save_private_log() {
	cp "$(side_run_file cli /run/l2tpc/charon.log)" "$L/charon-cli-private.log" 2>/dev/null
	return 0
}

# ipsec_psk_file: writes SRV_PSK (or $1) to a mode-600 file for --psk-file; prints its path.
ipsec_psk_file() {
	local f=$G/cli/psk
	(umask 077 && printf '%s' "${1:-$SRV_PSK}" > "$f")
	echo "$f"
}

# ipsec_up_start ID [ARGS...]: starts ipsec-up for profile ID against ${IPSEC_REMOTE:-$SRV_IP}
# in cli, output in
# $L/ipsec-up-ID.log; waits (30 s) for "UP" and returns 0, or 1 on "FAIL"/exit/timeout.
ipsec_up_start() {
	local id=$1
	shift
	in_side_bg cli "$IPSEC_UP" --profile "$id" --remote "${IPSEC_REMOTE:-$SRV_IP}" \
		--psk-file "$(ipsec_psk_file)" --log-level debug "$@" > "$L/ipsec-up-$id.log" 2>&1
	IPSEC_UP_PID[$id]=$BG_PID
	wait_until 30 lib_ipsec_up_settled "$id"
	grep -q '^UP ' "$L/ipsec-up-$id.log"
}
lib_ipsec_up_settled() {
	grep -Eq '^(UP|FAIL) ' "$L/ipsec-up-$1.log" || ! [ -d "/proc/${IPSEC_UP_PID[$1]}" ]
}

# ipsec_up_start_bg ID [ARGS...]: like ipsec_up_start, but returns at once (for aborts).
ipsec_up_start_bg() {
	local id=$1
	shift
	in_side_bg cli "$IPSEC_UP" --profile "$id" --remote "${IPSEC_REMOTE:-$SRV_IP}" \
		--psk-file "$(ipsec_psk_file)" --log-level debug "$@" > "$L/ipsec-up-$id.log" 2>&1
	IPSEC_UP_PID[$id]=$BG_PID
}

# ipsec_up_expect_fail ID CLASS SENTENCE_REGEX [ARGS...]: runs ipsec-up to completion (40 s
# limit); passes if it printed "FAIL CLASS: ..." matching the regex and exited non-zero.
ipsec_up_expect_fail() {
	local id=$1 klass=$2 re=$3 rc
	shift 3
	timeout 45 nsenter -t "$(side_pid cli)" -n -m -- "$IPSEC_UP" --profile "$id" \
		--remote "$SRV_IP" --psk-file "$(ipsec_psk_file "${IPSEC_PSK:-$SRV_PSK}")" \
		--log-level debug "$@" > "$L/ipsec-up-$id.log" 2>&1
	rc=$?
	log "ipsec-up $id: exit $rc: $(grep '^FAIL' "$L/ipsec-up-$id.log")"
	[ $rc -ne 0 ] && grep -Eq "^FAIL $klass: $re" "$L/ipsec-up-$id.log"
}

# ipsec_up_stop ID: SIGTERM to ipsec-up; passes if it printed DOWN and exited 0 (10 s).
ipsec_up_stop() {
	local pid=${IPSEC_UP_PID[$1]}
	kill -TERM "$pid" 2>/dev/null
	wait_until 10 lib_all_gone "$pid" || return 1
	wait "$pid"
	local rc=$?
	grep -q '^DOWN' "$L/ipsec-up-$1.log" && [ $rc -eq 0 ]
}

# ipsec_query SOCKET: charon's conns, shared keys and keys ("conn X", "shared X", "key X").
ipsec_query() { in_cli "$IPSEC_UP" --query "$1"; }
ipsec_query_ok() { ipsec_query "$1" > /dev/null 2>&1 && ! ipsec_query "$1" | grep -q '^ERROR'; }
