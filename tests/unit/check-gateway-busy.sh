#!/bin/sh
# check-gateway-busy L2TPC: `l2tpc up` of a profile whose gateway another live connection holds
# (its lock in <rundir>/gateways) is refused at once: exit status 2 (config), one sentence naming
# the gateway and the holder, its own record gone, the holder's lock untouched. Also proves a
# failure found before the main loop runs ends the process (it once hung: the numeric gateway's
# "resolve" answered before the loop started). Runs unprivileged: nothing reaches the network.
set -u
# `l2tpc up` needs root: an unprivileged run becomes root of its own user namespace
[ "$(id -u)" = 0 ] || exec unshare -r "$0" "$@"
l2tpc=$1
dir=$(mktemp -d)
trap 'kill $holder 2>/dev/null; rm -rf "$dir"' EXIT
mkdir -p "$dir/run/gateways"
printf '[connection]\nid=office-2\n[vpn]\ngateway=192.0.2.1\nuser=u\nipsec-enabled=yes\n' \
	> "$dir/office-2.conf"
(umask 077 && printf 'password=p\nipsec-psk=k\n' > "$dir/secrets")
echo office > "$dir/run/gateways/192.0.2.1.lock"
flock "$dir/run/gateways/192.0.2.1.lock" sleep 60 < /dev/null > /dev/null 2>&1 &
holder=$!
# wait until the holder has its lock
i=0
while flock -n "$dir/run/gateways/192.0.2.1.lock" true; do
	i=$((i + 1))
	[ $i -lt 100 ] || { echo "FAIL: the stand-in holder never took the lock"; exit 1; }
	sleep 0.05
done

timeout -k 3 20 "$l2tpc" up "$dir/office-2.conf" --rundir "$dir/run" --secrets-fd 3 3< "$dir/secrets" \
	> "$dir/out" 2>&1
rc=$?
cat "$dir/out"
status=0
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "FAIL: l2tpc up hung after the refusal (killed after 20 s)"
	status=1
elif [ $rc -ne 2 ]; then
	echo "FAIL: exit status $rc, expected 2 (config)"
	status=1
fi
grep -q "^l2tpc: error: This machine is already connected to the gateway 192.0.2.1 by office, .*disconnect office first\.$" "$dir/out" ||
	{ echo "FAIL: no sentence naming the gateway and its holder"; status=1; }
[ ! -e "$dir/run/conns/office-2.conn" ] ||
	{ echo "FAIL: the refused connection left its record"; status=1; }
[ "$(cat "$dir/run/gateways/192.0.2.1.lock")" = office ] ||
	{ echo "FAIL: the holder's lock file was changed"; status=1; }
flock -n "$dir/run/gateways/192.0.2.1.lock" true &&
	{ echo "FAIL: the holder's lock was released"; status=1; }
[ $status -eq 0 ] && echo "ok: refused at once, exit 2, holder untouched"
exit $status
