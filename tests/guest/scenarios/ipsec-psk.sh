#!/bin/bash
# ipsec-psk: our IPsec driver (client/ipsec, via tests/guest/progs/ipsec-up) with no system
# charon in the client: it starts a PRIVATE charon, brings IKEv1 main mode (PSK) + an ESP
# TRANSPORT SA for udp/1701 up with the reference responder, a UDP probe to srv:1701 crosses
# as ESP, and after the disconnect nothing is left: no SA, no policy, no charon process, no
# VICI socket, and charon's hard-coded pid file never appeared in the client's /run. Then the
# gateway deletes a second SA: the driver reports it lost and still cleans up; a third connect
# is cancelled while in flight.
#
#   netns cli                                      netns srv
#   +---------------------------------+   veth    +-----------------------------------+
#   | ipsec-up -> private charon      |-----------| charon responder (l2tp-server)    |
#   |   (/run/l2tpc/charon.vici)      |  ESP only | 192.0.2.1  veth-srv               |
#   | 192.0.2.2  veth-cli             |           | iptables: drop udp/1701 not IPsec |
#   | probe  udp 1701 -> 1701         |           | probe listener udp/1701           |
#   +---------------------------------+           +-----------------------------------+
#     tcpdump on veth-cli
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../ipsec-lib.sh"

load_modules
require "topology srv <-> cli" topo_direct
require "side srv" side_start srv
require "side cli" side_start cli
require "server: charon responder loaded" srv_ipsec_start srv
require "server: clear-text udp/1701 guard" srv_guard srv
check "client: no charon runs in cli before we start" lib_empty side_pids cli charon
ipsec_swanctl_conf
on_exit ipsec_save_private_log

cap_start wire-ipsec
require "client: ipsec-up brings the SA up (private charon)" ipsec_up_start psk1
check "client: a private charon runs in cli" [ -n "$(side_pids cli charon)" ]
check "client: its VICI socket is in the run dir" test -S "$(side_run_file cli /run/l2tpc/charon.vici)"
check "client: its charon.conf is ours (routes off, explicit plugins)" \
	grep -q 'install_routes = no' "$(side_run_file cli /run/l2tpc/charon.conf)"
check "client: charon's pid file is in the run dir, not the system's /run" \
	lib_not test -e "$(side_run_file cli /run/charon.pid)"
check "client: charon wrote its pid file into the run dir" \
	test -s "$(side_run_file cli /run/l2tpc/charon.pid)"
save sas-cli in_cli swanctl --list-sas
check "client: IKE_SA l2tpc-psk1 ESTABLISHED, IKEv1" \
	grep -Eq "l2tpc-psk1: #[0-9]+, ESTABLISHED, IKEv1" "$L/sas-cli.txt"
check "client: CHILD_SA INSTALLED, TRANSPORT, ESP" \
	grep -Eq "l2tp: #[0-9]+, reqid [0-9]+, INSTALLED, TRANSPORT, ESP" "$L/sas-cli.txt"
save xfrm-policy-cli in_cli ip xfrm policy
check "kernel: policy covers udp 1701 -> 1701" \
	grep -q 'proto udp sport 1701 dport 1701' "$L/xfrm-policy-cli.txt"

require "server: probe listener bound to udp/1701" udp_listen srv 1701 "$G/probe-rx" 20
check "client: probe sent from udp/1701" udp_send cli 1701 "$SRV_IP" 1701 probe-through-esp
check "server: probe arrived (inside ESP, past the guard)" \
	wait_until 5 grep -q "^$CLI_SEEN_IP:1701 probe-through-esp" "$G/probe-rx"
cap_stop wire-ipsec
check_wire_esp_only wire-ipsec

ipsec_save_private_log
check "client: ipsec-up takes the SA down and exits 0" ipsec_up_stop psk1
check "client: the private charon is gone" wait_until 8 lib_empty side_pids cli charon
check "client: its VICI socket is gone or dead" lib_not ipsec_query_ok /run/l2tpc/charon.vici

# The gateway ends the SA: the driver reports the connection lost, and down still cleans up.
require "client: ipsec-up brings a second SA up" ipsec_up_start psk2
check "server: terminates the client's SA" in_srv swanctl --terminate --ike "$SRV_CONN" --force
check "client: ipsec-up reports the SA lost (peer-disconnect)" \
	wait_until 10 grep -q '^LOST peer-disconnect: ' "$L/ipsec-up-psk2.log"
check "client: ipsec-up still unloads and exits 0" ipsec_up_stop psk2
check "client: the private charon is gone again" wait_until 8 lib_empty side_pids cli charon

# Disconnect while connecting (as soon as initiate is sent): the driver abandons the connect,
# waits for the step in flight and still leaves nothing behind.
ipsec_up_start_bg psk3
check "client: ipsec-up reached initiate" \
	wait_until 20 grep -q -- '-> command initiate' "$L/ipsec-up-psk3.log"
check "client: ipsec-up aborted during the connect exits 0" ipsec_up_stop psk3
check "client: the private charon is gone after the abort" \
	wait_until 8 lib_empty side_pids cli charon
check_residue cli l2tpc
finish
