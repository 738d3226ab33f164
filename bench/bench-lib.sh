#!/bin/bash
# bench-lib: measuring helpers shared by the bench's guest scripts (guest-bench.sh in UML,
# guest-bench-qemu.sh under QEMU). Sourced after tests/guest/lib.sh; the script sets OUT (the
# tsv) and L2TPC_BUILD_DIR, and uses the testbed's cli/srv sides.

# emit METRIC WHO RUN VALUE
emit() { printf '%s\t%s\t%s\t%s\n' "$@" >> "$OUT"; }

# us_to_s for a possibly negative or large value, as seconds with 3 decimals.
secs() { us_to_s "$1"; }

# ppp_addr_after T0_US: first time stamp (us) after T0_US at which `ip monitor` saw an IPv4
# address appear on a ppp interface; empty when none yet.
ppp_addr_after() {
	local t l
	while read -r t l; do
		[[ $l == *ppp[0-9]*inet\ * ]] || continue
		[[ $l == Deleted* ]] && continue
		t=${t/./}
		[ "$t" -ge "$1" ] && { echo "$t"; return 0; }
	done < "$L/ipmon-cli.log"
	return 1
}
ppp_seen_after() { [ -n "$(ppp_addr_after "$1")" ]; }

# residue_zero [COMM...]: true when cli has none of the named processes (and no pppd), no ppp
# interface, no xfrm state and no PPPoL2TP tunnel or session.
residue_zero() {
	local p c
	while read -r p c; do
		for n in pppd "$@"; do [ "$c" = "$n" ] && return 1; done
	done < <(lib_side_procs cli)
	[ -z "$(in_cli ip -o link show type ppp)" ] || return 1
	[ -z "$(in_cli ip xfrm state)" ] || return 1
	[ -z "$(lib_pppol2tp_entries cli)" ]
}
wait_residue_zero() { # SECS COMM...
	local s=$1 deadline
	shift
	deadline=$(($(now_us) + s * 1000000))
	until residue_zero "$@"; do
		if [ "$(now_us)" -gt "$deadline" ]; then
			residue_show
			return 1
		fi
		gsleep 0.05
	done
}
# teardown_us T0 T_RET SECS COMM...: the teardown time (us) of a disconnect command started at
# T0 that returned at T_RET. If nothing is left right after it returned (one check), the command
# itself took that long: `l2tpc down` returns only when all is gone. Otherwise poll (SECS at
# most) and count until the check finds nothing; one check costs 0.2-1 s in UML, so polling
# alone would add that much to every row. Fails (and shows what is left) after SECS.
teardown_us() {
	local t0=$1 t_ret=$2 s=$3
	shift 3
	if residue_zero "$@"; then
		echo $((t_ret - t0))
		return 0
	fi
	wait_residue_zero "$s" "$@" >&2 || return 1
	echo $(($(now_us) - t0))
}
# residue_show: what is left in cli (into checks.log), then clears it so that the next
# measurement starts clean.
residue_show() {
	echo "### processes"; lib_side_procs cli
	echo "### ppp links"; in_cli ip -o link show type ppp
	echo "### xfrm state"; in_cli ip xfrm state
	echo "### pppol2tp"; lib_pppol2tp_entries cli
	echo "### private charon's log (tail)"; tail -n 15 "$(side_run_file cli /run/l2tpc/charon.log)"
	for p in $(side_pids cli charon); do
		echo "### charon $p threads (state, wchan)"
		for t in /proc/$p/task/*; do
			echo "$(awk '{ print $3 }' "$t/stat") $(cat "$t/wchan" 2> /dev/null)"
		done
	done
	kill -KILL $(side_pids cli l2tpc) $(side_pids cli charon) $(side_pids cli xl2tpd) \
		$(side_pids cli pppd) 2> /dev/null
	in_cli ip xfrm state flush
	in_cli ip xfrm policy flush
}

# rss_kb PID...: sum of VmRSS (kB) of the processes.
rss_kb() {
	local p k v u sum=0
	for p in "$@"; do
		while read -r k v u; do
			[ "$k" = VmRSS: ] && sum=$((sum + v))
		done < "/proc/$p/status"
	done
	echo "$sum"
}

# tunnel_rtt_us: average RTT (us) of 10 pings to 10.10.0.1 through the tunnel.
tunnel_rtt_us() {
	local avg
	avg=$(in_cli busybox ping -c 10 -i 0.1 -W 2 10.10.0.1 | sed -n 's|.*= [0-9.]*/\([0-9.]*\)/.*|\1|p')
	[ -n "$avg" ] || return 1
	awk -v a="$avg" 'BEGIN { printf "%d\n", a * 1000 }'
}

# iperf_mbps TARGET: TCP throughput (Mbit/s, receiver side) of IPERF_SECS seconds to TARGET.
iperf_mbps() {
	local try
	for try in 1 2 3; do
		in_cli iperf3 -c "$1" -t "$IPERF_SECS" -f m ${IPERF_EXTRA:-} > "$L/iperf-last.txt" 2>&1 &&
			break
		# kept for the log: a failure must say why
		cat "$L/iperf-last.txt" >> "$L/iperf-failed.txt"
		# iperf3's server takes one test at a time and, on a loaded machine, can still be
		# closing the previous one: only that is worth another try
		grep -q 'server is busy' "$L/iperf-last.txt" || return 1
		[ "$try" = 3 ] && return 1
		gsleep 1
	done
	awk '/receiver/ { for (i = 2; i <= NF; i++) if ($i == "Mbits/sec") print $(i - 1) }' \
		"$L/iperf-last.txt"
}

# tunnel_iperf ROW RUN: iperf3 through the tunnel to the server's PPP address, emitted as
# iperf_mbps ROW RUN. "connected:" means our side is up; a loaded server may still be bringing
# its side up (or taking the previous run's down), so the run starts once a ping gets through.
tunnel_iperf() {
	local mb
	check "$1 (run $2): the server answers a ping through the tunnel within 10 s" \
		wait_until 10 ping_ok cli 10.10.0.1 1 || return 1
	if mb=$(iperf_mbps 10.10.0.1) && [ -n "$mb" ]; then
		emit iperf_mbps "$1" "$2" "$mb"
	else
		check "iperf3 through the tunnel ($1, run $2; see iperf-failed.txt)" false
	fi
}

# log_span FILE START_RE END_RE: seconds between the first line matching START_RE and the first
# later line matching END_RE, using the time stamp in column COL (2 = the client's own clock).
log_span() {
	awk -v s="$2" -v e="$3" -v c="${4:-2}" '
		t0 == "" && $0 ~ s { t0 = $c; next }
		t0 != "" && $0 ~ e { printf "%.3f\n", $c - t0; exit }' "$1"
}

# ---------------------------------------------------------------------------------------------
# ESP transport alone: static SAs (same algorithms the server picks for l2tpc: AES-CBC-256,
# HMAC-SHA2-256-128) for tcp/5201 between the two hosts, no L2TP, no PPP.
# ---------------------------------------------------------------------------------------------
ESP_EKEY=0x$(printf '%064x' 1234567)
ESP_AKEY=0x$(printf '%064x' 7654321)
esp_only_up() {
	local side
	for side in cli srv; do
		in_side $side ip xfrm state add src "$CLI_IP" dst "$SRV_IP" proto esp spi 0x1001 reqid 1001 \
			mode transport enc 'cbc(aes)' "$ESP_EKEY" auth-trunc 'hmac(sha256)' "$ESP_AKEY" 128 &&
			in_side $side ip xfrm state add src "$SRV_IP" dst "$CLI_IP" proto esp spi 0x1002 \
				reqid 1002 mode transport enc 'cbc(aes)' "$ESP_EKEY" \
				auth-trunc 'hmac(sha256)' "$ESP_AKEY" 128 || return 1
	done
	in_cli ip xfrm policy add src "$CLI_IP" dst "$SRV_IP" proto tcp dport 5201 dir out \
		tmpl proto esp reqid 1001 mode transport &&
		in_cli ip xfrm policy add src "$SRV_IP" dst "$CLI_IP" proto tcp sport 5201 dir in \
			tmpl proto esp reqid 1002 mode transport &&
		in_srv ip xfrm policy add src "$CLI_IP" dst "$SRV_IP" proto tcp dport 5201 dir in \
			tmpl proto esp reqid 1001 mode transport &&
		in_srv ip xfrm policy add src "$SRV_IP" dst "$CLI_IP" proto tcp sport 5201 dir out \
			tmpl proto esp reqid 1002 mode transport
}
esp_only_down() {
	local side
	in_cli ip xfrm policy delete src "$CLI_IP" dst "$SRV_IP" proto tcp dport 5201 dir out
	in_cli ip xfrm policy delete src "$SRV_IP" dst "$CLI_IP" proto tcp sport 5201 dir in
	in_srv ip xfrm policy delete src "$CLI_IP" dst "$SRV_IP" proto tcp dport 5201 dir in
	in_srv ip xfrm policy delete src "$SRV_IP" dst "$CLI_IP" proto tcp sport 5201 dir out
	for side in cli srv; do
		in_side $side ip xfrm state delete src "$CLI_IP" dst "$SRV_IP" proto esp spi 0x1001
		in_side $side ip xfrm state delete src "$SRV_IP" dst "$CLI_IP" proto esp spi 0x1002
	done
	return 0
}
# esp_used: the client's outbound static SA carried bytes (the iperf run really was ESP).
esp_used() {
	in_cli ip -s xfrm state get src "$CLI_IP" dst "$SRV_IP" proto esp spi 0x1001 |
		grep -Eq '[1-9][0-9]*\(bytes\)'
}

# esp_run RUN [PREFIX]: iperf3 through ESP transport alone (static SAs), at the full MSS and at
# the tunnel's (PPP MTU 1400 - 40: the same packet count per byte); emits iperf_mbps
# PREFIXesp-only and PREFIXesp-only-mss1360.
esp_run() {
	local i=$1 who=${2:-}esp-only mb
	if esp_only_up; then
		mb=$(iperf_mbps "$SRV_IP")
		check "ESP alone (run $i): iperf3 ran and went through the static SA" esp_used &&
			emit iperf_mbps "$who" "$i" "${mb:-nan}"
		IPERF_EXTRA="-M 1360" mb=$(iperf_mbps "$SRV_IP")
		emit iperf_mbps "$who-mss1360" "$i" "${mb:-nan}"
	else
		check "ESP alone (run $i): static SAs installed" false
	fi
	esp_only_down
}
