#!/bin/bash
# The auth dialog's real window under Xvfb, in GTK3 or GTK4, in English or German: a heading
# naming the connection, an icon, Connect as the suggested action, secrets hidden until "Show
# secrets", the typed password answered to NetworkManager, a screenshot kept. The checks run
# inside the dialog through auth-dialog-probe.c (a GTK3 module, or LD_PRELOAD for GTK4, which
# has no modules) so the dialog is tested as shipped. In English the service's x-vpn-message of a
# re-prompt (the server refused the password) is passed too, and must show under the heading.
# Usage: test-auth-dialog-gui.sh DIALOG PROBE gtk3|gtk4 SCREENSHOT [LOCALEDIR LANGUAGE]   (TAP)
set -u
D=$(realpath "$1") MOD=$(realpath "$2") TK=$3 PNG=$4  # meson passes build-relative paths
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export AUTH_PROBE_OUT=$T/probe AUTH_PROBE_PNG=$PNG AUTH_PROBE_NAME=office LC_ALL=C.UTF-8
export LANGUAGE=${6:-} GDK_BACKEND=x11 GSK_RENDERER=cairo NO_AT_BRIDGE=1 GTK_A11Y=none
export GSETTINGS_BACKEND=memory
[ -n "${5:-}" ] && export L2TPC_LOCALEDIR=$(realpath "$5")
msg=()
if [ -z "$LANGUAGE" ]; then
	export AUTH_PROBE_MESSAGE='PPP authentication failed: the server rejected the user name "alice" or its password; check both.'
	msg=(-t "x-vpn-message:$AUTH_PROBE_MESSAGE")
fi
unset DBUS_SESSION_BUS_ADDRESS
case $TK in
gtk3) export GTK3_MODULES=$MOD; run=("$D") ;;
gtk4) run=(env "LD_PRELOAD=$MOD" "$D") ;;
*) echo "Bail out! toolkit $TK"; exit 1 ;;
esac
rm -f "$PNG"
# The dialog answers once the probe pressed Connect, then waits for QUIT.
{
	printf 'DATA_KEY=gateway\nDATA_VAL=192.0.2.1\n\nDATA_KEY=ipsec-enabled\nDATA_VAL=yes\n\n'
	printf 'DATA_KEY=password-flags\nDATA_VAL=2\n\nDATA_KEY=ipsec-psk-flags\nDATA_VAL=1\n\n'
	printf 'SECRET_KEY=ipsec-psk\nSECRET_VAL=known-psk\n\nDONE\n\n'
	for _ in $(seq 300); do [ -s "$T/probe" ] && grep -q Show "$T/probe" && break; sleep 0.1; done
	sleep 1
	echo QUIT
} | timeout 60 xvfb-run -a -s "-screen 0 1024x768x24 -nolisten tcp" \
	"${run[@]}" -u u1 -n office -s org.freedesktop.NetworkManager.l2tpc -i -r "${msg[@]}" \
	> "$T/answer" 2> "$T/err"
n=0 fails=0
while read -r line; do
	n=$((n + 1))
	case "$line" in
	"ok "*) echo "ok $n ${line#ok }" ;;
	*) echo "not ok $n ${line#not ok }"; fails=$((fails + 1)) ;;
	esac
done < <(cat "$T/probe" 2> /dev/null)
n=$((n + 1))
if [ "$(head -4 "$T/answer")" = "$(printf 'password\ntyped-by-probe\nipsec-psk\nknown-psk')" ]; then
	echo "ok $n the typed password and the kept PSK are answered to NetworkManager"
else
	echo "not ok $n answer was: $(tr '\n' '|' < "$T/answer"); stderr: $(tr '\n' '|' < "$T/err")"
	fails=$((fails + 1))
fi
n=$((n + 1))
if [ -s "$PNG" ]; then echo "ok $n screenshot at $PNG"; else echo "not ok $n no screenshot"; fails=$((fails + 1)); fi
echo "1..$n"
[ "$n" -ge 9 ] && [ "$fails" = 0 ]
