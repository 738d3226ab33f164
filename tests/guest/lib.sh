#!/bin/bash
# Helpers for guest scenarios (tests/guest/scenarios/*.sh). Source it first thing:
#	. "$(dirname "$0")/../lib.sh"
# It runs inside the guest (as a child of guest-init.sh), where the root file system is the
# host's, read-only; everything written goes to $G (tmpfs scratch: configs, secrets, state) or
# $L (the scenario's log directory, visible on the host). Functions are grouped as:
#   output and assertions, kernel modules, topology, per-side namespaces, strongSwan,
#   packet capture, small network tools, PPP, residue; and in lib-server.sh (sourced at the
#   end) the reference server (strongSwan responder + xl2tpd LNS + pppd) and the test PKI.
# The reference *client* (strongSwan initiator + xl2tpd LAC) lives in refclient.sh.
# Read a helper's comment before use; variables a helper reads are listed there.

set -u
G=/tmp/l2tpc-guest                      # scratch (tmpfs): configs, secrets, state
L=${L2TPC_LOG_DIR:?lib.sh runs inside the guest only (see tests/guest/uml-run.sh)}
GUEST_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$G"
chmod 700 "$G"
[ -p "$G/.sleep" ] || mkfifo "$G/.sleep"
exec 9<> "$G/.sleep"
LIB_T0=${EPOCHREALTIME/./}
LIB_CHECKS=0
LIB_FAILS=0
LIB_EXIT_HOOKS=()
LIB_BG_PIDS=()
declare -A LIB_SIDE_PID=()
declare -A LIB_CAP=()
LIB_WIRE_CAPS=()   # the whole-scenario captures (lib_wire_start)
LIB_WIRE_OFF=""    # why this scenario has no whole-scenario wire check (wire_check_off)

# ---------------------------------------------------------------------------------------------
# Output and assertions
# ---------------------------------------------------------------------------------------------

# gsleep SECONDS: sleep without forking (fork+exec is slow in UML); fractions allowed.
gsleep() { read -r -t "$1" -u 9 || true; }

# now_us: current time in microseconds (no fork).
now_us() { echo $((${EPOCHREALTIME/./})); }

# us_to_s MICROSECONDS: "S.mmm" (no fork).
us_to_s() { printf '%d.%03d' $(($1 / 1000000)) $((($1 % 1000000) / 1000)); }

# elapsed: seconds since the scenario started, e.g. "3.142".
elapsed() { us_to_s $((${EPOCHREALTIME/./} - LIB_T0)); }

# log MSG...: progress line on the console (and in the test log), prefixed with elapsed time.
log() { printf '[%7s] %s\n' "$(elapsed)" "$*"; }

# check DESC CMD...: runs CMD; prints "PASS: DESC" (not with LIB_QUIET_PASS=1) or "FAIL: DESC"
# and counts the result.
# Returns CMD's status, so `check ... || something` works. CMD's output goes to $L/checks.log.
check() {
	local desc=$1 rc
	shift
	LIB_CHECKS=$((LIB_CHECKS + 1))
	echo "== $desc: $*" >> "$L/checks.log"
	"$@" >> "$L/checks.log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		[ "${LIB_QUIET_PASS:-0}" = 1 ] || printf '[%7s] PASS: %s\n' "$(elapsed)" "$desc"
	else
		printf '[%7s] FAIL: %s\n' "$(elapsed)" "$desc"
		LIB_FAILS=$((LIB_FAILS + 1))
		lib_why
	fi
	return $rc
}

# lib_why: after a failed check, the last lines of the running l2tpc's log ($L2TPC_LOG, when a
# scenario sets it) on the console, so that a CI log, which shows only the FAIL lines, also
# shows where the client was.
lib_why() {
	[ -n "${L2TPC_LOG:-}" ] && [ -s "$L2TPC_LOG" ] || return 0
	tail -n 3 "$L2TPC_LOG" | cut -c1-220 | sed 's/^/          FAIL:   l2tpc log: /'
}

# check_fails DESC CMD...: like check, but passes when CMD fails.
check_fails() {
	local desc=$1
	shift
	check "$desc" lib_not "$@"
}
lib_not() { ! "$@"; }

# lib_all_in FILE STRING...: true when FILE contains every fixed STRING.
lib_all_in() {
	local f=$1
	shift
	while [ $# -gt 0 ]; do grep -qF -- "$1" "$f" || return 1; shift; done
}

# matches STRING REGEX: true when STRING matches the extended REGEX (for check/require,
# which cannot take [[ ]]).
matches() { [[ $1 =~ $2 ]]; }

# require DESC CMD...: like check, but a failure ends the scenario at once (with cleanup),
# for steps everything after depends on.
require() {
	check "$@" || finish
}

# wait_until SECONDS CMD...: polls CMD every 0.1 s until it succeeds (0) or SECONDS pass (1).
wait_until() {
	local s=${1%.*} f=000 deadline
	[[ $1 == *.* ]] && f=${1#*.}000
	deadline=$((${EPOCHREALTIME/./} + ${s:-0} * 1000000 + 10#${f:0:3} * 1000))
	shift
	while :; do
		"$@" > /dev/null 2>&1 && return 0
		[ $((${EPOCHREALTIME/./})) -gt $deadline ] && return 1
		gsleep 0.1
	done
}

# on_exit CMD...: registers a command run (last registered first) when the scenario exits,
# also on failure or timeout; before the generic cleanup.
on_exit() { LIB_EXIT_HOOKS+=("$*"); }

# skip REASON: ends the scenario as skipped (77). Only when a prerequisite truly cannot exist.
skip() {
	echo "$*" > "$L/skip-reason"
	log "SKIP: $*"
	LIB_SKIPPED=1
	exit 77
}

# finish: prints the verdict ("RESULT: PASS (n checks)" / "RESULT: FAIL (k of n checks
# failed)") and exits 0 or 1. Every scenario ends with it. A scenario with no check fails.
finish() {
	lib_wire_finish
	if [ "$LIB_FAILS" -eq 0 ] && [ "$LIB_CHECKS" -gt 0 ]; then
		log "RESULT: PASS ($LIB_CHECKS checks)"
		exit 0
	fi
	log "RESULT: FAIL ($LIB_FAILS of $LIB_CHECKS checks failed)"
	exit 1
}

# save NAME CMD...: runs CMD, writes its output to $L/NAME.txt (diagnostics); returns its status.
save() {
	local name=$1
	shift
	"$@" > "$L/$name.txt" 2>&1
}

# tslog: filter prefixing each stdin line with the epoch time (for daemon logs).
tslog() { while IFS= read -r l; do printf '%s %s\n' "$EPOCHREALTIME" "$l"; done; }

lib_on_exit() {
	local rc=$? i side
	trap - EXIT INT TERM
	for ((i = ${#LIB_EXIT_HOOKS[@]} - 1; i >= 0; i--)); do
		eval "${LIB_EXIT_HOOKS[$i]}" > /dev/null 2>&1
	done
	# Diagnostics when something went wrong: the state of every side at exit.
	if [ $rc -ne 0 ] && [ "${LIB_SKIPPED:-0}" != 1 ]; then
		for side in "${!LIB_SIDE_PID[@]}"; do
			{
				echo "### ip addr"; in_side "$side" ip -br addr
				echo "### ip route"; in_side "$side" ip route
				echo "### xfrm state"; in_side "$side" ip xfrm state
				echo "### xfrm policy"; in_side "$side" ip xfrm policy
				echo "### processes"; lib_side_procs "$side"
				if [ -n "$(side_pids "$side" charon)" ]; then
					echo "### swanctl --list-sas"; in_side "$side" timeout 5 swanctl --list-sas
				fi
			} > "$L/final-$side.txt" 2>&1
		done
	fi
	for i in "${LIB_BG_PIDS[@]}"; do kill "$i" 2> /dev/null; done
	for side in "${!LIB_SIDE_PID[@]}"; do
		lib_side_kill_all "$side"
	done
	exit $rc
}
trap lib_on_exit EXIT
trap 'log "scenario interrupted (time limit?)"; exit 124' INT TERM

# ---------------------------------------------------------------------------------------------
# Kernel modules
# ---------------------------------------------------------------------------------------------

# load_modules [MODULE...]: loads PPP, L2TP, IPsec (ESP, xfrm, crypto: preloaded so the first
# Quick Mode is not slowed by autoloading), veth, netfilter (policy match, NAT) modules plus
# the given ones; checks /dev/ppp. A missing module fails the scenario (require).
load_modules() {
	local m missing=""
	local -a mods=(ppp_generic ppp_async ppp_synctty l2tp_core l2tp_ppp esp4 xfrm_user xfrm_algo
		af_key authenc cbc ctr gcm ghash_generic hmac sha1_generic sha256_generic sha512_generic
		des_generic des3_ede_generic md5 seqiv echainiv veth x_tables ip_tables iptable_filter
		iptable_nat xt_policy xt_MASQUERADE nf_nat nf_conntrack tun "$@")
	# One modprobe for all (each exec is slow in UML); on error find the culprit one by one.
	# Built-in modules (e.g. aes on UML) succeed silently.
	if ! modprobe -q -a "${mods[@]}" 2>> "$L/modprobe.log"; then
		for m in "${mods[@]}"; do
			modprobe -q "$m" 2>> "$L/modprobe.log" || missing+=" $m"
		done
	fi
	[ -z "$missing" ] || log "missing modules:$missing (see modprobe.log)"
	require "kernel modules loaded (PPP, L2TP, ESP, xfrm, crypto, netfilter)" [ -z "$missing" ]
	require "/dev/ppp is a character device" [ -c /dev/ppp ]
}

# ---------------------------------------------------------------------------------------------
# Topology (network namespaces, addresses from documentation ranges only)
# ---------------------------------------------------------------------------------------------
# After a topo_* call:
#   SRV_IP        server address (192.0.2.1), on veth-srv in netns srv
#   CLI_IP        the client's own address (192.0.2.2 direct, 198.51.100.2 behind NAT)
#   CLI_SEEN_IP   the client's address as the server sees it (192.0.2.2 in both topologies)
#   CLI_IF        the client's wire interface (veth-cli), where captures run
#   SRV2_IP       second server (203.0.113.1, netns srv2), after topo_add_srv2
SRV_IP=192.0.2.1
SRV2_IP=203.0.113.1
CLI_IF=veth-cli
declare -A SIDE_IP=()

# topo_direct: netns srv (192.0.2.1/24, veth-srv) <-> netns cli (192.0.2.2/24, veth-cli).
topo_direct() {
	ip netns add srv && ip netns add cli || return 1
	ip link add veth-srv netns srv type veth peer name veth-cli netns cli
	ip -n srv addr add 192.0.2.1/24 dev veth-srv
	ip -n cli addr add 192.0.2.2/24 dev veth-cli
	lib_links_up srv veth-srv cli veth-cli
	lib_wire_start veth-cli
	CLI_IP=192.0.2.2
	CLI_SEEN_IP=192.0.2.2
	SIDE_IP[srv]=$SRV_IP
	SIDE_IP[cli]=$CLI_IP
}

# topo_nat: cli behind a masquerading router, so IKE floats to udp/4500 and ESP is UDP-encapsulated:
#   cli 198.51.100.2/24 (veth-cli) <-> nat 198.51.100.1 (veth-nat-in) | nat 192.0.2.2 (veth-nat-out)
#   <-> srv 192.0.2.1/24 (veth-srv). cli's default route is via the nat netns.
topo_nat() {
	ip netns add srv && ip netns add cli && ip netns add nat || return 1
	ip link add veth-cli netns cli type veth peer name veth-nat-in netns nat
	ip link add veth-nat-out netns nat type veth peer name veth-srv netns srv
	ip -n cli addr add 198.51.100.2/24 dev veth-cli
	ip -n nat addr add 198.51.100.1/24 dev veth-nat-in
	ip -n nat addr add 192.0.2.2/24 dev veth-nat-out
	ip -n srv addr add 192.0.2.1/24 dev veth-srv
	lib_links_up cli veth-cli nat veth-nat-in nat veth-nat-out srv veth-srv
	lib_wire_start veth-cli
	ip -n cli route add default via 198.51.100.1
	ip netns exec nat sysctl -qw net.ipv4.ip_forward=1
	ip netns exec nat iptables-legacy -t nat -A POSTROUTING -o veth-nat-out -j MASQUERADE
	CLI_IP=198.51.100.2
	CLI_SEEN_IP=192.0.2.2
	SIDE_IP[srv]=$SRV_IP
	SIDE_IP[cli]=$CLI_IP
	SIDE_IP[nat]=192.0.2.2
}

# topo_add_srv2: a second server in netns srv2 on its own link to cli:
#   cli 203.0.113.2/24 (veth-cli2) <-> srv2 203.0.113.1/24 (veth-srv2). Call after topo_direct.
topo_add_srv2() {
	ip netns add srv2 || return 1
	ip link add veth-srv2 netns srv2 type veth peer name veth-cli2 netns cli
	ip -n srv2 addr add 203.0.113.1/24 dev veth-srv2
	ip -n cli addr add 203.0.113.2/24 dev veth-cli2
	lib_links_up srv2 veth-srv2 cli veth-cli2
	lib_wire_start veth-cli2
	SIDE_IP[srv2]=$SRV2_IP
}

lib_links_up() {
	while [ $# -ge 2 ]; do
		ip -n "$1" link set lo up
		ip -n "$1" link set "$2" up
		shift 2
	done
}

# ---------------------------------------------------------------------------------------------
# Per-side namespaces
# ---------------------------------------------------------------------------------------------
# side_start SIDE: gives netns SIDE a private mount namespace held open by an anchor process,
# with its own tmpfs /run (pid files, vici and control sockets) and $G/SIDE/ppp bind-mounted
# over /etc/ppp (pppd insists on /etc/ppp/options and the secrets files there). Every config of
# the side is generated into $G/SIDE/ (mode 700). Starts nothing else.
side_start() {
	local side=$1 d=$G/$1
	mkdir -p "$d/ppp"
	chmod 700 "$d"
	: > "$d/ppp/options"
	touch "$d/ppp/chap-secrets" "$d/ppp/pap-secrets"
	chmod 600 "$d/ppp/chap-secrets" "$d/ppp/pap-secrets"
	rm -f "$d/.ready"
	ip netns exec "$side" unshare -m --propagation private /bin/bash -c '
		mount -t tmpfs -o mode=755 tmpfs /run &&
		mkdir -p /run/xl2tpd /run/lock /run/pppd &&
		mount --bind "$1/ppp" /etc/ppp &&
		touch "$1/.ready"
		exec sleep infinity' side-anchor "$d" &
	LIB_SIDE_PID[$side]=$!
	wait_until 10 test -e "$d/.ready" || { log "side $side did not come up"; return 1; }
}

# side_pid SIDE: pid of the side's anchor (for nsenter -t PID -n -m, or /proc/PID/root/run/...).
side_pid() { echo "${LIB_SIDE_PID[$1]}"; }

# side_dir SIDE: the side's writable config directory ($G/SIDE).
side_dir() { echo "$G/$1"; }

# side_run_file SIDE PATH: host-visible path of PATH inside the side's private mounts
# (e.g. side_run_file cli /run/charon.pid).
side_run_file() { echo "/proc/${LIB_SIDE_PID[$1]}/root$2"; }

# in_side SIDE CMD...: runs CMD in the side's network and mount namespace, with
# STRONGSWAN_CONF pointing at the side's strongswan.conf (so swanctl talks to that side's charon
# and loads few plugins). in_srv, in_cli, in_srv2, in_nat are shorthands.
in_side() {
	local side=$1
	shift
	STRONGSWAN_CONF=$G/$side/strongswan.conf nsenter -t "${LIB_SIDE_PID[$side]}" -n -m -- "$@"
}
# in_side_bg SIDE CMD... [> FILE]: like in_side, but in the background; sets BG_PID to CMD's
# own pid (nsenter execs CMD in place), so signals reach CMD. Killed at exit.
in_side_bg() {
	local side=$1
	shift
	(
		export STRONGSWAN_CONF=$G/$side/strongswan.conf
		exec nsenter -t "${LIB_SIDE_PID[$side]}" -n -m -- "$@"
	) &
	BG_PID=$!
	LIB_BG_PIDS+=("$BG_PID")
}
in_srv() { in_side srv "$@"; }
in_cli() { in_side cli "$@"; }
in_srv2() { in_side srv2 "$@"; }
in_nat() { ip netns exec nat "$@"; }

# bg_in_side SIDE LOGNAME CMD...: starts CMD in the background in SIDE, its output
# time-stamped into $L/LOGNAME.log; sets BG_PID to CMD's pid (killed at exit).
bg_in_side() {
	local side=$1 name=$2
	shift 2
	in_side_bg "$side" "$@" > >(tslog > "$L/$name.log") 2>&1
}

# lib_side_procs SIDE: "pid comm" of every process whose netns is SIDE's (anchor excluded).
lib_side_procs() {
	local anchor=${LIB_SIDE_PID[$1]} p c
	[ -e "/proc/$anchor/ns/net" ] || return 0
	for p in /proc/[0-9]*; do
		[ "${p#/proc/}" = "$anchor" ] && continue
		# -ef compares the nsfs inodes: same network namespace, without forking readlink.
		[[ "$p/ns/net" -ef "/proc/$anchor/ns/net" ]] 2>/dev/null || continue
		read -r c < "$p/comm" 2>/dev/null || continue
		echo "${p#/proc/} $c"
	done
}

# side_pids SIDE COMM: pids of processes named COMM (exact) in SIDE's netns.
side_pids() {
	local p c
	while read -r p c; do [ "$c" = "$2" ] && echo "$p"; done < <(lib_side_procs "$1")
	return 0
}

lib_side_kill_all() {
	local pids
	pids=$(lib_side_procs "$1" | awk '{ print $1 }')
	[ -n "$pids" ] && kill $pids 2>/dev/null
	kill "${LIB_SIDE_PID[$1]}" 2>/dev/null
}

# stop_pids SECONDS PID...: SIGTERM, wait up to SECONDS, then SIGKILL.
stop_pids() {
	local t=$1 p
	shift
	[ $# -gt 0 ] || return 0
	kill "$@" 2>/dev/null
	wait_until "$t" lib_all_gone "$@" && return 0
	kill -KILL "$@" 2>/dev/null
	wait_until 2 lib_all_gone "$@"
}
lib_all_gone() {
	local p
	for p in "$@"; do [ -d "/proc/$p" ] && return 1; done
	return 0
}

# ---------------------------------------------------------------------------------------------
# strongSwan
# ---------------------------------------------------------------------------------------------
# charon_start SIDE: writes $G/SIDE/strongswan.conf (explicit plugin list: no af-alg probing;
# vici on /run/charon.vici; filelog to $L/charon-SIDE.log; no routes) and starts charon in SIDE.
# Reads CHARON_PLUGINS (override the plugin list). Waits for the vici socket.
CHARON_PLUGINS_DEFAULT="random nonce aes sha1 sha2 md5 hmac kdf gmp openssl pem pkcs1 pkcs8 \
pkcs12 pubkey x509 revocation constraints curve25519 kernel-netlink socket-default vici"
charon_start() {
	local side=$1 d=$G/$1
	cat > "$d/strongswan.conf" <<-EOF
	charon {
	    load = ${CHARON_PLUGINS:-$CHARON_PLUGINS_DEFAULT}
	    install_routes = no
	    install_virtual_ip = no
	    retransmit_timeout = 2.0
	    retransmit_tries = 3
	    plugins {
	        vici {
	            socket = unix:///run/charon.vici
	        }
	    }
	    syslog {
	        daemon {
	            default = -1
	        }
	    }
	    filelog {
	        $side {
	            path = $L/charon-$side.log
	            time_format = %s
	            time_add_ms = yes
	            append = no
	            flush_line = yes
	            default = 1
	            ike = 2
	            knl = 2
	            cfg = 2
	        }
	    }
	}
	swanctl {
	    socket = unix:///run/charon.vici
	    # not af-alg: it probes ~60 crypto modules (seconds in UML) on every call
	    load = random nonce openssl pem pkcs1 pkcs8 pkcs12 x509 pubkey
	}
	EOF
	mkdir -p "$d"/{x509,x509ca,x509ocsp,x509aa,x509ac,x509crl,pubkey,private,rsa,ecdsa,bliss,pkcs8,pkcs12}
	chmod 700 "$d/private"
	in_side_bg "$side" /usr/lib/ipsec/charon > "$L/charon-$side.stdout" 2>&1
	wait_until 15 test -S "$(side_run_file "$side" /run/charon.vici)" ||
		{ log "charon in $side did not open its vici socket (see charon-$side.log)"; return 1; }
}

# charon_stop SIDE: stops the side's charon (TERM, then KILL) and waits for it.
charon_stop() {
	local pid
	pid=$(cat "$(side_run_file "$1" /run/charon.pid)" 2>/dev/null)
	[ -n "$pid" ] || pid=$(side_pids "$1" charon)
	[ -n "$pid" ] && stop_pids 5 $pid
	return 0
}

# swanctl_creds SIDE CERT KEY: installs the test CA, CERT and its private KEY into the side's
# swanctl credential folders ($G/SIDE/x509ca, x509, private: swanctl reads them relative to
# the loaded swanctl.conf) for the next swanctl_load.
swanctl_creds() {
	local d=$G/$1
	cp "$PKI_CA" "$d/x509ca/" && cp "$2" "$d/x509/" && (umask 077 && cp "$3" "$d/private/")
}

# swanctl_load SIDE FILE: loads connections + secrets of FILE into SIDE's charon
# (output in $L/swanctl-load-SIDE.log).
swanctl_load() {
	in_side "$1" swanctl --load-all --noprompt --file "$2" >> "$L/swanctl-load-$1.log" 2>&1
}

# ---------------------------------------------------------------------------------------------
# Packet capture (tcpdump on the client's wire interface)
# ---------------------------------------------------------------------------------------------
# cap_start NAME [SIDE] [IFACE]: starts tcpdump --immediate-mode on IFACE (default $CLI_IF)
# in SIDE (default cli), writing $L/NAME.pcap; returns once tcpdump is listening.
cap_start() {
	local name=$1 side=${2:-cli} ifc=${3:-$CLI_IF}
	in_side_bg "$side" tcpdump -Z root -i "$ifc" -n -U --immediate-mode -s 256 -w "$L/$name.pcap" \
		2> "$L/tcpdump-$name.err"
	LIB_CAP[$name]=$BG_PID
	wait_until 10 grep -q 'listening on' "$L/tcpdump-$name.err"
}

# cap_stop NAME: stops that capture (letting tcpdump flush) and writes a text dump $L/NAME.txt.
cap_stop() {
	gsleep 0.3
	kill -INT "${LIB_CAP[$1]}" 2>/dev/null
	wait_until 5 lib_all_gone "${LIB_CAP[$1]}" || kill -KILL "${LIB_CAP[$1]}" 2>/dev/null
	tcpdump -r "$L/$1.pcap" -n -v > "$L/$1.txt" 2>/dev/null
	return 0
}

# cap_count NAME FILTER: number of packets in capture NAME matching the tcpdump FILTER.
cap_count() { tcpdump -r "$L/$1.pcap" -n "$2" 2>/dev/null | wc -l; }

# check_wire_esp_only NAME [MIN]: asserts capture NAME holds >= MIN (default 1) ESP packets,
# no clear-text udp/1701 and no clear-text ICMP.
check_wire_esp_only() {
	local n=$1 min=${2:-1} esp clear icmp
	esp=$(cap_count "$n" esp)
	clear=$(cap_count "$n" 'udp port 1701')
	icmp=$(cap_count "$n" icmp)
	log "wire ($n): ESP=$esp, clear udp/1701=$clear, clear ICMP=$icmp"
	check "wire carries ESP only (>= $min ESP, no clear udp/1701, no clear ICMP)" \
		[ "$esp" -ge "$min" -a "$clear" -eq 0 -a "$icmp" -eq 0 ]
}

# check_wire_natt_only NAME [MIN]: the same for NAT-T: >= MIN UDP-encapsulated ESP packets
# (udp/4500 with a non-zero SPI), no plain ESP, no clear udp/1701, no clear ICMP.
check_wire_natt_only() {
	local n=$1 min=${2:-1} encap esp clear icmp
	encap=$(cap_count "$n" 'udp port 4500 and udp[8:4] != 0')
	esp=$(cap_count "$n" esp)
	clear=$(cap_count "$n" 'udp port 1701')
	icmp=$(cap_count "$n" icmp)
	log "wire ($n): ESP-in-UDP/4500=$encap, plain ESP=$esp, clear udp/1701=$clear, clear ICMP=$icmp"
	check "wire carries UDP-encapsulated ESP only (>= $min, no plain ESP, no clear udp/1701, no ICMP)" \
		[ "$encap" -ge "$min" -a "$esp" -eq 0 -a "$clear" -eq 0 -a "$icmp" -eq 0 ]
}

# Whole-scenario wire check (issue 13: never clear text when IPsec is on). Every topology starts
# a capture on each of the client's wire interfaces as soon as the link is up; `finish` stops it
# and fails the scenario on any clear-text L2TP packet that crossed the wire from start to end,
# teardown included: udp/1701, or any other UDP port (an LNS may move the tunnel to one) whose
# payload starts like an L2TP version 2 header. PPP can only leave the client inside L2TP, so
# this covers clear PPP too. IKE (udp/500) and ESP-in-UDP (udp/4500) are not captured; ESP is
# not UDP. A scenario that sends clear L2TP on purpose (IPsec off, a clear probe of the
# server's guard) says so with wire_check_off REASON.
lib_wire_start() {
	local ifc=$1 name=wire-all-$1
	ip netns exec cli tcpdump -Z root -i "$ifc" -n -U --immediate-mode -s 128 -w "$L/$name.pcap" \
		'udp and not port 500 and not port 4500' 2> "$L/tcpdump-$name.err" &
	LIB_CAP[$name]=$!
	LIB_BG_PIDS+=("$!")
	LIB_WIRE_CAPS+=("$name")
	wait_until 10 grep -q 'listening on' "$L/tcpdump-$name.err"
}

# wire_check_off REASON: this scenario sends clear-text L2TP on purpose; no whole-scenario check.
wire_check_off() { LIB_WIRE_OFF=$*; }
# wire_check_client_only REASON: the server of this scenario sends clear L2TP on purpose (a
# server that leaks is the test); only what the client sends is checked.
wire_check_client_only() { LIB_WIRE_CLIENT_ONLY=$*; }
LIB_WIRE_CLIENT_ONLY=""

# The filter for a clear L2TP packet: port 1701, or an L2TPv2 header (second octet exactly
# version 2 with its reserved bits clear, the reserved bits of the first octet clear) on another
# port. NetBIOS, DHCP and mDNS, which servers such as SoftEther send to the client in clear, are
# not L2TP; their random transaction IDs can look like an L2TP header.
LIB_WIRE_L2TP='udp port 1701 or (ip and udp and udp[9] = 2 and (udp[8] & 0x34) = 0 and not (port 137 or port 138 or port 67 or port 68 or port 5353))'

lib_wire_finish() {
	local name n total=0 what=""
	[ ${#LIB_WIRE_CAPS[@]} -gt 0 ] || return 0
	for name in "${LIB_WIRE_CAPS[@]}"; do
		cap_stop "$name"
		if [ -n "$LIB_WIRE_CLIENT_ONLY" ]; then
			n=$(cap_count "$name" "not src host $SRV_IP and not src host $SRV2_IP and ($LIB_WIRE_L2TP)")
		else
			n=$(cap_count "$name" "$LIB_WIRE_L2TP")
		fi
		total=$((total + n))
		what+=" ${name#wire-all-}=$n"
	done
	LIB_WIRE_CAPS=()
	if [ -n "$LIB_WIRE_OFF" ]; then
		log "whole-scenario wire check off: $LIB_WIRE_OFF (clear L2TP packets:$what)"
		return 0
	fi
	if [ -n "$LIB_WIRE_CLIENT_ONLY" ]; then
		log "whole-scenario wire check: the client's packets only ($LIB_WIRE_CLIENT_ONLY)"
		check "wire, whole scenario: the client sent no clear-text L2TP or PPP packet (clear L2TP:$what)" \
			[ "$total" -eq 0 ]
		return
	fi
	check "wire, whole scenario: no clear-text L2TP or PPP packet left or reached the client (clear L2TP:$what)" \
		[ "$total" -eq 0 ]
}

# ---------------------------------------------------------------------------------------------
# Small network tools (perl-base is always installed on Debian)
# ---------------------------------------------------------------------------------------------
# udp_send SIDE SRC_PORT DST_IP DST_PORT TEXT: one UDP datagram from SRC_PORT (0 = any).
udp_send() {
	in_side "$1" perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(Proto => "udp", LocalPort => $ARGV[0] || undef,
			PeerAddr => $ARGV[1], PeerPort => $ARGV[2], ReuseAddr => 1) or die "socket: $!\n";
		$s->send($ARGV[3]) or die "send: $!\n";' "$2" "$3" "$4" "$5"
}

# udp_listen SIDE PORT OUTFILE SECONDS: receives UDP datagrams on PORT for up to SECONDS in the
# background, appending "FROM_IP:PORT TEXT" lines to OUTFILE; sets BG_PID. Returns once bound.
udp_listen() {
	rm -f "$3.bound"
	in_side_bg "$1" perl -MIO::Socket::INET -e '
		my ($port, $out, $secs) = @ARGV;
		my $s = IO::Socket::INET->new(Proto => "udp", LocalPort => $port, ReuseAddr => 1)
			or die "bind: $!\n";
		open(my $b, ">", "$out.bound"); close($b);
		local $SIG{ALRM} = sub { exit 0 }; alarm $secs;
		while (1) { my $from = $s->recv(my $buf, 2048); next unless defined $from;
			my ($p, $a) = sockaddr_in($from);
			open(my $f, ">>", $out); print $f inet_ntoa($a) . ":$p $buf\n"; close($f); }' \
		"$2" "$3" "$4"
	wait_until 10 test -e "$3.bound"
}

# ---------------------------------------------------------------------------------------------
# PPP
# ---------------------------------------------------------------------------------------------
# ppp_wait_up SIDE [SECONDS]: waits (default 20 s) until a ppp interface in SIDE has an IPv4
# address; sets PPP_IF, PPP_LOCAL, PPP_PEER. Returns 1 on timeout.
ppp_wait_up() {
	wait_until "${2:-20}" lib_ppp_addr "$1" || return 1
	lib_ppp_addr "$1"
	read -r PPP_IF PPP_LOCAL PPP_PEER < "$G/.ppp-addr"
}
lib_ppp_addr() {
	local ifc
	ifc=$(in_side "$1" ip -o link show type ppp 2>/dev/null | awk -F': ' '{ sub(/@.*/, "", $2); print $2; exit }')
	[ -n "$ifc" ] || return 1
	in_side "$1" ip -o -4 addr show dev "$ifc" 2>/dev/null |
		awk '{ split($4, a, "/"); p = ""; if ($5 == "peer") { split($6, b, "/"); p = b[1] }
			print $2, a[1], p; exit }' > "$G/.ppp-addr"
	[ -s "$G/.ppp-addr" ]
}

# ping_ok SIDE TARGET [COUNT]: COUNT (default 3) busybox pings, all must be answered. Output in
# $L/ping-SIDE-TARGET.txt.
ping_ok() {
	in_side "$1" busybox ping -c "${3:-3}" -i 0.2 -W 2 "$2" > "$L/ping-$1-$2.txt" 2>&1 &&
		grep -q " ${3:-3} packets received" "$L/ping-$1-$2.txt"
}

# in_service_after T0_US [TIMEOUT_S]: waits (30 s by default) until one ping from cli through
# the tunnel (10.10.0.1, the LNS's PPP address) answers and prints the microseconds since T0_US
# ("back in service", as bench/guest-bench.sh's back_after measures it); nothing on timeout.
in_service_after() {
	wait_until "${2:-30}" in_side cli busybox ping -c 1 -W 1 10.10.0.1 && echo $(($(now_us) - $1))
}

# check_in_service T0_US FIGURE WHAT: in_service_after T0_US, logged as "figure: FIGURE=<s>",
# and a check (named after WHAT) that it came within 10 s: a generous bound on a busy machine.
check_in_service() {
	local back
	back=$(in_service_after "$1")
	log "figure: $2=$(us_to_s "${back:-0}")"
	check "$3: back in service (a ping answers) within 10 s" test "${back:-99999999}" -le 10000000
}

# ---------------------------------------------------------------------------------------------
# Residue (what a disconnect must leave behind: nothing)
# ---------------------------------------------------------------------------------------------
# check_residue [SIDE] [NAME_REGEX]: asserts, for SIDE (default cli): no xfrm state, no xfrm
# policy, no pppd process, no ppp interface, empty /proc/net/pppol2tp, and - if a charon runs
# in SIDE - no connection, SA or shared key whose name matches NAME_REGEX (default "l2tpc").
check_residue() {
	local side=${1:-cli} re=${2:-l2tpc}
	check "residue ($side): no xfrm state" lib_empty in_side "$side" ip xfrm state
	check "residue ($side): no xfrm policy (per-socket IKE bypass policies aside)" \
		lib_empty xfrm_policies "$side"
	check "residue ($side): no pppd process" lib_empty side_pids "$side" pppd
	check "residue ($side): no ppp interface" lib_empty in_side "$side" ip -o link show type ppp
	check "residue ($side): /proc/net/pppol2tp lists no tunnel or session" \
		lib_empty lib_pppol2tp_entries "$side"
	if [ -n "$(side_pids "$side" charon)" ]; then
		check "residue ($side): charon has no connection named like /$re/" \
			lib_no_match "$re" in_side "$side" swanctl --list-conns
		check "residue ($side): charon has no SA named like /$re/" \
			lib_no_match "$re" in_side "$side" swanctl --list-sas
	fi
}
# xfrm_policies SIDE: the side's xfrm policies, without charon's per-socket bypass entries.
xfrm_policies() {
	in_side "$1" ip xfrm policy | awk '
		/^[^ \t]/ { if (b != "" && b !~ /socket (in|out)/) printf "%s", b; b = "" }
		{ b = b $0 "\n" }
		END { if (b != "" && b !~ /socket (in|out)/) printf "%s", b }'
}
lib_empty() {
	local out
	out=$("$@" 2>&1) || { echo "$out"; return 1; }
	[ -z "$out" ] || { echo "$out"; return 1; }
}
lib_no_match() {
	local re=$1 out
	shift
	out=$("$@" 2>&1) || { echo "$out"; return 1; }
	echo "$out"
	! grep -Eq "$re" <<< "$out"
}
lib_pppol2tp_entries() {
	# Entries are "TUNNEL '<name>'..." and "  SESSION '<name>'..."; the header has no quote.
	in_side "$1" cat /proc/net/pppol2tp 2>/dev/null | grep -E "^(TUNNEL|  SESSION) '"
	return 0
}

# The reference server and the test PKI live in lib-server.sh (sourced here: scenarios source
# lib.sh only).
. "$GUEST_LIB_DIR/lib-server.sh"
