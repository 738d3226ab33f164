#!/bin/sh
# check-complete SOURCE_ROOT: the catalogs are ready for translators and for users.
#  - po/LINGUAS and the po/*.po files name the same languages;
#  - po/l2tpc.pot (the template a translation platform reads) holds exactly the strings the
#    sources mark today, with their flags and translator comments;
#  - every catalog in po/LINGUAS translates every one of those strings, with nothing fuzzy;
#  - every catalog passes msgfmt --check: its header (Language, Plural-Forms) is complete, each
#    translation has the same printf conversions in the same order as its msgid (c-format), and
#    the same one mnemonic underscore (--check-accelerators).
# The strings are extracted afresh (with the keywords of meson's glib preset, as the l2tpc-pot
# target does) and merged into a scratch copy of each catalog, so a new or reworded sentence
# fails here instead of staying English. To fix: run
#   meson compile -C BUILD l2tpc-pot l2tpc-update-po
# and translate the entries msgattrib --untranslated / --only-fuzzy lists.
set -u
root=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1
status=0
langs=$(grep -v '^#' po/LINGUAS | grep -v '^$')

# LINGUAS <-> po/*.po
for lang in $langs; do
	[ -f "po/$lang.po" ] || { echo "FAIL: $lang is in po/LINGUAS but po/$lang.po is missing"; status=1; }
done
for f in po/*.po; do
	lang=$(basename "$f" .po)
	echo "$langs" | grep -qx "$lang" ||
		{ echo "FAIL: $f exists but $lang is not in po/LINGUAS: add it"; status=1; }
done

grep -v '^#' po/POTFILES.in | grep -v '^$' > "$tmp/files"
xgettext --from-code=UTF-8 --add-comments=Translators: \
	--keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
	--keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
	--package-name=l2tpc --files-from="$tmp/files" --output="$tmp/l2tpc.pot" \
	2> "$tmp/xgettext.err" ||
	{ cat "$tmp/xgettext.err"; echo "FAIL: xgettext could not read the sources"; exit 1; }

# The template: compared without source line numbers and header, which change on every edit.
strip() { msgcat --no-location --no-wrap --sort-output "$1" | sed '1,/^$/d'; }
if [ ! -f po/l2tpc.pot ]; then
	echo "FAIL: po/l2tpc.pot is missing: run meson compile -C BUILD l2tpc-pot"
	status=1
elif ! strip po/l2tpc.pot > "$tmp/old" || ! strip "$tmp/l2tpc.pot" > "$tmp/new" ||
	! diff -u "$tmp/old" "$tmp/new" > "$tmp/pot.diff"; then
	echo "FAIL: po/l2tpc.pot is not up to date: run meson compile -C BUILD l2tpc-pot"
	grep '^msgid' "$tmp/old" | sort > "$tmp/old.ids"
	grep '^msgid' "$tmp/new" | sort > "$tmp/new.ids"
	comm -23 "$tmp/old.ids" "$tmp/new.ids" | sed 's/^/    stale: /' | head -10
	comm -13 "$tmp/old.ids" "$tmp/new.ids" | sed 's/^/    new:   /' | head -10
	status=1
else
	echo "ok: po/l2tpc.pot: $(grep -c '^msgid' "$tmp/new") strings"
fi

for lang in $langs; do
	[ -f "po/$lang.po" ] || continue
	# Header, c-format conversions, mnemonics: of the catalog as it is in the tree.
	if ! msgfmt --check --check-accelerators=_ -o /dev/null "po/$lang.po" 2> "$tmp/check.err"; then
		sed 's/^/    /' "$tmp/check.err" | head -20
		echo "FAIL: $lang: msgfmt --check --check-accelerators=_ po/$lang.po"
		status=1
	fi
	if ! grep -q "^\"Language: $lang\\\\n\"" "po/$lang.po" ||
		! grep -q '^"Plural-Forms: nplurals=[0-9]; plural=' "po/$lang.po"; then
		echo "FAIL: $lang: the header lacks \"Language: $lang\" or a Plural-Forms formula"
		status=1
	fi
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
