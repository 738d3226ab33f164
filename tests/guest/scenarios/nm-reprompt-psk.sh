#!/bin/bash
# nm-reprompt-psk: a pre-shared key the server refuses is asked for again, under our sentence
# (nm-reprompt does the password). `nmcli --ask connection up` with a wrong PSK first, then the
# right one: nmcli prints the engine's sentence on the PSK before prompting for it again, the
# password typed once is kept for the second attempt, and the connection comes up; down leaves
# nothing. The server drops a wrong PSK's Main Mode message in silence: charon's retransmits
# (about 15 s) end the first attempt.
#
#   netns cli                                      netns srv
#   NetworkManager, nm-l2tpc-service,  --veth--    charon responder, guard,
#   nmcli --ask (answers on stdin)                 xl2tpd LNS
#   192.0.2.2                                      192.0.2.1
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"

nm_testbed


check "nmcli: add typed (password and PSK typed at each connect)" \
	nmc cli connection add type vpn con-name typed vpn-type l2tpc ipv4.never-default yes \
	vpn.data "gateway=$SRV_IP, user=$LNS_USER, refuse-eap=yes, password-flags=2, ipsec-psk-flags=2"

save nmcli-ask-psk nm_ask cli typed "$LNS_PASSWORD" "wrong-$SRV_PSK" "$SRV_PSK"
check "--ask PSK: connected with the second PSK" grep -q 'successfully activated' "$L/nmcli-ask-psk.txt"
check "--ask PSK: the PSK was asked twice, the password once" \
	[ "$(nm_prompts nmcli-ask-psk 'IPsec pre-shared key')/$(nm_prompts nmcli-ask-psk Password)" = 2/1 ]
check "--ask PSK: nmcli printed our sentence on the refused pre-shared key" \
	grep -q "^$SRV_IP stopped answering when we authenticated.*pre-shared key" "$L/nmcli-ask-psk.txt"
check "--ask PSK: our sentence comes before the second PSK prompt" \
	sh -c "sed -n '/stopped answering/,\$p' '$L/nmcli-ask-psk.txt' | grep -q '^IPsec pre-shared key (vpn'"
check "NetworkManager's log: the service asked again" \
	grep -q 'typed: asking again for ipsec-psk (attempt 2 of 3)' "$L/nm-cli.log"
require "client: ppp interface up with an address" ppp_wait_up cli 5
check "client: ping 10.10.0.1 through the tunnel (3/3)" ping_ok cli 10.10.0.1 3
check "nmcli: the connection is active" nm_active typed
check "nmcli: connection down" nmc cli connection down typed
check "client: the service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check_residue cli l2tpc
finish
