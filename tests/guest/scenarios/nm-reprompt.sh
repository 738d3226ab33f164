#!/bin/bash
# nm-reprompt: a password the server refuses is asked for again, under our sentence. With
# `nmcli --ask connection up`, a wrong password first, then the right one: nmcli prints the
# engine's sentence on the refused password before prompting again, and the connection comes up
# (address on ppp, ping through); down leaves nothing. Three wrong passwords in a row end as
# login-failed ("Invalid secrets"). A password saved in the connection (flags 0) is not asked
# again: it fails at once as before. (A passwd-file answering its refused password again ends at
# once too: nm-failures. A wrong PSK: nm-reprompt-psk.)
#
#   netns cli                                      netns srv
#   NetworkManager, nm-l2tpc-service,  --veth--    charon responder, guard,
#   nmcli --ask (answers on stdin)                 xl2tpd LNS (refuses all but the password)
#   192.0.2.2                                      192.0.2.1
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"

nm_testbed

REFUSED='PPP authentication failed: the server rejected the user name'


check "nmcli: add typed (password and PSK typed at each connect)" \
	nmc cli connection add type vpn con-name typed vpn-type l2tpc ipv4.never-default yes \
	vpn.data "gateway=$SRV_IP, user=$LNS_USER, refuse-eap=yes, password-flags=2, ipsec-psk-flags=2"

# 1. Wrong, then right: asked again under our sentence, then up.
save nmcli-ask-again nm_ask cli typed "wrong-$LNS_PASSWORD" "$SRV_PSK" "$LNS_PASSWORD"
check "--ask: connected with the second password" \
	grep -q 'successfully activated' "$L/nmcli-ask-again.txt"
check "--ask: nmcli printed our sentence on the refused password" \
	grep -qF "$REFUSED" "$L/nmcli-ask-again.txt"
check "--ask: the password was asked twice, the PSK once (kept for the second attempt)" \
	[ "$(nm_prompts nmcli-ask-again Password)/$(nm_prompts nmcli-ask-again 'IPsec pre-shared key')" = 2/1 ]
check "--ask: our sentence comes before the second password prompt" \
	sh -c "sed -n '/$REFUSED/,\$p' '$L/nmcli-ask-again.txt' | grep -q '^Password (vpn'"
check "NetworkManager's log: the service asked again" \
	grep -q 'typed: asking again for password (attempt 2 of 3)' "$L/nm-cli.log"
check "NetworkManager's log: no failure reason was sent for the refused attempt" \
	lib_not grep -Eq 'typed.*dbus: failure: ' "$L/nm-cli.log"
require "client: ppp interface up with an address" ppp_wait_up cli 5
check "client: ping 10.10.0.1 through the tunnel (3/3)" ping_ok cli 10.10.0.1 3
check "nmcli: the connection is active" nm_active typed
check "nmcli: connection down" nmc cli connection down typed
check "client: the service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check "client: no pppd left" lib_empty side_pids cli pppd

# 2. Three wrong passwords: login-failed, as NetworkManager words it.
save nmcli-ask-out lib_not nm_ask cli typed wrong-1 "$SRV_PSK" wrong-2 wrong-3
check "out of tries: nmcli says Invalid secrets" \
	grep -qF 'Error: Connection activation failed: Invalid secrets' "$L/nmcli-ask-out.txt"
check "out of tries: the password was asked three times" \
	[ "$(nm_prompts nmcli-ask-out Password)" = 3 ]
check "out of tries: our sentence before each of the two prompts again" \
	[ "$(grep -oF "$REFUSED" "$L/nmcli-ask-out.txt" | wc -l)" = 2 ]
check "out of tries: NetworkManager heard login-failed last" \
	sh -c "grep -E 'typed.*dbus: failure: ' '$L/nm-cli.log' | tail -1 | grep -q login-failed"
check "client: the service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic

# 3. A saved (flags 0) wrong password: no user to ask, it fails at once as before.
check "nmcli: add saved (a wrong password stored in the connection)" \
	nmc cli connection add type vpn con-name saved vpn-type l2tpc ipv4.never-default yes \
	vpn.data "gateway=$SRV_IP, user=$LNS_USER, refuse-eap=yes, password-flags=0, ipsec-psk-flags=0" \
	vpn.secrets "password=wrong-$LNS_PASSWORD, ipsec-psk=$SRV_PSK"
save nmcli-saved lib_not nm_ask cli saved
check "saved: nmcli says Invalid secrets" \
	grep -qF 'Error: Connection activation failed: Invalid secrets' "$L/nmcli-saved.txt"
check "saved: nothing was asked" [ "$(nm_prompts nmcli-saved Password)" = 0 ]
check "saved: the service did not ask again" \
	lib_not grep -q 'saved: asking again' "$L/nm-cli.log"
check "client: the service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check_residue cli l2tpc
finish
