#!/bin/sh
# The manual pages an installed system carries are well-formed and complete:
#   - man(1) renders each page without a groff warning (what lintian checks);
#   - l2tpc.conf(5), generated from the key table, describes exactly the keys of
#     docs/profile-keys.md's table (which tests/unit/test-profile-keys.c keeps equal to the table).
# Usage: check-manpages.sh PROFILE_KEYS_MD L2TPC_CONF_5 PAGE...
set -u
md=$1
conf=$2
shift 2
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; fails=$((fails + 1)); }

echo "1..$(($# + 2))"
for page in "$conf" "$@"; do
	warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 \
		-Z "$page" 2>&1 >/dev/null)
	if [ -z "$warnings" ]; then
		ok "$(basename "$page") renders without warnings"
	else
		not_ok "$(basename "$page") renders with warnings:"
		printf '%s\n' "$warnings" | sed 's/^/# /'
	fi
done
# (the page groups the keys by layer: compare the sets)
md_keys=$(sed -n '/<!-- keys-begin -->/,/<!-- keys-end -->/s/^| `\([a-z0-9-]*\)`.*/\1/p' "$md" |
	sort)
man_keys=$(sed -n '/^\.TP$/{n;s/^\.B //p}' "$conf" | sed 's/\\-/-/g' | grep -v '^-' | sort)
if [ -n "$md_keys" ] && [ "$md_keys" = "$man_keys" ]; then
	ok "$(basename "$conf") describes the $(echo "$md_keys" | wc -l) keys of $(basename "$md")"
else
	not_ok "$(basename "$conf") and $(basename "$md") list different keys:"
	printf '%s\n' "$md_keys" > "${TMPDIR:-/tmp}/md-keys.$$"
	printf '%s\n' "$man_keys" | diff "${TMPDIR:-/tmp}/md-keys.$$" - | sed 's/^/# /'
	rm -f "${TMPDIR:-/tmp}/md-keys.$$"
fi
exit $((fails > 0))
