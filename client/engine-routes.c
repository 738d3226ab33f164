// SPDX-License-Identifier: GPL-2.0-or-later
/* engine-routes: the gateway (one connection to it per machine, the host route to it) and the
 * optional default route via ppp. */
#include <errno.h>
#include <netinet/in.h>

#include "engine-private.h"
#include "gateway-lock.h"
#include "l2tpc-i18n.h"
#include "l2tpc-log.h"
#include "profile.h"

int engine_gateway_lock(struct l2tpc_engine *e, struct l2tpc_failure *f)
{
	g_autofree char *holder = NULL;
	int fd = gateway_lock_take(e->opts.rundir, e->gw.text, e->profile->id, &holder);

	if (fd == -EBUSY && holder) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("This machine is already connected to the gateway %s by %s, and a "
			  "gateway takes one L2TP/IPsec connection from each machine: "
			  "disconnect %s first."),
			e->gw.text, holder, holder);
		return fd;
	}
	if (fd == -EBUSY) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("This machine is already connected to the gateway %s by another "
			  "connection, and a gateway takes one L2TP/IPsec connection from "
			  "each machine: disconnect that one first."),
			e->gw.text);
		return fd;
	}
	if (fd < 0) {
		/* only a guard: the connection itself does not need it */
		l2tpc_warn("route", "cannot take the lock of gateway %s in %s: %s", e->gw.text,
			   e->opts.rundir, g_strerror(-fd));
		return 0;
	}
	e->gw_lock_fd = fd;
	return 0;
}

void engine_gateway_unlock(struct l2tpc_engine *e)
{
	gateway_lock_release(e->opts.rundir, e->gw.text, e->gw_lock_fd);
	e->gw_lock_fd = -1;
}

int engine_routes_host(struct l2tpc_engine *e, struct l2tpc_failure *f)
{
	struct net_route via, host;
	char buf[128];
	int ret;

	ret = net_route_get((struct sockaddr *)&e->gw.ss, &via);
	if (ret < 0) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_IPSEC_UNREACHABLE,
			_("There is no route to the VPN gateway %s (%s): check the network "
			  "connection."),
			e->gw.text, g_strerror(-ret));
		return ret;
	}
	net_route_host_via(&host, (struct sockaddr *)&e->gw.ss, &via);
	ret = net_route_set_add(&e->routes_host, &host);
	if (ret < 0) {
		/* Not fatal: without --default-route the tunnel cannot swallow its own packets. */
		l2tpc_warn("route", "cannot pin the route to the gateway (%s): %s",
			   net_route_format(&host, buf, sizeof(buf)), g_strerror(-ret));
		return e->opts.default_route ? ret : 0;
	}
	l2tpc_info("route", "gateway reached via %s", net_route_format(&host, buf, sizeof(buf)));
	return 0;
}

void engine_routes_host_undo(struct l2tpc_engine *e)
{
	net_route_set_undo(&e->routes_host);
}

int engine_routes_default(struct l2tpc_engine *e, struct l2tpc_failure *f)
{
	struct net_route halves[2];
	int ifindex = net_route_ifindex(e->ip.ifname);
	int ret = ifindex;

	if (ifindex < 0)
		goto fail;
	net_route_default_halves(AF_INET, ifindex, halves);
	for (int i = 0; i < 2; i++) {
		ret = net_route_set_add(&e->routes_default, &halves[i]);
		if (ret < 0)
			goto fail;
	}
	l2tpc_info("route", "default route through %s", e->ip.ifname);
	return 0;
fail:
	l2tpc_failure_set(f, L2TPC_FAILURE_IP_CONFIG,
			  _("Routing all traffic through %s failed (%s): connect without "
			    "--default-route and add the routes you need."),
			  e->ip.ifname, g_strerror(-ret));
	return ret;
}

void engine_routes_default_undo(struct l2tpc_engine *e)
{
	net_route_set_undo(&e->routes_default);
}

/*
 * Some LNSs give their end of the PPP link the gateway's own address. The kernel then adds a
 * host route to that address through ppp, and if it took the gateway's traffic, ESP would be
 * sent into the tunnel it carries and the connection would stall without a word. Like Windows,
 * we keep the gateway outside the tunnel: the host route pinned before IPsec is older and wins.
 * This checks that it did, and says so in one sentence if the gateway is now routed through ppp.
 */
int engine_routes_check_peer(struct l2tpc_engine *e, const struct in_addr *peer,
			     struct l2tpc_failure *f)
{
	const struct sockaddr_in *gw = (const struct sockaddr_in *)&e->gw.ss;
	struct net_route via;
	int ppp_index = net_route_ifindex(e->ip.ifname);

	if (e->gw.ss.ss_family != AF_INET || peer->s_addr != gw->sin_addr.s_addr)
		return 0;
	if (net_route_get((const struct sockaddr *)&e->gw.ss, &via) == 0 &&
	    (ppp_index < 0 || via.oif != ppp_index)) {
		l2tpc_info("route",
			   "the server's end of the PPP link has the gateway's own address %s; "
			   "traffic to %s keeps going to the gateway outside the tunnel, as on "
			   "Windows",
			   e->gw.text, e->gw.text);
		return 0;
	}
	l2tpc_failure_set(f, L2TPC_FAILURE_IP_CONFIG,
			  _("The server %s gave its end of the PPP link the gateway's own address, "
			    "and the route to the gateway now leads into the tunnel itself, so the "
			    "connection cannot carry traffic; check that nothing removed the host "
			    "route to the gateway, or ask the server's administrator to give the "
			    "PPP link another address."),
			  e->gw.text);
	return -ELOOP;
}
