#!/bin/bash
# fault-netem: the network a laptop has, not a LAN. With netem on both ends of the link
# (150 ms each way, 300 ms RTT) and 20 % loss of what the client sends during setup, a default
# profile connects by itself (IKE, L2TP and PPP each retransmit); with 5 % steady loss while
# connected the connection stays up (a lost LCP echo or two is not a dead peer) and traffic
# gets through; and the disconnect over the slow link leaves nothing on either side. The
# connect time and the replies are printed as figures.
#
#   netns cli (192.0.2.2)                        netns srv (192.0.2.1)
#   +--------------------------------+   veth   +--------------------------------+
#   | l2tpc up office (default       |==========| charon responder (PSK)         |
#   |   profile)                     | 150 ms + | xl2tpd LNS + pppd              |
#   |   ping 10.10.0.1               | loss each| 10.10.0.1                      |
#   +--------------------------------+ way      +--------------------------------+
. "$(dirname "$0")/../lib.sh"

. "$GUEST_LIB_DIR/l2tpc-lib.sh"
l2tpc_testbed sch_netem

# netem_link 'CLI ARGS' 'SRV ARGS': netem on the client's and on the server's end of the link.
netem_link() {
	in_cli tc qdisc replace dev veth-cli root netem $1 &&
		in_srv tc qdisc replace dev veth-srv root netem $2
}

l2tpc_profile office
# ---- setup: 300 ms RTT, 20 % loss each way
require "link: 150 ms each way, 20 % loss from the client" \
	netem_link "delay 150ms loss 20%" "delay 150ms"
t0=$(now_us)
L2TPC_UP_WAIT=80 l2tpc_up l2tpc-up office
log "figure: netem_connect_300ms_20pct_s=$(us_to_s $(($(now_us) - t0)))"
check "setup under loss: the tunnel went through IPsec (SA in TRANSPORT mode)" \
	grep -q "mode transport" <(in_cli ip xfrm state)

# ---- connected: 300 ms RTT, 5 % steady loss; the connection stays, traffic gets through
require "link: 5 % loss each way" netem_link "delay 150ms loss 5%" "delay 150ms loss 5%"
# A Configure-Request of the server's that the loss delayed past our Ack may make PPP
# renegotiate once right after connecting (RFC 1661: a Configure-Request in the Opened state);
# that takes about a second, and the link must then carry traffic.
check "steady loss: the tunnel carries traffic" wait_until 20 ping_ok cli 10.10.0.1 1
save ping-lossy in_cli busybox ping -c 40 -i 0.5 -W 3 10.10.0.1
got=$(sed -n 's/.* \([0-9]*\) packets received.*/\1/p' "$L/ping-lossy.txt")
log "figure: netem_replies_of_40_at_5pct=${got:-0}"
check "steady loss: at least 28 of 40 pings answered through the tunnel (${got:-0})" \
	[ "${got:-0}" -ge 28 ]
check "steady loss: l2tpc still connected" lib_not grep -Eq "disconnect|error:" "$L2TPC_LOG"
save status-lossy in_cli "$L2TPC" status
check "steady loss: status says connected" grep -Eq "^office +connected " "$L/status-lossy.txt"

# ---- the disconnect leaves nothing behind (over the slow link without loss: IKEv1's DELETE
# is not acknowledged, so a lost one would leave the server's SAs to its dead-peer detection)
require "link: loss off, 150 ms each way" netem_link "delay 150ms" "delay 150ms"
l2tpc_down office
check "server: no IKE SA with the client after the disconnect" \
	wait_until 15 srv_no_ike_with_client
check "server: no ESP SA with the client after the disconnect" \
	wait_until 15 lib_no_match "$CLI_IP" in_srv ip xfrm state
finish
