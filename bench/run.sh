#!/bin/bash
# Usage: bench/run.sh [--smoke] [RUNS=N] [IPERF_SECS=N]
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
qemu_limit=900
if [ "${1:-}" = --smoke ]; then
	shift
	args=(RUNS=1 IPERF_SECS=1 WARMUP=0)
	check=(--check)
	name=bench-smoke
	qemu_limit=150
	: "${L2TPC_GUEST_TIMEOUT:=120}"
fi
export L2TPC_GUEST_TIMEOUT=${L2TPC_GUEST_TIMEOUT:-600}
export L2TPC_GUEST_CONSOLE=${L2TPC_GUEST_CONSOLE:-quiet}
rc=0
L2TPC_GUEST_LOG_NAME=$name "$src/tests/guest/uml-run.sh" "$here/guest-bench.sh" "${args[@]}" "$@" ||
	rc=$?
[ "$rc" -eq 0 ] || exit "$rc"
L2TPC_GUEST_LOG_NAME=$name-qemu L2TPC_GUEST_TIMEOUT=$qemu_limit \
	"$src/tests/guest/qemu-run.sh" "$here/guest-bench-qemu.sh" "${args[@]}" "$@" || rc=$?
[ "$rc" -eq 0 ] || exit "$rc"
out=$L2TPC_BUILD_DIR/$name
python3 "$here/report.py" "$L2TPC_BUILD_DIR/guest-logs/$name/bench.tsv" \
	"$L2TPC_BUILD_DIR/guest-logs/$name-qemu/bench.tsv" "$out" "${check[@]}"
