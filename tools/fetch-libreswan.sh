#!/bin/sh
# Usage: tools/fetch-libreswan.sh DEST
#
# Fetches Debian's libreswan (and the runtime libraries and NSS tools it needs that are not
# installed here) with `apt-get download` and unpacks them with `dpkg -x` into DEST/root, for
# the ipsec-libreswan guest scenario, which runs pluto from there as an interop responder.
# libreswan conflicts with strongSwan, so it is never installed on the host: nothing here is
# configured or started. Idempotent (DEST/.done). Needs Debian's apt sources; run as any user.
set -eu
[ $# -eq 1 ] || { sed -n '2p' "$0" >&2; exit 2; }
dest=$1
[ -e "$dest/.done" ] && exit 0
PKGS="libreswan libnss3-tools libldns3 libevent-pthreads-2.1-7"
rm -rf "$dest"
mkdir -p "$dest/debs" "$dest/root"
cd "$dest/debs"
apt-get download $PKGS > ../download.log 2>&1 ||
	{ echo "fetch-libreswan: apt-get download failed (see $dest/download.log)" >&2; exit 1; }
for deb in *.deb; do
	dpkg -x "$deb" ../root
done
touch ../.done
