#!/bin/bash
# nm-l2tpc-auth-dialog finds a secret kept in the user's keyring, as NetworkManager-l2tp's does:
# a private session bus (dbus-run-session) with gnome-keyring-daemon as its Secret Service, the
# password stored there as nm-applet stores it (schema org.freedesktop.NetworkManager.Connection,
# connection-uuid / setting-name / setting-key). No display: a secret found needs no window.
# Usage: test-auth-dialog-keyring.sh PATH-TO-nm-l2tpc-auth-dialog   (TAP output)
set -u
D=$(realpath "$1")
if [ -z "${IN_SESSION:-}" ]; then
	for p in dbus-run-session gnome-keyring-daemon secret-tool; do
		command -v "$p" > /dev/null || {
			echo "Bail out! $p is missing: install dbus, gnome-keyring and libsecret-tools" \
				"(tools/install-deps.sh)"
			exit 1
		}
	done
	T=$(mktemp -d)
	trap 'rm -rf "$T"' EXIT
	# A keyring of our own: never the user's, never left behind.
	export IN_SESSION=1 HOME=$T XDG_DATA_HOME=$T/data XDG_RUNTIME_DIR=$T/run T
	mkdir -p "$T/data" "$T/run" && chmod 700 "$T/run"
	exec timeout 50 dbus-run-session -- "$0" "$@" 2> "$T/session.err"
fi
S=org.freedesktop.NetworkManager.l2tpc
n=0 fails=0
ok() { n=$((n + 1)); if "${@:2}"; then echo "ok $n $1"; else echo "not ok $n $1"; fails=$((fails + 1)); fi; }
absent() { ! grep -q "$@"; }
secrets_owned() { # it claims the name a moment after it forked
	for _ in $(seq 50); do
		dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
			org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets |
			grep -q 'boolean true' && return 0
		sleep 0.1
	done
	return 1
}
unset DISPLAY WAYLAND_DISPLAY

printf 'test-unlock' | gnome-keyring-daemon --unlock --components=secrets --daemonize \
	> "$T/keyring.env" 2>&1
ok "gnome-keyring-daemon serves org.freedesktop.secrets on the private bus" secrets_owned
printf 'kept-in-keyring' | secret-tool store --label='VPN office secret (password)' \
	xdg:schema org.freedesktop.NetworkManager.Connection connection-uuid u1 \
	setting-name vpn setting-key password
ok "the password is stored in the keyring" [ "$(secret-tool lookup connection-uuid u1 \
	setting-name vpn setting-key password)" = kept-in-keyring ]

input() { # PASSWORD-FLAGS
	printf 'DATA_KEY=gateway\nDATA_VAL=192.0.2.1\n\nDATA_KEY=ipsec-enabled\nDATA_VAL=yes\n\n'
	printf 'DATA_KEY=password-flags\nDATA_VAL=%s\n\nDATA_KEY=ipsec-psk-flags\nDATA_VAL=1\n\n' "$1"
	printf 'SECRET_KEY=ipsec-psk\nSECRET_VAL=known-psk\n\nDONE\n\nQUIT\n'
}
input 1 | "$D" -u u1 -n office -s $S -i > "$T/ans" 2> "$T/err"
ok "agent-owned password: taken from the keyring, no window, exit 0" [ $? -eq 0 ]
ok "agent-owned password: answered with the kept PSK" \
	[ "$(cat "$T/ans")" = "$(printf 'password\nkept-in-keyring\nipsec-psk\nknown-psk\n')" ]
input 1 | "$D" -u u1 -n office -s $S --external-ui-mode > "$T/ext"
ok "external UI: the keyring's password is filled in and not asked" \
	grep -qx 'Value=kept-in-keyring' "$T/ext"
input 1 | "$D" -u u2 -n other -s $S > "$T/other"
ok "another connection's UUID finds nothing" absent kept-in-keyring "$T/other"
input 2 | "$D" -u u1 -n office -s $S > "$T/notsaved"
ok "a not-saved password is never taken from the keyring" absent kept-in-keyring "$T/notsaved"
echo "1..$n"
exit $((fails > 0))
