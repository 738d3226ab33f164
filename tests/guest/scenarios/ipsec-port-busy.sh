#!/bin/bash
# ipsec-port-busy: another IKE daemon holds UDP 500 in the client (played by a UDP listener)
# and no charon answers VICI. Our driver must not start a private charon that could not send,
# and must say so in one ipsec-daemon sentence.
#
#   netns cli
#   udp/500 held by a foreign process; ipsec-up -> (no private charon) -> FAIL ipsec-daemon
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../ipsec-lib.sh"

load_modules
require "topology srv <-> cli" topo_direct
require "side cli" side_start cli
require "client: a foreign process holds udp/500" udp_listen cli 500 "$G/ike-squatter" 40
check "client: UDP 500 taken ends in one ipsec-daemon sentence" \
	ipsec_up_expect_fail busy ipsec-daemon "UDP port 500 is held by another IKE daemon.*"
check "client: no charon was left running" lib_empty side_pids cli charon
check_residue cli l2tpc
finish
