#!/bin/bash
# nm-l2tpc-auth-dialog without a display: the agent protocol on stdin, the external-UI keyfile
# GNOME Shell reads, hints, reprompt, and the key/value answer with the QUIT handshake.
# Usage: test-nm-auth-dialog.sh PATH-TO-nm-l2tpc-auth-dialog   (TAP output)
set -u
D=$1
S=org.freedesktop.NetworkManager.l2tpc
n=0 fails=0
ok() { n=$((n + 1)); if "${@:2}"; then echo "ok $n $1"; else echo "not ok $n $1"; fails=$((fails + 1)); fi; }

input() {
	printf 'DATA_KEY=gateway\nDATA_VAL=192.0.2.1\n\nDATA_KEY=ipsec-enabled\nDATA_VAL=yes\n\n'
	printf 'DATA_KEY=password-flags\nDATA_VAL=2\n\nDATA_KEY=ipsec-psk-flags\nDATA_VAL=1\n\n'
	printf 'DATA_KEY=user-certpass-flags\nDATA_VAL=4\n\n'
	printf 'SECRET_KEY=ipsec-psk\nSECRET_VAL=known-psk\n\nDONE\n\n'
}
kf_get() { # FILE GROUP KEY
	awk -v g="[$2]" -v k="$3" '$0 == g { in_g = 1; next } /^\[/ { in_g = 0 }
		in_g && index($0, k "=") == 1 { print substr($0, length(k) + 2) }' "$1"
}
lib_absent() { ! grep -q "^\[$1\]" "$2"; }
lib_not_in() { ! grep -qF "$2" "$1"; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

input | "$D" -u u1 -n office -s $S --external-ui-mode > "$T/ext" 2> "$T/err"
ok "external UI: exits 0" [ $? -eq 0 ]
ok "external UI: version 2 keyfile" [ "$(kf_get "$T/ext" 'VPN Plugin UI' Version)" = 2 ]
ok "external UI: the missing not-saved password is asked" [ "$(kf_get "$T/ext" password ShouldAsk)" = true ]
ok "external UI: the password is a secret" [ "$(kf_get "$T/ext" password IsSecret)" = true ]
ok "external UI: the known agent-owned PSK is passed back, not asked" \
	[ "$(kf_get "$T/ext" ipsec-psk ShouldAsk)/$(kf_get "$T/ext" ipsec-psk Value)" = false/known-psk ]
ok "external UI: a not-required secret is never listed" lib_absent user-certpass "$T/ext"

input | "$D" -u u1 -n office -s $S -t 'x-vpn-message:Type the office password' -t password \
	--external-ui-mode > "$T/hint"
ok "hints: only the hinted secret is described" [ "$(grep -c '^\[' "$T/hint")" -eq 2 ]
ok "hints: the service's message becomes the description" \
	[ "$(kf_get "$T/hint" 'VPN Plugin UI' Description)" = 'Type the office password' ]

# nmcli runs the dialog in whatever locale it has: a UTF-8 message and name in a C locale.
input | LC_ALL=C "$D" -u u1 -n 'bureau “B”' -s $S -t 'x-vpn-message:Le VPN « bureau » demande' \
	-t password --external-ui-mode > "$T/utf8"
ok "C locale: a UTF-8 hint and name are taken as they are" \
	[ "$(kf_get "$T/utf8" 'VPN Plugin UI' Description)" = 'Le VPN « bureau » demande' ]

# A re-prompt after the server refused the PSK: the agent still has the refused value, the
# dialog asks for it anyway (empty), and the service's sentence is the description nmcli prints.
input | "$D" -u u1 -n office -s $S -t 'x-vpn-message:The server refused the pre-shared key.' \
	-t ipsec-psk -t x-l2tpc-ask-again --external-ui-mode > "$T/again"
ok "ask again: the refused sentence becomes the description" \
	[ "$(kf_get "$T/again" 'VPN Plugin UI' Description)" = 'The server refused the pre-shared key.' ]
ok "ask again: the refused PSK is asked, not passed back" \
	[ "$(kf_get "$T/again" ipsec-psk ShouldAsk)/$(kf_get "$T/again" ipsec-psk Value)" = true/ ]
ok "ask again: only the refused secret is described, the marker is no field" \
	[ "$(grep -c '^\[' "$T/again")" -eq 2 ]
(input; echo QUIT) | "$D" -u u1 -n office -s $S -t ipsec-psk -t x-l2tpc-ask-again > "$T/again-ans"
ok "ask again, no interaction: the refused PSK is not answered" \
	lib_not_in "$T/again-ans" known-psk

input | "$D" -u u1 -n office -s $S -r --external-ui-mode > "$T/re"
ok "reprompt: the known PSK is asked again" [ "$(kf_get "$T/re" ipsec-psk ShouldAsk)" = true ]

(input; echo QUIT) | "$D" -u u1 -n office -s $S > "$T/ans"
ok "no interaction: answers the known secrets as key/value lines and an empty line" \
	[ "$(cat "$T/ans")" = "$(printf 'ipsec-psk\nknown-psk\n')" ]

printf 'DATA_KEY=gateway\n' | "$D" -u u1 -n office -s $S > "$T/out" 2> "$T/err"
rc=$?
ok "truncated input: fails" [ $rc -ne 0 ]
ok "truncated input: says what is wrong" grep -q 'cut short' "$T/err"
"$D" -u u1 -n office -s org.freedesktop.NetworkManager.openvpn < /dev/null > /dev/null 2> "$T/err"
ok "wrong service: refused" [ $? -ne 0 ]

echo "1..$n"
exit $((fails > 0))
