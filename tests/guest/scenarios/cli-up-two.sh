#!/bin/bash
# cli-up-two: two `l2tpc up` at once, to two servers, with different authentication, ending
# independently. "office": PSK + MS-CHAPv2 to srv. "lab": X.509 from a PKCS#12 bundle + CHAP to
# srv2. Both share one private charon; a third profile to office's gateway is refused with a
# sentence naming office, and office keeps working; taking office down leaves lab working, and
# the last one down leaves nothing (charon stopped, no SA, policy, route, pppd, ppp interface
# or gateway lock).
#
#                     netns srv (192.0.2.1)                    netns srv2 (203.0.113.1)
#                     charon responder (PSK)                   charon responder (X.509)
#                     xl2tpd LNS, pppd MS-CHAPv2, 10.10.0.1    xl2tpd LNS, pppd CHAP, 10.20.0.1
#                              |  veth                                  |  veth
#   netns cli  192.0.2.2 ------+                     203.0.113.2 -------+
#     l2tpc up office  -> ppp (10.10.0.x)     l2tpc up lab -> ppp (10.20.0.x)
#     one private charon serving both
. "$(dirname "$0")/../lib.sh"

L2TPC=$L2TPC_BUILD_DIR/client/cli/l2tpc
PLUGIN=$L2TPC_BUILD_DIR/client/pppd-plugin/l2tpc-pppd-plugin.so

load_modules
require "topology srv <-> cli" topo_direct
require "topology srv2 <-> cli" topo_add_srv2
require "test PKI" pki_make
require "srv up (PSK, MS-CHAPv2)" srv_start srv
SRV_AUTH=cert LNS_AUTH=chap LNS_LOCAL_IP=10.20.0.1 LNS_POOL=10.20.0.10-10.20.0.20 \
	require "srv2 up (X.509, CHAP, 10.20.0.1)" srv_start srv2
require "side cli" side_start cli

mkdir -p "$G/cli/profiles"
cat > "$G/cli/profiles/office.conf" <<EOF2
[connection]
id=office

[vpn]
gateway=$SRV_IP
user=$LNS_USER
ipsec-enabled=yes
EOF2
sed 's/^id=office$/id=office-2/' "$G/cli/profiles/office.conf" > "$G/cli/profiles/office-2.conf"
cat > "$G/cli/profiles/lab.conf" <<EOF2
[connection]
id=lab

[vpn]
gateway=$SRV2_IP
user=$LNS_USER
ipsec-enabled=yes
machine-auth-type=tls
machine-ca=$PKI_CA
machine-cert=$PKI_CLIENT_P12
refuse-pap=yes
refuse-eap=yes
refuse-mschap=yes
refuse-mschapv2=yes
EOF2
(umask 077
	printf 'password=%s\nipsec-psk=%s\n' "$LNS_PASSWORD" "$SRV_PSK" > "$G/cli/secrets-office"
	cp "$G/cli/secrets-office" "$G/cli/secrets-office-2"
	printf 'password=%s\nmachine-certpass=%s\n' "$LNS_PASSWORD" "$(cat "$PKI_DIR/.password")" \
		> "$G/cli/secrets-lab")

up() { # NAME: `l2tpc up NAME` in the background, log $L/up-NAME.log
	bg_in_side cli "up-$1" bash -c "exec $L2TPC up $G/cli/profiles/$1.conf -v \
		--pppd-plugin $PLUGIN --secrets-fd 3 3< $G/cli/secrets-$1"
}
connected() { grep -Eq '(^| )connected: ppp' "$L/up-$1.log"; }
iface_of() { sed -nE 's/.* connected: (ppp[0-9]+) .*/\1/p' "$L/up-$1.log" | head -1; }

up office
require "office: connected" wait_until 30 connected office
up lab
require "lab: connected" wait_until 30 connected lab
check "lab: used office's private charon (one charon)" [ "$(side_pids cli charon | wc -l)" = 1 ]
check "office: ping 10.10.0.1" ping_ok cli 10.10.0.1 3
check "lab: ping 10.20.0.1" ping_ok cli 10.20.0.1 3
save sas-srv2 in_side srv2 swanctl --list-sas
check "srv2: the client authenticated with its certificate (CN=vpnuser)" \
	grep -q "CN=vpnuser" "$L/sas-srv2.txt"
check "srv2: pppd authenticated the peer with CHAP (MD5)" \
	grep -q "auth chap MD5" "$L/pppd-srv2.log"
save status-two in_cli "$L2TPC" status
check "status lists both connections" \
	lib_all_in "$L/status-two.txt" "office " "lab "
save xfrm-two in_cli ip xfrm state
check "two transport-mode SA pairs in the kernel" \
	[ "$(grep -c 'mode transport' "$L/xfrm-two.txt")" -ge 4 ]

# A second connection to office's gateway would replace office's IKE SA on the server: refused
# before it touches anything (config failure, exit status 2).
save up-office-2 in_cli bash -c "$L2TPC up $G/cli/profiles/office-2.conf \
	--pppd-plugin $PLUGIN --secrets-fd 3 3< $G/cli/secrets-office-2; echo exit=\$?"
check "office-2 (same gateway as office): refused with exit status 2" \
	grep -qx "exit=2" "$L/up-office-2.txt"
check "office-2: the sentence names the gateway and office" \
	grep -q "already connected to the gateway $SRV_IP by office.*disconnect office first" \
	"$L/up-office-2.txt"
check "office: still up after the refusal (ping 10.10.0.1)" ping_ok cli 10.10.0.1 3
save sas-srv-after-refusal in_side srv swanctl --list-sas
check "srv: still one IKE SA from the client" \
	[ "$(grep -c 'ESTABLISHED' "$L/sas-srv-after-refusal.txt")" = 1 ]
save status-after-refusal in_cli "$L2TPC" status
check "status: office listed, office-2 not" \
	eval 'grep -q "office " "$L/status-after-refusal.txt" &&
		! grep -q "office-2" "$L/status-after-refusal.txt"'

lab_if=$(iface_of lab)
save down-office in_cli "$L2TPC" down office
check "office: down" grep -q "disconnected: office" "$L/down-office.txt"
check "lab: still up after office went down (ping 10.20.0.1)" ping_ok cli 10.20.0.1 3
check "lab: its interface $lab_if is still there" in_cli ip link show "$lab_if"
check "office: no SA to srv left" lib_not grep -q "$SRV_IP" <(in_cli ip xfrm state)
check "the private charon still runs for lab" lib_not lib_empty side_pids cli charon

save down-lab in_cli "$L2TPC" down lab
check "lab: down" grep -q "disconnected: lab" "$L/down-lab.txt"
check "no l2tpc left" wait_until 10 lib_empty side_pids cli l2tpc
check "the private charon stopped with the last connection" \
	wait_until 10 lib_empty side_pids cli charon
check "no route to either gateway left" \
	lib_empty in_cli ip route show exact "$SRV_IP/32"
check "nothing of the private charon left in /run/l2tpc (its log aside)" \
	lib_empty in_cli find /run/l2tpc -name 'charon.*' ! -name charon.log
check "no gateway lock left in /run/l2tpc/gateways" \
	lib_empty in_cli find /run/l2tpc/gateways -type f
check_residue cli l2tpc
finish
