#!/bin/bash
# The packages, tested as a user gets them (meson test --suite package):
#   1. dpkg-buildpackage -us -uc -b on a copy of the source tree in a scratch directory
#      ($BUILD/package-test/), never in the source tree itself;
#   2. lintian on the result: no error, and every warning's tag explained in docs/packaging.md;
#   3. the guest scenario package-installed (user-mode-linux, tmpfs overlays on /usr, /etc and
#      /var): `dpkg -i` of the three packages, then `l2tpc up` and `nmcli connection up` running
#      the installed files, with the build tree hidden.
#   4. rpmbuild -bs of l2tpc.spec with a tarball of the same copy.
# A step that cannot run here (a tool missing) is a failure: install it with
# tools/install-deps.sh. Usage: package-test.sh SOURCE_DIR BUILD_DIR
set -u
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
work=$build/package-test
fails=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; fails=$((fails + 1)); }
# show FILE: the end of a log, as TAP comments
show() { tail -n "${2:-30}" "$1" | sed 's/^/# /'; }

echo "1..5"
for tool in dpkg-buildpackage dh lintian rpmbuild linux.uml; do
	command -v "$tool" > /dev/null || {
		not_ok "$tool is missing: run tools/install-deps.sh (as root)"
		exit 1
	}
done

# 1. build from a copy: the files git knows (and new ones it does not ignore)
rm -rf "$work"
mkdir -p "$work/src"
if git -C "$src" rev-parse --git-dir > /dev/null 2>&1; then
	(cd "$src" && git ls-files -z -co --exclude-standard |
		tar --null --ignore-failed-read -T - -cf - 2> /dev/null) | tar -xf - -C "$work/src"
else
	tar -C "$src" --exclude='./build*' --exclude=./.git -cf - . | tar -xf - -C "$work/src"
fi
version=$(sed -n "s/^[[:space:]]*version: '\([^']*\)'.*/\1/p" "$work/src/meson.build" | head -1)
t0=$(date +%s)
if (cd "$work/src" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" \
	dpkg-buildpackage -us -uc -b) > "$work/dpkg-buildpackage.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b built l2tpc $version in $(($(date +%s) - t0)) s"
else
	not_ok "dpkg-buildpackage failed (log: $work/dpkg-buildpackage.log)"
	show "$work/dpkg-buildpackage.log" 40
	exit 1
fi
debs=()
for p in l2tpc network-manager-l2tpc network-manager-l2tpc-gnome; do
	debs+=("$work/${p}_${version}_$(dpkg --print-architecture).deb")
done

# 2. lintian: errors fail; warnings must be explained in docs/packaging.md
changes=$work/l2tpc_${version}_$(dpkg --print-architecture).changes
lintian --fail-on none --display-info "$changes" > "$work/lintian.log" 2>&1
errors=$(grep -c '^E: ' "$work/lintian.log")
unexplained=""
for tag in $(sed -n 's/^W: [^:]*: \([^ ]*\).*/\1/p' "$work/lintian.log" | sort -u); do
	grep -q "\`$tag\`" "$src/docs/packaging.md" || unexplained="$unexplained $tag"
done
if [ "$errors" = 0 ] && [ -z "$unexplained" ]; then
	ok "lintian: no errors, every warning explained in docs/packaging.md"
else
	not_ok "lintian: $errors errors; warnings not explained in docs/packaging.md:${unexplained:- none}"
fi
sed 's/^/# /' "$work/lintian.log"

# 3. install and connect in a guest, from the installed files only
if L2TPC_BUILD_DIR=$build L2TPC_SOURCE_DIR=$src L2TPC_GUEST_CONSOLE=quiet \
	L2TPC_GUEST_TIMEOUT=${L2TPC_GUEST_TIMEOUT:-180} \
	"$src/tests/guest/uml-run.sh" package-installed "PKG_DEBS=${debs[*]}" > "$work/guest.log" 2>&1; then
	ok "guest: dpkg -i, then l2tpc up and nmcli connection up from the installed files"
else
	not_ok "guest scenario package-installed failed (logs: $build/guest-logs/package-installed/)"
	show "$work/guest.log" 60
fi
grep -E '^(PASS|FAIL)' "$build/guest-logs/package-installed/console.log" 2> /dev/null |
	sed 's/^/# /'

# 4. the RPM source package
top=$work/rpm
mkdir -p "$top/SOURCES"
tar -C "$work" --transform "s|^src|l2tpc-$version|" --exclude=src/debian/l2tpc \
	--exclude=src/debian/network-manager-l2tpc* --exclude=src/debian/.debhelper \
	--exclude=src/obj-* -cJf "$top/SOURCES/l2tpc-$version.tar.xz" src
if rpmbuild -bs --nodeps --define "_topdir $top" "$src/l2tpc.spec" > "$work/rpmbuild.log" 2>&1 &&
	srpm=$(ls "$top"/SRPMS/l2tpc-"$version"-*.src.rpm 2> /dev/null) &&
	rpm -qp --qf '%{VERSION}\n' "$srpm" 2> /dev/null | grep -qx "$version"; then
	ok "rpmbuild -bs l2tpc.spec made $(basename "$srpm")"
else
	not_ok "rpmbuild -bs l2tpc.spec failed (log: $work/rpmbuild.log)"
	show "$work/rpmbuild.log"
fi

# 5. the source tree was not touched by the build
if [ ! -e "$src/debian/l2tpc" ] && [ ! -e "$src/debian/files" ]; then
	ok "the source tree holds no build output"
else
	not_ok "the package build wrote into the source tree ($src/debian)"
fi
exit $((fails > 0))
