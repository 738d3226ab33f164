#!/bin/sh
# check-cli-output L2TPC: the whole stdout+stderr and the exit status of the l2tpc command on
# what needs no daemons: usage errors (each one "l2tpc: error:" line), --help of each command,
# a misspelt profile key ("did you mean"), and, as an unprivileged user, an unreadable profile
# (check its permissions) and each command that needs root (exit 12, the system class).
# Runs as root (then drops to nobody for the unprivileged cases) or as any other user.
set -u
l2tpc=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
export LC_ALL=C.UTF-8 LANGUAGE=
unset L2TPC_LOCALEDIR
fails=0
n=0

if [ "$(id -u)" = 0 ]; then
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	as_user() { "$@"; }
fi

# check NAME WANT_RC ARGS... ; the expected output is on stdin
check() {
	name=$1 want_rc=$2
	shift 2
	n=$((n + 1))
	cat > "$dir/want"
	"$@" > "$dir/got" 2>&1 < /dev/null
	rc=$?
	if [ "$rc" -eq "$want_rc" ] && cmp -s "$dir/want" "$dir/got"; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name: exit $rc (want $want_rc)"
		diff -u "$dir/want" "$dir/got" | sed 's/^/# /'
		fails=$((fails + 1))
	fi
}

printf '[connection]\nid=office\n[vpn]\ngateway=192.0.2.1\nuser=u\nipsec-enabeld=yes\n' \
	> "$dir/office.conf"
chmod 644 "$dir/office.conf"
cp "$dir/office.conf" "$dir/secret.conf"
chmod 000 "$dir/secret.conf"

echo "1..16"
check "no command" 2 "$l2tpc" <<END
Usage: l2tpc COMMAND [ARGS]

Commands:
  up PROFILE [OPTIONS]   connect; stays in the foreground until Ctrl-C or 'down'
      --secrets-fd N       read missing secrets (key=value lines) from fd N
      --default-route      send all traffic through the tunnel
      --dataplane KIND     auto, netlink, legacy or userspace
      --rundir DIR         runtime directory (default /run/l2tpc)
      -v, --verbose        log progress details
      --log-level LEVEL    error, warn, info, debug or trace
  down NAME | --all      disconnect one or every running connection
  status                 list connections
  probe GATEWAY          find the IKEv1 proposals a server accepts
  doctor                 check what a connection needs on this machine
  version                print the version

PROFILE is a keyfile (see 'man 5 l2tpc.conf') or a name in /etc/l2tpc/.
l2tpc: error: Name a command: run 'l2tpc help' for the list.
END
check "unknown command" 2 "$l2tpc" frobnicate <<END
l2tpc: error: unknown command 'frobnicate': run 'l2tpc help' for the list.
END
check "up without a profile" 2 "$l2tpc" up <<END
l2tpc: error: l2tpc up: name exactly one profile: run 'l2tpc up PROFILE [--secrets-fd N]'.
END
check "up with an unknown option" 2 "$l2tpc" up --bogus x <<END
l2tpc: error: l2tpc up: Unknown option --bogus: run 'l2tpc up PROFILE [--secrets-fd N]'.
END
check "up --log-level" 2 "$l2tpc" up --log-level loud x <<END
l2tpc: error: l2tpc up: --log-level loud is not a level: use error, warn, info, debug or trace.
END
check "up --dataplane" 2 "$l2tpc" up --dataplane fast x <<END
l2tpc: error: l2tpc up: --dataplane fast is not known: use auto, netlink, legacy or userspace.
END
check "down without a name" 2 "$l2tpc" down --rundir "$dir" <<END
l2tpc: error: l2tpc down: name one connection or --all: run 'l2tpc status' for the names.
END
check "status with an unknown option" 2 "$l2tpc" status --bogus <<END
l2tpc: error: l2tpc status: Unknown option --bogus: run 'l2tpc status --help'.
END
check "probe without a gateway" 2 "$l2tpc" probe <<END
l2tpc: error: l2tpc probe: name exactly one gateway or one profile: run 'l2tpc probe GATEWAY' or 'l2tpc probe --profile NAME [--secrets-fd N]'.
END
check "up --help" 0 "$l2tpc" up --help <<END
Usage:
  l2tpc up [OPTION…] PROFILE

Help Options:
  -h, --help             Show help options

Application Options:
  --secrets-fd=N         Read secrets from fd N
  --default-route        Route all traffic through the tunnel
  --persistent           Reconnect by itself when the connection is lost (profile key persistent)
  --dataplane=KIND       auto, netlink, legacy or userspace
  --rundir=DIR           Runtime directory
  --log-level=LEVEL      Log level
  --pppd-plugin=PATH     Path of l2tpc-pppd-plugin.so (default: pppd's plugin directory)
  -v, --verbose          Log progress details

END
check "down --help" 0 "$l2tpc" down --help <<END
Usage:
  l2tpc down [OPTION…] NAME | --all

Help Options:
  -h, --help       Show help options

Application Options:
  --rundir=DIR     Runtime directory
  --all            Disconnect every running connection

END
check "status --help" 0 "$l2tpc" status --help <<END
Usage:
  l2tpc status [OPTION…]

Help Options:
  -h, --help       Show help options

Application Options:
  --rundir=DIR     Runtime directory

END
check "non-root up, misspelt key" 12 as_user "$l2tpc" up "$dir/office.conf" <<END
l2tpc: warning: Unknown key ipsec-enabeld in [vpn] is ignored; if you meant ipsec-enabled, correct its name.
l2tpc: error: 'l2tpc up' needs root: run it with sudo.
END
check "non-root up, unreadable profile" 2 as_user "$l2tpc" up "$dir/secret.conf" <<END
l2tpc: error: Cannot read $dir/secret.conf: Permission denied; check its permissions (profiles with secrets are readable by root only: run l2tpc as root).
END
check "non-root down" 12 as_user "$l2tpc" down office <<END
l2tpc: error: 'l2tpc down' needs root: run it with sudo.
END
check "non-root probe" 12 as_user "$l2tpc" probe 192.0.2.1 <<END
l2tpc: error: 'l2tpc probe' needs root: run it with sudo.
END
exit $((fails > 0))
