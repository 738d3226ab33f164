#!/bin/bash
# nm-private-files: CVE-2025-9615. A connection restricted to one user (connection.permissions
# user:nobody) names its certificate files; nm-l2tpc-service (root) must read them as that user.
# First the key is a root-only file: the connection is refused before anything is sent, and the
# service's sentence names the setting, the file, the user and the reason. Then the same key,
# readable by nobody: the connection comes up and pings. The .name file declares
# supports-safe-private-file-access=true.
#
#   netns cli (192.0.2.2)                            netns srv (192.0.2.1)
#   +-------------------------------------+   veth   +--------------------------------+
#   | NetworkManager, connection "private"|==========| reference server (X.509,       |
#   |  permissions user:nobody            |  ESP     |  MS-CHAPv2) 10.10.0.1          |
#   |  /tmp/root-only/key.pem  (0600 root)|          |                                |
#   |  /tmp/user-files/*  (owned by nobody)          |                                |
#   +-------------------------------------+          +--------------------------------+
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"

NM_USER=nobody
load_modules
require "test PKI generated" pki_make
SRV_AUTH=cert
require "topology srv <-> cli" topo_direct
require "reference server up (X.509 responder, guard, xl2tpd LNS, $LNS_AUTH)" srv_start srv
require "side cli" side_start cli
# NetworkManager shows (and activates) a private connection only while its user has a session:
# logind's record of one, in cli's private /run, stands in for a login.
uid=$(id -u "$NM_USER")
in_cli sh -c "mkdir -p /run/systemd/seats /run/systemd/sessions /run/systemd/users &&
	printf 'NAME=$NM_USER\nSTATE=active\nSESSIONS=c1\nONLINE_SESSIONS=c1\nACTIVE_SESSIONS=c1\n' \
		> /run/systemd/users/$uid"
require "NetworkManager up on a private system bus in cli" nm_start cli
check "the .name file declares supports-safe-private-file-access=true" \
	in_cli grep -qx 'supports-safe-private-file-access=true' /etc/NetworkManager/VPN/nm-l2tpc-service.name

# The files: a root-only copy of the key, and copies the user owns.
mkdir -p /tmp/root-only /tmp/user-files
chmod 700 /tmp/root-only
cp "$PKI_CLIENT_KEY" /tmp/root-only/key.pem
chmod 600 /tmp/root-only/key.pem
cp "$PKI_CLIENT_CERT" /tmp/user-files/cert.pem
cp "$PKI_CA" /tmp/user-files/ca.pem
cp "$PKI_CLIENT_KEY" /tmp/user-files/key.pem
chown -R "$NM_USER" /tmp/user-files
chmod 700 /tmp/user-files
chmod 600 /tmp/user-files/*

data="gateway=$SRV_IP, user=$LNS_USER, ipsec-enabled=yes, machine-auth-type=tls"
data="$data, machine-ca=/tmp/user-files/ca.pem, machine-cert=/tmp/user-files/cert.pem"
# (the server's certificate names no address: no check of the gateway's name against it)
data="$data, ipsec-check-server-name=no, machine-certpass-flags=4"
data="$data, refuse-pap=yes, refuse-eap=yes, password-flags=2"
check "nmcli: add a connection for $NM_USER only, its key root-only" \
	nmc cli connection add type vpn con-name private vpn-type l2tpc \
	connection.permissions "user:$NM_USER" ipv4.never-default yes \
	vpn.data "$data, machine-key=/tmp/root-only/key.pem"
printf 'vpn.secrets.password:%s\n' "$LNS_PASSWORD" > "$G/cli/passwd"
chmod 600 "$G/cli/passwd"

mark=$(wc -l < "$L/nm-cli.log")
save nm-up-root-only nmc cli connection up private passwd-file "$G/cli/passwd"
check "nmcli: the connection with a root-only key fails" \
	lib_not grep -q 'successfully activated' "$L/nm-up-root-only.txt"
refused() {
	tail -n "+$mark" "$L/nm-cli.log" | grep -F "machine-key /tmp/root-only/key.pem cannot be read by $NM_USER, the user the connection 'private' is restricted to (Permission denied)"
}
check "service: the sentence names the setting, the file, the user and the reason" \
	wait_until 10 refused
check "service: nothing was sent to the server (no charon started)" lib_empty side_pids cli charon
check "client: no ppp interface" lib_empty in_cli ip -o link show type ppp

check "nmcli: point machine-key at the copy $NM_USER owns" \
	nmc cli connection modify private vpn.data "$data, machine-key=/tmp/user-files/key.pem"
check "the user's key is still unreadable for other users" \
	lib_not setpriv --reuid=daemon --regid=daemon --clear-groups cat /tmp/user-files/key.pem
check "nmcli: the connection with files $NM_USER can read comes up" \
	nmc cli connection up private passwd-file "$G/cli/passwd"
require "client: ppp interface up with an address" ppp_wait_up cli 5
check "service: read the files as $NM_USER" \
	grep -q "private: read machine-key /tmp/user-files/key.pem as $NM_USER" "$L/nm-cli.log"
check "client: ping 10.10.0.1 through the tunnel (3/3)" ping_ok cli 10.10.0.1 3
check "nmcli: connection down" nmc cli connection down private
check "client: nm-l2tpc-service exits" wait_until 30 lib_empty side_pids cli nm-l2tpc-servic
check_residue cli l2tpc
finish
