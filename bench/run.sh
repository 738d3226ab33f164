#!/bin/bash
# Usage: [PARTS="lan wan qemu"] bench/run.sh [--smoke] [RUNS=N] [IPERF_SECS=N]
#
# Boots one user-mode-linux guest, measures l2tpc against the incumbent client stack
# (strongSwan + xl2tpd + pppd) there (bench/guest-bench.sh), then one QEMU guest with Debian's
# stock kernel for the netlink data path's throughput (bench/guest-bench-qemu.sh), prints the
# markdown table and writes the plot. Results: $L2TPC_BUILD_DIR/bench/results.md and bench.png (raw numbers in
# $L2TPC_BUILD_DIR/guest-logs/<log name>/bench.tsv). Default 5 runs of 5 s iperf each (a few
# minutes); --smoke is one run with 1 s iperf (the test suite's 'bench' suite), which also fails
# when any number is missing. L2TPC_BUILD_DIR defaults to <source>/build.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
export L2TPC_SOURCE_DIR=$src
export L2TPC_BUILD_DIR=${L2TPC_BUILD_DIR:-$src/build}
args=()
check=()
name=bench
qemu_limit=${L2TPC_QEMU_TIMEOUT:-900}
# which boots: lan (UML, the perfect wire), wan (UML, netem), qemu (the netlink data path)
PARTS=${PARTS:-lan wan qemu}
if [ "${1:-}" = --smoke ]; then
	shift
	args=(RUNS=1 IPERF_SECS=1 WARMUP=0 NM_IDLE=0 NM_TRIES=2)
	check=(--check)
	name=bench-smoke
	qemu_limit=150
	PARTS=${PARTS_SMOKE:-lan qemu} # the WAN boot takes minutes even at one run
	: "${L2TPC_GUEST_TIMEOUT:=120}"
fi
export L2TPC_GUEST_TIMEOUT=${L2TPC_GUEST_TIMEOUT:-600}
export L2TPC_GUEST_CONSOLE=${L2TPC_GUEST_CONSOLE:-quiet}
rc=0
tsvs=()
for part in $PARTS; do
	case $part in
	lan)
		L2TPC_GUEST_LOG_NAME=$name "$src/tests/guest/uml-run.sh" "$here/guest-bench.sh" \
			"${args[@]}" "$@" || rc=$?
		tsvs+=("$L2TPC_BUILD_DIR/guest-logs/$name/bench.tsv")
		;;
	wan)
		L2TPC_GUEST_LOG_NAME=$name-wan L2TPC_GUEST_TIMEOUT=${L2TPC_WAN_TIMEOUT:-3600} \
			"$src/tests/guest/uml-run.sh" "$here/guest-bench.sh" PART=wan "${args[@]}" "$@" ||
			rc=$?
		tsvs+=("$L2TPC_BUILD_DIR/guest-logs/$name-wan/bench.tsv")
		;;
	qemu)
		L2TPC_GUEST_LOG_NAME=$name-qemu L2TPC_GUEST_TIMEOUT=$qemu_limit \
			"$src/tests/guest/qemu-run.sh" "$here/guest-bench-qemu.sh" "${args[@]}" "$@" ||
			rc=$?
		tsvs+=("$L2TPC_BUILD_DIR/guest-logs/$name-qemu/bench.tsv")
		;;
	*)
		echo "run.sh: PARTS takes lan, wan and qemu, not '$part'." >&2
		exit 2
		;;
	esac
done
# a failed check (a connect that failed, say) fails the run, after the report that counts it
python3 "$here/report.py" "${tsvs[@]}" "$L2TPC_BUILD_DIR/$name" "${check[@]}" || rc=$?
exit "$rc"
