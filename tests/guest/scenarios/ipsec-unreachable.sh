#!/bin/bash
# ipsec-unreachable: nothing answers IKE at the gateway address (no charon in srv). Our driver
# must give up after its retransmits with the unreachable class and a sentence about UDP 500,
# and leave nothing behind.
#
#   netns cli                         netns srv
#   ipsec-up  -------- veth --------  (no IKE daemon)
#   192.0.2.2                         192.0.2.1
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../ipsec-lib.sh"

load_modules
require "topology srv <-> cli" topo_direct
require "side cli" side_start cli
ipsec_swanctl_conf
on_exit ipsec_save_private_log
t0=$(now_us)
check "client: a silent gateway ends in one ipsec-unreachable sentence" \
	ipsec_up_expect_fail unreach ipsec-unreachable "192.0.2.1 does not answer IKE on UDP port 500.*"
log "gave up after $(us_to_s $(($(now_us) - t0))) s"
check "client: gave up within 25 s" [ $(($(now_us) - t0)) -lt 25000000 ]
check "client: the private charon is gone" wait_until 8 lib_empty side_pids cli charon
check_residue cli l2tpc
finish
