#!/bin/bash
# ipsec-nat: our driver behind a masquerading NAT. IKE floats to udp/4500 and the ESP TRANSPORT
# SA is UDP-encapsulated; a probe from cli:1701 reaches srv:1701 through it and the wire on the
# client side carries no plain ESP and no clear udp/1701.
#
#   netns cli 198.51.100.2 -- netns nat (MASQUERADE) 192.0.2.2 -- netns srv 192.0.2.1
#   ipsec-up -> private charon                                    charon responder
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../ipsec-lib.sh"

load_modules
require "topology cli -> nat -> srv" topo_nat
require "side srv" side_start srv
require "side cli" side_start cli
require "server: charon responder loaded" srv_ipsec_start srv
require "server: clear-text udp/1701 guard" srv_guard srv
ipsec_swanctl_conf
on_exit ipsec_save_private_log

cap_start wire-nat
require "client: ipsec-up brings the SA up through the NAT" ipsec_up_start nat1
save sas-cli in_cli swanctl --list-sas
check "client: IKE_SA ESTABLISHED on udp/4500 (NAT-T)" \
	grep -Eq "198.51.100.2\[4500\].*192.0.2.1\[4500\]|192.0.2.1\[4500\]" "$L/sas-cli.txt"
check "client: CHILD_SA INSTALLED, TRANSPORT, ESP in UDP" \
	grep -Eq "l2tp: #[0-9]+, reqid [0-9]+, INSTALLED, TRANSPORT-in-UDP, ESP" "$L/sas-cli.txt"
require "server: probe listener bound to udp/1701" udp_listen srv 1701 "$G/probe-rx" 20
check "client: probe sent from udp/1701" udp_send cli 1701 "$SRV_IP" 1701 probe-nat
check "server: probe arrived (inside ESP-in-UDP, past the guard)" \
	wait_until 5 grep -q " probe-nat" "$G/probe-rx"
cap_stop wire-nat
check_wire_natt_only wire-nat

ipsec_save_private_log
check "client: ipsec-up takes the SA down and exits 0" ipsec_up_stop nat1
check "client: the private charon is gone" wait_until 8 lib_empty side_pids cli charon
check_residue cli l2tpc
finish
