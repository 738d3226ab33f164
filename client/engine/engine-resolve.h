/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * engine-resolve: the engine's resolve step. The gateway's address (a name honouring the
 * address family the profile allows, or a numeric address), then the local address the kernel
 * would use to reach it, which IPsec needs as local_addrs and as the PSK owner. Private to
 * client/engine/.
 */
#pragma once

#include <gio/gio.h>

#include "engine-event.h"
#include "net-resolve.h"

/** Resolves @host; ENGINE_EV_RESOLVED follows once, always later from the main loop (also
 * after @cancel, then with a failure). */
void engine_resolve(const char *host, GCancellable *cancel, engine_event_fn report, void *ud);
/** Finds our source address towards @gw (no packet is sent); 0 or -errno with @f set. */
int engine_resolve_local(const struct net_addr *gw, struct net_addr *local,
			 struct l2tpc_failure *f);
