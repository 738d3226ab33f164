#!/bin/bash
# nm-failures: how failures reach NetworkManager. A wrong password in a passwd-file fails the
# activation with NetworkManager's login-failed reason and the engine's sentence in
# NetworkManager's log (the service asks again once, and the file's same answer ends it); a bad
# value fails with the validator's sentence; then,
# with the right password, the service is killed (SIGKILL) while connected: NetworkManager must
# report the VPN down, `l2tpc status` must name the connection stale, and the next `nmcli
# connection up` must work (the new service removes what the killed one left, the private charon
# that outlived it included) and leave nothing behind after `down`.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"

nm_testbed

# Port 1701 as configured: after the kill the new service must move to an ephemeral port by
# itself, because the server keeps the killed run's tunnel on 192.0.2.2:1701 until its hello
# timeout.
check "nmcli: add an l2tpc connection" nmc cli connection add type vpn con-name office \
	vpn-type l2tpc ipv4.never-default yes \
	vpn.data "gateway=$SRV_IP, user=$LNS_USER, ipsec-enabled=yes, refuse-pap=yes, refuse-eap=yes, password-flags=2, ipsec-psk-flags=2"
nm_passwd_file "$G/cli/passwd-bad" "wrong-$LNS_PASSWORD"
nm_passwd_file

# 1. Wrong PPP password.
save nmcli-up-wrong-password lib_not nmc cli connection up office passwd-file "$G/cli/passwd-bad"
check "nmcli: up with a wrong password fails" grep -q 'activation failed' "$L/nmcli-up-wrong-password.txt"
check "NetworkManager: the service reported login-failed" \
	wait_until 5 grep -Eq 'failure: login-failed' "$L/nm-cli.log"
check "NetworkManager: login-failed is the last failure it heard (the one it keeps)" \
	sh -c "grep -E 'dbus: failure: ' '$L/nm-cli.log' | tail -1 | grep -q login-failed"
# nmcli words NetworkManager's LOGIN_FAILED reason as "Invalid secrets".
check "nmcli: the activation failed with the login-failed reason" \
	grep -q 'activation failed: Invalid secrets' "$L/nmcli-up-wrong-password.txt"
check "NetworkManager's log holds the engine's sentence on the password" \
	grep -Eq 'l2tpc\[nm\] error: office: .*(password|user name)' "$L/nm-cli.log"
# The service asks again (nm-reprompt); nmcli's passwd-file answers the refused password again,
# which ends it at once instead of two more attempts.
check "the service asked again once, and the passwd-file's same answer ended it" \
	lib_all_in "$L/nm-cli.log" 'office: asking again for password (attempt 2 of 3)' \
	'office: the agent answered the password the server refused again'
check "no third attempt" \
	lib_not grep -q 'office: asking again for password (attempt 3 of 3)' "$L/nm-cli.log"
check "client: nothing left after the failed attempt" wait_until 10 lib_empty side_pids cli pppd
check "client: the failed attempt's service exits" \
	wait_until 30 lib_empty side_pids cli nm-l2tpc-servic

# 2. A value the profile validator refuses: the connection fails before anything starts, with
# the validator's sentence naming the key.
check "nmcli: add a connection with a bad mtu" nmc cli connection add type vpn con-name broken \
	vpn-type l2tpc vpn.data "gateway=$SRV_IP, user=$LNS_USER, mtu=lots"
save nmcli-up-broken lib_not nmc cli connection up broken
check "nmcli: up of the bad connection fails" grep -q 'activation failed' "$L/nmcli-up-broken.txt"
check "NetworkManager's log holds the validator's sentence naming mtu" \
	wait_until 5 grep -Eq 'mtu.*lots|lots.*mtu' "$L/nm-cli.log"
check "client: the bad connection's service exits" \
	wait_until 30 lib_empty side_pids cli nm-l2tpc-servic

# 3. The service killed while connected.
check "nmcli: up with the right password" nmc cli connection up office passwd-file "$G/cli/passwd"
require "client: ppp interface up" ppp_wait_up cli 5
pid=$(side_pids cli nm-l2tpc-servic)
check "client: one service process" matches "$pid" '^[0-9]+$'
kill -KILL $pid
check "NetworkManager: office no longer active after the service died" \
	wait_until 15 lib_no_match '^office:' nmc cli -t -f NAME connection show --active
save nm-log-after-kill grep -E 'office.*(service-stopped|disappeared|failed)' "$L/nm-cli.log"
check "NetworkManager logged the VPN going down" [ -s "$L/nm-log-after-kill.txt" ]
save status-killed in_cli "$L2TPC_BUILD_DIR/client/cli/l2tpc" status
check "l2tpc status names the killed service's connection stale" \
	grep -Eq '^office +stale ' "$L/status-killed.txt"
orphan=$(side_pids cli charon)

check "nmcli: up again after the kill" nmc cli connection up office passwd-file "$G/cli/passwd"
require "client: ppp interface up again" ppp_wait_up cli 5
check "client: ping 10.10.0.1 through the new tunnel (3/3)" ping_ok cli 10.10.0.1 3
check "client: exactly one pppd (the killed run's was removed)" \
	[ "$(side_pids cli pppd | wc -l)" -eq 1 ]
check "client: the private charon the killed service left was stopped ($orphan)" \
	grep -q "stopping the private charon (pid $orphan) that a killed l2tpc left" "$L/nm-cli.log"
save status-up in_cli "$L2TPC_BUILD_DIR/client/cli/l2tpc" status
check "l2tpc status: nothing stale any more" lib_not grep -q stale "$L/status-up.txt"
last_port=$(grep -o 'office: l2tp-tunnel: .* from port [0-9]*' "$L/nm-cli.log" | tail -1 | grep -o '[0-9]*$')
check "client: the new run left port 1701 to the killed tunnel (ephemeral port $last_port)" \
	[ -n "$last_port" -a "$last_port" != 1701 ]
check "nmcli: connection down" nmc cli connection down office
check "client: the service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check "client: no charon left" wait_until 6 lib_empty side_pids cli charon
check "client: no host route to the gateway left (the killed run's was removed too)" \
	lib_empty in_cli ip route show exact "$SRV_IP/32"
check_residue cli l2tpc
finish
