#!/bin/bash
# NetworkManager in a guest side, for the nm-* scenarios. Source it after lib.sh:
#	. "$(dirname "$0")/../nm-lib.sh"
# nm_start SIDE gives SIDE (see side_start) a private system bus and a real NetworkManager that
# knows the l2tpc VPN type from the build tree:
#   - tmpfs over /etc/NetworkManager and /var/lib/NetworkManager (the guest root is read-only);
#     /etc/NetworkManager/VPN gets a .name file whose program= is a wrapper that runs
#     $L2TPC_BUILD_DIR/nm-plugin/nm-l2tpc-service with the build's pppd plugin, and whose
#     [libnm] plugin= is the build's libnm-vpn-plugin-l2tpc.so (nmcli import needs it) and
#     whose auth-dialog= is the build's (nmcli --ask runs it in external-UI mode for the labels);
#   - dbus-daemon --system with the distribution's system.conf plus dbus/nm-l2tpc-service.conf
#     from the source tree (so the scenarios test the policy we install);
#   - NetworkManager --debug (foreground, log on stderr: $L/nm-SIDE.log), managing VPN
#     connections and one dummy interface only: the base connection a VPN needs ("base").
# With NM_INSTALLED=1 (package-installed), NetworkManager and the bus use only the installed
# files instead: the .name file in /usr/lib/NetworkManager/VPN and the policy in
# /usr/share/dbus-1/system.d that the packages put there.
# nmc SIDE ARGS... runs nmcli in SIDE (never a pager, waits at most 60 s); nm_ask answers the
# prompts of `nmcli --ask`.

NM_SERVICE=$L2TPC_BUILD_DIR/nm-plugin/nm-l2tpc-service
NM_LIBNM_PLUGIN=$L2TPC_BUILD_DIR/gui/libnm-vpn-plugin-l2tpc.so
NM_PPPD_PLUGIN=$L2TPC_BUILD_DIR/client/pppd-plugin/l2tpc-pppd-plugin.so
NM_AUTH_DIALOG=$L2TPC_BUILD_DIR/nm-plugin/nm-l2tpc-auth-dialog

nm_start() {
	local side=$1 d=$G/$1/nm
	mkdir -p "$d/VPN" "$d/connections"
	chmod 700 "$d" "$d/connections"
	cat > "$d/nm-l2tpc-service" <<-EOF
	#!/bin/sh
	exec $NM_SERVICE --pppd-plugin $NM_PPPD_PLUGIN --log-level info "\$@"
	EOF
	chmod 755 "$d/nm-l2tpc-service"
	sed -e "s|^program=.*|program=$d/nm-l2tpc-service|" \
		-e "s|^plugin=.*|plugin=$NM_LIBNM_PLUGIN|" \
		-e "s|^auth-dialog=.*|auth-dialog=$NM_AUTH_DIALOG|" \
		"$L2TPC_BUILD_DIR/dbus/nm-l2tpc-service.name" > "$d/VPN/nm-l2tpc-service.name"
	local policy="<include>$L2TPC_SOURCE_DIR/dbus/nm-l2tpc-service.conf</include>"
	if [ "${NM_INSTALLED:-0}" = 1 ]; then
		policy=""
		rm "$d/VPN/nm-l2tpc-service.name"
	fi
	cat > "$d/system.conf" <<-EOF
	<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
	 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
	<busconfig>
		<include>/usr/share/dbus-1/system.conf</include>
		$policy
	</busconfig>
	EOF
	cat > "$d/NetworkManager.conf" <<-EOF
	[main]
	plugins=keyfile
	auth-polkit=false
	dns=none
	rc-manager=unmanaged
	[keyfile]
	path=$d/connections
	unmanaged-devices=*,except:type:vpn,except:type:dummy
	[logging]
	level=INFO
	domains=VPN_PLUGIN:DEBUG,VPN:DEBUG
	EOF
	in_side "$side" sh -c "mount -t tmpfs -o mode=755 tmpfs /etc/NetworkManager &&
		mkdir /etc/NetworkManager/VPN /etc/NetworkManager/conf.d &&
		cp $d/VPN/. /etc/NetworkManager/VPN/ -r &&
		mount -t tmpfs -o mode=755 tmpfs /var/lib/NetworkManager &&
		mkdir -p /run/dbus" || return 1
	in_side "$side" dbus-daemon --config-file="$d/system.conf" --fork --nopidfile \
		> "$L/dbus-$side.log" 2>&1 || return 1
	bg_in_side "$side" "nm-$side" NetworkManager --debug --config="$d/NetworkManager.conf"
	NM_PID=$BG_PID
	wait_until 20 nm_running "$side" || { log "NetworkManager in $side did not start"; return 1; }
	# A VPN needs a base connection to sit on: a dummy interface with a default route stands
	# in for the LAN (the veth stays unmanaged, so NetworkManager never touches the topology).
	modprobe -q dummy
	nmc "$side" connection add type dummy ifname nmbase0 con-name base autoconnect no \
		ipv4.method manual ipv4.addresses 198.51.100.2/24 ipv4.gateway 198.51.100.1 \
		ipv6.method disabled > "$L/nm-base-$side.log" 2>&1 &&
		nmc "$side" connection up base >> "$L/nm-base-$side.log" 2>&1 ||
		{ log "the base connection did not come up (see nm-base-$side.log)"; return 1; }
}

nm_running() { in_side "$1" nmcli -t -f RUNNING general status 2>/dev/null | grep -q running; }

# nm_testbed: the usual testbed of an nm-* scenario: the kernel modules, srv <-> cli, the
# reference server in srv (charon responder, guard, xl2tpd LNS) and NetworkManager in cli.
nm_testbed() {
	load_modules
	require "topology srv <-> cli" topo_direct
	require "reference server up (charon responder, guard, xl2tpd LNS, $LNS_AUTH)" srv_start srv
	require "side cli" side_start cli
	require "NetworkManager up on a private system bus in cli" nm_start cli
}

# nm_passwd_file [FILE [PASSWORD [PSK]]]: an nmcli passwd-file with the PPP password and the
# PSK (default: $G/cli/passwd, the reference server's user password and PSK), readable by its
# owner only from the moment it exists.
nm_passwd_file() {
	(umask 077 && printf 'vpn.secrets.password:%s\nvpn.secrets.ipsec-psk:%s\n' \
		"${2:-$LNS_PASSWORD}" "${3:-$SRV_PSK}" > "${1:-$G/cli/passwd}")
}

# nm_persistent_up [VPN.DATA...]: adds "office", a persistent l2tpc connection to the reference
# server with the given extra vpn.data items, brings it up with the secrets from a passwd file,
# and waits for its ppp address ($PPP_LOCAL). NetworkManager pins the VPN gateway to its base
# connection (the dummy nmbase0 that stands in for the LAN), while the real path is the
# unmanaged veth: on a real machine that route is the real path; here it would send a
# reconnect's IKE into the dummy, so it is removed.
nm_persistent_up() {
	local extra="" m
	[ $# -eq 0 ] || extra=$(printf ", %s" "$@")
	check "nmcli: add a persistent l2tpc connection" \
		nmc cli connection add type vpn con-name office vpn-type l2tpc ipv4.never-default yes \
		vpn.persistent yes \
		vpn.data "gateway=$SRV_IP, user=$LNS_USER, refuse-eap=yes, password-flags=2, ipsec-psk-flags=2$extra, persistent-backoff-max=2"
	nm_passwd_file
	check "nmcli: connection up" nmc cli connection up office passwd-file "$G/cli/passwd"
	require "client: ppp interface up with an address" ppp_wait_up cli 5
	for m in "" "metric 50"; do
		in_cli ip route del "$SRV_IP" via 198.51.100.1 dev nmbase0 $m 2> /dev/null
	done
}

# nm_ask SIDE NAME LINE...: `nmcli --ask connection up NAME` in SIDE, the LINEs typed at its
# prompts (one each, from a pipe: nmcli reads a line per prompt).
nm_ask() {
	local side=$1 name=$2
	shift 2
	in_side "$side" sh -c \
		'printf "%s\n" "$@" | PAGER=cat nmcli --ask --wait 60 connection up "$0"' "$name" "$@"
}

# nm_prompts SAVED LABEL: how often nmcli prompted for LABEL in $L/SAVED.txt (its prompts read
# "Password (vpn.secrets.password): ").
nm_prompts() { grep -o "^$2 (vpn.secrets" "$L/$1.txt" | wc -l; }

# nm_active NAME: NAME is an active connection in cli.
nm_active() { nmc cli -t -f NAME connection show --active | grep -qx "$1"; }

nmc() {
	local side=$1
	shift
	in_side "$side" env PAGER=cat nmcli --wait 60 "$@"
}
