#!/bin/bash
# apparmor-denied: a stricter AppArmor profile for charon than Debian's (it allows charon's VICI
# socket and pid file in /run, not the rest of /run/charon.*, so charon cannot read the
# configuration l2tpc writes) in enforce mode. charon still starts, on its built-in defaults;
# `l2tpc up` must not use it, and must fail with exit code 7 and a sentence that names AppArmor,
# the profile and what to do, and leave no charon behind.
#
#   netns cli (192.0.2.2)                       netns srv (192.0.2.1)
#   +-------------------------------------+ veth +----------------+
#   | l2tpc up office                     |======| (nothing: the  |
#   |  private charon under the stricter  |      |  client fails  |
#   |  /usr/lib/ipsec/charon (enforce)    |      |  before IKE)   |
#   +-------------------------------------+      +----------------+
. "$(dirname "$0")/../lib.sh"
. "$GUEST_LIB_DIR/apparmor-lib.sh"

load_modules
require "topology srv <-> cli" topo_direct
strict=$G/usr.lib.ipsec.charon.strict
sed -e 's|^\( *\)/run/charon\.\* *rw,|\1/run/charon.vici rw,\n\1/run/charon.pid rw,|' \
	"$AA_PROFILE_FILE" > "$strict"
check "the stricter profile is Debian's without /run/charon.*" \
	lib_not grep -q '/run/charon\.\*' "$strict"
require "AppArmor: the stricter charon profile loaded in enforce mode" aa_load "$strict"
require "side cli" side_start cli
require "AppArmor: securityfs in cli" aa_side cli
. "$GUEST_LIB_DIR/l2tpc-lib.sh"

# doctor reads the profile's source: the stricter one stands in for Debian's there too
save doctor-apparmor in_cli unshare -m bash -c \
	"mount --bind $strict $AA_PROFILE_FILE && exec $L2TPC doctor"
check "doctor: FAIL, the profile does not allow /run/charon.*, and the rule to add" grep -Eq \
	"^FAIL +security module: AppArmor profile $AA_PROFILE \(enforce\) does not allow /run/charon.*: add '/run/charon.\* rw,' to /etc/apparmor.d/local/usr.lib.ipsec.charon" \
	"$L/doctor-apparmor.txt"
l2tpc_profile office
in_cli bash -c "exec $L2TPC up $G/cli/profiles/office.conf -v --pppd-plugin $L2TPC_PLUGIN \
	--secrets-fd 3 3< $G/cli/secrets" > "$L/l2tpc-up.log" 2>&1
rc=$?
check "l2tpc up fails with exit code 7 (IPsec daemon) ($rc)" [ "$rc" = 7 ]
check "the failure names AppArmor, the profile and what to do" grep -q \
	"error: strongSwan's charon did not start under the AppArmor profile /usr/lib/ipsec/charon in enforce mode: .*aa-complain" \
	"$L/l2tpc-up.log"
save apparmor-denials aa_denials
check "kernel: AppArmor denied charon its configuration" \
	grep -q 'profile="/usr/lib/ipsec/charon" name="/run/charon.conf"' "$L/apparmor-denials.txt"
check "client: no charon left" wait_until 10 lib_empty side_pids cli charon
finish
