#!/bin/bash
# ipsec-libreswan: interop with a responder that is not strongSwan. Libreswan's pluto (Debian
# 12's 4.10, unpacked into the build dir by ipsec-libreswan.host: it cannot be installed next
# to strongSwan) runs in srv with its own ipsec.conf, ipsec.secrets and NSS database under $G,
# as an IKEv1 (ikev2=no) PSK responder for L2TP in transport mode. Our driver (ipsec-up, private
# charon) brings the SA up: TRANSPORT for udp/1701, pluto shows the IPsec SA, a probe crosses
# as ESP, and the disconnect leaves nothing on either side. Then again with PFS (modp2048)
# against a pluto connection that requires it, as libreswan does by default.
#
#   netns cli                                     netns srv
#   +------------------------------+    veth    +----------------------------------+
#   | ipsec-up -> private charon   |------------| pluto (libreswan 4.10), IKEv1    |
#   | 192.0.2.2  veth-cli          |  ESP only  | PSK, type=transport, udp/1701    |
#   | probe udp 1701 -> 1701       |            | 192.0.2.1, guard, probe listener |
#   +------------------------------+            +----------------------------------+
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../ipsec-lib.sh"
. "$GUEST_LIB_DIR/libreswan-lib.sh"

# lsw_start: the config under $G/srv, pluto in srv, the connection l2tp-psk added.
lsw_start() {
	local d=$G/srv
	mkdir -p "$d" || return 1
	{
		cat <<-EOF2
		config setup
		    plutodebug=none
		    # Debian builds 4.10 with IKEv1 refused by default
		    ikev1-policy=accept
		EOF2
		# as L2TP servers are set up: libreswan requires PFS by default, Windows sends none
		lsw_l2tp_conn l2tp-psk add pfs=no
		# libreswan's default: PFS required, the group of phase 1 (MODP2048); added later
		lsw_l2tp_conn l2tp-pfs ignore
	} > "$d/ipsec.conf"
	lsw_pluto_start l2tp-psk
}

load_modules
require "topology srv <-> cli" topo_direct
require "side srv" side_start srv
require "side cli" side_start cli
require "server: libreswan pluto responder (IKEv1, PSK, transport) running" lsw_start
require "server: clear-text udp/1701 guard" srv_guard srv
ipsec_swanctl_conf
on_exit ipsec_save_private_log

cap_start wire-lsw
require "client: ipsec-up brings the SA up with pluto" ipsec_up_start lsw1
save sas-cli in_cli swanctl --list-sas
check "client: IKE_SA l2tpc-lsw1 ESTABLISHED, IKEv1" \
	grep -Eq "l2tpc-lsw1: #[0-9]+, ESTABLISHED, IKEv1" "$L/sas-cli.txt"
# libreswan (leftprotoport=17/1701) refuses a CHILD_SA for any server port with
# INVALID_ID_INFORMATION; l2tpc then asks for udp/1701 only (child l2tp-1701).
check "client: the strict responder's refusal of any server port led to udp/1701 only" \
	grep -q 'refused IPsec for any server port; asking for udp/1701 only' "$L/ipsec-up-lsw1.log"
check "client: CHILD_SA INSTALLED, TRANSPORT, ESP" \
	grep -Eq "l2tp-1701: #[0-9]+, reqid [0-9]+, INSTALLED, TRANSPORT, ESP" "$L/sas-cli.txt"
save pluto-states lsw_states
check "server: pluto holds an established IPsec SA for the client" \
	grep -Eq "l2tp-psk.*$CLI_SEEN_IP.*(IPsec SA established|QUICK_R2)" "$L/pluto-states.txt"
save xfrm-state-srv in_srv ip xfrm state
check "server: the kernel SAs pluto installed are transport mode" \
	grep -q 'mode transport' "$L/xfrm-state-srv.txt"

require "server: probe listener bound to udp/1701" udp_listen srv 1701 "$G/probe-rx" 20
check "client: probe sent from udp/1701" udp_send cli 1701 "$SRV_IP" 1701 probe-lsw
check "server: probe arrived (inside ESP, past the guard)" \
	wait_until 5 grep -q "^$CLI_SEEN_IP:1701 probe-lsw" "$G/probe-rx"
cap_stop wire-lsw
check_wire_esp_only wire-lsw

ipsec_save_private_log
check "client: ipsec-up takes the SA down and exits 0" ipsec_up_stop lsw1
check "client: the private charon is gone" wait_until 8 lib_empty side_pids cli charon
check "server: pluto dropped the client's SAs (delete notify received)" \
	wait_until 8 lib_empty in_srv ip xfrm state
check "server: pluto holds no state for the client any more" \
	wait_until 5 lsw_no_states

# PFS (profile key ipsec-pfs): against pluto's default, which requires it.
lsw_use_pfs_conn() {
	lsw_whack --delete --name l2tp-psk && lsw_add l2tp-pfs
} >> "$L/addconn.log" 2>&1
require "server: pluto now requires PFS (l2tp-pfs)" lsw_use_pfs_conn
require "client: ipsec-up with PFS modp2048 brings the SA up with pluto" \
	ipsec_up_start lsw2 --pfs modp2048
save sas-cli-pfs in_cli swanctl --list-sas
check "client: CHILD_SA TRANSPORT with the PFS group MODP_2048" \
	grep -Eq "l2tp-1701: #[0-9]+, reqid [0-9]+, INSTALLED, TRANSPORT, ESP:.*/MODP_2048" \
	"$L/sas-cli-pfs.txt"
save pluto-states-pfs lsw_states
check "server: pluto's IPsec SA for the client is up (with PFS)" \
	grep -Eq "l2tp-pfs.*$CLI_SEEN_IP.*IPsec SA established" "$L/pluto-states-pfs.txt"
check "client: ipsec-up takes the PFS SA down and exits 0" ipsec_up_stop lsw2
check "server: pluto holds no state for the client after the PFS SA" \
	wait_until 8 lsw_no_states
check_residue cli l2tpc
finish
