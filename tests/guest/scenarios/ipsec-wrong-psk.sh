#!/bin/bash
# ipsec-wrong-psk: the gateway has another pre-shared key. Our driver must fail with the
# authentication class and a sentence that names the pre-shared key, and leave nothing behind.
#
#   netns cli                              netns srv
#   ipsec-up (PSK "wrong-...")  --veth--   charon responder (PSK $SRV_PSK)
#   192.0.2.2                              192.0.2.1
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../ipsec-lib.sh"

load_modules
require "topology srv <-> cli" topo_direct
require "side srv" side_start srv
require "side cli" side_start cli
require "server: charon responder loaded" srv_ipsec_start srv
ipsec_swanctl_conf
on_exit ipsec_save_private_log
IPSEC_PSK=wrong-psk-9Xq1
check "client: wrong PSK ends in one ipsec-auth sentence about the pre-shared key" \
	ipsec_up_expect_fail wrongpsk ipsec-auth ".*pre-shared key.*"
check "client: exactly one FAIL line" [ "$(grep -c '^FAIL' "$L/ipsec-up-wrongpsk.log")" -eq 1 ]
check "client: the private charon is gone" wait_until 8 lib_empty side_pids cli charon
check_residue cli l2tpc
finish
