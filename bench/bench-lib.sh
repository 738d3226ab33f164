#!/bin/bash
# bench-lib: measuring helpers shared by the bench's guest scripts (guest-bench.sh in UML,
# guest-bench-qemu.sh under QEMU). Sourced after tests/guest/lib.sh; the script sets OUT (the
# tsv) and L2TPC_BUILD_DIR, and uses the testbed's cli/srv sides.

# emit METRIC WHO RUN VALUE; WHO gets the prefix $PFX (the WAN condition, e.g. "wan200-")
emit() { printf '%s\t%s%s\t%s\t%s\n' "$1" "${PFX:-}" "$2" "$3" "$4" >> "$OUT"; }

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
# ppp_gone_after T0_US: first time stamp (us) after T0_US at which `ip monitor` saw a ppp
# interface's IPv4 address go (the link went down or away); empty when none yet.
ppp_gone_after() {
	local t l
	while read -r t l; do
		[[ $l == Deleted*ppp[0-9]*inet\ * ]] || continue
		t=${t/./}
		[ "$t" -ge "$1" ] && { echo "$t"; return 0; }
	done < "$L/ipmon-cli.log"
	return 1
}
ppp_gone_seen_after() { [ -n "$(ppp_gone_after "$1")" ]; }

# cpu_probe_us: how long (us) a fixed piece of pure computation takes in this guest. It makes no
# system call, so in UML it runs at the host CPU's speed whenever the host gives the guest a
# CPU: the longer it takes, the more of the host's CPU other work is taking.
cpu_probe_us() {
	local t0 k
	t0=$(now_us)
	for ((k = 0; k < 600; k++)); do :; done
	echo $(($(now_us) - t0))
}
# idle_wait WHO RUN: waits for a quiet moment of the host, at most IDLE_CAP s (default 60): two
# probes in a row within 1.5 x the fastest one seen in this boot (so the guest has the host CPU
# to itself, as on an idle machine). Emits idle_wait_s (how long it waited) and idle_ratio_pct
# (the last probe against the fastest, 100 = idle), or idle_missed when the cap passed (the run
# then goes ahead and its number counts: what a busy machine gives).
IDLE_BEST=
idle_wait() {
	local t0 p ok=0 deadline
	t0=$(now_us)
	deadline=$((t0 + ${IDLE_CAP:-60} * 1000000))
	while :; do
		p=$(cpu_probe_us)
		[ -z "$IDLE_BEST" ] || [ "$p" -lt "$IDLE_BEST" ] && IDLE_BEST=$p
		if [ $((p * 10)) -le $((IDLE_BEST * 15)) ]; then
			ok=$((ok + 1))
			[ "$ok" -ge 2 ] && break
		else
			ok=0
		fi
		if [ "$(now_us)" -gt "$deadline" ]; then
			emit idle_missed "$1" "$2" "${IDLE_CAP:-60}"
			break
		fi
		gsleep 0.5
	done
	emit idle_wait_s "$1" "$2" "$(secs $(($(now_us) - t0)))"
	emit idle_ratio_pct "$1" "$2" $((p * 100 / IDLE_BEST))
}
# idle_calibrate: the fastest probe of 10 (IDLE_BEST), at the start of the boot.
idle_calibrate() {
	local k p
	for ((k = 0; k < 10; k++)); do
		p=$(cpu_probe_us)
		[ -z "$IDLE_BEST" ] || [ "$p" -lt "$IDLE_BEST" ] && IDLE_BEST=$p
		gsleep 0.2
	done
	log "idle probe: fastest ${IDLE_BEST} us of 10"
}

# wan_set RTT_MS LOSS_PCT: netem on both ends of the client's wire (veth-cli in cli, veth-srv
# in srv): half the RTT each way, LOSS_PCT % of the packets lost in each direction.
wan_set() {
	local half=$(($1 / 2)) loss=()
	[ "$2" = 0 ] || loss=(loss "$2%")
	in_cli tc qdisc replace dev veth-cli root netem delay "${half}ms" "${loss[@]}" &&
		in_srv tc qdisc replace dev veth-srv root netem delay "${half}ms" "${loss[@]}"
}
wan_clear() {
	in_cli tc qdisc del dev veth-cli root 2> /dev/null
	in_srv tc qdisc del dev veth-srv root 2> /dev/null
	return 0
}

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

# mem_emit WHO RUN PID...: the processes' memory while connected, from /proc/PID/smaps_rollup:
# rss_kb (shared libraries counted once per process), pss_kb (each shared page split among the
# processes that map it: what the stack costs the machine) and uss_kb (pages only these
# processes map: what stopping them frees), summed.
mem_emit() {
	local who=$1 i=$2 p k v u rss=0 pss=0 uss=0
	shift 2
	for p in "$@"; do
		while read -r k v u; do
			case $k in
			Rss:) rss=$((rss + v)) ;;
			Pss:) pss=$((pss + v)) ;;
			Private_Clean: | Private_Dirty:) uss=$((uss + v)) ;;
			esac
		done < "/proc/$p/smaps_rollup"
	done
	emit rss_kb "$who" "$i" "$rss"
	emit pss_kb "$who" "$i" "$pss"
	emit uss_kb "$who" "$i" "$uss"
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
# The client's own stamp is HH:MM:SS.mmm (l2tpc -v); column 1 is seconds since the epoch.
log_span() {
	awk -v s="$2" -v e="$3" -v c="${4:-2}" '
		function t(f, a) {
			if (f !~ /^[0-9]+:[0-9]+:[0-9.]+$/)
				return f + 0
			split(f, a, ":")
			return a[1] * 3600 + a[2] * 60 + a[3]
		}
		t0 == "" && $0 ~ s { t0 = t($c); next }
		t0 != "" && $0 ~ e { d = t($c) - t0; if (d < 0) d += 86400; printf "%.3f\n", d; exit }' "$1"
}
# pfs_retry_s LOG: seconds a Quick Mode offering PFS cost before the server refused it and the
# client offered ESP without it (0 when the first Quick Mode was taken).
pfs_retry_s() {
	local v
	v=$(log_span "$1" 'generating QUICK_MODE request' 'generating QUICK_MODE request')
	echo "${v:-0}"
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
