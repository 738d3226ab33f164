#!/bin/sh
# The README's test command: installs what it needs, builds twice and runs every suite.
#   build-ci    gcc, warnings fatal: unit, guest (user-mode-linux and QEMU end-to-end), gui, docs
#   build-fuzz  clang with ASan/UBSan and libFuzzer: the unit tests again under the sanitizers,
#               and every fuzz target for a few seconds ("fuzz smoke")
# Ends with one line "tests: N passed, N failed, N skipped" counting every test of both builds.
# FUZZ_SECONDS=N makes the fuzz runs longer; JOBS=N sets meson's parallelism.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)

./tools/install-deps.sh

jobs=${JOBS:-2}
status=0

setup() { # dir, args...
	dir=$1
	shift
	if [ -f "$dir/build.ninja" ]; then
		meson setup --reconfigure "$dir" "$@" >"$dir.setup.log" 2>&1 || {
			cat "$dir.setup.log"
			return 1
		}
	else
		meson setup "$dir" "$@" >"$dir.setup.log" 2>&1 || {
			cat "$dir.setup.log"
			return 1
		}
	fi
}

echo "== build-ci: gcc, -Werror"
setup build-ci --werror -Dguest_tests=enabled
meson compile -C build-ci
meson test -C build-ci --num-processes "$jobs" --print-errorlogs || status=1

echo "== build-fuzz: clang, ASan/UBSan, libFuzzer"
CC=clang setup build-fuzz --werror -Dfuzzing=true -Db_sanitize=address,undefined \
	-Db_lundef=false -Dguest_tests=disabled -Dnm_plugin=disabled \
	-Dgtk3_editor=disabled -Dgtk4_editor=disabled
meson compile -C build-fuzz
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	meson test -C build-fuzz --num-processes "$jobs" --print-errorlogs --suite unit --suite fuzz ||
	status=1

python3 "$top/tools/test-summary.py" build-ci/meson-logs/testlog.json \
	build-fuzz/meson-logs/testlog.json || status=1
exit $status
