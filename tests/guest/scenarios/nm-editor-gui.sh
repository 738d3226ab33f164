#!/bin/bash
# nm-editor-gui: the real nm-connection-editor (Debian's network-manager-gnome) makes a new l2tpc
# connection as a user would. It runs under Xvfb in the client side, talks to the guest's
# NetworkManager and loads our libnm editor plugin the way it loads any VPN plugin: through the
# .name file nm-lib.sh installs in /etc/NetworkManager/VPN. xdotool types the gateway, the user
# and the connection name (through the mnemonics, Alt+G, Alt+U, Alt+N) and presses Save (Alt+S);
# nmcli then shows what was stored: IPsec on and PAP refused, though nobody touched either.
# A screenshot of the filled dialog is kept as nm-connection-editor.png.
#
#   netns cli
#   +--------------------------------------------------------------------------+
#   | Xvfb :7  <--  nm-connection-editor --create --type vpn:...l2tpc  <-- xdotool
#   |                 | libnm: /etc/NetworkManager/VPN/nm-l2tpc-service.name   |
#   |                 |   -> libnm-vpn-plugin-l2tpc.so -> ...-editor.so (GTK3) |
#   |                 v  D-Bus (private system bus)                            |
#   |               NetworkManager (keyfile) <-- nmcli -g vpn.data             |
#   +--------------------------------------------------------------------------+
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../nm-lib.sh"

SERVICE=org.freedesktop.NetworkManager.l2tpc
SHOT=$L2TPC_BUILD_DIR/tests/guest/x11-screenshot

# x COMMAND...: runs an X client in cli against the private Xvfb, with a session that
# never looks for a desktop: settings in memory, no accessibility bus, a writable font cache.
X_ENV=(env DISPLAY=:7 GDK_BACKEND=x11 GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 LANGUAGE=C
	LC_ALL=C.UTF-8 XDG_CACHE_HOME=$G/cli/cache)
x() { in_side cli "${X_ENV[@]}" "$@"; }
# editor_window: the id of the shown "Editing ..." dialog.
editor_window() { x xdotool search --onlyvisible --name '^Editing ' 2> /dev/null | head -n 1; }
editor_shown() { [ -n "$(editor_window)" ]; }

office_saved() { nmc cli -t -f NAME connection show | grep -qx office; }

require "nm-connection-editor, xdotool and Xvfb installed (tools/install-deps.sh)" \
	command -v nm-connection-editor xdotool Xvfb
require "x11-screenshot built (needs GTK3)" test -x "$SHOT"
load_modules
require "topology srv <-> cli" topo_direct
require "side cli" side_start cli
require "NetworkManager up on a private system bus in cli" nm_start cli
# The abstract socket only: the guest's /tmp is shared by both sides. -noreset: by default the
# server resets when its last client leaves, and a client that connects meanwhile (the editor,
# right after the readiness probe) is told "cannot open display".
bg_in_side cli xvfb Xvfb :7 -screen 0 1024x1300x24 -nolisten tcp -nolisten unix -noreset
require "Xvfb :7 up in cli" wait_until 20 x xdotool getdisplaygeometry

t0=$(now_us)
bg_in_side cli nm-connection-editor "${X_ENV[@]}" nm-connection-editor --create --type "vpn:$SERVICE"
require "nm-connection-editor shows a new VPN connection's dialog" wait_until 40 editor_shown
log "dialog up in $(us_to_s $(($(now_us) - t0))) s"
win=$(editor_window)
check "nm-connection-editor loaded our plugin (no 'cannot load' in its log)" \
	lib_not grep -q "vpn: .*$SERVICE.*\(cannot\|could not\|not found\)" "$L/nm-connection-editor.log"

# No window manager: give the dialog the keyboard, then type as a user would (XTEST events).
# Keys sent before the focus arrives are lost: wait for it (FocusIn), and for GTK to take it.
check "the dialog has the keyboard focus" timeout 15 "${X_ENV[@]}" nsenter -t "$(side_pid cli)" \
	-n -m -- xdotool windowfocus --sync "$win"
gsleep 1
x xdotool key alt+g type --delay 20 192.0.2.1
x xdotool key alt+u type --delay 20 alice
x xdotool key alt+n ctrl+a type --delay 20 office
gsleep 1
x "$SHOT" "$L/nm-connection-editor.png"
check "the screenshot of the filled dialog was saved" test -s "$L/nm-connection-editor.png"
x xdotool key alt+s
check "Save closes the dialog" wait_until 20 lib_not editor_shown

check "nmcli: the saved connection is there" wait_until 10 office_saved
save office-vpn nmc cli -g vpn.service-type,vpn.data connection show office
check "nmcli: its service type is ours" grep -q "$SERVICE" "$L/office-vpn.txt"
check "nmcli: gateway and user as typed" \
	lib_all_in "$L/office-vpn.txt" "gateway = 192.0.2.1" "user = alice"
check "nmcli: IPsec on, though nobody ticked it (ipsec-enabled = yes)" \
	grep -q "ipsec-enabled = yes" "$L/office-vpn.txt"
check "nmcli: PAP refused (refuse-pap = yes)" grep -q "refuse-pap = yes" "$L/office-vpn.txt"
check "nmcli: pre-shared key authentication, no certificate keys" \
	lib_all_in "$L/office-vpn.txt" "machine-auth-type = psk"
check "nmcli: no certificate key stored from the hidden rows" \
	lib_not grep -Eq "machine-(ca|cert|key) =" "$L/office-vpn.txt"
finish
