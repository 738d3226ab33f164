#!/bin/bash
# ipsec-ikev2-pfs: the two profile options that change the negotiation, through our driver:
# ipsec-ikev2 (ipsec_conn_params.ike_version = 2) against an IKEv2 responder, then ipsec-pfs
# (--pfs modp2048: every ESP proposal with that group, ipsec-proposals.h) against an IKEv1
# responder whose ESP proposals carry a DH group. Each: SA up in TRANSPORT mode for udp/1701, the negotiated
# version / PFS group shows in the SA, and the disconnect leaves nothing.
#
#   netns cli                                    netns srv
#   ipsec-up (PSK) -> private charon --veth-- charon responder: 1. IKEv2, 2. IKEv1 + PFS
#   192.0.2.2                                 192.0.2.1
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../ipsec-lib.sh"

load_modules
require "topology srv <-> cli" topo_direct
require "side srv" side_start srv
require "side cli" side_start cli
SRV_IKE_VERSION=2
require "server: charon responder loaded (IKEv2)" srv_ipsec_start srv
ipsec_swanctl_conf
on_exit ipsec_save_private_log

require "client: ipsec-up brings an IKEv2 SA up" ipsec_up_start v2 --ike-version 2
save sas-v2 in_cli swanctl --list-sas
check "client: IKE_SA l2tpc-v2 ESTABLISHED, IKEv2" \
	grep -Eq "l2tpc-v2: #[0-9]+, ESTABLISHED, IKEv2" "$L/sas-v2.txt"
check "client: CHILD_SA INSTALLED, TRANSPORT, ESP" \
	grep -Eq "l2tp: #[0-9]+, reqid [0-9]+, INSTALLED, TRANSPORT, ESP" "$L/sas-v2.txt"
save xfrm-policy-v2 in_cli ip xfrm policy
check "kernel: policy covers udp 1701 -> 1701" \
	grep -q 'proto udp sport 1701 dport 1701' "$L/xfrm-policy-v2.txt"
ipsec_save_private_log
check "client: ipsec-up takes the IKEv2 SA down and exits 0" ipsec_up_stop v2
check "client: the private charon is gone" wait_until 8 lib_empty side_pids cli charon

SRV_IKE_VERSION=1
SRV_ESP_PROPOSALS=aes256-sha256-modp2048,aes128-sha256-modp2048,aes128-sha1-modp2048
require "server: responder reloaded (IKEv1, ESP only with PFS)" srv_ipsec_reload srv
require "client: ipsec-up brings an IKEv1 SA with PFS up" ipsec_up_start pfs --pfs modp2048
save sas-pfs in_cli swanctl --list-sas
check "client: IKE_SA l2tpc-pfs ESTABLISHED, IKEv1" \
	grep -Eq "l2tpc-pfs: #[0-9]+, ESTABLISHED, IKEv1" "$L/sas-pfs.txt"
check "client: CHILD_SA TRANSPORT with the PFS group MODP_2048" \
	grep -Eq "l2tp: #[0-9]+, reqid [0-9]+, INSTALLED, TRANSPORT, ESP:.*/MODP_2048" \
	"$L/sas-pfs.txt"
ipsec_save_private_log
check "client: ipsec-up takes the PFS SA down and exits 0" ipsec_up_stop pfs
check "client: the private charon is gone again" wait_until 8 lib_empty side_pids cli charon
check_residue cli l2tpc
finish
