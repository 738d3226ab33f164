#!/bin/bash
# Usage: tests/guest/uml-run.sh SCENARIO [NAME=VALUE...]
#
# Boots Debian's user-mode-linux kernel with the host root as the guest's read-only root (hostfs),
# runs tests/guest/guest-init.sh as PID 1, which runs scenarios/SCENARIO.sh with a time limit and
# powers off. The scenario's exit status becomes ours (0 pass, 77 skip, else fail).
# NAME=VALUE pairs reach the scenario as shell variables (e.g. LNS_MODE=userspace).
# Logs: $L2TPC_BUILD_DIR/guest-logs/SCENARIO/ (console.log, charon-*.log, xl2tpd-*.log, *.pcap...).
# Environment: L2TPC_BUILD_DIR (default <source>/build), L2TPC_GUEST_TIMEOUT (scenario limit in
# seconds, default 55), L2TPC_GUEST_CONSOLE=quiet (don't echo the console), L2TPC_GUEST_MEM.
set -u
[ $# -ge 1 ] || { sed -n '2,3s/^# //p' "$0" >&2; exit 2; }
. "$(dirname "$0")/run-common.sh"
guest_prepare uml "$@"

UML=${L2TPC_UML:-/usr/bin/linux.uml}
if [ ! -x "$UML" ]; then
	echo "guest: $UML not found; install the user-mode-linux package (tools/install-deps.sh)" >&2
	exit 77
fi
mkdir -p "$LOG_DIR/.uml"
start=$(date +%s.%N)
# quiet + loglevel: only our init's lines reach the console; the kernel log stays in dmesg.
guest_boot $((GUEST_TIMEOUT + 20)) "$UML" mem="${L2TPC_GUEST_MEM:-384M}" rootfstype=hostfs \
	rootflags=/ ro uml_dir="$LOG_DIR/.uml" init="$GUEST_DIR/guest-init.sh" con=null \
	con0=fd:0,fd:1 quiet loglevel=3 L2TPC_GUEST_ENV="$LOG_DIR/guest.env"
wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
rm -rf "$LOG_DIR/.uml" "$LOG_DIR/.guest-pgid" "$LOG_DIR/.writable"
guest_finish "$wall"
