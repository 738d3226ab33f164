#!/bin/bash
# AppArmor in a QEMU guest (Debian's stock kernel has it built in and on by default), for the
# apparmor-* scenarios. Source it after lib.sh:
#	. "$GUEST_LIB_DIR/apparmor-lib.sh"
# aa_load [FILE]: mounts securityfs and loads charon's profile (default: the one Debian's
# strongswan-charon installs, /etc/apparmor.d/usr.lib.ipsec.charon) in enforce mode with the
# installed apparmor userspace. Load it after the reference server's charon is running: the
# profile attaches at exec to every /usr/lib/ipsec/charon, and the server's test configuration
# lives where the profile does not allow it (a desktop's charon is the client's only).
# aa_side SIDE: mounts securityfs in SIDE, as a desktop has it (`ip netns exec` gave the side a
# sysfs of its own without it); l2tpc reads the profile list there to name a denial.
# aa_warm_crypto: installs and removes one ESP SA with the algorithms of the default proposal,
# so the kernel instantiates (and self-tests) those crypto templates now: under TCG on a busy
# machine that took 20-30 s inside the first Quick Mode, past l2tpc's IPsec timeout.
# aa_testbed: the usual start of these scenarios (see its comment below).
# aa_denials: the kernel log's apparmor="DENIED" lines since the guest booted.
# aa_check_confined PID: the process runs under charon's profile in enforce mode.

AA_PROFILE_FILE=/etc/apparmor.d/usr.lib.ipsec.charon
AA_PROFILE=/usr/lib/ipsec/charon
AA_FS=/sys/kernel/security/apparmor

aa_load() {
	local file=${1:-$AA_PROFILE_FILE}
	[ "$L2TPC_GUEST" = qemu ] || skip "AppArmor needs the stock kernel (qemu-run.sh)"
	[ -r "$file" ] || skip "$file missing; install strongswan-charon"
	command -v apparmor_parser > /dev/null || skip "apparmor_parser missing; install apparmor"
	mountpoint -q /sys/kernel/security || mount -t securityfs securityfs /sys/kernel/security ||
		return 1
	[ -d "$AA_FS" ] || { log "this kernel has no AppArmor ($(cat /sys/kernel/security/lsm))"; return 1; }
	apparmor_parser -r -W "$file" > "$L/apparmor-load.log" 2>&1 || return 1
	cp "$AA_FS/profiles" "$L/apparmor-profiles.txt"
	grep -qxF "$AA_PROFILE (enforce)" "$AA_FS/profiles"
}

aa_warm_crypto() {
	local k=0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
	ip xfrm state add src 192.0.2.250 dst 192.0.2.251 proto esp spi 0x250 mode transport \
		enc 'cbc(aes)' "$k" auth-trunc 'hmac(sha256)' "$k" 128 || return 1
	ip xfrm state delete src 192.0.2.250 dst 192.0.2.251 proto esp spi 0x250
}

aa_side() { in_side "$1" mount -t securityfs securityfs /sys/kernel/security; }

# aa_testbed: the start of the scenarios that connect under charon's profile as Debian ships it,
# each step a requirement: kernel modules, aa_warm_crypto, topo_direct, the reference server
# (srv_start srv), aa_load, side cli and its securityfs (aa_side).
aa_testbed() {
	load_modules
	require "kernel: ESP crypto instantiated before the clock runs" aa_warm_crypto
	require "topology srv <-> cli" topo_direct
	require "reference server up (charon responder, guard, xl2tpd LNS, $LNS_AUTH)" srv_start srv
	require "AppArmor: Debian's charon profile loaded in enforce mode" aa_load
	require "side cli" side_start cli
	require "AppArmor: securityfs in cli" aa_side cli
}

aa_denials() { dmesg | grep 'apparmor="DENIED"'; }

aa_check_confined() {
	local label
	label=$(cat "/proc/$1/attr/current" 2> /dev/null)
	log "process $1 ($(cat "/proc/$1/comm" 2> /dev/null)) runs as: $label"
	[ "$label" = "$AA_PROFILE (enforce)" ]
}

# aa_check_no_denials: the check every apparmor-* scenario ends with (the lines go to the log).
aa_check_no_denials() {
	save apparmor-denials aa_denials
	check "kernel: no apparmor=\"DENIED\" line" [ ! -s "$L/apparmor-denials.txt" ]
}
