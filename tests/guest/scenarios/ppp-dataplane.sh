#!/bin/bash
# ppp-dataplane: l2tp-dataplane's kernel paths carry a real PPP session. Two LAC-style kernel
# L2TP endpoints on loopback (UDP sockets connected to each other, IDs mirrored), each opened by
# l2tp_dataplane_open() in the forced mode DATAPLANE (legacy, the default, or netlink: QEMU
# only, the UML kernel has no CONFIG_L2TP_V3); the client's PPPoL2TP socket goes to pppd +
# pppol2tp.so + our plugin through the supervisor, the server's to a pppd requiring MS-CHAPv2.
# Asserts the session comes up with the right addresses, /proc/net/pppol2tp lists both
# tunnels and sessions while up and nothing after teardown, and no pppd is left.
#
#   netns cli
#   +-----------------------------------------------------------------------------------+
#   | ppp-guest-test                                                                    |
#   |  supervisor -> pppd pppol2tp 3 (tunnel 100/session 10)  udp 127.0.0.1:a           |
#   |                                   |  kernel L2TP over loopback UDP                |
#   |  pppd (server, srv mount ns) pppol2tp 3 (tunnel 200/session 20)  127.0.0.1:b      |
#   +-----------------------------------------------------------------------------------+
. "$(dirname "$0")/../lib.sh"

DATAPLANE=${DATAPLANE:-legacy}
B=$L2TPC_BUILD_DIR
TEST_BIN=$B/tests/ppp/ppp-guest-test
PLUGIN=$B/client/pppd-plugin/l2tpc-pppd-plugin.so
[ -x /usr/sbin/pppd ] || skip "pppd is not installed (package ppp)"
require "test program built" [ -x "$TEST_BIN" ]
require "pppd plugin built" [ -f "$PLUGIN" ]

load_modules
if [ "$DATAPLANE" = netlink ] && ! modprobe -q l2tp_netlink 2>/dev/null; then
	skip "this guest kernel has no l2tp_netlink (CONFIG_L2TP_V3 off): run under qemu-run.sh"
fi
require "topology srv <-> cli" topo_direct
require "side srv" side_start srv
require "side cli" side_start cli
printf 'alice lns "%s" *\n' 'kernel-pass' > "$(side_dir srv)/ppp/chap-secrets"

log "data path: $DATAPLANE"
printf '%s\n' 'kernel-pass' | in_cli "$TEST_BIN" --plugin "$PLUGIN" --user alice \
	--dataplane "$DATAPLANE" -- nsenter -t "$(side_pid srv)" -m -- /usr/sbin/pppd \
	plugin pppol2tp.so pppol2tp 3 nodetach name lns auth require-mschap-v2 refuse-pap \
	refuse-chap refuse-mschap refuse-eap noccp novj noipv6 mtu 1400 mru 1400 lcp-restart 1 \
	198.51.100.1:198.51.100.10 ms-dns 198.51.100.53 nodefaultroute logfd 2 \
	> "$L/run-$DATAPLANE.log" 2>&1
rc=$?
check "every in-program check passed" [ $rc -eq 0 ]
check "data path chosen as asked" grep -q "^CHECK dataplane-kind ok" "$L/run-$DATAPLANE.log"
check "pppd got the PPPoL2TP socket" grep -q '^pppol2tp 3$' "$L/run-$DATAPLANE.log"
check "session up with the server's addresses" \
	grep -q '^UP ifname=ppp[0-9]* local=198.51.100.10 peer=198.51.100.1 dns1=198.51.100.53' \
	"$L/run-$DATAPLANE.log"
check "kernel tunnels and sessions listed while up" \
	grep -q '^CHECK kernel-pppol2tp-while-up ok' "$L/run-$DATAPLANE.log"
check "/proc/net/pppol2tp empty after teardown" \
	grep -q '^CHECK kernel-pppol2tp-empty-after-teardown ok' "$L/run-$DATAPLANE.log"
save pppol2tp-after cat /proc/net/pppol2tp
check "no pppd left" [ -z "$(side_pids cli pppd)" ]
finish
