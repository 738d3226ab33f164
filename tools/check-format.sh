#!/bin/sh
# Fails when a tracked C file differs from what clang-format makes of it with the repository's
# .clang-format, and names each such file with the command that fixes it.
set -eu
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "clang-format is not installed: run tools/install-deps.sh." >&2; exit 1; }
bad=0
for f in $(git ls-files '*.c' '*.h'); do
	if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
		echo "not formatted: $f (run: clang-format -i $f)"
		bad=1
	fi
done
[ "$bad" = 0 ] && echo "all C files match .clang-format"
exit "$bad"
