// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libnm's disconnect (and its failure(), which disconnects) signals CONNECT_FAILED while the
 * service is starting, and NetworkManager keeps the last failure it hears: so the reason goes out
 * again from the STOPPING transition, which libnm signals before it tells NetworkManager about
 * the state. It also goes out first: a service that quits at once can lose the signals after the
 * first one (NetworkManager then sees its bus name vanish), and the first must not be libnm's
 * CONNECT_FAILED. A wrong password is thus login-failed, connect-failed, login-failed.
 */
#include "nm-l2tpc-fail.h"

static void nm_l2tpc_fail_on_state(NMVpnServicePlugin *plugin, guint state, gpointer ud)
{
	int *pending = ud;
	int reason = *pending;

	if (state != NM_VPN_SERVICE_STATE_STOPPING || reason < 0)
		return;
	*pending = -1;
	/* Emits the reason; its own disconnect finds the plugin stopping and does nothing. */
	nm_vpn_service_plugin_failure(plugin, reason);
}

void nm_l2tpc_fail(NMVpnServicePlugin *plugin, NMVpnPluginFailure reason)
{
	int pending = reason;
	gulong id;

	if (reason == NM_VPN_PLUGIN_FAILURE_CONNECT_FAILED) {
		nm_vpn_service_plugin_disconnect(plugin, NULL);
		return;
	}
	id = g_signal_connect(plugin, "state-changed", G_CALLBACK(nm_l2tpc_fail_on_state),
			      &pending);
	nm_vpn_service_plugin_failure(plugin, reason);
	g_signal_handler_disconnect(plugin, id);
}
