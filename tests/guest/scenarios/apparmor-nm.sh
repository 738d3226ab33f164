#!/bin/bash
# apparmor-nm: `nmcli connection up` of an l2tpc connection on a desktop that enforces Debian's
# AppArmor profile for charon (as apparmor-cli, but NetworkManager runs nm-l2tpc-service, which
# starts the private charon): it runs confined by the profile in enforce mode, the connection
# comes up and passes traffic, `nmcli connection down` leaves nothing behind, and the kernel
# logged no apparmor="DENIED" line.
#
#   netns cli (192.0.2.2)                            netns srv (192.0.2.1)
#   +-------------------------------------+   veth   +--------------------------------+
#   | dbus-daemon --system, NetworkManager|==========| reference server (PSK,         |
#   |  nm-l2tpc-service --- private charon|  ESP     |  MS-CHAPv2; its charon started |
#   |   (/usr/lib/ipsec/charon, enforce)  |  only    |  before the profile)           |
#   |  LAC, pppd --- ppp0 10.10.0.1x      |          |  10.10.0.1                     |
#   +-------------------------------------+          +--------------------------------+
. "$(dirname "$0")/../lib.sh"
. "$GUEST_LIB_DIR/nm-lib.sh"
. "$GUEST_LIB_DIR/apparmor-lib.sh"

aa_testbed
require "NetworkManager up on a private system bus in cli" nm_start cli

check "nmcli: add an l2tpc connection with vpn.data" nmc cli connection add type vpn \
	con-name office vpn-type l2tpc ipv4.never-default yes \
	vpn.data "gateway=$SRV_IP, user=$LNS_USER, ipsec-enabled=yes, refuse-pap=yes, refuse-eap=yes, password-flags=2, ipsec-psk-flags=2"
nm_passwd_file
cap_start wire-aa-nm
require "nmcli: connection up with a passwd-file" \
	nmc cli connection up office passwd-file "$G/cli/passwd"
require "client: ppp interface up with an address" ppp_wait_up cli 5
charon_pid=$(side_pids cli charon | head -1)
check "client: the private charon is confined by $AA_PROFILE in enforce mode" \
	aa_check_confined "$charon_pid"
check "client: ping 10.10.0.1 through the tunnel (3/3)" ping_ok cli 10.10.0.1 3
cap_stop wire-aa-nm
check_wire_esp_only wire-aa-nm 6

check "nmcli: connection down" nmc cli connection down office
check "client: nm-l2tpc-service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check "client: no charon left (private charon stopped)" wait_until 10 lib_empty side_pids cli charon
check_residue cli l2tpc
aa_check_no_denials
finish
