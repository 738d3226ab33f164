#!/bin/bash
# guest-bench-qemu: the data-path rows the user-mode-linux guest cannot give. Debian's stock
# kernel under QEMU has l2tp_netlink, so here iperf3 runs through l2tpc's tunnel on both kernel
# data paths (netlink and the legacy PPPoL2TP sockets) and through ESP transport alone, in this
# one boot, alternating which path goes first. Writes $L/bench.tsv like guest-bench.sh (who:
# qemu-l2tpc-netlink, qemu-l2tpc-legacy, qemu-esp-only, qemu-esp-only-mss1360); bench/run.sh
# runs it after the UML bench and bench/report.py merges the rows. QEMU emulates the CPU (TCG),
# so absolute numbers are far below UML's; the ratios are what counts.
#
#   netns cli (192.0.2.2)                        netns srv (192.0.2.1)
#   l2tpc up --dataplane netlink|legacy   ===    charon responder, xl2tpd LNS --- pppd
#   iperf3 -c 10.10.0.1 / 192.0.2.1              iperf3 -s, static ESP SAs for tcp/5201
#
# Settings: RUNS (default 5), IPERF_SECS (default 5).
# QEMU TCG is slow at MODP-2048: IKE uses ECP-256 here (nothing measured is about the IKE group).
: "${SRV_IKE_PROPOSALS:=aes128-sha256-ecp256}"
. "$L2TPC_SOURCE_DIR/tests/guest/lib.sh"
. "$L2TPC_SOURCE_DIR/bench/bench-lib.sh"

RUNS=${RUNS:-5}
IPERF_SECS=${IPERF_SECS:-5}
OUT=$L/bench.tsv
: > "$OUT"

# tunnel_run RUN DATAPLANE: up, iperf3 through the tunnel, down.
tunnel_run() {
	local i=$1 dp=$2 ul=l2tpc-up-$1-$2
	bg_in_side cli "$ul" bash -c "exec $L2TPC up $G/cli/profiles/office.conf -v \
		--dataplane $dp --pppd-plugin $L2TPC_PLUGIN --secrets-fd 3 3< $G/cli/secrets"
	check "l2tpc ($dp, run $i): connected within 60 s" \
		wait_until 60 grep -q 'connected: ppp' "$L/$ul.log" || return 1
	check "l2tpc ($dp, run $i): the $dp data path was taken" \
		grep -q "data path: kernel via $([ "$dp" = netlink ] && echo 'generic netlink' ||
			echo 'PPPoL2TP sockets')" "$L/$ul.log"
	[ "$i" != 1 ] || save "xfrm-state-$dp" in_cli ip xfrm state
	tunnel_iperf "qemu-l2tpc-$dp" "$i"
	in_cli "$L2TPC" down office > "$L/l2tpc-down-$i-$dp.txt" 2>&1
	check "l2tpc ($dp, run $i): no residue within 10 s of 'l2tpc down'" \
		wait_residue_zero 10 l2tpc charon
}

# plain_run RUN: iperf3 on the same wire without ESP (no SA, no policy): tells whether the slow
# ESP baseline of this boot is ESP's or the wire's (bench/README.md, "Throughput").
plain_run() {
	local mb
	mb=$(iperf_mbps "$SRV_IP")
	emit iperf_mbps qemu-plain-tcp "$1" "${mb:-nan}"
}

[ "${L2TPC_GUEST:-}" = qemu ] || skip "this bench needs the stock kernel (bench/run.sh runs it)"
load_modules l2tp_netlink
require "topology srv <-> cli" topo_direct
require "reference server up (charon responder, guard, xl2tpd LNS, $LNS_AUTH)" srv_start srv
require "side cli" side_start cli
in_side_bg srv iperf3 -s > "$L/iperf3-srv.log" 2>&1
. "$GUEST_LIB_DIR/l2tpc-lib.sh"
l2tpc_profile office "ipsec-ike=$SRV_IKE_PROPOSALS"

LIB_QUIET_PASS=1
for ((r = 1; r <= RUNS; r++)); do
	if [ $((r % 2)) -eq 1 ]; then
		tunnel_run "$r" netlink
		tunnel_run "$r" legacy
		esp_run "$r" qemu-
		plain_run "$r"
	else
		plain_run "$r"
		esp_run "$r" qemu-
		tunnel_run "$r" legacy
		tunnel_run "$r" netlink
	fi
	log "run $r of $RUNS done"
done
LIB_QUIET_PASS=0
check "the static SAs use what l2tpc's SA negotiated (AES-CBC-256, HMAC-SHA2-256-128)" \
	eval "grep -q 'enc cbc(aes) 0x[0-9a-f]\\{64\\}' '$L/xfrm-state-netlink.txt' &&
		grep -q 'auth-trunc hmac(sha256) 0x[0-9a-f]\\{64\\} 128' '$L/xfrm-state-netlink.txt'"
check "every measurement produced a number" lib_no_match 'nan|	$' cat "$OUT"
finish
