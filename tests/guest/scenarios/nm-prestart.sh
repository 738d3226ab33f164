#!/bin/bash
# nm-prestart: nm-l2tpc-service starts its private charon as the service starts, while
# NetworkManager is still handing it the connection (nm-plugin/nm-l2tpc-prestart.c), and nothing
# of that charon outlives the service. Checks:
#   1. nmcli connection up: charon was started before the service received the connection, the
#      engine used that same charon (one charon process), the tunnel works; after
#      `nmcli connection down` the service exits and leaves no charon and no charon file;
#   2. a service started by hand that never gets a connection has started a charon, and on
#      SIGTERM it exits and leaves no charon and no charon file in its run dir.
#
#   netns cli: dbus-daemon, NetworkManager, nm-l2tpc-service (charon from the start)  ==veth==
#   netns srv: reference server (PSK, MS-CHAPv2)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"

# nmp_charon_files DIR: the private charon's files in run dir DIR (side cli), its log aside
# (kept for reading, like l2tpc's).
nmp_charon_files() {
	in_cli sh -c "cd $1 && ls -d charon.pid charon.users charon.vici charon.conf 2> /dev/null; true"
}
nmp_charon_runs() { [ -n "$(side_pids cli charon)" ]; }
# nmp_before A B: line numbers A and B both known and A comes first
nmp_before() { [ -n "$1" ] && [ -n "$2" ] && [ "$1" -lt "$2" ]; }
nmp_one_charon() {
	[ "$(grep -c 'started a private charon' "$L/nm-cli.log")" = 1 ] &&
		[ "$(side_pids cli charon | wc -w)" = 1 ]
}

nm_testbed
require "nmcli: add an l2tpc connection" \
	nmc cli connection add type vpn con-name office vpn-type l2tpc ipv4.never-default yes \
	vpn.data "gateway=$SRV_IP, user=$LNS_USER, refuse-eap=yes, password-flags=2, ipsec-psk-flags=2"
nm_passwd_file

# 1. Through NetworkManager.
check "nmcli: connection up" nmc cli connection up office passwd-file "$G/cli/passwd"
require "client: ppp interface up with an address" ppp_wait_up cli 5
check "client: ping 10.10.0.1 through the tunnel" ping_ok cli 10.10.0.1 3
started=$(grep -n 'started a private charon' "$L/nm-cli.log" | head -n 1 | cut -d: -f1)
connecting=$(grep -n 'l2tpc\[nm\] info: office: connecting to' "$L/nm-cli.log" | head -n 1 | cut -d: -f1)
check "service: the private charon started before the connection came (log lines ${started:-none} < ${connecting:-none})" \
	nmp_before "$started" "$connecting"
check "service: one private charon, used by the connection (started once)" \
	nmp_one_charon
check "nmcli: connection down" nmc cli connection down office
check "client: no charon right after 'nmcli connection down' returned" lib_empty side_pids cli charon
check "client: nm-l2tpc-service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check "client: no charon after the service quit" lib_empty side_pids cli charon
check "client: no charon file (log aside) left in /run/l2tpc" lib_empty nmp_charon_files /run/l2tpc
check_residue cli l2tpc

# 2. A service that never gets a connection: its early charon ends with it.
rd=/run/l2tpc-nmp
bg_in_side cli nm-service-alone "$NM_SERVICE" --bus-name org.freedesktop.NetworkManager.l2tpc.Connection_77 \
	--rundir "$rd" --log-level info
svc=$BG_PID
check "service alone: its private charon answers" \
	wait_until 20 grep -q 'using a private charon' "$L/nm-service-alone.log"
check "service alone: a charon runs" nmp_charon_runs
kill -TERM $(side_pids cli nm-l2tpc-servic)
check "service alone: exits on SIGTERM" wait_until 15 lib_empty side_pids cli nm-l2tpc-servic
check "service alone: no charon left" lib_empty side_pids cli charon
check "service alone: no charon file (log aside) left in $rd" lib_empty nmp_charon_files "$rd"
finish
