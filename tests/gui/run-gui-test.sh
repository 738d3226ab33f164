#!/bin/sh
# Runs one GUI test program in a private X server (Xvfb) so it works on a headless machine
# and never touches the user's display. The session is fixed so screenshots are comparable:
# X11 backend, software rendering, no accessibility bus, settings in memory.
set -eu
if ! command -v xvfb-run >/dev/null 2>&1; then
	echo "run-gui-test: xvfb-run is missing; install the xvfb and xauth packages" \
		"(tools/install-deps.sh)." >&2
	exit 1
fi
export GDK_BACKEND=x11
export GSK_RENDERER=cairo
export LIBGL_ALWAYS_SOFTWARE=1
export NO_AT_BRIDGE=1
export GTK_A11Y=none
export GSETTINGS_BACKEND=memory
export LANGUAGE=C
export LC_ALL=C.UTF-8
unset DISPLAY WAYLAND_DISPLAY G_MESSAGES_DEBUG
exec xvfb-run -a -s "-screen 0 1280x1600x24 -nolisten tcp" "$@"
