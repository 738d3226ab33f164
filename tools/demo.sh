#!/bin/bash
# The first command for a fresh Debian 12 machine, as root:  tools/demo.sh
# Installs what is missing (tools/install-deps.sh), builds l2tpc into build/, boots a throw-away
# user-mode-linux guest (the host root read-only; nothing on the host is configured or started)
# and in it runs a real L2TP/IPsec server and a client that connects, pings through the tunnel
# and disconnects. See tests/guest/scenarios/demo.sh and tests/guest/README.md.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=${L2TPC_BUILD_DIR:-$src/build}
say() { printf '==> %s\n' "$*"; }
fail() {
	printf '==> demo stopped: %s\n' "$*" >&2
	exit 1
}

say "l2tpc demo"
say "Checking the packages this needs (tools/install-deps.sh)"
"$src/tools/install-deps.sh" || fail "installing packages failed; run tools/install-deps.sh as root and retry"

if [ ! -f "$build/build.ninja" ]; then
	say "Configuring the build in $build (meson setup)"
	meson setup "$build" "$src" > "$src/.demo-setup.log" 2>&1 ||
		{ tail -20 "$src/.demo-setup.log"; fail "meson setup failed (full log: $src/.demo-setup.log)"; }
	rm -f "$src/.demo-setup.log"
fi
say "Building (meson compile -C $build)"
meson compile -C "$build" > "$build/demo-build.log" 2>&1 ||
	{ tail -20 "$build/demo-build.log"; fail "the build failed (full log: $build/demo-build.log)"; }

say "Booting the test machine (user-mode-linux) and running the demo"
L2TPC_BUILD_DIR=$build L2TPC_GUEST_TIMEOUT=100 "$src/tests/guest/uml-run.sh" demo 2>&1 |
	grep --line-buffered -v -E '^(reboot: |guest: scenario exit status|\[ *[0-9.]+\] RESULT: )'
rc=${PIPESTATUS[0]}
[ "$rc" = 0 ] || fail "the demo scenario failed (status $rc); logs are in $build/guest-logs/demo/"
say "Done. Everything ran inside the guest; the host is unchanged."
