#!/bin/sh
# run-fuzz.sh EXE CORPUS WORKDIR SECONDS
# SECONDS > 0: a libFuzzer run that writes new inputs to WORKDIR (never into the source tree)
# and crash reproducers to WORKDIR/crashes; 0: replay CORPUS with the standalone driver.
# A crash must fail the test: libFuzzer's default exit code (77) would read as a skip.
set -eu
exe=$1 corpus=$2 work=$3 seconds=$4
mkdir -p "$work/new" "$work/crashes"
if [ "$seconds" -gt 0 ]; then
	exec "$exe" -max_total_time="$seconds" -timeout=10 -error_exitcode=1 -timeout_exitcode=1 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$work/crashes/" "$work/new" "$corpus"
fi
exec "$exe" "$corpus"
