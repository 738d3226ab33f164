#!/bin/bash
# fault-kill-setup: `l2tpc up` killed with SIGKILL while it sets up, at each phase before PPP:
# resolving the gateway's name, IKE in flight (the private charon started), right after IKE
# (the L2TP tunnel starting over the new SA). Each time `l2tpc status` names the connection
# stale and `l2tpc down` leaves nothing: no private charon (it runs in a session of its own and
# outlived its l2tpc), no xfrm state or policy, no record, and the server holds no IKE or ESP
# SA with us. Killed during Main Mode (after its last message, MM5, left: the server completes
# the exchange), the orphaned charon is still CONNECTING: down waits for it and terminates the
# IKE SA, so the server gets a DELETE. Then once more without down: the next `up` does the
# same cleanup, connects at once, and the server holds only the new IKE SA.
# A 200 ms delay on the client's link keeps each phase long enough to be caught; for the Main
# Mode kills the server's last Main Mode message is held back 4 s (l2tpc_kill_mid_ike).
#
#   netns cli (192.0.2.2)                        netns srv (192.0.2.1)
#   +--------------------------------+   veth   +--------------------------------+
#   | l2tpc up office; kill -9 at    |==========| charon responder (PSK)         |
#   |   resolve / ipsec / l2tp-tunnel|  +200 ms | xl2tpd LNS + pppd              |
#   |                                |  <- +4 s | (MM6 held back: mid-IKE kills) |
#   | resolv.conf -> srv (udp/53     |          | udp/53: dropped                |
#   |   dropped: resolving hangs)    |          |                                |
#   +--------------------------------+          +--------------------------------+
. "$(dirname "$0")/../lib.sh"

. "$GUEST_LIB_DIR/l2tpc-lib.sh"
l2tpc_testbed sch_netem sch_prio cls_u32
require "client link: 200 ms delay" in_cli tc qdisc add dev veth-cli root netem delay 200ms

# ---- resolving: the gateway by a name whose DNS server never answers
echo "nameserver $SRV_IP" > "$G/cli/resolv.conf"
require "cli: resolv.conf names the server" in_cli mount --bind "$G/cli/resolv.conf" /etc/resolv.conf
in_srv iptables-legacy -I INPUT -p udp --dport 53 -j DROP
l2tpc_profile byname
sed -i "s/^gateway=.*/gateway=vpn.example.test/" "$G/cli/profiles/byname.conf"
require "killed while resolving" l2tpc_kill_at kill-resolve byname resolve
l2tpc_check_killed byname resolve

l2tpc_profile office
# ---- IKE in flight
require "killed during Main Mode (after MM5)" l2tpc_kill_mid_ike kill-ipsec office
l2tpc_check_killed office ipsec mid-ike
# ---- right after IKE: the SA is up, the tunnel starts
require "killed right after IKE" l2tpc_kill_at kill-l2tp office l2tp-tunnel l2tp-session
save server-ike-after-ike-up in_srv swanctl --list-sas
check "after-ike: the server holds at most one IKE SA with us" \
	eval '[ "$(srv_ike_with_client)" -le 1 ]'
l2tpc_check_killed office "after-ike"

# ---- killed during Main Mode again, and no down: the next up cleans up (at full speed)
require "killed during Main Mode, then up" l2tpc_kill_mid_ike kill-ipsec-up office
in_cli tc qdisc del dev veth-cli root
srv_release_mm6 "$L/l2tpc-up.log" &
l2tpc_up l2tpc-up office
check "next up: waited for the killed run's Main Mode" \
	grep -q "the orphaned private charon: an IKE exchange is under way" "$L2TPC_LOG"
check "next up: ended the killed run's IKE SA with a DELETE" \
	grep -q "l2tpc-office: IKE SA ended, the server told" "$L2TPC_LOG"
check "next up: the server holds one IKE SA with us, the new one" \
	eval '[ "$(srv_ike_with_client)" = 1 ]'
check "next up: ping through the tunnel" ping_ok cli 10.10.0.1 3
l2tpc_down office
finish
