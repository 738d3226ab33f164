#!/bin/bash
# softether: a SoftEther VPN Server (Debian's softether-vpnserver 5.01, its own IKE/ESP and L2TP
# in userspace) set up as its users do: vpncmd turns on L2TP over IPsec with a pre-shared key
# and SecureNAT on the DEFAULT hub, and adds one password user. A *default* profile connects
# (SoftEther asks for EAP first; refuse-eap's default makes it fall back to MS-CHAPv2), pings
# SecureNAT's virtual host through the tunnel, nothing of ours leaves in clear (also during the
# teardown), and the disconnect leaves nothing behind on either side. With EAP allowed
# (refuse-eap=no) the login fails, and the sentence says EAP was the cause. `l2tpc probe` with
# the profile finds SoftEther's proposals as pasteable lines, although SoftEther answers the
# proposals it does not support with silence.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up                     |==========| vpnserver (state in tmpfs          |
#   |  private charon, LAC, pppd   | ESP-in-  |  /var/lib, /var/log, /run/softether)|
#   |   192.168.30.x <-- ping -->  | UDP only |  IPsec/L2TP, hub DEFAULT,         |
#   |                              |          |  SecureNAT 192.168.30.1           |
#   +------------------------------+          +-----------------------------------+
#     tcpdump on veth-cli
. "$(dirname "$0")/../lib.sh"

SE_LIB=/usr/libexec/softether
[ -x "$SE_LIB/vpnserver/vpnserver" ] && [ -x "$SE_LIB/vpncmd/vpncmd" ] ||
	skip "softether-vpnserver and softether-vpncmd are not installed (tools/install-deps.sh)"
SE_DIR=$G/srv/softether
SE_NAT_HOST=192.168.30.1

# se_cmd FILE [ARG...]: vpncmd on the server's admin port with the commands in FILE.
se_cmd() {
	local f=$1
	shift
	in_srv "$SE_DIR/vpncmd/vpncmd" localhost:5555 /SERVER "$@" /IN:"$f"
}

# se_start: the server started in srv and configured with vpncmd. Debian's build keeps its
# state in /var/lib/softether, /var/log/softether and /run/softether: srv's mount namespace
# gets writable (empty) ones, and a copy of the program directory, as TESTBED.md says.
se_start() {
	mkdir -p "$SE_DIR" || return 1
	cp -RL "$SE_LIB/vpnserver" "$SE_LIB/vpncmd" "$SE_DIR/" || return 1
	in_srv mount -t tmpfs -o mode=755 none /var/lib || return 1
	in_srv mount -t tmpfs -o mode=755 none /var/log || return 1
	in_srv mkdir -p /var/lib/softether /var/log/softether /run/softether || return 1
	bg_in_side srv vpnserver "$SE_DIR/vpnserver/vpnserver" execsvc
	SE_PID=$BG_PID
	printf 'About\n' > "$SE_DIR/about.txt"
	wait_until 40 se_cmd "$SE_DIR/about.txt" > /dev/null 2>&1 ||
		{ log "vpnserver did not open its admin port"; return 1; }
	(umask 077 && cat > "$SE_DIR/setup.txt" <<-EOF2
	IPsecEnable /L2TP:yes /L2TPRAW:no /ETHERIP:no /PSK:$SRV_PSK /DEFAULTHUB:DEFAULT
	Hub DEFAULT
	UserCreate $LNS_USER /GROUP:none /REALNAME:none /NOTE:none
	UserPasswordSet $LNS_USER /PASSWORD:$LNS_PASSWORD
	SecureNatEnable
	EOF2
	)
	se_cmd "$SE_DIR/setup.txt" > "$L/vpncmd-setup.log" 2>&1
}

load_modules
require "topology srv <-> cli" topo_direct
require "side srv" side_start srv
require "side cli" side_start cli
require "server: SoftEther VPN Server up, L2TP/IPsec + SecureNAT set with vpncmd" se_start
on_exit in_srv cp -a /var/log/softether "$L/softether-logs"
. "$GUEST_LIB_DIR/l2tpc-lib.sh"

# A default profile: what a user writes down from the server's settings, nothing more.
se_profile() {
	mkdir -p "$G/cli/profiles"
	cat > "$G/cli/profiles/office.conf" <<-EOF2
	[connection]
	id=office

	[vpn]
	gateway=$SRV_IP
	user=$LNS_USER
	ipsec-enabled=yes
	$*
	EOF2
}
se_profile
(umask 077 && printf 'password=%s\nipsec-psk=%s\n' "$LNS_PASSWORD" "$SRV_PSK" > "$G/cli/secrets")
# pppd's packet log, to see the authentication in the log
echo debug > "$G/cli/ppp/options"
on_exit save charon-cli in_cli cat /run/l2tpc/charon.log

# EAP allowed: SoftEther's fall-back from EAP cannot work, and the sentence must say so.
se_profile refuse-eap=no
save up-eap in_cli timeout 60 "$L2TPC" up "$G/cli/profiles/office.conf" -v \
	--pppd-plugin "$L2TPC_PLUGIN" --secrets-fd 3 3< "$G/cli/secrets"
check "refuse-eap=no: the login fails, and the sentence names EAP and refuse-eap=yes" \
	grep -q "error: PPP authentication failed after the server chose EAP.*refuse-eap=yes" \
	"$L/up-eap.txt"
check "refuse-eap=no: nothing left behind" lib_empty in_cli ip xfrm state

se_profile
cap_start wire-se
t0=$(now_us)
L2TPC_LOG=$L/l2tpc-up.log
bg_in_side cli l2tpc-up bash -c "exec $L2TPC up $G/cli/profiles/office.conf -v \
	--pppd-plugin $L2TPC_PLUGIN --secrets-fd 3 3< $G/cli/secrets"
require "l2tpc: 'connected:' line printed" \
	wait_until 40 grep -Eq '(^| )connected: ppp' "$L2TPC_LOG"
log "connected in $(us_to_s $(($(now_us) - t0))) s"
require "client: ppp interface up with an address" ppp_wait_up cli 5
check "client: address from SecureNAT's DHCP range" matches "$PPP_LOCAL" '^192\.168\.30\.'
check "client: ping SecureNAT's virtual host $SE_NAT_HOST through the tunnel" \
	ping_ok cli "$SE_NAT_HOST" 5
save l2tpc-down in_cli "$L2TPC" down office
check "client: l2tpc down reports the disconnect" grep -q "disconnected: office" "$L/l2tpc-down.txt"
gsleep 1
cap_stop wire-se
# SoftEther puts a NAT-D that makes charon see a NAT, so ESP goes in UDP/4500. It also sends
# NetBIOS name queries and NAT keep-alives to our outer address in clear, which our kernel
# answers with ICMP port unreachable: those are the server's, not our traffic.
se_ours_in_clear() {
	cap_count wire-se "ip and src $CLI_IP and not (udp port 500 or udp port 4500 or esp or icmp[0] = 3)"
}
log "wire (wire-se): ESP-in-UDP/4500=$(cap_count wire-se 'udp port 4500 and udp[8:4] != 0')," \
	"plain ESP=$(cap_count wire-se esp), from the server in clear:" \
	"$(cap_count wire-se "src $SRV_IP and not (udp port 500 or udp port 4500 or esp)")"
check "wire: >= 10 ESP (in UDP), no clear udp/1701, nothing else of ours in clear" \
	[ $(($(cap_count wire-se 'udp port 4500 and udp[8:4] != 0') + $(cap_count wire-se esp))) -ge 10 \
	-a "$(cap_count wire-se 'udp port 1701')" = 0 -a "$(se_ours_in_clear)" = 0 ]
check "client: no l2tpc left when l2tpc down returns" lib_empty side_pids cli l2tpc
check "client: no charon left" lib_empty side_pids cli charon
check_residue cli l2tpc
check "client: l2tpc up printed 'disconnected'" \
	wait_until 10 grep -Eq "(^| )disconnected: office" "$L2TPC_LOG"
save se-sessions se_cmd <(printf 'Hub DEFAULT\nSessionList\n')
check "server: SoftEther holds no L2TP session after the disconnect" \
	wait_until 10 lib_not grep -q "L2TP" <(se_cmd <(printf 'Hub DEFAULT\nSessionList\n'))

# Which proposals does SoftEther take? With the profile's key: IKE and ESP, pasteable.
save probe in_cli bash -c "exec $L2TPC probe --profile $G/cli/profiles/office.conf \
	--secrets-fd 3 3< $G/cli/secrets"
check "probe: a ready ipsec-ike= line" grep -Eq '^ipsec-ike=[a-z0-9-]+' "$L/probe.txt"
check "probe: a ready ipsec-esp= line" grep -Eq '^ipsec-esp=[a-z0-9-]+' "$L/probe.txt"
check "probe: no failure sentence" lib_not grep -q 'error:' "$L/probe.txt"
check "probe: no SA left on the client" lib_empty in_cli ip xfrm state
finish
