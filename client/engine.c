// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * engine: sequencing of one connection. The steps (resolve, IPsec, L2TP tunnel and session, data
 * path, pppd, routes) live in their modules; this file only runs them in order, reports phases,
 * and on stop or failure undoes what was done in reverse order (teardown_next()).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "conn-plan.h"
#include "engine-ipsec.h"
#include "net-local.h"
#include "engine-private.h"
#include "ipsec-conn.h"
#include "l2tp-udp.h"
#include "l2tpc-log.h"
#include "ppp-options.h"
#include "profile.h"
#include "l2tpc-i18n.h"

static void teardown_next(struct l2tpc_engine *e);

const char *l2tpc_phase_name(enum l2tpc_phase phase)
{
	switch (phase) {
	case L2TPC_PHASE_IDLE:
		return "idle";
	case L2TPC_PHASE_RESOLVE:
		return "resolve";
	case L2TPC_PHASE_IPSEC:
		return "ipsec";
	case L2TPC_PHASE_L2TP_TUNNEL:
		return "l2tp-tunnel";
	case L2TPC_PHASE_L2TP_SESSION:
		return "l2tp-session";
	case L2TPC_PHASE_PPP_AUTH:
		return "ppp-auth";
	case L2TPC_PHASE_IP_CONFIG:
		return "ip-config";
	case L2TPC_PHASE_CONNECTED:
		return "connected";
	case L2TPC_PHASE_DISCONNECTING:
		return "disconnecting";
	case L2TPC_PHASE_DISCONNECTED:
		return "disconnected";
	}
	return "?";
}

void l2tpc_engine_options_init(struct l2tpc_engine_options *o)
{
	*o = (struct l2tpc_engine_options){ .host_route = true, .dataplane = -1 };
}

void engine_set_phase(struct l2tpc_engine *e, enum l2tpc_phase phase, const char *fmt, ...)
{
	g_autofree char *detail = NULL;
	va_list ap;

	e->phase = phase;
	if (fmt) {
		va_start(ap, fmt);
		detail = g_strdup_vprintf(fmt, ap);
		va_end(ap);
	}
	/* its own component, so a front end that shows phases itself can leave these out */
	l2tpc_info("phase", "%s%s%s", l2tpc_phase_name(phase), detail ? ": " : "",
		   detail ? detail : "");
	if (e->ops.phase)
		e->ops.phase(e, phase, detail, e->ud);
}

/* Any step's failure: remember the first cause, then undo everything. */
void engine_fail(struct l2tpc_engine *e, const struct l2tpc_failure *f)
{
	if (f && l2tpc_failure_is_set(f))
		l2tpc_failure_set(&e->failure, f->klass, "%s", f->sentence);
	else
		l2tpc_failure_set(&e->failure, L2TPC_FAILURE_INTERNAL,
				  _("The connection failed for an unknown reason: run with "
				    "--log-level debug and report the log."));
	l2tpc_error("engine", "%s", e->failure.sentence);
	if (!e->tearing_down) {
		e->tearing_down = true;
		engine_set_phase(e, L2TPC_PHASE_DISCONNECTING, "%s", "undoing the connection");
	}
	teardown_next(e);
}

/* ---------------------------------------------------------------- PPP */

static void ppp_on_auth_ok(struct ppp_supervisor *sup, void *ud)
{
	struct l2tpc_engine *e = ud;

	if (e->phase == L2TPC_PHASE_PPP_AUTH)
		engine_set_phase(e, L2TPC_PHASE_IP_CONFIG, "%s", "authenticated; waiting for IPCP");
}

static void ppp_on_up(struct ppp_supervisor *sup, const struct ppp_supervisor_ip4 *ip4, void *ud)
{
	struct l2tpc_engine *e = ud;
	struct l2tpc_ip_config *ip = &e->ip;
	struct conn_plan_env env = { .default_route = e->opts.default_route };
	struct l2tpc_failure f = { 0 };

	g_strlcpy(ip->ifname, ip4->ifname, sizeof(ip->ifname));
	inet_ntop(AF_INET, &ip4->local, ip->local4, sizeof(ip->local4));
	if (ip4->peer.s_addr)
		inet_ntop(AF_INET, &ip4->peer, ip->peer4, sizeof(ip->peer4));
	for (unsigned i = 0; i < ip4->n_dns && i < 2; i++)
		inet_ntop(AF_INET, &ip4->dns[i], ip->dns[i], sizeof(ip->dns[i]));
	ip->mtu = e->profile->mtu;
	g_strlcpy(ip->gateway, e->gw.text, sizeof(ip->gateway));
	if (engine_routes_check_peer(e, &ip4->peer, &f) < 0 ||
	    (conn_plan_default_route(e->profile, &env) && engine_routes_default(e, &f) < 0)) {
		engine_fail(e, &f);
		l2tpc_failure_clear(&f);
		return;
	}
	engine_set_phase(e, L2TPC_PHASE_CONNECTED, "%s local=%s peer=%s", ip->ifname, ip->local4,
			 ip->peer4);
	if (e->ops.connected)
		e->ops.connected(e, ip, e->ud);
}

/* The supervisor's authentication sentence speaks of a user name and password; with EAP-TLS
 * the user has neither, but a key password and certificates to check. */
static bool ppp_auth_failed_tls(const struct l2tpc_engine *e, const struct l2tpc_failure *f,
				struct l2tpc_failure *out)
{
	if (!f || !l2tpc_failure_is_set(f) || f->klass != L2TPC_FAILURE_PPP_AUTH ||
	    e->profile->user_auth_type != L2TPC_PROFILE_USER_AUTH_TLS)
		return false;
	l2tpc_failure_set(
		out, L2TPC_FAILURE_PPP_AUTH,
		_("The EAP-TLS login with the user certificate failed: check user-certpass "
		  "(the password of user-key), that the server trusts the CA of user-cert, "
		  "and that user-ca signed the server's certificate."));
	return true;
}

static void ppp_on_down(struct ppp_supervisor *sup, const struct l2tpc_failure *f, void *ud)
{
	struct l2tpc_engine *e = ud;
	struct l2tpc_failure tls = { 0 };

	e->ppp_running = false;
	if (ppp_auth_failed_tls(e, f, &tls))
		f = &tls;
	if (!e->tearing_down) {
		struct l2tpc_failure down = { 0 };

		if (f && l2tpc_failure_is_set(f))
			l2tpc_failure_set(&down, f->klass, "%s", f->sentence);
		else
			l2tpc_failure_set(&down, L2TPC_FAILURE_PPP,
					  _("pppd ended the PPP link unexpectedly: see the pppd "
					    "lines in the log."));
		engine_fail(e, &down);
		l2tpc_failure_clear(&down);
		l2tpc_failure_clear(&tls);
		return;
	}
	if (f && l2tpc_failure_is_set(f) && f->klass == L2TPC_FAILURE_PPP_AUTH)
		l2tpc_failure_set(&e->failure, f->klass, "%s", f->sentence);
	l2tpc_failure_clear(&tls);
	teardown_next(e);
}

static const struct ppp_supervisor_callbacks ppp_cb = {
	.auth_ok = ppp_on_auth_ok,
	.up = ppp_on_up,
	.down = ppp_on_down,
};

/* How long our pppd waits, after the server's first LCP Configure-Request, for the answer to
 * its own before sending it again (l2tpc-pppd-lcp.h): the answer is at most one round trip
 * behind, and ICRQ -> ICRP measured one (with the server's processing). Past ~1 s pppd's restart
 * timer is as quick. */
static unsigned engine_lcp_resend_ms(const struct l2tpc_engine *e)
{
	gint64 rtt_ms = e->icrq_sent_us && e->icrp_seen_us > e->icrq_sent_us
				? (e->icrp_seen_us - e->icrq_sent_us) / 1000
				: 100;
	gint64 ms = 2 * rtt_ms + 50;

	return ms < 900 ? (unsigned)ms : 0;
}

static void engine_phase_ppp_auth(struct l2tpc_engine *e)
{
	engine_set_phase(e, L2TPC_PHASE_PPP_AUTH, "as %s (data path: %s)",
			 e->profile->user ? e->profile->user : "", engine_dataplane_name(e));
}

/* @early: pppd starts while IPsec comes up, on a kernel data path the probe predicted; its
 * plugin waits for the session socket (engine_ppp_attach), so pppd's start (0.2-0.3 s in a
 * guest) is off the critical path. Otherwise pppd starts once the data plane is open. */
static void start_ppp(struct l2tpc_engine *e, bool early)
{
	const struct l2tpc_profile *p = e->profile;
	struct ppp_options_settings s;
	struct ppp_supervisor_config cfg = { 0 };
	struct l2tpc_failure f = { 0 };
	g_autofree char *options = NULL, *err = NULL;

	ppp_options_settings_init(&s);
	if (early) {
		s.data_fd_later = true;
	} else if (engine_dataplane_pty(e)) {
		s.transport = PPP_OPTIONS_PTY;
		s.pty_path = engine_dataplane_pty(e);
	}
	s.our_plugin = e->opts.pppd_plugin;
	conn_plan_ppp(p, &s);
	s.lcp_resend_ms = early ? 0 : engine_lcp_resend_ms(e);
	s.debug = l2tpc_log_enabled(L2TPC_LOG_DEBUG);
	options = ppp_options_build(&s, &err);
	if (!options) {
		l2tpc_failure_set(&f, L2TPC_FAILURE_CONFIG, "%s", err);
		goto fail;
	}
	cfg.pppd_path = e->opts.pppd_path;
	cfg.options = options;
	cfg.data_fd = early ? -1 : engine_dataplane_ppp_fd(e);
	cfg.tunnel_fd = early ? -1 : engine_dataplane_tunnel_fd(e);
	cfg.data_fd_later = early;
	conn_plan_ppp_secrets(p, &cfg);
	e->ppp = ppp_supervisor_new(&ppp_cb, e);
	if (ppp_supervisor_start(e->ppp, &cfg, &f) < 0)
		goto fail;
	e->ppp_running = true;
	if (!early)
		engine_phase_ppp_auth(e);
	return;
fail:
	engine_fail(e, &f);
	l2tpc_failure_clear(&f);
}

/* The session is up: hand its socket to the pppd that started early. */
static void engine_ppp_attach(struct l2tpc_engine *e)
{
	struct l2tpc_failure f = { 0 };
	int fd = engine_dataplane_ppp_fd(e);

	if (fd < 0) {
		l2tpc_failure_set(&f, L2TPC_FAILURE_INTERNAL,
				  _("pppd was started for the kernel L2TP data path, but the "
				    "userspace one was taken; this is a bug in l2tpc, please "
				    "report it with the log."));
	} else if (ppp_supervisor_give_data_fd(e->ppp, fd, engine_dataplane_tunnel_fd(e),
					       engine_lcp_resend_ms(e), &f) == 0) {
		engine_phase_ppp_auth(e);
		return;
	}
	engine_fail(e, &f);
	l2tpc_failure_clear(&f);
}

/* While IKE runs in charon (or before L2TP without IPsec): start pppd now if the session will
 * be a kernel one. */
void engine_ppp_start_early(struct l2tpc_engine *e)
{
	if (!e->tearing_down && !e->ppp && engine_dataplane_kernel_expected(e))
		start_ppp(e, true);
}

/* ---------------------------------------------------------------- L2TP */

static void tunnel_on_up(struct l2tp_tunnel *t, uint16_t local_id, uint16_t peer_id, void *ud)
{
	struct l2tpc_engine *e = ud;
	struct l2tp_session_config sc = { 0 };

	engine_set_phase(e, L2TPC_PHASE_L2TP_SESSION, "tunnel %u/%u established", local_id,
			 peer_id);
	struct l2tp_tunnel_config tc = { 0 };
	struct conn_plan_env env = { .gateway_addr = e->gw.text };

	conn_plan_l2tp(e->profile, &env, &tc, &sc);
	e->icrq_sent_us = g_get_monotonic_time();
	if (l2tp_tunnel_start_session(t, &sc) < 0) {
		struct l2tpc_failure f = { 0 };

		l2tpc_failure_set(&f, L2TPC_FAILURE_INTERNAL,
				  _("Starting the L2TP session failed: run with --log-level debug "
				    "and report the log."));
		engine_fail(e, &f);
		l2tpc_failure_clear(&f);
	}
}

static void tunnel_on_session_up(struct l2tp_tunnel *t, const struct l2tp_session_info *info,
				 void *ud)
{
	struct l2tpc_engine *e = ud;
	struct l2tpc_failure f = { 0 };

	e->icrp_seen_us = g_get_monotonic_time();
	if (engine_dataplane_open(e, info, &f) < 0) {
		engine_fail(e, &f);
		l2tpc_failure_clear(&f);
		return;
	}
	/* a pppd that exists already was started early (it never starts twice) */
	if (e->ppp) {
		if (e->ppp_running)
			engine_ppp_attach(e);
		return;
	}
	start_ppp(e, false);
}

static void tunnel_on_closed(struct l2tp_tunnel *t, const struct l2tpc_failure *f, void *ud)
{
	struct l2tpc_engine *e = ud;

	e->tunnel_open = false;
	if (!e->tearing_down &&
	    (e->phase == L2TPC_PHASE_PPP_AUTH || e->phase == L2TPC_PHASE_IP_CONFIG) &&
	    e->ppp_running) {
		/* A server that rejects the login hangs up the call at once; the CDN can overtake
		 * pppd's report. Let pppd say why first, and fall back on the CDN's sentence. A
		 * server that wanted no method we allow ends LCP without any login, so pppd is
		 * already past authentication then. */
		if (f && l2tpc_failure_is_set(f))
			l2tpc_failure_set(&e->failure_fallback, f->klass, "%s", f->sentence);
		e->tearing_down = true;
		engine_set_phase(e, L2TPC_PHASE_DISCONNECTING, "%s", "the server ended the call");
		teardown_next(e);
		return;
	}
	if (!e->tearing_down) {
		struct l2tpc_failure copy = { 0 };

		if (f && l2tpc_failure_is_set(f))
			l2tpc_failure_set(&copy, f->klass, "%s", f->sentence);
		engine_fail(e, &copy);
		l2tpc_failure_clear(&copy);
		return;
	}
	teardown_next(e);
}

static const struct l2tp_tunnel_events tunnel_events = {
	.tunnel_up = tunnel_on_up,
	.session_up = tunnel_on_session_up,
	.closed = tunnel_on_closed,
};

static void udp_received(const uint8_t *pkt, size_t len, void *ud)
{
	struct l2tpc_engine *e = ud;

	if (e->tunnel)
		l2tp_tunnel_receive(e->tunnel, pkt, len);
}

static void start_l2tp(struct l2tpc_engine *e)
{
	const struct l2tpc_profile *p = e->profile;
	struct l2tp_tunnel_config tc = { 0 };
	struct l2tpc_failure f = { 0 };

	struct conn_plan_env env = { .gateway_addr = e->gw.text };
	struct l2tp_session_config sc = { 0 };

	conn_plan_l2tp(p, &env, &tc, &sc);
	l2tp_udp_io_init(e->udp, &e->io);
	e->tunnel = l2tp_tunnel_new(&tc, &e->io, &tunnel_events, e);
	l2tp_udp_set_receiver(e->udp, udp_received, e);
	e->tunnel_open = true;
	engine_set_phase(e, L2TPC_PHASE_L2TP_TUNNEL, "to %s port 1701 from port %u", e->gw.text,
			 l2tp_udp_local_port(e->udp));
	if (l2tp_tunnel_start(e->tunnel) < 0) {
		e->tunnel_open = false;
		l2tpc_failure_set(
			&f, L2TPC_FAILURE_INTERNAL,
			_("Starting the L2TP tunnel failed: run with --log-level debug and "
			  "report the log."));
		engine_fail(e, &f);
		l2tpc_failure_clear(&f);
	}
}

/* ---------------------------------------------------------------- IPsec, resolve */

/*
 * The first SCCRQ waits this long once our SA is up. IKEv1's responder installs its SAs only
 * when the last Quick Mode message arrives, which is when our SCCRQ would arrive too: between
 * its inbound SA and its outbound policy (~40 ms in UML) the server takes the SCCRQ in but
 * cannot send its SCCRP, and xl2tpd ignores a repeated SCCRQ, so the connect waited for its 1 s
 * retransmission (bench/README.md). A real server's window is far shorter than this.
 */
#define L2TP_AFTER_IPSEC_MS 50

static gboolean start_l2tp_after_ipsec(gpointer data)
{
	struct l2tpc_engine *e = data;

	e->l2tp_start_id = 0;
	start_l2tp(e);
	return G_SOURCE_REMOVE;
}

void engine_ipsec_done(struct l2tpc_engine *e, const struct l2tpc_failure *f)
{
	if (f && l2tpc_failure_is_set(f)) {
		engine_fail(e, f);
		return;
	}
	if (e->tearing_down) {
		teardown_next(e);
		return;
	}
	e->l2tp_start_id = g_timeout_add(L2TP_AFTER_IPSEC_MS, start_l2tp_after_ipsec, e);
}

static int open_udp(struct l2tpc_engine *e, struct l2tpc_failure *f)
{
	struct sockaddr_storage peer = e->gw.ss;

	/* RFC 2661 8.1: the LNS listens on 1701; SCCRP may come from elsewhere. */
	if (peer.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&peer)->sin6_port = htons(L2TP_UDP_PORT);
	else
		((struct sockaddr_in *)&peer)->sin_port = htons(L2TP_UDP_PORT);
	e->udp = l2tp_udp_new((struct sockaddr *)&peer, e->gw.len,
			      !e->profile->ephemeral_port && !e->opts.force_ephemeral_port,
			      e->profile->ipsec_enabled, f);
	return e->udp ? 0 : -EIO;
}

static void on_resolved(const struct net_addr *addr, const struct l2tpc_failure *f, void *ud)
{
	struct l2tpc_engine *e = ud;
	struct l2tpc_failure lf = { 0 };

	e->resolving = false;
	if (e->tearing_down) {
		teardown_next(e);
		return;
	}
	if (!addr) {
		engine_fail(e, f);
		return;
	}
	e->gw = *addr;
	if (engine_gateway_lock(e, &lf) < 0 || net_local_for(&e->gw, &e->local, &lf) < 0 ||
	    (e->opts.host_route && engine_routes_host(e, &lf) < 0) || open_udp(e, &lf) < 0) {
		engine_fail(e, &lf);
		l2tpc_failure_clear(&lf);
		return;
	}
	if (!e->profile->ipsec_enabled) {
		l2tpc_warn("engine",
			   "IPsec is off for this profile: L2TP and PPP run in clear text");
		engine_ppp_start_early(e);
		start_l2tp(e);
		return;
	}
	engine_set_phase(
		e, L2TPC_PHASE_IPSEC, "IKEv%d%s to %s (%s)", e->profile->ipsec_ikev2 ? 2 : 1,
		e->profile->ipsec_ikev2 ? "" : " main mode", e->gw.text,
		e->profile->machine_auth_type == L2TPC_PROFILE_MACHINE_AUTH_TLS ? "certificate"
										: "psk");
	engine_ipsec_up(e); /* starts pppd early once IKE is under way */
}

/* ---------------------------------------------------------------- teardown */

/* One step per call, newest first; async steps call back into teardown_next(). */
static void teardown_next(struct l2tpc_engine *e)
{
	g_clear_handle_id(&e->l2tp_start_id, g_source_remove); /* the tunnel never starts */
	if (e->resolving)
		return; /* on_resolved comes back here */
	if (e->ppp_running) {
		if (!e->ppp_stopping) {
			e->ppp_stopping = true;
			ppp_supervisor_stop(e->ppp);
		}
		return;
	}
	engine_routes_default_undo(e);
	if (e->tunnel_open) {
		if (!e->tunnel_stopping) {
			e->tunnel_stopping = true;
			l2tp_tunnel_stop(e->tunnel);
		}
		return;
	}
	engine_dataplane_close(e);
	if (engine_ipsec_busy(e))
		return;
	if (engine_ipsec_active(e)) {
		engine_ipsec_down(e);
		return;
	}
	engine_routes_host_undo(e);
	engine_gateway_unlock(e);
	if (e->stopped_reported)
		return;
	e->stopped_reported = true;
	if (l2tpc_failure_is_set(&e->failure_fallback) &&
	    l2tpc_failure_set(&e->failure, e->failure_fallback.klass, "%s",
			      e->failure_fallback.sentence))
		l2tpc_error("engine", "%s", e->failure.sentence);
	engine_set_phase(e, L2TPC_PHASE_DISCONNECTED, NULL);
	if (e->ops.stopped)
		e->ops.stopped(e, l2tpc_failure_is_set(&e->failure) ? &e->failure : NULL, e->ud);
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
	e->gw_lock_fd = -1;
	net_route_set_init(&e->routes_host);
	net_route_set_init(&e->routes_default);
	return e;
}

void l2tpc_engine_start(struct l2tpc_engine *e)
{
	struct conn_plan_env env = { .default_route = e->opts.default_route };
	struct l2tpc_failure f = { 0 };

	if (e->phase != L2TPC_PHASE_IDLE)
		return;
	if (conn_plan_check(e->profile, &env, &f) < 0) {
		engine_fail(e, &f);
		l2tpc_failure_clear(&f);
		return;
	}
	engine_set_phase(e, L2TPC_PHASE_RESOLVE, "%s", e->profile->gateway);
	engine_dataplane_probe_start(e);
	e->resolving = true;
	net_resolve(e->profile->gateway, e->cancel, on_resolved, e);
}

void l2tpc_engine_stop(struct l2tpc_engine *e)
{
	if (e->tearing_down)
		return;
	e->tearing_down = true;
	engine_set_phase(e, L2TPC_PHASE_DISCONNECTING, "%s", e->profile->id);
	g_cancellable_cancel(e->cancel);
	teardown_next(e);
}

void l2tpc_engine_free(struct l2tpc_engine *e)
{
	if (!e)
		return;
	g_clear_handle_id(&e->l2tp_start_id, g_source_remove);
	ppp_supervisor_free(e->ppp);
	engine_dataplane_close(e);
	engine_dataplane_probe_stop(e);
	l2tp_tunnel_free(e->tunnel);
	l2tp_udp_free(e->udp);
	engine_ipsec_free(e);
	net_route_set_clear(&e->routes_host);
	net_route_set_clear(&e->routes_default);
	engine_gateway_unlock(e);
	l2tpc_failure_clear(&e->failure);
	l2tpc_failure_clear(&e->failure_fallback);
	g_object_unref(e->cancel);
	g_free((char *)e->opts.rundir);
	g_free(e->ipsec_name);
	g_free(e);
}

enum l2tpc_phase l2tpc_engine_phase(const struct l2tpc_engine *e)
{
	return e->phase;
}

const char *l2tpc_engine_ipsec_name(const struct l2tpc_engine *e)
{
	return e->ipsec_name;
}

int l2tpc_engine_pppd_pid(const struct l2tpc_engine *e)
{
	return e->ppp && e->ppp_running ? (int)ppp_supervisor_pid(e->ppp) : 0;
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
	if (!e->routes_host.added || e->routes_host.added->len == 0)
		return false;
	*out = g_array_index(e->routes_host.added, struct net_route, 0);
	return true;
}
