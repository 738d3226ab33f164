#!/bin/sh
# check-complete SOURCE_ROOT: every catalog in po/LINGUAS translates every string the sources
# mark today, with nothing fuzzy. The strings are extracted afresh (with the keywords of meson's
# glib preset, as the l2tpc-pot target does) and merged into a scratch copy of each catalog, so a
# new or reworded sentence fails here instead of staying English. To fix: run
#   meson compile -C BUILD l2tpc-pot l2tpc-update-po
# and translate the entries msgattrib --untranslated / --only-fuzzy lists.
set -u
root=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1
grep -v '^#' po/POTFILES.in | grep -v '^$' > "$tmp/files"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
	--keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
	--files-from="$tmp/files" --output="$tmp/l2tpc.pot" 2> "$tmp/xgettext.err" ||
	{ cat "$tmp/xgettext.err"; echo "FAIL: xgettext could not read the sources"; exit 1; }
status=0
for lang in $(grep -v '^#' po/LINGUAS); do
	if ! msgmerge --quiet --no-fuzzy-matching "po/$lang.po" "$tmp/l2tpc.pot" \
		-o "$tmp/$lang.po" 2> "$tmp/msgmerge.err"; then
		cat "$tmp/msgmerge.err"
		echo "FAIL: $lang: po/$lang.po does not merge"
		status=1
		continue
	fi
	# "N translated messages[, M fuzzy translations][, K untranslated messages]."
	stats=$(msgfmt --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
	case "$stats" in
	*fuzzy* | *untranslated*)
		echo "FAIL: $lang: $stats"
		# (the first block is the header)
		msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | sed '1,/^$/d' |
			grep '^msgid\|^"' | sed 's/^/    /' | head -20
		status=1
		;;
	*) echo "ok: $lang: $stats" ;;
	esac
done
exit $status
