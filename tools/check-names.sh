#!/bin/sh
# Fails when a C file of the product (client/, nm-plugin/, gui/; not the test programs) defines
# an exported (non-static) function whose name does not start with the file's name:
# l2tp-tunnel.c exports l2tp_tunnel_*, profile-load.c l2tpc_profile_load_* (the project prefix
# l2tpc_ may come first). Entry points whose names others fix (main, plugin_init,
# ...) and the known exceptions in tools/check-names.exceptions are allowed; an exception that
# no longer occurs must be removed from that list.
set -eu
cd "$(dirname "$0")/.."
command -v ctags >/dev/null || { echo "ctags is not installed: run tools/install-deps.sh." >&2; exit 1; }
ctags --version 2>/dev/null | grep -q "Universal Ctags" ||
	{ echo "ctags is not Universal Ctags: run tools/install-deps.sh." >&2; exit 1; }
exceptions=tools/check-names.exceptions
found=$(mktemp)
trap 'rm -f "$found"' EXIT
bad=0
for f in $(git ls-files 'client/*.c' 'nm-plugin/*.c' 'gui/*.c'); do
	[ -f "$f" ] || continue
	prefix=$(basename "$f" .c | tr '-' '_')
	for fn in $(ctags -x --c-kinds=f --extras=-F --language-force=C "$f" | awk '{print $1}'); do
		case "$fn" in
		"$prefix" | "$prefix"_* | l2tpc_"$prefix" | l2tpc_"$prefix"_*) continue ;;
		# names fixed by the program that calls them
		main | plugin_init | nm_vpn_editor_plugin_factory) continue ;;
		esac
		if grep -qx "$fn" "$exceptions"; then
			echo "$fn" >>"$found"
			continue
		fi
		echo "misnamed: $fn in $f (exported names start with ${prefix}_: rename it, or make it static)"
		bad=1
	done
done
for fn in $(grep -v '^#' "$exceptions" | grep .); do
	if ! grep -qx "$fn" "$found"; then
		echo "stale exception: $fn no longer occurs (remove it from $exceptions)"
		bad=1
	fi
done
[ "$bad" = 0 ] && echo "every exported function starts with its file's name"
exit "$bad"
