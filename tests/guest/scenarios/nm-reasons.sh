#!/bin/bash
# nm-reasons: what `nmcli connection up` prints for each way an l2tpc connection fails, and that
# NetworkManager's log holds our sentence for it. NetworkManager (1.42 and current) carries only
# three failure reasons from a VPN service (login-failed "Invalid secrets", bad-ip-config, and
# connect-failed "Unknown reason") plus "The VPN service failed to start" for a refused Connect
# (docs/nm-plugin.md, "Failures"). Rows: wrong PSK, a proposal the server refuses, a gateway name
# that does not resolve, a bad value in vpn.data, a server that does not speak IKEv1; then
# `nmcli --ask` prompts in words, without telling the user to use --ask.
# (Wrong password, no host and L2TP refused are in nm-failures.)
#
#   netns cli                                      netns srv
#   NetworkManager, nm-l2tpc-service  --veth--     charon responder (IKEv1, then IKEv2 only),
#   192.0.2.2                                      guard, xl2tpd LNS   192.0.2.1
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"

nm_testbed

nm_passwd_file
nm_passwd_file "$G/cli/passwd-bad-psk" "$LNS_PASSWORD" "wrong-$SRV_PSK"

# nm_add NAME DATA...: an l2tpc connection to srv whose secrets come from a passwd-file or --ask.
nm_add() {
	local name=$1
	shift
	nmc cli connection add type vpn con-name "$name" vpn-type l2tpc ipv4.never-default yes \
		vpn.data "user=$LNS_USER, refuse-eap=yes, password-flags=2, ipsec-psk-flags=2, $*"
}

# nm_row NAME REASON LOG-RE [PASSWD-FILE]: `nmcli connection up NAME` fails with NetworkManager's
# REASON, and NetworkManager's log holds "l2tpc[nm] error: NAME: " followed by LOG-RE.
nm_row() {
	local name=$1 reason=$2 re=$3 pw=${4:-$G/cli/passwd}
	save "nmcli-up-$name" lib_not nmc cli connection up "$name" passwd-file "$pw"
	check "$name: nmcli says \"$reason\"" \
		grep -qF "Error: Connection activation failed: $reason" "$L/nmcli-up-$name.txt"
	check "$name: NetworkManager's log holds our sentence" \
		wait_until 5 grep -Eq "l2tpc\\[nm\\] error: $name: $re" "$L/nm-cli.log"
	check "$name: the service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
}

check "nmcli: add wrongpsk" nm_add wrongpsk "gateway=$SRV_IP"
nm_row wrongpsk "Invalid secrets" '.*(PSK|pre-shared key)' "$G/cli/passwd-bad-psk"
check "wrongpsk: NetworkManager heard login-failed and nothing after it" \
	sh -c "grep -E 'wrongpsk.*dbus: failure: ' '$L/nm-cli.log' | tail -1 | grep -q login-failed"

check "nmcli: add proposal (an IKE proposal srv refuses)" \
	nm_add proposal "gateway=$SRV_IP, ipsec-ike=aes256-sha512-modp4096"
nm_row proposal "Unknown reason" '.*aes256-sha512-modp4096'

check "nmcli: add noname (a gateway name that does not resolve)" \
	nm_add noname "gateway=nosuch.invalid"
nm_row noname "Unknown reason" '.*nosuch\.invalid'

# A bad value: NetworkManager never asks the plugin at `connection add` (1.42 and current: nmcli
# and the daemon check a VPN setting's service type only), so Connect refuses it.
check "nmcli: add badmtu (accepted: NetworkManager does not ask the plugin)" \
	nm_add badmtu "gateway=$SRV_IP, mtu=lots"
nm_row badmtu "The VPN service failed to start" '.*mtu.*lots|.*lots.*mtu'
check "badmtu: NetworkManager logs the refusal with our sentence on its line for the connection" \
	grep -Eq 'badmtu.*failed to connect.*mtu' "$L/nm-cli.log"
check "badmtu: never a secrets reason" lib_not grep -q 'secrets' "$L/nmcli-up-badmtu.txt"

SRV_IKE_VERSION=2
require "server: responder reloaded, IKEv2 only" srv_ipsec_reload srv
check "nmcli: add ikev2srv" nm_add ikev2srv "gateway=$SRV_IP"
nm_row ikev2srv "Unknown reason" '.*'
SRV_IKE_VERSION=1
require "server: responder reloaded, IKEv1 again" srv_ipsec_reload srv

# --ask: the auth dialog (external UI) labels the prompts in words; the message above them says
# what is needed, and never "connect with 'nmcli --ask'" to someone who is doing just that.
check "nmcli: add asked" nm_add asked "gateway=$SRV_IP"
save nmcli-ask in_cli sh -c "printf '%s\n%s\n' '$LNS_PASSWORD' '$SRV_PSK' |
	PAGER=cat nmcli --ask --wait 60 connection up asked"
check "--ask: connected" grep -q 'successfully activated' "$L/nmcli-ask.txt"
check "--ask: the prompts are labelled in words" \
	lib_all_in "$L/nmcli-ask.txt" "Password" "IPsec pre-shared key"
check "--ask: the message says what is needed" \
	grep -q 'needs these to connect' "$L/nmcli-ask.txt"
check "--ask: no advice to use --ask" lib_not grep -q "nmcli --ask" "$L/nmcli-ask.txt"
check "--ask: no raw key names as prompts" lib_not grep -Eq '^(password|ipsec-psk):' "$L/nmcli-ask.txt"
check "nmcli: connection down" nmc cli connection down asked
check "client: the service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check_residue cli l2tpc
finish
