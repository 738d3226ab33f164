#!/bin/bash
# ppp-plugin: our pppd plugin + supervisor against a real pppd server, over the userspace data
# path (two l2tp_relay ptys back to back). Proves: the password reaches pppd over the plugin
# channel only (not in /proc/<pppd>/cmdline or environ), MS-CHAPv2 works, the IPCP result
# (ifname, addresses, DNS from ms-dns) comes back over the channel, a wrong password gives the
# ppp-auth failure class and its sentence, and SIGTERM teardown leaves no pppd.
#
#   netns cli                                       netns srv
#   +------------------------------------+          +------------------------------------+
#   | ppp-guest-test                     |          | pppd (server) on pty B             |
#   |  ppp-supervisor -> pppd + plugin   |  pty A   |  require-mschap-v2, chap-secrets   |
#   |  relay A <-- PPP frames --> relay B|--------->|  198.51.100.1 -> 198.51.100.10      |
#   |  ppp0 198.51.100.10                |  pty B   |  ms-dns 198.51.100.53/.54          |
#   +------------------------------------+          +------------------------------------+
. "$(dirname "$0")/../lib.sh"

B=$L2TPC_BUILD_DIR
TEST_BIN=$B/tests/ppp/ppp-guest-test
PLUGIN=$B/client/pppd-plugin/l2tpc-pppd-plugin.so
[ -x /usr/sbin/pppd ] || skip "pppd is not installed (package ppp)"
require "test program built" [ -x "$TEST_BIN" ]
require "pppd plugin built" [ -f "$PLUGIN" ]

load_modules
require "topology srv <-> cli" topo_direct
require "side srv" side_start srv
require "side cli" side_start cli

PASSWORD='g00d pass"word'
printf 'alice lns "%s" *\n' 'g00d pass\"word' > "$(side_dir srv)/ppp/chap-secrets"

server_cmd() {
	echo nsenter -t "$(side_pid srv)" -n -m -- /usr/sbin/pppd {PTY} nodetach local nocrtscts \
		nolock asyncmap 0 name lns auth require-mschap-v2 refuse-pap refuse-chap \
		refuse-mschap refuse-eap noccp novj noipv6 mtu 1400 mru 1400 lcp-restart 1 \
		198.51.100.1:198.51.100.10 ms-dns 198.51.100.53 ms-dns 198.51.100.54 \
		nodefaultroute logfd 2
}

# --- the right password: up, checks, SIGTERM teardown --------------------------------------
log "run 1: right password"
# shellcheck disable=SC2046
printf '%s\n' "$PASSWORD" | in_cli "$TEST_BIN" --plugin "$PLUGIN" --user alice -- \
	$(server_cmd) > "$L/run-good.log" 2>&1
rc=$?
check "good password: every in-program check passed" [ $rc -eq 0 ]
check "IPCP result over the channel: addresses" \
	grep -q '^UP ifname=ppp[0-9]* local=198.51.100.10 peer=198.51.100.1 ' "$L/run-good.log"
check "IPCP result over the channel: DNS from ms-dns" \
	grep -q 'dns1=198.51.100.53 dns2=198.51.100.54$' "$L/run-good.log"
check "password not in pppd's cmdline" grep -q '^CHECK password-not-in-cmdline ok' "$L/run-good.log"
check "password not in pppd's environment" grep -q '^CHECK password-not-in-environ ok' "$L/run-good.log"
check "password not in the options given to pppd" lib_not grep -q 'g00d' "$L/run-good.log"
check "user name went to pppd" grep -q '^user alice$' "$L/run-good.log"
# the server offers nothing but MS-CHAPv2 (require-mschap-v2, refuse-*)
check "MS-CHAPv2 accepted by the server" grep -q 'CHAP authentication succeeded' "$L/run-good.log"
check "stopped by us: no failure" grep -q '^DOWN class=none' "$L/run-good.log"
check "no pppd left in cli" [ -z "$(side_pids cli pppd)" ]
check "no ppp interface left in cli" lib_not in_cli ip -br link show type ppp | grep -q ppp

# --- a wrong password: the ppp-auth class and sentence ----------------------------------------
log "run 2: wrong password"
# shellcheck disable=SC2046
printf '%s\n' 'wrong-password' | in_cli "$TEST_BIN" --plugin "$PLUGIN" --user alice \
	--expect-auth-failure -- $(server_cmd) > "$L/run-bad.log" 2>&1
rc=$?
check "wrong password: every in-program check passed" [ $rc -eq 0 ]
check "wrong password: failure class ppp-auth" grep -q '^DOWN class=ppp-auth ' "$L/run-bad.log"
check "wrong password: one sentence saying what to do" \
	grep -q '^DOWN class=ppp-auth sentence=PPP authentication failed: .*check both.*\.$' "$L/run-bad.log"
check "wrong password: no pppd left in cli" [ -z "$(side_pids cli pppd)" ]
wait_until 5 lib_empty side_pids srv pppd
check "no server pppd left" [ -z "$(side_pids srv pppd)" ]
finish
