#!/bin/bash
# nm-no-reprompt: an authentication failure that typing the secret again cannot fix is not asked
# again (issue 17). With `nmcli --ask connection up` and a password not saved:
#  1. a server whose pppd takes PAP only, PAP refused by default: ppp-auth, login-failed
#     ("Invalid secrets") after one prompt, the sentence naming refuse-pap=no in NetworkManager's
#     log, and no "asking again";
#  2. a remote ID the server does not present: ipsec-auth, login-failed after one prompt of each
#     secret, the sentence naming the ID the server sent.
# (A refused password and PSK are asked again: nm-reprompt, nm-reprompt-psk.)
#
#   netns cli                                      netns srv
#   NetworkManager, nm-l2tpc-service,  --veth--    charon responder, guard,
#   nmcli --ask (answers on stdin)                 xl2tpd + pppd require-pap
#   192.0.2.2                                      192.0.2.1
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"
LNS_AUTH=pap

nm_testbed

# nm_typed NAME [VPN.DATA]: an l2tpc connection whose password and PSK are typed at each connect.
nm_typed() {
	nmc cli connection add type vpn con-name "$1" vpn-type l2tpc ipv4.never-default yes \
		vpn.data "gateway=$SRV_IP, user=$LNS_USER, password-flags=2, ipsec-psk-flags=2${2:+, $2}"
}

# 1. No login method the server takes. Spare answers: a re-prompt would consume them.
check "nmcli: add nopap (refuse-pap left at its default, yes)" nm_typed nopap
save nmcli-nopap lib_not nm_ask cli nopap "$LNS_PASSWORD" "$SRV_PSK" "$LNS_PASSWORD" "$LNS_PASSWORD"
check "nopap: nmcli says Invalid secrets" \
	grep -qF 'Error: Connection activation failed: Invalid secrets' "$L/nmcli-nopap.txt"
check "nopap: the password was asked once" [ "$(nm_prompts nmcli-nopap Password)" = 1 ]
check "nopap: the service did not ask again" lib_not grep -q 'nopap: asking again' "$L/nm-cli.log"
check "nopap: NetworkManager's log holds the sentence naming refuse-pap=no" \
	grep -Eq 'l2tpc\[nm\] error: nopap: The server ended PPP before the login.*refuse-pap=no' \
	"$L/nm-cli.log"
check "nopap: NetworkManager heard login-failed last" \
	sh -c "grep -E 'dbus: failure: ' '$L/nm-cli.log' | tail -1 | grep -q login-failed"
check "server: no PAP Authenticate-Request arrived" lib_not grep -q 'rcvd \[PAP AuthReq' "$L/pppd-srv.log"
check "client: the service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic

# 2. A remote ID the server does not present (it identifies itself by its address).
check "nmcli: add wrongid (ipsec-remote-id=@vpn.example.com)" \
	nm_typed wrongid "ipsec-remote-id=@vpn.example.com"
save nmcli-wrongid lib_not nm_ask cli wrongid "$LNS_PASSWORD" "$SRV_PSK" "$SRV_PSK" "$SRV_PSK"
check "wrongid: nmcli says Invalid secrets" \
	grep -qF 'Error: Connection activation failed: Invalid secrets' "$L/nmcli-wrongid.txt"
check "wrongid: the PSK was asked once" \
	[ "$(nm_prompts nmcli-wrongid 'IPsec pre-shared key')" = 1 ]
check "wrongid: the service did not ask again" \
	lib_not grep -q 'wrongid: asking again' "$L/nm-cli.log"
check "wrongid: NetworkManager's log holds the sentence on the remote ID" \
	grep -Eq "l2tpc\[nm\] error: wrongid: .*not as the expected remote ID" "$L/nm-cli.log"
check "client: the service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check_residue cli l2tpc
finish
