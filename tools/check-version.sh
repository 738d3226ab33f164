#!/bin/sh
# The version lives in one place, meson's project(version:); every other file that names the
# release must agree with it: debian/changelog (top entry), l2tpc.spec (Version:), the newest
# <release> of the AppStream metainfo and the top entry of NEWS (whose date must equal the
# metainfo's). Usage: check-version.sh SOURCE_DIR VERSION
set -u
src=$1
version=$2
n=0
fails=0
is() { # DESCRIPTION ACTUAL
	n=$((n + 1))
	if [ "$2" = "$version" ]; then
		echo "ok $n - $1 says $version"
	else
		echo "not ok $n - $1 says '$2', meson.build says $version: update it"
		fails=$((fails + 1))
	fi
}
metainfo=$src/data/org.freedesktop.NetworkManager.l2tpc.metainfo.xml.in
echo "1..5"
is "debian/changelog" "$(sed -n '1s/^l2tpc (\([^)]*\)).*/\1/p' "$src/debian/changelog")"
is "l2tpc.spec" "$(sed -n 's/^Version:[[:space:]]*//p' "$src/l2tpc.spec")"
is "the newest <release> of the metainfo" \
	"$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' "$metainfo" | head -1)"
is "NEWS" "$(sed -n '1s/^l2tpc \([^ ]*\) .*/\1/p' "$src/NEWS")"
news_date=$(sed -n '1s/^l2tpc [^ ]* (\(.*\))$/\1/p' "$src/NEWS")
meta_date=$(sed -n 's/.*<release version="[^"]*" date="\([^"]*\)".*/\1/p' "$metainfo" | head -1)
n=$((n + 1))
if [ -n "$news_date" ] && [ "$news_date" = "$meta_date" ]; then
	echo "ok $n - NEWS and the metainfo date the release $news_date"
else
	echo "not ok $n - NEWS dates the release '$news_date', the metainfo '$meta_date'"
	fails=$((fails + 1))
fi
exit $((fails > 0))
