#!/bin/bash
# ipsec-proposal: the gateway accepts only AES-256/SHA2-256/MODP-2048 and we offer something
# else. Our driver must fail with the proposal class, name what it offered and point to
# `l2tpc probe` / ipsec-ike, and leave nothing behind.
#
#   netns cli                                   netns srv
#   ipsec-up (--ike aes128-sha1-modp1024) -veth- charon responder (aes256-sha256-modp2048 only)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../ipsec-lib.sh"

load_modules
require "topology srv <-> cli" topo_direct
require "side srv" side_start srv
require "side cli" side_start cli
SRV_IKE_PROPOSALS=aes256-sha256-modp2048
require "server: charon responder loaded (one IKE proposal)" srv_ipsec_start srv
ipsec_swanctl_conf
on_exit ipsec_save_private_log
check "client: IKE proposal mismatch ends in one ipsec-proposal sentence" \
	ipsec_up_expect_fail prop ipsec-proposal \
	"192.0.2.1 accepts none of the IKE proposals we offered \(aes128-sha1-modp1024\): run \`l2tpc probe\`.*ipsec-ike\." \
	--ike aes128-sha1-modp1024
check "client: the private charon is gone" wait_until 8 lib_empty side_pids cli charon
check_residue cli l2tpc
finish
