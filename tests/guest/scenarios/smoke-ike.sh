#!/bin/bash
# smoke-ike: the reference server answers IKE. The reference client (charon initiator) brings up
# IKEv1 main mode (PSK) + a TRANSPORT-mode ESP CHILD_SA for udp/1701; a UDP probe from cli:1701
# to srv:1701 travels inside ESP and arrives; a clear-text probe is dropped by the guard.
# Then the same client brings up an SA with a second server srv2 on another link.
#
#   netns cli                                  netns srv
#   +-----------------------------+   veth    +-----------------------------------+
#   | charon initiator (ref-l2tp) |-----------| charon responder (l2tp-server)    |
#   | 192.0.2.2  veth-cli         |  ESP only | 192.0.2.1  veth-srv               |
#   | probe  udp 1701 -> 1701     |           | iptables: drop udp/1701 not IPsec |
#   |                             |           | probe listener udp/1701           |
#   |                             |           +-----------------------------------+
#   |                             |   veth    +-----------------------------------+
#   | 203.0.113.2  veth-cli2      |-----------| netns srv2: 203.0.113.1 responder |
#   +-----------------------------+           +-----------------------------------+
#     tcpdump on veth-cli
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../refclient.sh"

load_modules
require "topology srv <-> cli" topo_direct
require "second server srv2 on its own link" topo_add_srv2
require "side srv" side_start srv
require "side cli" side_start cli
require "server: charon responder loaded" srv_ipsec_start srv
require "server: clear-text udp/1701 guard" srv_guard srv
wire_check_off "a clear-text probe of the server's guard is part of this test"
require "client: charon initiator loaded" refcli_ipsec_start

cap_start wire-ike
t0=$EPOCHREALTIME
require "client: IKE_SA + CHILD_SA established (swanctl --initiate)" refcli_initiate
log "IKE + Quick Mode took $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }') s"

save sas-cli in_cli swanctl --list-sas
save sas-srv in_srv swanctl --list-sas
save xfrm-state-cli in_cli ip xfrm state
save xfrm-policy-cli in_cli ip xfrm policy
check "client: IKE_SA ESTABLISHED, IKEv1" grep -Eq "ref-l2tp: #[0-9]+, ESTABLISHED, IKEv1" "$L/sas-cli.txt"
check "client: CHILD_SA INSTALLED, TRANSPORT, ESP" grep -Eq "l2tp: #[0-9]+, reqid [0-9]+, INSTALLED, TRANSPORT, ESP" "$L/sas-cli.txt"
check "server: CHILD_SA INSTALLED, TRANSPORT, ESP" grep -Eq "l2tp: #[0-9]+, reqid [0-9]+, INSTALLED, TRANSPORT, ESP" "$L/sas-srv.txt"
check "kernel: two ESP transport-mode states in cli" \
	[ "$(grep -c 'proto esp spi .* mode transport' "$L/xfrm-state-cli.txt")" -eq 2 ]
check "kernel: policy covers udp 1701 -> 1701" grep -q 'proto udp sport 1701 dport 1701' "$L/xfrm-policy-cli.txt"

# Probe through the SA: source port 1701 matches the client's traffic selector.
require "server: probe listener bound to udp/1701" udp_listen srv 1701 "$G/probe-rx" 20
drops0=$(srv_guard_drops srv)
check "client: probe sent from udp/1701" udp_send cli 1701 "$SRV_IP" 1701 probe-through-esp
check "server: probe arrived (inside ESP, past the guard)" \
	wait_until 5 grep -q "^$CLI_SEEN_IP:1701 probe-through-esp" "$G/probe-rx"
# A datagram from another source port is outside every policy: clear text, must be dropped.
check "client: clear-text probe sent from udp/40000" udp_send cli 40000 "$SRV_IP" 1701 clear-probe
gsleep 0.5
drops1=$(srv_guard_drops srv)
check "server: guard dropped the clear-text probe" [ "${drops1:-0}" -gt "${drops0:-0}" ]
check "server: clear-text probe never reached the listener" lib_not grep -q clear-probe "$G/probe-rx"
cap_stop wire-ike
# The wire saw the clear probe (that is the point of the guard test), so count ESP directly.
esp=$(cap_count wire-ike esp)
clear_through=$(cap_count wire-ike 'udp src port 1701 and udp dst port 1701')
log "wire (wire-ike): ESP=$esp, clear udp 1701->1701=$clear_through"
check "wire: the probe crossed as ESP (>= 1 ESP, no clear 1701->1701 datagram)" \
	[ "$esp" -ge 1 -a "$clear_through" -eq 0 ]

check "client: IKE_SA terminated" refcli_terminate

require "side srv2" side_start srv2
require "server srv2: charon responder loaded" srv_ipsec_start srv2
require "client: connection re-pointed at srv2" refcli_ipsec_start "$SRV2_IP"
check "client: IKE_SA + CHILD_SA with srv2 established" refcli_initiate
save sas-cli-srv2 in_cli swanctl --list-sas
check "client: srv2 CHILD_SA INSTALLED, TRANSPORT, ESP, to 203.0.113.1" \
	lib_all_in "$L/sas-cli-srv2.txt" "remote '203.0.113.1' @ 203.0.113.1[500]" "INSTALLED, TRANSPORT, ESP"
check "client: IKE_SA with srv2 terminated" refcli_terminate
refcli_stop
check_residue cli ref-l2tp
finish
