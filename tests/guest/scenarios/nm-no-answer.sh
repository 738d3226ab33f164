#!/bin/bash
# nm-no-answer: the nm-reasons rows where the server side does not play along. No host at the
# gateway address (nothing answers IKE), and an L2TP server that refuses the tunnel (its xl2tpd
# gone, so the kernel answers SCCRQ with port unreachable inside IPsec): nmcli says "Unknown
# reason" (NetworkManager's only word for a plugin's connect-failed, docs/nm-plugin.md) and
# NetworkManager's log holds our sentence naming the cause.
#
#   netns cli                                      netns srv
#   NetworkManager, nm-l2tpc-service  --veth--     charon responder, guard (xl2tpd killed)
#   192.0.2.2                                      192.0.2.1     (192.0.2.99: nobody)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"

nm_testbed

nm_passwd_file

# nm_row NAME GATEWAY REASON LOG-RE [DATA]: a connection to GATEWAY (plus vpn.data DATA);
# `nmcli connection up` fails with NetworkManager's REASON and its log holds
# "l2tpc[nm] error: NAME: " followed by LOG-RE.
nm_row() {
	local name=$1 gw=$2 reason=$3 re=$4 data=${5:+, $5}
	check "nmcli: add $name" nmc cli connection add type vpn con-name "$name" vpn-type l2tpc \
		ipv4.never-default yes vpn.data "gateway=$gw, user=$LNS_USER, refuse-eap=yes, password-flags=2, ipsec-psk-flags=2$data"
	save "nmcli-up-$name" lib_not nmc cli connection up "$name" passwd-file "$G/cli/passwd"
	check "$name: nmcli says \"$reason\"" \
		grep -qF "Error: Connection activation failed: $reason" "$L/nmcli-up-$name.txt"
	check "$name: NetworkManager's log holds our sentence" \
		wait_until 5 grep -Eq "l2tpc\\[nm\\] error: $name: $re" "$L/nm-cli.log"
	check "$name: the service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
}

nm_row nohost 192.0.2.99 "Unknown reason" '192\.0\.2\.99 does not answer IKE'

for pid in $(side_pids srv xl2tpd); do kill "$pid"; done
check "server: xl2tpd stopped" wait_until 5 lib_empty side_pids srv xl2tpd
# two retransmissions instead of five: the refusal comes sooner
nm_row refused "$SRV_IP" "Unknown reason" 'The L2TP server .* did not answer' l2tp-retries=2
check_residue cli l2tpc
finish
