// SPDX-License-Identifier: GPL-2.0-or-later
/* engine-l2tp: the UDP socket and the L2TP tunnel of one connection. */
#include <arpa/inet.h>
#include <errno.h>

#include "conn-plan.h"
#include "engine-l2tp.h"
#include "l2tp-udp.h"
#include "l2tpc-i18n.h"
#include "profile.h"

struct engine_l2tp {
	const struct l2tpc_profile *profile;
	struct net_addr gw;
	engine_event_fn report;
	void *ud;
	struct l2tp_udp *udp;
	struct l2tp_io io;
	struct l2tp_tunnel *tunnel;
	bool open;
	gint64 icrq_sent_us, icrp_seen_us;
};

static void tunnel_on_up(struct l2tp_tunnel *t, uint16_t local_id, uint16_t peer_id, void *ud)
{
	struct engine_l2tp *l = ud;

	struct engine_event ev = { .type = ENGINE_EV_TUNNEL_UP,
				   .tunnel_ids = { local_id, peer_id } };

	l->report(&ev, l->ud);
}

static void tunnel_on_session_up(struct l2tp_tunnel *t, const struct l2tp_session_info *info,
				 void *ud)
{
	struct engine_l2tp *l = ud;
	struct engine_event ev = { .type = ENGINE_EV_SESSION_UP, .session = info };

	l->icrp_seen_us = g_get_monotonic_time();
	l->report(&ev, l->ud);
}

static void tunnel_on_closed(struct l2tp_tunnel *t, const struct l2tpc_failure *f, void *ud)
{
	struct engine_l2tp *l = ud;

	l->open = false;
	engine_event_report(l->report, l->ud, ENGINE_EV_TUNNEL_CLOSED, f);
}

static const struct l2tp_tunnel_events tunnel_events = {
	.tunnel_up = tunnel_on_up,
	.session_up = tunnel_on_session_up,
	.closed = tunnel_on_closed,
};

static void udp_received(const uint8_t *pkt, size_t len, void *ud)
{
	struct engine_l2tp *l = ud;

	if (l->tunnel)
		l2tp_tunnel_receive(l->tunnel, pkt, len);
}

struct engine_l2tp *engine_l2tp_new(const struct l2tpc_profile *profile, const struct net_addr *gw,
				    bool ephemeral_port, engine_event_fn report, void *ud,
				    struct l2tpc_failure *f)
{
	struct engine_l2tp *l = g_new0(struct engine_l2tp, 1);
	struct sockaddr_storage peer = gw->ss;

	l->profile = profile;
	l->gw = *gw;
	l->report = report;
	l->ud = ud;
	/* RFC 2661 8.1: the LNS listens on 1701; SCCRP may come from elsewhere. */
	if (peer.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&peer)->sin6_port = htons(L2TP_UDP_PORT);
	else
		((struct sockaddr_in *)&peer)->sin_port = htons(L2TP_UDP_PORT);
	l->udp = l2tp_udp_new((struct sockaddr *)&peer, gw->len,
			      !profile->ephemeral_port && !ephemeral_port, profile->ipsec_enabled,
			      f);
	if (!l->udp) {
		g_free(l);
		return NULL;
	}
	return l;
}

void engine_l2tp_free(struct engine_l2tp *l)
{
	if (!l)
		return;
	l2tp_tunnel_free(l->tunnel);
	l2tp_udp_free(l->udp);
	g_free(l);
}

int engine_l2tp_start(struct engine_l2tp *l, struct l2tpc_failure *f)
{
	struct conn_plan_env env = { .gateway_addr = l->gw.text };
	struct l2tp_tunnel_config tc = { 0 };
	struct l2tp_session_config sc = { 0 };

	conn_plan_l2tp(l->profile, &env, &tc, &sc);
	l2tp_udp_io_init(l->udp, &l->io);
	l->tunnel = l2tp_tunnel_new(&tc, &l->io, &tunnel_events, l);
	l2tp_udp_set_receiver(l->udp, udp_received, l);
	l->open = true; /* before: a send that fails at once closes the tunnel from inside */
	if (l2tp_tunnel_start(l->tunnel) < 0) {
		l->open = false;
		l2tpc_failure_set(f, L2TPC_FAILURE_INTERNAL,
				  _("Starting the L2TP tunnel failed: run with --log-level debug "
				    "and report the log."));
		return -EIO;
	}
	return 0;
}

int engine_l2tp_start_session(struct engine_l2tp *l, struct l2tpc_failure *f)
{
	struct conn_plan_env env = { .gateway_addr = l->gw.text };
	struct l2tp_tunnel_config tc = { 0 };
	struct l2tp_session_config sc = { 0 };

	conn_plan_l2tp(l->profile, &env, &tc, &sc);
	l->icrq_sent_us = g_get_monotonic_time();
	if (l2tp_tunnel_start_session(l->tunnel, &sc) < 0) {
		l2tpc_failure_set(f, L2TPC_FAILURE_INTERNAL,
				  _("Starting the L2TP session failed: run with --log-level debug "
				    "and report the log."));
		return -EIO;
	}
	return 0;
}

void engine_l2tp_stop(struct engine_l2tp *l)
{
	l2tp_tunnel_stop(l->tunnel);
}

void engine_l2tp_drop(struct engine_l2tp *l)
{
	l2tp_tunnel_drop(l->tunnel);
}

bool engine_l2tp_open(const struct engine_l2tp *l)
{
	return l && l->open;
}

struct l2tp_udp *engine_l2tp_udp(const struct engine_l2tp *l)
{
	return l->udp;
}

struct l2tp_tunnel *engine_l2tp_tunnel(const struct engine_l2tp *l)
{
	return l->tunnel;
}

uint16_t engine_l2tp_local_port(const struct engine_l2tp *l)
{
	return l2tp_udp_local_port(l->udp);
}

gint64 engine_l2tp_call_rtt_us(const struct engine_l2tp *l)
{
	if (!l || !l->icrq_sent_us || l->icrp_seen_us <= l->icrq_sent_us)
		return 0;
	return l->icrp_seen_us - l->icrq_sent_us;
}
