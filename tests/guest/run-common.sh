#!/bin/bash
# Host-side code shared by uml-run.sh and qemu-run.sh (sourced, not run).
#
# guest_prepare KIND SCENARIO [NAME=VALUE...]
#	Resolves the scenario file, creates the per-scenario log directory
#	$L2TPC_BUILD_DIR/guest-logs/<scenario>/ (emptied first) and writes guest.env there: the
#	variables the guest init reads (shell-quoted assignments). Sets SCEN_NAME, SCEN_FILE,
#	LOG_DIR, GUEST_DIR (tests/guest), GUEST_TIMEOUT (seconds the scenario may run in the guest).
#	Runs scenarios/<name>.host on the host first when it exists (output: host-prepare.log).
# guest_finish STATUS_FILE_RC WALL_SECONDS
#	Reads the status the guest wrote, prints a one-line verdict and, on failure, the tail of
#	every log so a test log shows why. Returns the scenario's exit status.

guest_die() {
	echo "guest: $*" >&2
	exit 2
}

guest_prepare() {
	local kind=$1 scen=$2 kv
	shift 2
	GUEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	: "${L2TPC_SOURCE_DIR:=$(cd "$GUEST_DIR/../.." && pwd)}"
	: "${L2TPC_BUILD_DIR:=$L2TPC_SOURCE_DIR/build}"
	L2TPC_SOURCE_DIR=$(cd "$L2TPC_SOURCE_DIR" && pwd) || guest_die "no source dir"
	mkdir -p "$L2TPC_BUILD_DIR" || guest_die "cannot create build dir $L2TPC_BUILD_DIR"
	L2TPC_BUILD_DIR=$(cd "$L2TPC_BUILD_DIR" && pwd)
	case "$scen" in
	*/*) SCEN_FILE=$(cd "$(dirname "$scen")" && pwd)/$(basename "$scen") ;;
	*) SCEN_FILE=$GUEST_DIR/scenarios/${scen%.sh}.sh ;;
	esac
	[ -f "$SCEN_FILE" ] || guest_die "no scenario file $SCEN_FILE"
	SCEN_NAME=$(basename "$SCEN_FILE" .sh)
	LOG_DIR=$L2TPC_BUILD_DIR/guest-logs/${L2TPC_GUEST_LOG_NAME:-$SCEN_NAME}
	# Paths travel on the kernel command line and through hostfs/9p: no blanks allowed.
	for p in "$SCEN_FILE" "$LOG_DIR" "$GUEST_DIR" "$L2TPC_BUILD_DIR" "$L2TPC_SOURCE_DIR"; do
		case "$p" in *[[:space:]]* | *,*) guest_die "path '$p' contains a blank or comma; use a build dir path without them" ;; esac
	done
	GUEST_TIMEOUT=${L2TPC_GUEST_TIMEOUT:-55}
	rm -rf "$LOG_DIR"
	mkdir -p "$LOG_DIR" || guest_die "cannot create $LOG_DIR"
	{
		printf 'L2TPC_GUEST=%q\n' "$kind"
		printf 'L2TPC_SCENARIO=%q\n' "$SCEN_NAME"
		printf 'L2TPC_SCENARIO_FILE=%q\n' "$SCEN_FILE"
		printf 'L2TPC_LOG_DIR=%q\n' "$LOG_DIR"
		printf 'L2TPC_GUEST_DIR=%q\n' "$GUEST_DIR"
		printf 'L2TPC_BUILD_DIR=%q\n' "$L2TPC_BUILD_DIR"
		printf 'L2TPC_SOURCE_DIR=%q\n' "$L2TPC_SOURCE_DIR"
		printf 'L2TPC_GUEST_TIMEOUT=%q\n' "$GUEST_TIMEOUT"
		printf 'L2TPC_HOST_UID=%q\n' "$(id -u)"
		for kv in "$@"; do
			[[ "$kv" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || guest_die "argument '$kv' is not NAME=VALUE"
			printf '%s=%q\n' "${kv%%=*}" "${kv#*=}"
		done
	} > "$LOG_DIR/guest.env"
	# The guest root is read-only: what a scenario must fetch first (ipsec-libreswan's pluto)
	# is done here by scenarios/<name>.host, into the build dir the guest sees.
	if [ -x "${SCEN_FILE%.sh}.host" ]; then
		L2TPC_BUILD_DIR=$L2TPC_BUILD_DIR "${SCEN_FILE%.sh}.host" > "$LOG_DIR/host-prepare.log" 2>&1 ||
			echo "guest: $SCEN_NAME: host preparation failed (see $LOG_DIR/host-prepare.log)" >&2
	fi
}

# Print the last lines of every text log of the scenario (console first).
guest_dump_logs() {
	local f
	echo "---------- tail of $LOG_DIR/console.log"
	tail -n 40 "$LOG_DIR/console.log" 2>/dev/null
	for f in "$LOG_DIR"/*.log "$LOG_DIR"/*.txt; do
		[ -f "$f" ] || continue
		case "$f" in */console.log) continue ;; esac
		echo "---------- tail of $f"
		tail -n 25 "$f"
	done
	echo "---------- all logs and captures: $LOG_DIR"
}

guest_finish() {
	local wall=$1 rc
	rc=$(cat "$LOG_DIR/status" 2>/dev/null)
	case "$rc" in
	'' | *[!0-9]*)
		echo "guest: scenario $SCEN_NAME reported no exit status (guest crashed, hung or hit the host timeout)"
		rc=1
		;;
	esac
	if [ "$rc" = 0 ]; then
		echo "guest: scenario $SCEN_NAME PASSED in ${wall}s (logs: $LOG_DIR)"
	elif [ "$rc" = 77 ]; then
		echo "guest: scenario $SCEN_NAME SKIPPED: $(cat "$LOG_DIR/skip-reason" 2>/dev/null)"
	else
		echo "guest: scenario $SCEN_NAME FAILED with status $rc after ${wall}s"
		[ "${L2TPC_GUEST_NO_DUMP:-0}" = 1 ] || guest_dump_logs
	fi
	return "$rc"
}

# Run "$@" in its own process group with a hard time limit; the whole group (UML or QEMU and
# every helper process it forked) is killed when the limit is reached. Console output goes to
# console.log and, unless L2TPC_GUEST_CONSOLE=quiet, to our stdout.
guest_boot() {
	local limit=$1 pid waited=0
	shift
	local -a run=(setsid bash -c 'echo $$ > "$0"; exec "$@"' "$LOG_DIR/.guest-pgid" "$@")
	if [ "${L2TPC_GUEST_CONSOLE:-live}" = quiet ]; then
		"${run[@]}" < /dev/null > "$LOG_DIR/console.log" 2>&1 &
	else
		# (strip the firmware's terminal escapes; keep the text)
		"${run[@]}" < /dev/null 2>&1 | sed -u 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1bc//g' |
			tee "$LOG_DIR/console.log" &
	fi
	pid=$!
	# If we are killed (meson's timeout, ^C), take the guest down with us.
	trap 'echo "guest: interrupted; killing the guest"; [ -s "$LOG_DIR/.guest-pgid" ] &&
		kill -KILL -- "-$(cat "$LOG_DIR/.guest-pgid")" 2>/dev/null; exit 130' INT TERM HUP
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$waited" -ge "$((limit * 10))" ]; then
			echo "guest: scenario $SCEN_NAME exceeded the host limit of ${limit}s; killing the guest"
			[ -s "$LOG_DIR/.guest-pgid" ] && kill -KILL -- "-$(cat "$LOG_DIR/.guest-pgid")" 2>/dev/null
			break
		fi
		sleep 0.1
		waited=$((waited + 1))
	done
	wait "$pid" 2>/dev/null
	# Helper processes of a killed guest must not outlive the run.
	[ -s "$LOG_DIR/.guest-pgid" ] && kill -KILL -- "-$(cat "$LOG_DIR/.guest-pgid")" 2>/dev/null
	return 0
}
