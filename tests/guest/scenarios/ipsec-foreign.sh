#!/bin/bash
# ipsec-foreign: our IPsec driver as a guest in a SYSTEM charon that holds someone else's
# connection and secret. It removes a crash's leftover ("l2tpc-ghost", no live owner), never
# touches the foreign ones, runs two connections at once (to srv and srv2), and after each
# disconnect only that connection's conn, SA and PSK are gone; the system charon keeps running.
#
#   netns srv2 (203.0.113.1)                     netns srv (192.0.2.1)
#   charon responder <--- veth-cli2 ---+   +--- veth-cli ---> charon responder
#                                      |   |
#                           netns cli: system charon (/run/charon.vici)
#                             conns: foreign (someone else's), l2tpc-ghost (stale),
#                                    l2tpc-a -> srv, l2tpc-b -> srv2 (ours, via ipsec-up)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../ipsec-lib.sh"

load_modules
require "topology srv <-> cli" topo_direct
require "topology srv2 <-> cli" topo_add_srv2
require "side srv" side_start srv
require "side srv2" side_start srv2
require "side cli" side_start cli
require "server: charon responder loaded" srv_ipsec_start srv
require "server 2: charon responder loaded" srv_ipsec_start srv2
require "client: system charon running" charon_start cli
cat > "$G/cli/foreign.conf" <<EOF2
connections {
    foreign {
        version = 2
        remote_addrs = 198.51.100.77
        local { auth = psk }
        remote { auth = psk }
        children { net { remote_ts = 198.51.100.0/24 } }
    }
    l2tpc-ghost {
        version = 1
        remote_addrs = 198.51.100.78
        local { auth = psk }
        remote { auth = psk }
        children { l2tp { mode = transport } }
    }
}
secrets {
    ike-foreign {
        id = 198.51.100.77
        secret = "foreign-secret-not-ours"
    }
}
EOF2
require "client: foreign connection and secret loaded" swanctl_load cli "$G/cli/foreign.conf"
save query-before ipsec_query /run/charon.vici
check "client: charon holds foreign, l2tpc-ghost and ike-foreign" \
	grep -qx 'conn l2tpc-ghost' "$L/query-before.txt"
charon_pid=$(side_pids cli charon)

require "client: l2tpc-a up with srv (system charon)" ipsec_up_start a
check "client: ipsec-up used the system charon" grep -q 'using the system charon' "$L/ipsec-up-a.log"
check "client: no second charon was started" [ "$(side_pids cli charon)" = "$charon_pid" ]
IPSEC_REMOTE=$SRV2_IP
require "client: l2tpc-b up with srv2 at the same time" ipsec_up_start b
unset IPSEC_REMOTE
save sas-both in_cli swanctl --list-sas
check "client: l2tpc-a ESTABLISHED" grep -Eq "l2tpc-a: #[0-9]+, ESTABLISHED, IKEv1" "$L/sas-both.txt"
check "client: l2tpc-b ESTABLISHED" grep -Eq "l2tpc-b: #[0-9]+, ESTABLISHED, IKEv1" "$L/sas-both.txt"
check "client: two TRANSPORT CHILD_SAs" [ "$(grep -Ec 'INSTALLED, TRANSPORT, ESP' "$L/sas-both.txt")" -eq 2 ]
save query-up ipsec_query /run/charon.vici
check "client: the stale l2tpc-ghost was removed" lib_not grep -qx 'conn l2tpc-ghost' "$L/query-up.txt"
check "client: foreign connection untouched" grep -qx 'conn foreign' "$L/query-up.txt"
check "client: foreign secret untouched" grep -qx 'shared ike-foreign' "$L/query-up.txt"
check "client: our PSKs are loaded under our ids" \
	grep -qx 'shared l2tpc-a-psk' "$L/query-up.txt"

check "client: l2tpc-a down" ipsec_up_stop a
save query-a-down ipsec_query /run/charon.vici
save sas-a-down in_cli swanctl --list-sas
check "client: l2tpc-a conn and PSK unloaded" \
	lib_not grep -Eqx 'conn l2tpc-a|shared l2tpc-a-psk' "$L/query-a-down.txt"
check "client: l2tpc-b still up" grep -Eq "l2tpc-b: #[0-9]+, ESTABLISHED" "$L/sas-a-down.txt"
check "client: l2tpc-a SA gone" lib_not grep -q "l2tpc-a:" "$L/sas-a-down.txt"

check "client: l2tpc-b down" ipsec_up_stop b
save query-end ipsec_query /run/charon.vici
check "client: foreign connection survived" grep -qx 'conn foreign' "$L/query-end.txt"
check "client: foreign secret survived" grep -qx 'shared ike-foreign' "$L/query-end.txt"
check "client: nothing of ours left in charon" lib_not grep -q 'l2tpc-' "$L/query-end.txt"
check "client: the system charon still runs (never stopped by us)" \
	[ "$(side_pids cli charon)" = "$charon_pid" ]
check "residue (cli): no xfrm state" lib_empty in_cli ip xfrm state
check "residue (cli): no xfrm policy" lib_empty xfrm_policies cli
finish
