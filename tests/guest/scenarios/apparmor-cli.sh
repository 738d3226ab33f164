#!/bin/bash
# apparmor-cli: `l2tpc up` on a desktop that enforces Debian's AppArmor profile for charon
# (/etc/apparmor.d/usr.lib.ipsec.charon from strongswan-charon, loaded by the installed
# apparmor_parser into the stock kernel). The private charon runs confined by that profile, in
# enforce mode, and still connects: ppp up, ping through, only ESP on the wire; `l2tpc down`
# leaves nothing behind, and the kernel logged no apparmor="DENIED" line at all.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up office              |==========| charon responder (PSK; started     |
#   |  private charon, confined:   |  ESP     |  before the profile: unconfined)   |
#   |   /usr/lib/ipsec/charon      |  only    | xl2tpd LNS --- pppd (MS-CHAPv2)    |
#   |   (enforce)                  |          |   10.10.0.1                        |
#   |  LAC --- pppd (ppp0)         |          |                                    |
#   +------------------------------+          +------------------------------------+
. "$(dirname "$0")/../lib.sh"
. "$GUEST_LIB_DIR/apparmor-lib.sh"

L2TPC_UP_WAIT=60
aa_testbed
. "$GUEST_LIB_DIR/l2tpc-lib.sh"

save doctor-apparmor in_cli "$L2TPC" doctor
check "doctor: the enforced profile allows the private charon's files" grep -Eq \
	"^ok +security module: AppArmor profile $AA_PROFILE \(enforce\) confines charon; it allows /run/charon" \
	"$L/doctor-apparmor.txt"
l2tpc_profile office
cap_start wire-aa
l2tpc_up l2tpc-up office
charon_pid=$(side_pids cli charon | head -1)
check "client: the private charon is confined by $AA_PROFILE in enforce mode" \
	aa_check_confined "$charon_pid"
check "client: ping 10.10.0.1 through the tunnel (3/3)" ping_ok cli 10.10.0.1 3
cap_stop wire-aa
check_wire_esp_only wire-aa 6
l2tpc_down office
aa_check_no_denials
finish
