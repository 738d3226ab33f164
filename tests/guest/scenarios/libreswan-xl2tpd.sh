#!/bin/bash
# libreswan-xl2tpd: the server of issue 15 that failed with a default profile: libreswan 4.10
# (Debian's, unpacked by libreswan-xl2tpd.host) + xl2tpd, with libreswan's *default* settings:
# Debian's ipsec.conf (empty config setup) plus the two lines Debian's 4.10 needs for any
# IKEv1 server (ikev1-policy=accept, ikev2=no in the conn), and a conn that sets only what an
# L2TP/IPsec server must (PSK, transport, udp/1701). So pfs, ike and esp are libreswan's
# defaults: PFS required in Quick Mode. A default l2tpc profile connects, the Quick Mode
# carries a KE payload both ways (PFS, group MODP_2048), pings, and l2tpc down leaves nothing
# on either side.
#
#   netns cli (192.0.2.2)                      netns srv (192.0.2.1)
#   +------------------------------+   veth   +-----------------------------------+
#   | l2tpc up office (defaults)   |==========| pluto (libreswan 4.10), defaults  |
#   |  private charon, LAC, pppd   |  ESP     | xl2tpd LNS --- pppd (MS-CHAPv2)   |
#   |   <-- ping 10.10.0.1 -->     |  only    | iptables: drop udp/1701 not IPsec |
#   +------------------------------+          +-----------------------------------+
. "$(dirname "$0")/../lib.sh"
. "$GUEST_LIB_DIR/libreswan-lib.sh"

# lsw_default_start: Debian's ipsec.conf with the L2TP conn, pluto in srv, the conn added.
lsw_default_start() {
	local d=$G/srv
	mkdir -p "$d" || return 1
	{
		# Debian's file as shipped, its include pointed at our (empty) ipsec.d
		sed "s|^include /etc/ipsec.d/\*.conf|include $d/ipsec.d/*.conf|; \
			s|^config setup|config setup\n\tikev1-policy=accept|" "$LSW/etc/ipsec.conf"
		lsw_l2tp_conn l2tp-psk add
	} > "$d/ipsec.conf"
	lsw_pluto_start l2tp-psk
}

load_modules
require "topology srv <-> cli" topo_direct
require "side srv" side_start srv
require "side cli" side_start cli
require "server: pluto with libreswan's defaults (PFS required) running" lsw_default_start
save pluto-conn lsw_whack --status
check "server: the conn's policy requires PFS (libreswan's default)" \
	grep -Eq '"l2tp-psk":.*policy: .*PFS' "$L/pluto-conn.txt"
require "server: clear-text udp/1701 guard" srv_guard srv
require "server: xl2tpd LNS" srv_lns_start srv
. "$GUEST_LIB_DIR/l2tpc-lib.sh"

l2tpc_profile office
l2tpc_up l2tpc-up office
check "client: ping 10.10.0.1 through the tunnel" ping_ok cli 10.10.0.1 3
check "client: our Quick Mode offered PFS (KE payload)" \
	grep -Eq 'generating QUICK_MODE request [0-9]+ \[ HASH SA No KE ID ID \]' "$L2TPC_LOG"
check "server: pluto answered with its own KE payload (PFS negotiated)" \
	grep -Eq 'parsed QUICK_MODE response [0-9]+ \[ HASH SA No KE ID ID \]' "$L2TPC_LOG"
check "client: the ESP proposal pluto selected carries MODP_2048" \
	grep -Eq 'selected proposal: ESP:.*/MODP_2048' "$L2TPC_LOG"
check "client: no fallback without PFS was needed" \
	lib_not grep -q 'refused perfect forward secrecy' "$L2TPC_LOG"
save pluto-states lsw_states
check "server: pluto holds the established IPsec SA" \
	grep -Eq "l2tp-psk.*$CLI_SEEN_IP.*IPsec SA established" "$L/pluto-states.txt"
l2tpc_down office
check "server: pluto holds no state for the client any more" wait_until 8 lsw_no_states
check "server: no kernel SA left" wait_until 5 lib_empty in_srv ip xfrm state
finish
