#!/bin/bash
# ipsec-pfs-servers: a default profile (ipsec-pfs=yes, built-in proposals) connects to every
# kind of strongSwan responder users run, and PFS is really negotiated where the server allows
# it (ipsec-proposals.h, the PFS rule):
#   1. ESP only with a DH group (PFS required): the server's ESP SA shows MODP_2048;
#   2. ESP without a group (PFS refused): the server answers our PFS Quick Mode with
#      NO_PROPOSAL_CHOSEN, l2tpc says so and offers ESP without a group on the same IKE SA.
# And a profile with ipsec-pfs=no against server 1 fails with the sentence naming ipsec-pfs.
# ipsec-legacy-servers does the same for responders with legacy proposals only.
# Each: l2tpc up, ping through, the server's SA as expected, l2tpc down leaves nothing.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up office (defaults)   |==========| charon responder, reloaded with   |
#   |  private charon, LAC, pppd   |  ESP     | the proposals of each case        |
#   |   <-- ping 10.10.0.1 -->     |  only    | xl2tpd LNS --- pppd (MS-CHAPv2)   |
#   +------------------------------+          +-----------------------------------+
. "$(dirname "$0")/../lib.sh"

. "$GUEST_LIB_DIR/l2tpc-lib.sh"
l2tpc_testbed
l2tpc_profile office

l2tpc_proposals_case pfs-required "$SRV_IKE_PROPOSALS" aes256-sha1-modp2048,aes128-sha1-modp2048 \
	MODP_2048 \
	"ESP only with PFS (modp2048)"
check "client: no PFS fallback against a server that requires PFS" \
	lib_not grep -q 'refused perfect forward secrecy' "$L/pfs-required.log"

# ipsec-pfs=no against it: refused in Quick Mode, and the sentence points at ipsec-pfs=yes.
l2tpc_profile no-pfs ipsec-pfs=no
in_cli timeout 60 bash -c "exec $L2TPC up $G/cli/profiles/no-pfs.conf -v \
	--pppd-plugin $L2TPC_PLUGIN --secrets-fd 3 3< $G/cli/secrets" > "$L/no-pfs.log" 2>&1
rc=$?
check "client (ipsec-pfs=no): l2tpc up exits 5 (ipsec-proposal), got $rc" [ "$rc" = 5 ]
check "client (ipsec-pfs=no): no KE payload was offered" \
	lib_not grep -q 'generating QUICK_MODE request [0-9]* \[ HASH SA No KE' "$L/no-pfs.log"
check "client (ipsec-pfs=no): the sentence says to set ipsec-pfs=yes" \
	grep -q 'l2tpc: error: 192.0.2.1 accepts none of the ESP proposals we offered (.*): .*or ipsec-pfs=yes if it requires perfect forward secrecy\.' \
	"$L/no-pfs.log"
check_residue cli l2tpc
l2tpc_profile office

l2tpc_proposals_case pfs-refused "$SRV_IKE_PROPOSALS" aes256-sha1,aes128-sha1 none \
	"ESP without any DH group (PFS refused)"
check "client: the log says the server refused PFS and ESP went without it" \
	grep -q '192.0.2.1 refused perfect forward secrecy .*offering ESP without it' \
	"$L/pfs-refused.log"
check "client: the fallback reused the IKE SA (one main mode)" \
	[ "$(grep -c 'initiating Main Mode' "$L/pfs-refused.log")" = 1 ]

check_residue cli l2tpc
finish
