// SPDX-License-Identifier: GPL-2.0-or-later
/* engine-routes: the gateway (one connection to it per machine, the host route to it) and the
 * optional default route via ppp. */
#include <errno.h>
#include <netinet/in.h>

#include "engine-routes.h"
#include "gateway-lock.h"
#include "l2tpc-i18n.h"
#include "l2tpc-log.h"

struct engine_routes {
	char *rundir, *name;
	bool default_route;
	struct net_addr gw;
	int lock_fd; /* gateway-lock.h; -1 when not held */
	struct net_route_set host, all;
};

struct engine_routes *engine_routes_new(const char *rundir, const char *name, bool default_route)
{
	struct engine_routes *r = g_new0(struct engine_routes, 1);

	r->rundir = g_strdup(rundir);
	r->name = g_strdup(name);
	r->default_route = default_route;
	r->lock_fd = -1;
	net_route_set_init(&r->host);
	net_route_set_init(&r->all);
	return r;
}

void engine_routes_free(struct engine_routes *r)
{
	if (!r)
		return;
	net_route_set_clear(&r->host);
	net_route_set_clear(&r->all);
	engine_routes_unlock(r);
	g_free(r->rundir);
	g_free(r->name);
	g_free(r);
}

int engine_routes_lock(struct engine_routes *r, const struct net_addr *gw, struct l2tpc_failure *f)
{
	g_autofree char *holder = NULL;
	int fd;

	r->gw = *gw;
	fd = gateway_lock_take(r->rundir, r->gw.text, r->name, &holder);

	if (fd == -EBUSY && holder) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("This machine is already connected to the gateway %s by %s, and a "
			  "gateway takes one L2TP/IPsec connection from each machine: "
			  "disconnect %s first."),
			r->gw.text, holder, holder);
		return fd;
	}
	if (fd == -EBUSY) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("This machine is already connected to the gateway %s by another "
			  "connection, and a gateway takes one L2TP/IPsec connection from "
			  "each machine: disconnect that one first."),
			r->gw.text);
		return fd;
	}
	if (fd < 0) {
		/* only a guard: the connection itself does not need it */
		l2tpc_warn("route", "cannot take the lock of gateway %s in %s: %s", r->gw.text,
			   r->rundir, g_strerror(-fd));
		return 0;
	}
	r->lock_fd = fd;
	return 0;
}

void engine_routes_unlock(struct engine_routes *r)
{
	gateway_lock_release(r->rundir, r->gw.text, r->lock_fd);
	r->lock_fd = -1;
}

int engine_routes_host(struct engine_routes *r, struct l2tpc_failure *f)
{
	struct net_route via, host;
	char buf[128];
	int ret;

	ret = net_route_get((struct sockaddr *)&r->gw.ss, &via);
	if (ret < 0) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_IPSEC_UNREACHABLE,
			_("There is no route to the VPN gateway %s (%s): check the network "
			  "connection."),
			r->gw.text, g_strerror(-ret));
		return ret;
	}
	net_route_host_via(&host, (struct sockaddr *)&r->gw.ss, &via);
	ret = net_route_set_add(&r->host, &host);
	if (ret < 0) {
		/* Not fatal: without --default-route the tunnel cannot swallow its own packets. */
		l2tpc_warn("route", "cannot pin the route to the gateway (%s): %s",
			   net_route_format(&host, buf, sizeof(buf)), g_strerror(-ret));
		return r->default_route ? ret : 0;
	}
	l2tpc_info("route", "gateway reached via %s", net_route_format(&host, buf, sizeof(buf)));
	return 0;
}

void engine_routes_host_undo(struct engine_routes *r)
{
	net_route_set_undo(&r->host);
}

bool engine_routes_host_route(const struct engine_routes *r, struct net_route *out)
{
	if (!r->host.added || r->host.added->len == 0)
		return false;
	*out = g_array_index(r->host.added, struct net_route, 0);
	return true;
}

int engine_routes_default(struct engine_routes *r, const char *ifname, struct l2tpc_failure *f)
{
	struct net_route halves[2];
	int ifindex = net_route_ifindex(ifname);
	int ret = ifindex;

	if (ifindex < 0)
		goto fail;
	net_route_default_halves(AF_INET, ifindex, halves);
	for (int i = 0; i < 2; i++) {
		ret = net_route_set_add(&r->all, &halves[i]);
		if (ret < 0)
			goto fail;
	}
	l2tpc_info("route", "default route through %s", ifname);
	return 0;
fail:
	l2tpc_failure_set(f, L2TPC_FAILURE_IP_CONFIG,
			  _("Routing all traffic through %s failed (%s): connect without "
			    "--default-route and add the routes you need."),
			  ifname, g_strerror(-ret));
	return ret;
}

void engine_routes_default_undo(struct engine_routes *r)
{
	net_route_set_undo(&r->all);
}

/*
 * Some LNSs give their end of the PPP link the gateway's own address. The kernel then adds a
 * host route to that address through ppp, and if it took the gateway's traffic, ESP would be
 * sent into the tunnel it carries and the connection would stall without a word. Like Windows,
 * we keep the gateway outside the tunnel: the host route pinned before IPsec is older and wins.
 * This checks that it did, and says so in one sentence if the gateway is now routed through ppp.
 */
int engine_routes_check_peer(struct engine_routes *r, const char *ifname,
			     const struct in_addr *peer, struct l2tpc_failure *f)
{
	const struct sockaddr_in *gw = (const struct sockaddr_in *)&r->gw.ss;
	struct net_route via;
	int ppp_index = net_route_ifindex(ifname);

	if (r->gw.ss.ss_family != AF_INET || peer->s_addr != gw->sin_addr.s_addr)
		return 0;
	if (net_route_get((const struct sockaddr *)&r->gw.ss, &via) == 0 &&
	    (ppp_index < 0 || via.oif != ppp_index)) {
		l2tpc_info("route",
			   "the server's end of the PPP link has the gateway's own address %s; "
			   "traffic to %s keeps going to the gateway outside the tunnel, as on "
			   "Windows",
			   r->gw.text, r->gw.text);
		return 0;
	}
	l2tpc_failure_set(f, L2TPC_FAILURE_IP_CONFIG,
			  _("The server %s gave its end of the PPP link the gateway's own address, "
			    "and the route to the gateway now leads into the tunnel itself, so the "
			    "connection cannot carry traffic; check that nothing removed the host "
			    "route to the gateway, or ask the server's administrator to give the "
			    "PPP link another address."),
			  r->gw.text);
	return -ELOOP;
}
