#!/bin/bash
# cli-probe: `l2tpc probe` finds exactly the IKEv1 proposals a server accepts and prints a ready
# ipsec-ike= line; with the profile's key it also finds the ESP proposals (ipsec-esp=) and
# deletes every SA it made; a profile with those lines connects (with --default-route, whose routes are
# checked and gone after down). The server accepts only two proposals
# that are not first in our default list; the probe sends no credential and leaves nothing.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc probe 192.0.2.1        |==========| charon responder, IKE proposals   |
#   | l2tpc up (ipsec-ike= found)  |          | aes128-sha1-modp2048 and          |
#   |                              |          | aes256-sha256-ecp256 only         |
#   +------------------------------+          +-----------------------------------+
. "$(dirname "$0")/../lib.sh"

SRV_IKE_PROPOSALS=aes128-sha1-modp2048,aes256-sha256-ecp256
load_modules
require "topology srv <-> cli" topo_direct
require "reference server up (two IKE proposals only)" srv_start srv
require "side cli" side_start cli
. "$GUEST_LIB_DIR/l2tpc-lib.sh"

# With the profile's key the probe runs every try to its end, tests ESP too over the first
# accepted IKE proposal, and deletes every SA: nothing half-open is left at the server. (First,
# while the server holds no half-open exchange of the keyless probe below.)
l2tpc_profile office
t0=$(now_us)
save probe-psk in_cli bash -c "exec $L2TPC probe --profile $G/cli/profiles/office.conf \
	--secrets-fd 3 3< $G/cli/secrets"
log "keyed probe took $(us_to_s $(($(now_us) - t0))) s"
check "keyed probe: ready ipsec-ike= line with the two accepted proposals" \
	grep -qx "ipsec-ike=aes128-sha1-modp2048,aes256-sha256-ecp256" "$L/probe-psk.txt"
check "keyed probe: a ready ipsec-esp= line" grep -Eq '^ipsec-esp=[a-z0-9-]+' "$L/probe-psk.txt"
check "keyed probe: no failure sentence" lib_not grep -q 'error:' "$L/probe-psk.txt"
check "keyed probe: IKE SAs were authenticated, then deleted" \
	grep -q "IKE_SA .* established" "$L/charon-srv.log"
check "server: the probe left no IKE SA, half-open or not" \
	wait_until 5 lib_empty in_srv swanctl --list-sas
check "keyed probe: no SA or policy left on the client" lib_empty in_cli ip xfrm state

# Without a key: IKE only, a throw-away key, each accepted try left half-open at the server.
srv_mark=$(wc -l < "$L/charon-srv.log")
t0=$(now_us)
save probe in_cli "$L2TPC" probe "$SRV_IP"
log "probe took $(us_to_s $(($(now_us) - t0))) s"
check "probe: ready line names exactly the two accepted proposals" \
	grep -qx "ipsec-ike=aes128-sha1-modp2048,aes256-sha256-ecp256" "$L/probe.txt"
check "probe: the first default proposal is reported rejected" \
	grep -Eq '^  aes256-sha256-modp2048 +rejected$' "$L/probe.txt"
check "probe: every one of the 22 default IKE proposals got a verdict" \
	[ "$(grep -Ec '^  [a-z0-9-]+ +(accepted|rejected)$' "$L/probe.txt")" = 22 ]
check "probe: no charon left" wait_until 10 lib_empty side_pids cli charon
check "probe: no SA or policy left" lib_empty in_cli ip xfrm state
check "server: nothing got past the key exchange (no IKE_SA established)" \
	lib_not grep -q "IKE_SA .* established" <(tail -n "+$((srv_mark + 1))" "$L/charon-srv.log")

# ... and connect with what it printed, routing everything through the tunnel
l2tpc_profile office "$(grep '^ipsec-ike=' "$L/probe-psk.txt")" \
	"$(grep '^ipsec-esp=' "$L/probe-psk.txt")"
l2tpc_up l2tpc-up office --default-route
check "connected with the probed proposals" \
	grep -q "ESTABLISHED" <(in_srv swanctl --list-sas)
save routes-up in_cli ip -4 route
check "--default-route: 0.0.0.0/1 and 128.0.0.0/1 through $PPP_IF" \
	lib_all_in "$L/routes-up.txt" "0.0.0.0/1 dev $PPP_IF" "128.0.0.0/1 dev $PPP_IF"
check "--default-route: the gateway stays reachable outside the tunnel" \
	grep -q "^$SRV_IP dev veth-cli" "$L/routes-up.txt"
check "--default-route: a far address is routed into the tunnel" \
	grep -q "dev $PPP_IF" <(in_cli ip route get 198.51.100.77)
l2tpc_down office
save routes-down in_cli ip -4 route
check "after down: no route of ours left" \
	lib_not grep -Eq "^(0\.0\.0\.0/1|128\.0\.0\.0/1|$SRV_IP )" "$L/routes-down.txt"
finish
