// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libnm's disconnect signals CONNECT_FAILED of its own when the plugin is STARTING, and
 * NetworkManager keeps the last failure it hears, so a reason sent from STARTING is overwritten.
 * The plugin therefore reports STARTED first: NetworkManager (1.42 and current) acts on STARTED
 * only when STARTING follows it, which never happens here; then the failure, which disconnects,
 * is the one and only failure signalled: STARTED, failure, STOPPING, STOPPED.
 */
#include "nm-l2tpc-fail.h"

void nm_l2tpc_fail(NMVpnServicePlugin *plugin, NMVpnPluginFailure reason)
{
	NMVpnServiceState state;

	g_object_get(plugin, NM_VPN_SERVICE_PLUGIN_STATE, &state, NULL);
	if (state == NM_VPN_SERVICE_STATE_STARTING)
		g_object_set(plugin, NM_VPN_SERVICE_PLUGIN_STATE, NM_VPN_SERVICE_STATE_STARTED,
			     NULL);
	nm_vpn_service_plugin_failure(plugin, reason);
}
