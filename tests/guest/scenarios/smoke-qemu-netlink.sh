#!/bin/bash
# smoke-qemu-netlink: Debian's stock kernel boots under QEMU and offers what the netlink data
# path needs: l2tp_netlink (CONFIG_L2TP_V3), l2tp_ppp, esp4, /dev/ppp; `ip l2tp` talks to the
# kernel's L2TP generic-netlink family, and a tunnel can be created and deleted in a netns.
#
#   QEMU TCG guest (stock Debian kernel)
#   +-----------------------------------------------+
#   | netns cli 192.0.2.2 (veth-cli) <-> netns srv  |
#   | ip l2tp add tunnel ... encap udp (in cli)     |
#   +-----------------------------------------------+
. "$(dirname "$0")/../lib.sh"

[ "${L2TPC_GUEST:-}" = qemu ] || skip "this scenario needs the stock kernel (run it with qemu-run.sh)"
load_modules l2tp_netlink
check "l2tp_netlink is loaded" test -d /sys/module/l2tp_netlink
check "l2tp_ppp is loaded" test -d /sys/module/l2tp_ppp
check "esp4 is loaded" test -d /sys/module/esp4
require "topology srv <-> cli" topo_direct
check "ip l2tp show tunnel works (generic netlink family l2tp)" ip l2tp show tunnel
check "ip l2tp add tunnel (UDP encapsulation) in cli" ip -n cli l2tp add tunnel tunnel_id 4242 \
	peer_tunnel_id 4343 encap udp local 192.0.2.2 remote 192.0.2.1 udp_sport 1701 udp_dport 1701
save l2tp-tunnels ip -n cli l2tp show tunnel
check "the tunnel is listed" grep -q 'Tunnel 4242, encap UDP' "$L/l2tp-tunnels.txt"
check "ip l2tp del tunnel" ip -n cli l2tp del tunnel tunnel_id 4242
check "no tunnel left" lib_empty ip -n cli l2tp show tunnel
finish
