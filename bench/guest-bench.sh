#!/bin/bash
# guest-bench: l2tpc against the incumbent client stack (strongSwan charon + xl2tpd + pppd, as
# tests/guest/refclient.sh sets it up) in ONE guest boot, against one reference server. Writes
# raw numbers to $L/bench.tsv ("metric<TAB>who<TAB>run<TAB>value"); bench/report.py makes the
# table and the plot from it. Run it through bench/run.sh, not by hand.
#
#   netns cli (192.0.2.2)                        netns srv (192.0.2.1)
#   +--------------------------------+   veth   +-----------------------------------+
#   | run i: l2tpc up / down         |==========| charon responder (PSK)            |
#   |        incumbent up / down     |          | xl2tpd LNS --- pppd (MS-CHAPv2)   |
#   | iperf3 -c 10.10.0.1 (tunnel)   |          | iperf3 -s                         |
#   | iperf3 -c 192.0.2.1 (ESP only) |          | static ESP SAs for tcp/5201       |
#   | ip monitor address (stamps)    |          |                                   |
#   +--------------------------------+          +-----------------------------------+
#
# Settings (NAME=VALUE on the runner's command line): RUNS (default 5), IPERF_SECS (default 5),
# WARMUP (1: one uncounted connect of each client first; default 1).
# Connect time = from just before the command that starts the client to the moment the ppp
# interface gets its address (seen by `ip monitor address`, time-stamped as it is read), for
# both clients the same way. Teardown = from the disconnect command until no client process,
# ppp interface, PPPoL2TP entry or xfrm state is left (polled every 50 ms).
. "$L2TPC_SOURCE_DIR/tests/guest/lib.sh"
. "$L2TPC_SOURCE_DIR/tests/guest/refclient.sh"
. "$L2TPC_SOURCE_DIR/bench/guest-bench-nm.sh"

RUNS=${RUNS:-5}
IPERF_SECS=${IPERF_SECS:-5}
L2TPC=$L2TPC_BUILD_DIR/client/cli/l2tpc
PLUGIN=$L2TPC_BUILD_DIR/client/pppd-plugin/l2tpc-pppd-plugin.so
OUT=$L/bench.tsv
: > "$OUT"

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
	in_cli iperf3 -c "$1" -t "$IPERF_SECS" -f m ${IPERF_EXTRA:-} > "$L/iperf-last.txt" 2>&1 ||
		return 1
	awk '/receiver/ { for (i = 2; i <= NF; i++) if ($i == "Mbits/sec") print $(i - 1) }' \
		"$L/iperf-last.txt"
}

# log_span FILE START_RE END_RE: seconds between the first line matching START_RE and the first
# later line matching END_RE, using the time stamp in column COL (2 = the client's own clock).
log_span() {
	awk -v s="$2" -v e="$3" -v c="${4:-2}" '
		t0 == "" && $0 ~ s { t0 = $c; next }
		t0 != "" && $0 ~ e { printf "%.3f\n", $c - t0; exit }' "$1"
}

# ---------------------------------------------------------------------------------------------
# l2tpc: up (measured), floor, memory, iperf on DATAPLANE, down (measured)
# ---------------------------------------------------------------------------------------------
ours_run() { # RUN DATAPLANE
	local i=$1 dp=$2 t0 t1 ul=l2tpc-up-$1-$2 rtt ike l2tp pids mb
	t0=$(now_us)
	bg_in_side cli "$ul" bash -c "exec $L2TPC up $G/cli/profiles/office.conf -v \
		--dataplane $dp --pppd-plugin $PLUGIN --secrets-fd 3 3< $G/cli/secrets"
	check "l2tpc ($dp, run $i): ppp address within 30 s" wait_until 30 ppp_seen_after "$t0" ||
		return 1
	t1=$(ppp_addr_after "$t0")
	wait_until 5 grep -q 'connected: ppp' "$L/$ul.log"
	emit connect_s "l2tpc-$dp" "$i" "$(secs $((t1 - t0)))"

	# Protocol floor of this very run: the IKE exchange with its crypto and the SA install
	# as charon logged them (first IKE packet -> CHILD_SA established), then the round trips
	# at the tunnel's measured RTT: L2TP 2 (SCCRQ/SCCRP, ICRQ/ICRP; SCCCN and ICCN ride along)
	# and PPP 5 (LCP 1, CHAP 1.5, IPCP 2, rounded up).
	rtt=$(tunnel_rtt_us) || rtt=0
	ike=$(log_span "$L/$ul.log" '\[NET\] sending packet' 'CHILD_SA .* established')
	emit floor_ike_s "l2tpc-$dp" "$i" "${ike:-nan}"
	emit floor_l2tp_s "l2tpc-$dp" "$i" "$(secs $((2 * rtt)))"
	emit floor_ppp_s "l2tpc-$dp" "$i" "$(secs $((5 * rtt)))"
	emit floor_s "l2tpc-$dp" "$i" "$(awk -v a="${ike:-nan}" -v r="$rtt" \
		'BEGIN { printf "%.3f\n", a + 7 * r / 1e6 }')"
	emit phase_l2tp_s "l2tpc-$dp" "$i" "$(log_span "$L/$ul.log" 'requesting tunnel' 'call up:')"
	# Where the rest goes, from l2tpc's own step stamps (column 1 = when the line was read).
	emit phase_charon_s "l2tpc-$dp" "$i" "$(log_span "$L/$ul.log" 'ipsec: IKEv1' 'using a private charon' 1)"
	emit phase_ike_wait_s "l2tpc-$dp" "$i" "$(log_span "$L/$ul.log" 'initiating IKEv1' '\[NET\] sending packet' 2)"
	emit phase_ppp_s "l2tpc-$dp" "$i" "$(log_span "$L/$ul.log" 'started pppd' 'IPCP up' 2)"

	if [ "$dp" = legacy ]; then
		pids=$(side_pids cli l2tpc)
		emit rss_kb l2tpc-cli "$i" "$(rss_kb $pids)"
		emit rss_kb l2tpc "$i" "$(rss_kb $pids $(side_pids cli charon))"
		emit rss_kb pppd "$i" "$(rss_kb $(side_pids cli pppd))"
	fi

	if mb=$(iperf_mbps 10.10.0.1) && [ -n "$mb" ]; then
		emit iperf_mbps "l2tpc-$dp" "$i" "$mb"
	else
		check "iperf3 through the l2tpc tunnel ($dp, run $i)" false
	fi

	t0=$(now_us)
	in_cli "$L2TPC" down office > "$L/l2tpc-down-$i.txt" 2>&1
	check "l2tpc ($dp, run $i): no residue within 10 s of 'l2tpc down'" \
		wait_residue_zero 10 l2tpc charon || return 1
	emit teardown_s "l2tpc-$dp" "$i" "$(secs $(($(now_us) - t0)))"
}

# ---------------------------------------------------------------------------------------------
# incumbent: charon + swanctl, xl2tpd LAC, pppd; started from nothing like network-manager-l2tp
# does for each connection, stopped the same way.
# ---------------------------------------------------------------------------------------------
incumbent_run() { # RUN
	local i=$1 t0 t1 tc ti tx pids
	# A killed charon may leave its socket behind; charon_start would take it for the new one.
	rm -f "$(side_run_file cli /run/charon.vici)" "$(side_run_file cli /run/charon.pid)"
	t0=$(now_us)
	charon_start cli || return 1
	tc=$(now_us)
	refcli_ipsec_start && refcli_initiate || { check "incumbent (run $i): IPsec up" false; return 1; }
	ti=$(now_us)
	refcli_lac_start || return 1
	tx=$(now_us)
	echo "c vpn" > "$(side_run_file cli /run/xl2tpd/l2tp-control)"
	check "incumbent (run $i): ppp address within 30 s" wait_until 30 ppp_seen_after "$t0" ||
		return 1
	t1=$(ppp_addr_after "$t0")
	emit connect_s incumbent "$i" "$(secs $((t1 - t0)))"
	emit phase_charon_s incumbent "$i" "$(secs $((tc - t0)))"
	emit phase_ipsec_s incumbent "$i" "$(secs $((ti - tc)))"
	emit phase_l2tp_ppp_s incumbent "$i" "$(secs $((t1 - tx)))"
	emit floor_ike_s incumbent "$i" \
		"$(log_span "$L/charon-cli.log" 'sending packet' 'CHILD_SA .* established' 1)"

	pids="$(side_pids cli charon) $(side_pids cli xl2tpd)"
	emit rss_kb incumbent "$i" "$(rss_kb $pids)"
	emit rss_kb pppd-incumbent "$i" "$(rss_kb $(side_pids cli pppd))"

	t0=$(now_us)
	echo "d vpn" > "$(side_run_file cli /run/xl2tpd/l2tp-control)"
	in_cli swanctl --terminate --ike "$REFCLI_CONN" --timeout 10 >> "$L/refcli-terminate.log" 2>&1
	kill $(side_pids cli xl2tpd) $(side_pids cli charon) 2> /dev/null
	check "incumbent (run $i): no residue within 10 s" \
		wait_residue_zero 10 xl2tpd charon || return 1
	emit teardown_s incumbent "$i" "$(secs $(($(now_us) - t0)))"
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

# ---------------------------------------------------------------------------------------------
load_modules
require "topology srv <-> cli" topo_direct
require "reference server up (charon responder, guard, xl2tpd LNS, $LNS_AUTH)" srv_start srv
require "side cli" side_start cli
bg_in_side cli ipmon-cli ip -o monitor address
in_side_bg srv iperf3 -s > "$L/iperf3-srv.log" 2>&1
mkdir -p "$G/cli/profiles"
cat > "$G/cli/profiles/office.conf" <<EOF2
[connection]
id=office

[vpn]
gateway=$SRV_IP
user=$LNS_USER
ipsec-enabled=yes
refuse-pap=yes
refuse-eap=yes
EOF2
(umask 077 && printf 'password=%s\nipsec-psk=%s\n' "$LNS_PASSWORD" "$SRV_PSK" > "$G/cli/secrets")
nm_bench_setup

LIB_QUIET_PASS=1
if [ "${WARMUP:-1}" = 1 ]; then
	# Not counted: first use of the kernel's crypto templates, page cache of every binary.
	ours_run 0 legacy > /dev/null
	incumbent_run 0 > /dev/null
	nm_ours_run 0 > /dev/null
	nm_incumbent_run 0 > /dev/null
	: > "$OUT"
fi

for ((r = 1; r <= RUNS; r++)); do
	# Alternate who goes first so that drift in the machine's load hits both alike.
	if [ $((r % 2)) -eq 1 ]; then
		ours_run "$r" legacy
		incumbent_run "$r"
	else
		incumbent_run "$r"
		ours_run "$r" legacy
	fi
	if [ $((r % 2)) -eq 1 ]; then
		nm_ours_run "$r"
		nm_incumbent_run "$r"
	else
		nm_incumbent_run "$r"
		nm_ours_run "$r"
	fi
	ours_run "$r" userspace
	if esp_only_up; then
		mb=$(iperf_mbps "$SRV_IP")
		check "ESP alone (run $r): iperf3 ran and went through the static SA" esp_used &&
			emit iperf_mbps esp-only "$r" "${mb:-nan}"
		# The same at the tunnel's TCP MSS (PPP MTU 1400 - 40): same packet count per byte.
		IPERF_EXTRA="-M 1360" mb=$(iperf_mbps "$SRV_IP")
		emit iperf_mbps esp-only-mss1360 "$r" "${mb:-nan}"
	else
		check "ESP alone (run $r): static SAs installed" false
	fi
	esp_only_down
	log "run $r of $RUNS done"
done
LIB_QUIET_PASS=0
check "every measurement produced a number" lib_no_match 'nan|	$' cat "$OUT"
finish
