// SPDX-License-Identifier: GPL-2.0-or-later
/* engine-resolve: the gateway's address and ours, from client/net. */
#include "engine-resolve.h"
#include "net-local.h"

struct engine_resolve {
	engine_event_fn report;
	void *ud;
};

static void engine_resolve_done(const struct net_addr *addr, const struct l2tpc_failure *f,
				void *data)
{
	struct engine_resolve *r = data;
	struct engine_event ev = { .type = ENGINE_EV_RESOLVED, .gw = addr, .failure = f };

	r->report(&ev, r->ud);
	g_free(r);
}

void engine_resolve(const char *host, GCancellable *cancel, engine_event_fn report, void *ud)
{
	struct engine_resolve *r = g_new0(struct engine_resolve, 1);

	r->report = report;
	r->ud = ud;
	net_resolve(host, cancel, engine_resolve_done, r);
}

int engine_resolve_local(const struct net_addr *gw, struct net_addr *local, struct l2tpc_failure *f)
{
	return net_local_for(gw, local, f);
}
