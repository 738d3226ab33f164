#!/bin/sh
# Runs the built l2tpc on error paths that need no root and no daemons, once in German and once
# in English, and checks the sentence a user sees on stderr: the catalogs are compiled, the CLI
# binds its text domain, and the sentences are marked and translated.
# Usage: test-cli-translated.sh L2TPC LOCALEDIR (the build tree's po/, holding de/LC_MESSAGES)
set -u
l2tpc=$1
export L2TPC_LOCALEDIR=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
n=0

# check LANGUAGE EXPECTED_EXIT EXPECTED_STDERR_TEXT ARGS...
check() {
	lang=$1 want_rc=$2 want=$3
	shift 3
	n=$((n + 1))
	LC_ALL=C.UTF-8 LANGUAGE=$lang "$l2tpc" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq "$want_rc" ] && grep -qF -- "$want" "$tmp/err"; then
		echo "ok $n - LANGUAGE=$lang l2tpc $*"
	else
		echo "not ok $n - LANGUAGE=$lang l2tpc $*: exit $rc (want $want_rc), stderr:"
		sed 's/^/# /' "$tmp/err"
		echo "# expected: $want"
		fails=$((fails + 1))
	fi
}

echo "1..8"
check de 2 "l2tpc: error: Kein Profil „nosuch-profile“ gefunden" up nosuch-profile
check C 2 "l2tpc: error: No profile 'nosuch-profile' found" up nosuch-profile
check de 2 "l2tpc: error: /nonexistent/profile kann nicht geöffnet werden" up /nonexistent/profile
check de 2 "l2tpc: error: l2tpc probe: nennen Sie genau ein Gateway" probe
check de 2 "Aufruf: l2tpc BEFEHL [ARGUMENTE]"
check de 2 "l2tpc: error: unbekannter Befehl „frobnicate“" frobnicate
check de 20 "Es läuft keine Verbindung namens „nosuch“" down nosuch --rundir "$tmp"
check C 20 "No connection named 'nosuch' is running" down nosuch --rundir "$tmp"
exit $((fails > 0))
