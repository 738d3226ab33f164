#!/bin/bash
# Usage: bench/run.sh [--smoke] [RUNS=N] [IPERF_SECS=N]
#
# Boots one user-mode-linux guest, measures l2tpc against the incumbent client stack
# (strongSwan + xl2tpd + pppd) there (bench/guest-bench.sh), prints the markdown table and
# writes the plot. Results: $L2TPC_BUILD_DIR/bench/results.md and bench.png (raw numbers in
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
if [ "${1:-}" = --smoke ]; then
	shift
	args=(RUNS=1 IPERF_SECS=1 WARMUP=0)
	check=(--check)
	name=bench-smoke
	: "${L2TPC_GUEST_TIMEOUT:=75}"
fi
export L2TPC_GUEST_TIMEOUT=${L2TPC_GUEST_TIMEOUT:-600}
export L2TPC_GUEST_LOG_NAME=$name
export L2TPC_GUEST_CONSOLE=${L2TPC_GUEST_CONSOLE:-quiet}
rc=0
"$src/tests/guest/uml-run.sh" "$here/guest-bench.sh" "${args[@]}" "$@" || rc=$?
[ "$rc" -eq 0 ] || exit "$rc"
out=$L2TPC_BUILD_DIR/$name
python3 "$here/report.py" "$L2TPC_BUILD_DIR/guest-logs/$name/bench.tsv" "$out" "${check[@]}"
