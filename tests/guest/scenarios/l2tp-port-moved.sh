#!/bin/bash
# l2tp-port-moved: an LNS that answers the SCCRQ from another UDP port (RFC 2661 8.1) stays
# inside IPsec, or the connection fails at once, saying so; never clear text from the client.
# The server rewrites its LNS's source port 1701 to 1702 (the SCCRQ is left untracked so the
# server's own replies open the conntrack entry that SNAT rewrites; the client's packets to
# 1702 are mapped back to 1701 as its replies).
#  1. The server's IPsec policy covers any of its UDP ports (local_ts dynamic[udp]). l2tpc
#     proposes any server port, the SA covers 1702: it connects, pings, disconnects.
#  2. The server's policy covers only udp/1701, so its answers from 1702 leave it in clear
#     text (a server that would take clear L2TP after the move). The SA l2tpc gets is narrowed
#     to udp/1701: the clear SCCRP is dropped by the L2TP socket's policy, and l2tpc fails at
#     once with a sentence naming port 1702. The client sends nothing in clear.
#
#   netns cli (192.0.2.2)                   netns srv (192.0.2.1)
#   +---------------------------+   veth   +---------------------------------------------+
#   | l2tpc up office           |==========| charon responder, local_ts udp (1) or 1701 (2)|
#   |  SA remote udp any (1)    |  ESP     | raw: notrack udp dport 1701                 |
#   |  or udp/1701 (2)          |  (+clear | nat: SNAT udp sport 1701 -> :1702           |
#   |                           |  SCCRP 2)| xl2tpd LNS on 1701 --- pppd                 |
#   +---------------------------+          +---------------------------------------------+
#     tcpdump on veth-cli, whole scenario
. "$(dirname "$0")/../lib.sh"

SRV_LOCAL_TS="dynamic[udp]"
load_modules iptable_raw xt_CT xt_conntrack
require "topology srv <-> cli" topo_direct
require "reference server up (its policy covers any of its UDP ports)" srv_start srv
move_port() {
	in_srv iptables-legacy -t raw -A PREROUTING -p udp --dport 1701 -j CT --notrack &&
		in_srv iptables-legacy -t nat -A POSTROUTING -p udp --sport 1701 -j SNAT \
			--to-source "$SRV_IP:1702"
}
require "server: its LNS answers from udp/1702" move_port
require "side cli" side_start cli
. "$GUEST_LIB_DIR/l2tpc-lib.sh"
wire_check_client_only "phase 2's server sends its SCCRP in clear text on purpose"

l2tpc_profile office
cap_start moved-covered
l2tpc_up l2tpc-up office
check "client: the log says the server answers from port 1702" \
	grep -q 'answers from port 1702' "$L2TPC_LOG"
check "client: the SA covers every server UDP port" \
	grep -q 'the SA covers server UDP ports 0-65535' "$L2TPC_LOG"
check "client: ping 10.10.0.1 through the tunnel (5/5)" ping_ok cli 10.10.0.1 5
l2tpc_down office
cap_stop moved-covered
check_wire_esp_only moved-covered 10
check "wire: no clear L2TP on the moved port" [ "$(cap_count moved-covered 'udp port 1702')" -eq 0 ]

# Phase 2: the server's policy covers only its udp/1701.
SRV_LOCAL_TS="dynamic[udp/1701]"
require "server: policy narrowed to udp/1701" srv_ipsec_reload srv
cap_start moved-outside
t0=$(now_us)
save l2tpc-up-outside in_cli timeout 40 bash -c "exec $L2TPC up $G/cli/profiles/office.conf -v \
	--pppd-plugin $L2TPC_PLUGIN --secrets-fd 3 3< $G/cli/secrets"
rc=$?
secs=$(us_to_s $(($(now_us) - t0)))
log "l2tpc up exited $rc after $secs s"
check "client: l2tpc up failed (exit $rc)" [ "$rc" -ne 0 -a "$rc" -ne 124 ]
check "client: the sentence names the moved port and the IPsec policy" grep -q \
	'moved the tunnel to UDP port 1702, outside the IPsec policy it agreed to (server port 1701)' \
	"$L/l2tpc-up-outside.txt"
check "client: it failed at once ($secs s), not after the L2TP retransmissions" \
	[ "$(($(now_us) - t0))" -lt 20000000 ]
cap_stop moved-outside
from_srv=$(cap_count moved-outside "src host $SRV_IP and udp port 1702")
from_cli=$(cap_count moved-outside "src host $CLI_IP and (udp port 1701 or udp port 1702)")
log "wire: clear from the server's port 1702=$from_srv, clear L2TP from the client=$from_cli"
check "wire: the server did send its answer in clear from 1702 (the case is real)" \
	[ "$from_srv" -ge 1 ]
check "wire: the client sent no clear L2TP" [ "$from_cli" -eq 0 ]
check_residue cli l2tpc
finish
