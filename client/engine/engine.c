// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * engine: the life of one connection, as one state machine.
 *
 * Each step lives in its own module and knows nothing of the engine: engine-resolve (the
 * gateway's address and ours), engine-routes (the gateway's lock, the host and default routes),
 * engine-ipsec (the SA), engine-l2tp (the UDP socket, tunnel and call), engine-dataplane (kernel
 * or userspace data path) and engine-ppp (pppd). A step is started from here and reports back
 * through a callback, which becomes one event of engine_dispatch(). Only engine_enter_state()
 * does what entering a state does, and only engine_undo[] says how a connection is undone.
 *
 *   state        on entry                              event          next
 *   IDLE                                               START          RESOLVING
 *   RESOLVING    probe the data path, resolve          RESOLVED       lock the gateway, find our
 *                                                                     address, pin the host route,
 *                                                                     open the L2TP socket: IPSEC,
 *                                                                     or (IPsec off) pppd early
 *                                                                     and TUNNEL
 *   IPSEC        bring the SA up                       INITIATING     pppd early (kernel path)
 *                                                      IPSEC_UP       bind the socket to the SA,
 *                                                                     SETTLED in 50 ms
 *                                                      SETTLED        TUNNEL
 *   TUNNEL       SCCRQ                                 TUNNEL_UP      SESSION
 *   SESSION      ICRQ                                  SESSION_UP     open the data path, start
 *                                                                     pppd or hand it the socket:
 *                                                                     PPP_AUTH
 *   PPP_AUTH                                           PPP_AUTH_OK    IP_CONFIG
 *                                                      PPP_UP         CONNECTED
 *                                                      TUNNEL_CLOSED  STOPPING, pppd says why
 *   IP_CONFIG                                          PPP_UP         CONNECTED
 *                                                      TUNNEL_CLOSED  STOPPING, pppd says why
 *   CONNECTED    check and add routes; ops->connected  PPP_UP         CONNECTED (again)
 *   any above                                          STOP           STOPPING
 *                                                      FAIL, IPSEC_LOST, TUNNEL_CLOSED, PPP_DOWN,
 *                                                      a failed IPSEC_UP or RESOLVED: STOPPING
 *                                                      with that failure as the cause
 *   STOPPING     ops->phase(DISCONNECTING); then engine_undo[], newest step first:
 *   STOP_RESOLVE   (the resolver was cancelled)        RESOLVED
 *   STOP_PPP       SIGTERM pppd                        PPP_DOWN
 *                  remove the default route
 *   STOP_TUNNEL    CDN, StopCCN                        TUNNEL_CLOSED
 *                  close the data path
 *   STOP_IPSEC_UP  (an IPsec up in flight lands)       IPSEC_UP
 *   STOP_IPSEC     block the socket, SA down, unload   IPSEC_DOWN
 *                  remove the host route, release the gateway's lock
 *   STOPPED      ops->phase(DISCONNECTED), ops->stopped(cause)
 *
 * Towards a server known dead or out of reach (l2tpc_engine_drop(), or a connection lost to
 * IPSEC_LOST, TUNNEL_CLOSED or pppd's LCP echo verdict) each undo is the step's drop: pppd's
 * Terminate-Request, the StopCCN and the IKE DELETE leave once and nothing waits for answers.
 *
 * A waiting row is entered only when its step has something up or in flight, and each undo
 * runs once. In teardown, failures are still recorded (the first one is the cause) and
 * progress events are ignored.
 */
#include <string.h>

#include "config.h"
#include "conn-plan.h"
#include "engine-dataplane.h"
#include "engine-event.h"
#include "engine-ipsec.h"
#include "engine-l2tp.h"
#include "engine-ppp.h"
#include "engine-resolve.h"
#include "engine-routes.h"
#include "engine.h"
#include "ipsec-conn.h"
#include "l2tpc-i18n.h"
#include "l2tpc-log.h"
#include "profile.h"

/*
 * The first SCCRQ waits this long once our SA is up. IKEv1's responder installs its SAs only
 * when the last Quick Mode message arrives, which is when our SCCRQ would arrive too: between
 * its inbound SA and its outbound policy (~40 ms in UML) the server takes the SCCRQ in but
 * cannot send its SCCRP, and xl2tpd ignores a repeated SCCRQ, so the connect waited for its 1 s
 * retransmission (bench/README.md). A real server's window is far shorter than this.
 */
#define ENGINE_SETTLE_MS 50

enum engine_state {
	ENGINE_IDLE,
	ENGINE_RESOLVING,
	ENGINE_IPSEC,
	ENGINE_TUNNEL,
	ENGINE_SESSION,
	ENGINE_PPP_AUTH,
	ENGINE_IP_CONFIG,
	ENGINE_CONNECTED,
	/* teardown (engine_undo[]); every state from here on reports DISCONNECTING */
	ENGINE_STOPPING,
	ENGINE_STOP_RESOLVE,
	ENGINE_STOP_PPP,
	ENGINE_STOP_TUNNEL,
	ENGINE_STOP_IPSEC_UP,
	ENGINE_STOP_IPSEC,
	ENGINE_STOPPED,
};

struct engine_undo;

struct l2tpc_engine {
	const struct l2tpc_profile *profile;
	struct l2tpc_engine_options opts; /* rundir owned */
	struct l2tpc_engine_ops ops;
	void *ud;
	char *ipsec_name;

	enum engine_state state;
	struct l2tpc_failure cause;	     /* why the connection ends; the first one wins ... */
	bool cause_provisional;		     /* ... unless it is only the server's hang-up */
	bool drop;			     /* the server is out of reach: undo without waiting */
	const char *stop_detail;	     /* the DISCONNECTING phase's detail */
	size_t undo_next;		     /* the next row of engine_undo[] */
	const struct engine_undo *undo_wait; /* the row whose step is being waited for */

	/* the steps */
	GCancellable *cancel;
	bool resolving;
	struct net_addr gw, local;
	struct engine_routes *routes;
	struct engine_ipsec *ipsec;
	guint settle_id; /* IPSEC_UP -> SETTLED */
	struct engine_l2tp *l2tp;
	struct engine_dataplane *dp;
	struct engine_ppp *ppp;
	uint16_t tunnel_ids[2];
	struct l2tpc_ip_config ip;
};

static void engine_dispatch(struct l2tpc_engine *e, const struct engine_event *ev);
static void engine_undo_next(struct l2tpc_engine *e);

/* Each state's name (for the debug log) and the phase the owner sees in it. */
static const struct {
	const char *name;
	enum l2tpc_phase phase;
} engine_states[] = {
	[ENGINE_IDLE] = { "idle", L2TPC_PHASE_IDLE },
	[ENGINE_RESOLVING] = { "resolving", L2TPC_PHASE_RESOLVE },
	[ENGINE_IPSEC] = { "ipsec", L2TPC_PHASE_IPSEC },
	[ENGINE_TUNNEL] = { "tunnel", L2TPC_PHASE_L2TP_TUNNEL },
	[ENGINE_SESSION] = { "session", L2TPC_PHASE_L2TP_SESSION },
	[ENGINE_PPP_AUTH] = { "ppp-auth", L2TPC_PHASE_PPP_AUTH },
	[ENGINE_IP_CONFIG] = { "ip-config", L2TPC_PHASE_IP_CONFIG },
	[ENGINE_CONNECTED] = { "connected", L2TPC_PHASE_CONNECTED },
	[ENGINE_STOPPING] = { "stopping", L2TPC_PHASE_DISCONNECTING },
	[ENGINE_STOP_RESOLVE] = { "stop-resolve", L2TPC_PHASE_DISCONNECTING },
	[ENGINE_STOP_PPP] = { "stop-ppp", L2TPC_PHASE_DISCONNECTING },
	[ENGINE_STOP_TUNNEL] = { "stop-tunnel", L2TPC_PHASE_DISCONNECTING },
	[ENGINE_STOP_IPSEC_UP] = { "stop-ipsec-up", L2TPC_PHASE_DISCONNECTING },
	[ENGINE_STOP_IPSEC] = { "stop-ipsec", L2TPC_PHASE_DISCONNECTING },
	[ENGINE_STOPPED] = { "stopped", L2TPC_PHASE_DISCONNECTED },
};

void l2tpc_engine_options_init(struct l2tpc_engine_options *o)
{
	*o = (struct l2tpc_engine_options){ .host_route = true, .dataplane = -1 };
}

static void engine_report_phase(struct l2tpc_engine *e, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void engine_report_phase(struct l2tpc_engine *e, const char *fmt, ...)
{
	enum l2tpc_phase phase = engine_states[e->state].phase;
	g_autofree char *detail = NULL;
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		detail = g_strdup_vprintf(fmt, ap);
		va_end(ap);
	}
	/* its own component, so a front end that shows phases itself can leave these out */
	l2tpc_info("phase", "%s%s%s", l2tpc_engine_phase_name(phase), detail ? ": " : "",
		   detail ? detail : "");
	if (e->ops.phase)
		e->ops.phase(e, phase, detail, e->ud);
}

/* ---------------------------------------------------------------- the cause */

/* Records why the connection ends: the first failure, unless that one is provisional. */
static void engine_cause(struct l2tpc_engine *e, const struct l2tpc_failure *f, bool provisional)
{
	if (!f || !l2tpc_failure_is_set(f))
		return;
	if (e->cause_provisional && !provisional) {
		l2tpc_failure_clear(&e->cause);
		e->cause_provisional = false;
	}
	if (l2tpc_failure_copy(&e->cause, f))
		e->cause_provisional = provisional;
}

static void engine_teardown(struct l2tpc_engine *e, const char *detail)
{
	e->stop_detail = detail;
	engine_dispatch(e, &(struct engine_event){ .type = ENGINE_EV_STOP });
}

/* Any step's failure: remember the first cause; before teardown, start it. */
static void engine_fail(struct l2tpc_engine *e, const struct l2tpc_failure *f)
{
	struct l2tpc_failure unknown = { 0 };

	if (!f || !l2tpc_failure_is_set(f)) {
		l2tpc_failure_set(&unknown, L2TPC_FAILURE_INTERNAL,
				  _("The connection failed for an unknown reason: run with "
				    "--log-level debug and report the log."));
		f = &unknown;
	}
	engine_cause(e, f, false);
	l2tpc_error("engine", "%s", e->cause.sentence);
	l2tpc_failure_clear(&unknown);
	if (e->state < ENGINE_STOPPING)
		engine_teardown(e, "undoing the connection");
}

/* ---------------------------------------------------------------- entering a state */

static struct engine_ppp_link engine_ppp_link(struct l2tpc_engine *e)
{
	return (struct engine_ppp_link){
		.pty = engine_dataplane_pty(e->dp),
		.data_fd = engine_dataplane_ppp_fd(e->dp),
		.tunnel_fd = engine_dataplane_tunnel_fd(e->dp),
		.rtt_us = engine_l2tp_call_rtt_us(e->l2tp),
	};
}

static void engine_on_event(const struct engine_event *ev, void *ud);

static void engine_enter_state(struct l2tpc_engine *e, enum engine_state state)
{
	enum engine_state old = e->state;
	const struct l2tpc_profile *p = e->profile;
	struct l2tpc_failure f = { 0 };

	if (old != state)
		l2tpc_debug("engine", "%s -> %s", engine_states[old].name,
			    engine_states[state].name);
	e->state = state;
	switch (state) {
	case ENGINE_IDLE:
		return;
	case ENGINE_RESOLVING:
		engine_report_phase(e, "%s", p->gateway);
		engine_dataplane_probe_start(e->dp);
		e->resolving = true;
		engine_resolve(p->gateway, e->cancel, engine_on_event, e);
		return;
	case ENGINE_IPSEC: {
		struct engine_ipsec_params ip = {
			.profile = p,
			.rundir = e->opts.rundir,
			.read_file = e->opts.read_file,
			.read_file_ud = e->opts.read_file_ud,
			.gw = &e->gw,
			.local = &e->local,
			.udp = engine_l2tp_udp(e->l2tp),
		};

		engine_report_phase(e, "IKEv%d%s to %s (%s)", p->ipsec_ikev2 ? 2 : 1,
				    p->ipsec_ikev2 ? "" : " main mode", e->gw.text,
				    p->machine_auth_type == L2TPC_PROFILE_MACHINE_AUTH_TLS
					    ? "certificate"
					    : "psk");
		e->ipsec = engine_ipsec_new(&ip, engine_on_event, e);
		if (engine_ipsec_up(e->ipsec, &f) < 0)
			break;
		return;
	}
	case ENGINE_TUNNEL:
		engine_report_phase(e, "to %s port 1701 from port %u", e->gw.text,
				    engine_l2tp_local_port(e->l2tp));
		if (engine_l2tp_start(e->l2tp, &f) < 0)
			break;
		return;
	case ENGINE_SESSION:
		engine_report_phase(e, "tunnel %u/%u established", e->tunnel_ids[0],
				    e->tunnel_ids[1]);
		if (engine_l2tp_start_session(e->l2tp, &f) < 0)
			break;
		return;
	case ENGINE_PPP_AUTH:
		engine_report_phase(e, "as %s (data path: %s)", p->user ? p->user : "",
				    engine_dataplane_name(e->dp));
		return;
	case ENGINE_IP_CONFIG:
		engine_report_phase(e, "%s", "authenticated; waiting for IPCP");
		return;
	case ENGINE_CONNECTED:
		engine_report_phase(e, "%s local=%s peer=%s", e->ip.ifname, e->ip.local4,
				    e->ip.peer4);
		if (e->ops.connected)
			e->ops.connected(e, &e->ip, e->ud);
		return;
	case ENGINE_STOPPING:
		if (old >= ENGINE_STOPPING)
			return;
		g_clear_handle_id(&e->settle_id, g_source_remove); /* the tunnel never starts */
		g_cancellable_cancel(e->cancel);
		if (e->drop)
			l2tpc_info("engine", "the server is out of reach: undoing the connection "
					     "without waiting for its answers");
		engine_report_phase(e, "%s", e->stop_detail);
		return;
	case ENGINE_STOP_RESOLVE:
	case ENGINE_STOP_PPP:
	case ENGINE_STOP_TUNNEL:
	case ENGINE_STOP_IPSEC_UP:
	case ENGINE_STOP_IPSEC:
		return; /* the undo is engine_undo[]'s */
	case ENGINE_STOPPED:
		if (e->cause_provisional)
			l2tpc_error("engine", "%s", e->cause.sentence);
		engine_report_phase(e, NULL);
		if (e->ops.stopped)
			e->ops.stopped(e, l2tpc_failure_is_set(&e->cause) ? &e->cause : NULL,
				       e->ud);
		return;
	}
	/* the step of the state just entered could not start */
	engine_fail(e, &f);
	l2tpc_failure_clear(&f);
}

/* ---------------------------------------------------------------- teardown */

static bool engine_resolve_pending(const struct l2tpc_engine *e)
{
	return e->resolving;
}

static bool engine_ppp_pending(const struct l2tpc_engine *e)
{
	return engine_ppp_running(e->ppp);
}

static bool engine_tunnel_pending(const struct l2tpc_engine *e)
{
	return engine_l2tp_open(e->l2tp);
}

static bool engine_ipsec_up_pending(const struct l2tpc_engine *e)
{
	return engine_ipsec_busy(e->ipsec);
}

static bool engine_ipsec_pending(const struct l2tpc_engine *e)
{
	return engine_ipsec_busy(e->ipsec) || engine_ipsec_loaded(e->ipsec);
}

static void engine_undo_ppp(struct l2tpc_engine *e)
{
	(e->drop ? engine_ppp_drop : engine_ppp_stop)(e->ppp);
}

static void engine_undo_default_route(struct l2tpc_engine *e)
{
	engine_routes_default_undo(e->routes);
}

static void engine_undo_tunnel(struct l2tpc_engine *e)
{
	(e->drop ? engine_l2tp_drop : engine_l2tp_stop)(e->l2tp);
}

static void engine_undo_dataplane(struct l2tpc_engine *e)
{
	engine_dataplane_close(e->dp);
}

static void engine_undo_ipsec(struct l2tpc_engine *e)
{
	(e->drop ? engine_ipsec_drop : engine_ipsec_down)(e->ipsec);
}

static void engine_undo_gateway(struct l2tpc_engine *e)
{
	engine_routes_host_undo(e->routes);
	engine_routes_unlock(e->routes);
}

/*
 * The teardown, newest step first. A row with @pending is entered only while its step has
 * something up or in flight; its @undo runs once, and the engine stays in its state until
 * @pending turns false (on the event named in the table at the top). A row without @pending
 * undoes at once.
 */
static const struct engine_undo {
	enum engine_state state;
	bool (*pending)(const struct l2tpc_engine *e);
	void (*undo)(struct l2tpc_engine *e);
} engine_undo[] = {
	{ ENGINE_STOP_RESOLVE, engine_resolve_pending, NULL },
	{ ENGINE_STOP_PPP, engine_ppp_pending, engine_undo_ppp },
	{ ENGINE_STOPPING, NULL, engine_undo_default_route },
	{ ENGINE_STOP_TUNNEL, engine_tunnel_pending, engine_undo_tunnel },
	{ ENGINE_STOPPING, NULL, engine_undo_dataplane },
	{ ENGINE_STOP_IPSEC_UP, engine_ipsec_up_pending, NULL },
	{ ENGINE_STOP_IPSEC, engine_ipsec_pending, engine_undo_ipsec },
	{ ENGINE_STOPPING, NULL, engine_undo_gateway },
};

static void engine_undo_next(struct l2tpc_engine *e)
{
	if (e->undo_wait && e->undo_wait->pending(e))
		return;
	e->undo_wait = NULL;
	while (e->undo_next < G_N_ELEMENTS(engine_undo)) {
		const struct engine_undo *u = &engine_undo[e->undo_next++];

		if (u->pending && !u->pending(e))
			continue;
		engine_enter_state(e, u->state);
		/* set first: the undo's completion may arrive from inside it */
		e->undo_wait = u->pending ? u : NULL;
		if (u->undo)
			u->undo(e);
		if (u->pending)
			return;
	}
	engine_enter_state(e, ENGINE_STOPPED);
}

/* ---------------------------------------------------------------- transitions */

static void engine_ppp_early(struct l2tpc_engine *e);

/* RESOLVED: the gateway's address. Lock the gateway, find our address, pin the route to the
 * gateway and open the L2TP socket; then IPsec. */
static void engine_resolved(struct l2tpc_engine *e, const struct engine_event *ev)
{
	struct l2tpc_failure f = { 0 };

	if (!ev->gw) {
		engine_fail(e, ev->failure);
		return;
	}
	e->gw = *ev->gw;
	if (engine_routes_lock(e->routes, &e->gw, &f) < 0 ||
	    engine_resolve_local(&e->gw, &e->local, &f) < 0 ||
	    (e->opts.host_route && engine_routes_host(e->routes, &f) < 0) ||
	    !(e->l2tp = engine_l2tp_new(e->profile, &e->gw, e->opts.force_ephemeral_port,
					engine_on_event, e, &f))) {
		engine_fail(e, &f);
		l2tpc_failure_clear(&f);
		return;
	}
	if (e->profile->ipsec_enabled) {
		engine_enter_state(e, ENGINE_IPSEC);
		return;
	}
	l2tpc_warn("engine", "IPsec is off for this profile: L2TP and PPP run in clear text");
	engine_ppp_early(e);
	if (e->state == ENGINE_RESOLVING)
		engine_enter_state(e, ENGINE_TUNNEL);
}

/* While IKE runs in charon (or before L2TP without IPsec): pppd starts now if the session will
 * be a kernel one, so its start is off the critical path; its plugin waits for the session
 * socket. Otherwise pppd starts once the data path is open. */
static void engine_ppp_early(struct l2tpc_engine *e)
{
	struct l2tpc_failure f = { 0 };

	if (engine_ppp_started(e->ppp) || !engine_dataplane_kernel_expected(e->dp))
		return;
	if (engine_ppp_start(e->ppp, NULL, &f) < 0) {
		engine_fail(e, &f);
		l2tpc_failure_clear(&f);
	}
}

static gboolean engine_settled(gpointer data)
{
	struct l2tpc_engine *e = data;

	e->settle_id = 0;
	engine_dispatch(e, &(struct engine_event){ .type = ENGINE_EV_IPSEC_SETTLED });
	return G_SOURCE_REMOVE;
}

static void engine_ipsec_established(struct l2tpc_engine *e, const struct engine_event *ev)
{
	struct l2tpc_failure f = { 0 };

	if (ev->failure) {
		engine_fail(e, ev->failure);
		return;
	}
	if (engine_ipsec_bind(e->ipsec, &f) < 0) {
		engine_fail(e, &f);
		l2tpc_failure_clear(&f);
		return;
	}
	e->settle_id = g_timeout_add(ENGINE_SETTLE_MS, engine_settled, e);
}

/* SESSION_UP: the call is up. Open its data path and run pppd on it (the pppd that exists
 * already was started early: it gets the session socket). */
static void engine_session_up(struct l2tpc_engine *e, const struct engine_event *ev)
{
	struct engine_ppp_link link;
	struct l2tpc_failure f = { 0 };
	int ret;

	ret = engine_dataplane_open(e->dp, engine_l2tp_udp(e->l2tp), engine_l2tp_tunnel(e->l2tp),
				    ev->session, e->profile->mtu, &f);
	if (ret == 0) {
		link = engine_ppp_link(e);
		if (!engine_ppp_started(e->ppp))
			ret = engine_ppp_start(e->ppp, &link, &f);
		else if (engine_ppp_running(e->ppp))
			ret = engine_ppp_attach(e->ppp, &link, &f);
		else
			return; /* the early pppd ended: its PPP_DOWN ended the connection */
	}
	if (ret < 0) {
		engine_fail(e, &f);
		l2tpc_failure_clear(&f);
		return;
	}
	engine_enter_state(e, ENGINE_PPP_AUTH);
}

/* PPP_UP: IPCP is up. Keep the gateway outside the tunnel, add the default route if asked. */
static void engine_ppp_up(struct l2tpc_engine *e, const struct engine_event *ev)
{
	const struct ppp_supervisor_ip4 *ip4 = ev->ip4;
	struct l2tpc_ip_config *ip = &e->ip;
	struct conn_plan_env env = { .default_route = e->opts.default_route };
	struct l2tpc_failure f = { 0 };

	engine_ppp_ip_config(ip4, ip);
	ip->mtu = e->profile->mtu;
	g_strlcpy(ip->gateway, e->gw.text, sizeof(ip->gateway));
	if (engine_routes_check_peer(e->routes, ip->ifname, &ip4->peer, &f) < 0 ||
	    (conn_plan_default_route(e->profile, &env) &&
	     engine_routes_default(e->routes, ip->ifname, &f) < 0)) {
		engine_fail(e, &f);
		l2tpc_failure_clear(&f);
		return;
	}
	engine_enter_state(e, ENGINE_CONNECTED);
}

/*
 * TUNNEL_CLOSED while pppd authenticates: a server that rejects the login hangs up the call at
 * once, and the CDN can overtake pppd's report. pppd says why first; the CDN's sentence is the
 * fallback. A server that wanted no method we allow ends LCP without any login, so pppd is past
 * authentication then (IP_CONFIG).
 */
static void engine_hangup(struct l2tpc_engine *e, const struct engine_event *ev)
{
	engine_cause(e, ev->failure, true);
	engine_teardown(e, "the server ended the call");
}

/* What every state before teardown does with a stop or a failure. */
static void engine_dispatch_running(struct l2tpc_engine *e, const struct engine_event *ev)
{
	switch (ev->type) {
	case ENGINE_EV_STOP:
		engine_enter_state(e, ENGINE_STOPPING);
		engine_undo_next(e);
		return;
	case ENGINE_EV_IPSEC_LOST:
	case ENGINE_EV_TUNNEL_CLOSED:
	case ENGINE_EV_PPP_DOWN:
		/* a working connection lost: the SA or the tunnel is gone, or the server died */
		e->drop = e->state == ENGINE_CONNECTED &&
			  (ev->type != ENGINE_EV_PPP_DOWN || engine_ppp_peer_dead(e->ppp));
		/* fall through */
	case ENGINE_EV_FAIL:
		engine_fail(e, ev->failure);
		return;
	default:
		l2tpc_debug("engine", "event %d ignored in %s", ev->type,
			    engine_states[e->state].name);
		return;
	}
}

/* In teardown a step's completion moves the undo on; failures still say why it ended. */
static void engine_dispatch_stopping(struct l2tpc_engine *e, const struct engine_event *ev)
{
	switch (ev->type) {
	case ENGINE_EV_RESOLVED:
		e->resolving = false;
		break;
	case ENGINE_EV_PPP_DOWN:
		if (ev->failure && ev->failure->klass == L2TPC_FAILURE_PPP_AUTH)
			engine_cause(e, ev->failure, false);
		break;
	case ENGINE_EV_FAIL:
	case ENGINE_EV_IPSEC_UP:
	case ENGINE_EV_IPSEC_DOWN:
		if (ev->failure)
			engine_fail(e, ev->failure);
		break;
	default:
		break;
	}
	engine_undo_next(e);
}

static void engine_dispatch(struct l2tpc_engine *e, const struct engine_event *ev)
{
	switch (e->state) {
	case ENGINE_IDLE:
		if (ev->type == ENGINE_EV_START) {
			struct conn_plan_env env = { .default_route = e->opts.default_route };
			struct l2tpc_failure f = { 0 };

			if (conn_plan_check(e->profile, &env, &f) < 0)
				engine_fail(e, &f);
			else
				engine_enter_state(e, ENGINE_RESOLVING);
			l2tpc_failure_clear(&f);
			return;
		}
		break;
	case ENGINE_RESOLVING:
		if (ev->type == ENGINE_EV_RESOLVED) {
			e->resolving = false;
			engine_resolved(e, ev);
			return;
		}
		break;
	case ENGINE_IPSEC:
		switch (ev->type) {
		case ENGINE_EV_IPSEC_INITIATING:
			engine_ppp_early(e);
			return;
		case ENGINE_EV_IPSEC_UP:
			engine_ipsec_established(e, ev);
			return;
		case ENGINE_EV_IPSEC_SETTLED:
			engine_enter_state(e, ENGINE_TUNNEL);
			return;
		default:
			break;
		}
		break;
	case ENGINE_TUNNEL:
		if (ev->type == ENGINE_EV_TUNNEL_UP) {
			memcpy(e->tunnel_ids, ev->tunnel_ids, sizeof(e->tunnel_ids));
			engine_enter_state(e, ENGINE_SESSION);
			return;
		}
		break;
	case ENGINE_SESSION:
		if (ev->type == ENGINE_EV_SESSION_UP) {
			engine_session_up(e, ev);
			return;
		}
		break;
	case ENGINE_PPP_AUTH:
	case ENGINE_IP_CONFIG:
	case ENGINE_CONNECTED:
		switch (ev->type) {
		case ENGINE_EV_PPP_AUTH_OK:
			if (e->state == ENGINE_PPP_AUTH)
				engine_enter_state(e, ENGINE_IP_CONFIG);
			return;
		case ENGINE_EV_PPP_UP:
			engine_ppp_up(e, ev);
			return;
		case ENGINE_EV_TUNNEL_CLOSED:
			if (e->state == ENGINE_CONNECTED)
				break;
			engine_hangup(e, ev);
			return;
		default:
			break;
		}
		break;
	case ENGINE_STOPPING:
	case ENGINE_STOP_RESOLVE:
	case ENGINE_STOP_PPP:
	case ENGINE_STOP_TUNNEL:
	case ENGINE_STOP_IPSEC_UP:
	case ENGINE_STOP_IPSEC:
		engine_dispatch_stopping(e, ev);
		return;
	case ENGINE_STOPPED:
		return;
	}
	engine_dispatch_running(e, ev);
}

/* Every step reports here. */
static void engine_on_event(const struct engine_event *ev, void *ud)
{
	engine_dispatch(ud, ev);
}

/* ---------------------------------------------------------------- public */

struct l2tpc_engine *l2tpc_engine_new(const struct l2tpc_profile *profile,
				      const struct l2tpc_engine_options *opts,
				      const struct l2tpc_engine_ops *ops, void *ud)
{
	struct l2tpc_engine *e = g_new0(struct l2tpc_engine, 1);

	e->profile = profile;
	e->opts = *opts;
	e->opts.rundir = g_strdup(opts->rundir ? opts->rundir : L2TPC_RUNDIR);
	e->ops = *ops;
	e->ud = ud;
	e->ipsec_name = ipsec_conn_name_for(profile->id);
	e->cancel = g_cancellable_new();
	e->routes = engine_routes_new(e->opts.rundir, profile->id, opts->default_route);
	e->dp = engine_dataplane_new(opts->dataplane);
	e->ppp = engine_ppp_new(profile, opts->pppd_path, opts->pppd_plugin, engine_on_event, e);
	return e;
}

void l2tpc_engine_start(struct l2tpc_engine *e)
{
	engine_dispatch(e, &(struct engine_event){ .type = ENGINE_EV_START });
}

void l2tpc_engine_stop(struct l2tpc_engine *e)
{
	if (e->state < ENGINE_STOPPING)
		engine_teardown(e, e->profile->id);
}

void l2tpc_engine_drop(struct l2tpc_engine *e)
{
	e->drop = true;
	l2tpc_engine_stop(e);
}

void l2tpc_engine_free(struct l2tpc_engine *e)
{
	if (!e)
		return;
	g_clear_handle_id(&e->settle_id, g_source_remove);
	engine_ppp_free(e->ppp);
	engine_dataplane_free(e->dp);
	engine_l2tp_free(e->l2tp);
	engine_ipsec_free(e->ipsec);
	engine_routes_free(e->routes);
	l2tpc_failure_clear(&e->cause);
	g_object_unref(e->cancel);
	g_free((char *)e->opts.rundir);
	g_free(e->ipsec_name);
	g_free(e);
}

enum l2tpc_phase l2tpc_engine_phase(const struct l2tpc_engine *e)
{
	return engine_states[e->state].phase;
}

const struct l2tpc_failure *l2tpc_engine_failure(const struct l2tpc_engine *e)
{
	return e->state == ENGINE_STOPPED && l2tpc_failure_is_set(&e->cause) ? &e->cause : NULL;
}

const char *l2tpc_engine_ipsec_name(const struct l2tpc_engine *e)
{
	return e->ipsec_name;
}

int l2tpc_engine_pppd_pid(const struct l2tpc_engine *e)
{
	return engine_ppp_pid(e->ppp);
}

bool l2tpc_engine_addresses(const struct l2tpc_engine *e, const char **gateway, const char **local)
{
	if (!e->gw.text[0] || !e->local.text[0])
		return false;
	*gateway = e->gw.text;
	*local = e->local.text;
	return true;
}

bool l2tpc_engine_host_route(const struct l2tpc_engine *e, struct net_route *out)
{
	return engine_routes_host_route(e->routes, out);
}
