#!/bin/bash
# ipsec-legacy-servers: a default profile connects to strongSwan responders restricted to the
# legacy proposals old boxes still ship with (issue 15), which our default lists offer last:
#   1. only 3des-md5-modp1024, ESP 3des-md5 (no PFS): the server's IKE SA is 3DES/MD5/MODP_1024;
#   2. only aes128-sha1-modp1024, ESP aes128-sha1-modp1024: PFS in the IKE SA's group, MODP_1024
#      (the default ESP offer carries every IKE group; charon sends the negotiated one).
# Each: l2tpc up, ping through, the server's SA as expected, l2tpc down leaves nothing.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up office (defaults)   |==========| charon responder, legacy          |
#   |  private charon, LAC, pppd   |  ESP     | proposals only                    |
#   |   <-- ping 10.10.0.1 -->     |  only    | xl2tpd LNS --- pppd (MS-CHAPv2)   |
#   +------------------------------+          +-----------------------------------+
. "$(dirname "$0")/../lib.sh"

SRV_IKE_PROPOSALS=3des-md5-modp1024
SRV_ESP_PROPOSALS=3des-md5
. "$GUEST_LIB_DIR/l2tpc-lib.sh"
l2tpc_testbed
l2tpc_profile office

l2tpc_proposals_case legacy-3des-md5 3des-md5-modp1024 3des-md5 none \
	"only 3des-md5-modp1024 / 3des-md5"
check "server (legacy-3des-md5): the IKE SA is 3DES/MD5/MODP_1024" \
	grep -q '^  3DES_CBC/HMAC_MD5_96/PRF_HMAC_MD5/MODP_1024$' "$L/legacy-3des-md5-sas-srv.txt"

l2tpc_proposals_case aes128-modp1024 aes128-sha1-modp1024 aes128-sha1-modp1024 MODP_1024 \
	"only aes128-sha1-modp1024, ESP with PFS in that group"
check_residue cli l2tpc
finish
