// SPDX-License-Identifier: GPL-2.0-or-later
/* engine-phase: the names of the phases an engine's owner sees (engine.h). */
#include <glib.h>

#include "engine.h"

const char *l2tpc_engine_phase_name(enum l2tpc_phase phase)
{
	static const char *const names[] = {
		[L2TPC_PHASE_IDLE] = "idle",
		[L2TPC_PHASE_RESOLVE] = "resolve",
		[L2TPC_PHASE_IPSEC] = "ipsec",
		[L2TPC_PHASE_L2TP_TUNNEL] = "l2tp-tunnel",
		[L2TPC_PHASE_L2TP_SESSION] = "l2tp-session",
		[L2TPC_PHASE_PPP_AUTH] = "ppp-auth",
		[L2TPC_PHASE_IP_CONFIG] = "ip-config",
		[L2TPC_PHASE_CONNECTED] = "connected",
		[L2TPC_PHASE_DISCONNECTING] = "disconnecting",
		[L2TPC_PHASE_DISCONNECTED] = "disconnected",
	};

	return (size_t)phase < G_N_ELEMENTS(names) ? names[phase] : "?";
}
