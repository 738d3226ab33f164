/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * engine-routes: the engine's routing step. The gateway's lock (one connection to a gateway per
 * machine), the host route pinning the gateway outside the tunnel, and the optional default
 * route through ppp; each is undone by its own function, which does nothing when there is
 * nothing to undo. Private to client/engine/.
 */
#pragma once

#include <stdbool.h>
#include <netinet/in.h>

#include "net-resolve.h"
#include "l2tpc-failure.h"
#include "net-route.h"

struct engine_routes;

/** @rundir and @name are copied; @default_route: the CLI's --default-route (makes a host route
 * that cannot be pinned fatal). */
struct engine_routes *engine_routes_new(const char *rundir, const char *name, bool default_route);
/** Releases the lock and forgets the routes (without removing them: undo first). */
void engine_routes_free(struct engine_routes *r);

/** Takes the lock of gateway @gw (copied); a lock file that cannot be made is only warned about.
 */
int engine_routes_lock(struct engine_routes *r, const struct net_addr *gw, struct l2tpc_failure *f);
void engine_routes_unlock(struct engine_routes *r);

/** Pins the route the gateway is reached by now as a host route. */
int engine_routes_host(struct engine_routes *r, struct l2tpc_failure *f);
void engine_routes_host_undo(struct engine_routes *r);
/** The host route added (for the runtime record); false if none. */
bool engine_routes_host_route(const struct engine_routes *r, struct net_route *out);

/** Routes everything through @ifname (two halves of the default route). */
int engine_routes_default(struct engine_routes *r, const char *ifname, struct l2tpc_failure *f);
void engine_routes_default_undo(struct engine_routes *r);

/** The server's PPP address @peer is the gateway's: check the gateway stays outside the tunnel
 * @ifname. */
int engine_routes_check_peer(struct engine_routes *r, const char *ifname,
			     const struct in_addr *peer, struct l2tpc_failure *f);
