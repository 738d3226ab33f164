// SPDX-License-Identifier: GPL-2.0-or-later
/* Fakes of the engine's steps for test-engine (see test-engine-steps.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "engine-dataplane.h"
#include "engine-ipsec.h"
#include "engine-l2tp.h"
#include "engine-ppp.h"
#include "engine-resolve.h"
#include "engine-routes.h"
#include "test-engine-steps.h"

static struct {
	GString *calls;
	char *fail;
	engine_event_fn report;
	void *ud;
	bool kernel_expected;
	bool resolving;
	bool locked, host_route, default_route;
	bool ipsec_busy, ipsec_loaded, ipsec_downing;
	bool l2tp_open, l2tp_stopping;
	bool ppp_started, ppp_running, ppp_stopping, ppp_peer_dead;
	bool dp_open;
	int token; /* what the fake constructors hand out */
} fk;

void fake_steps_reset(void)
{
	if (fk.calls)
		g_string_free(fk.calls, TRUE);
	g_free(fk.fail);
	memset(&fk, 0, sizeof(fk));
	fk.calls = g_string_new(NULL);
	fk.kernel_expected = true;
}

const char *fake_calls(void)
{
	return fk.calls->str;
}

void fake_calls_clear(void)
{
	g_string_truncate(fk.calls, 0);
}

void fake_fail_call(const char *call)
{
	g_free(fk.fail);
	fk.fail = g_strdup(call);
}

void fake_set_kernel_expected(bool kernel)
{
	fk.kernel_expected = kernel;
}

void fake_set_peer_dead(bool dead)
{
	fk.ppp_peer_dead = dead;
}

/* Records @name; true (with @f set) when the test asked this call to fail. */
static bool called(const char *name, struct l2tpc_failure *f)
{
	g_string_append_printf(fk.calls, "%s ", name);
	if (!fk.fail || strcmp(fk.fail, name))
		return false;
	if (f)
		l2tpc_failure_set(f, L2TPC_FAILURE_SYSTEM, "The fake step failed.");
	return true;
}

static void report(struct engine_event *ev)
{
	switch (ev->type) {
	case ENGINE_EV_RESOLVED:
		fk.resolving = false;
		break;
	case ENGINE_EV_IPSEC_UP:
	case ENGINE_EV_IPSEC_DOWN:
		fk.ipsec_busy = false;
		break;
	case ENGINE_EV_TUNNEL_CLOSED:
		fk.l2tp_open = false;
		break;
	case ENGINE_EV_PPP_DOWN:
		fk.ppp_running = false;
		break;
	default:
		break;
	}
	fk.report(ev, fk.ud);
}

void fake_emit(enum engine_event_type type, const struct l2tpc_failure *f)
{
	struct engine_event ev = { .type = type, .failure = f };

	report(&ev);
}

void fake_resolved(const char *addr)
{
	struct net_addr a;
	struct engine_event ev = { .type = ENGINE_EV_RESOLVED, .gw = &a };

	g_assert_cmpint(net_resolve_numeric(addr, &a), ==, 0);
	report(&ev);
}

void fake_tunnel_up(uint16_t local_id, uint16_t peer_id)
{
	struct engine_event ev = { .type = ENGINE_EV_TUNNEL_UP,
				   .tunnel_ids = { local_id, peer_id } };

	report(&ev);
}

void fake_emit_session_up(const struct l2tp_session_info *info)
{
	struct engine_event ev = { .type = ENGINE_EV_SESSION_UP, .session = info };

	report(&ev);
}

void fake_session_up(void)
{
	struct l2tp_session_info info = { 3, 4, 5, 6, false };

	fake_emit_session_up(&info);
}

void fake_ppp_up(const char *ifname, const char *local, const char *peer)
{
	struct ppp_supervisor_ip4 ip4 = { 0 };
	struct engine_event ev = { .type = ENGINE_EV_PPP_UP, .ip4 = &ip4 };

	g_strlcpy(ip4.ifname, ifname, sizeof(ip4.ifname));
	inet_pton(AF_INET, local, &ip4.local);
	inet_pton(AF_INET, peer, &ip4.peer);
	report(&ev);
}

void fake_answer_undos(void)
{
	struct l2tpc_failure cancelled = { 0 };

	l2tpc_failure_set(&cancelled, L2TPC_FAILURE_RESOLVE, "Resolving was cancelled.");
	for (int i = 0; i < 10; i++) {
		if (fk.resolving) {
			struct engine_event ev = { .type = ENGINE_EV_RESOLVED,
						   .failure = &cancelled };

			report(&ev);
		} else if (fk.ppp_running && fk.ppp_stopping) {
			fake_emit(ENGINE_EV_PPP_DOWN, NULL);
		} else if (fk.l2tp_open && fk.l2tp_stopping) {
			fake_emit(ENGINE_EV_TUNNEL_CLOSED, NULL);
		} else if (fk.ipsec_busy) {
			fake_emit(fk.ipsec_downing ? ENGINE_EV_IPSEC_DOWN : ENGINE_EV_IPSEC_UP,
				  NULL);
		} else {
			break;
		}
	}
	l2tpc_failure_clear(&cancelled);
}

bool fake_anything_left(void)
{
	return fk.resolving || fk.locked || fk.host_route || fk.default_route || fk.ipsec_busy ||
	       fk.ipsec_loaded || fk.l2tp_open || fk.ppp_running || fk.dp_open;
}

/* ---------------------------------------------------------------- engine-resolve */

void engine_resolve(const char *host, GCancellable *cancel, engine_event_fn fn, void *ud)
{
	called("resolve", NULL);
	fk.report = fn;
	fk.ud = ud;
	fk.resolving = true;
}

int engine_resolve_local(const struct net_addr *gw, struct net_addr *local, struct l2tpc_failure *f)
{
	if (called("resolve_local", f))
		return -EIO;
	return net_resolve_numeric("192.0.2.2", local);
}

/* ---------------------------------------------------------------- engine-routes */

struct engine_routes *engine_routes_new(const char *rundir, const char *name, bool default_route)
{
	return (struct engine_routes *)&fk.token;
}

void engine_routes_free(struct engine_routes *r)
{
}

int engine_routes_lock(struct engine_routes *r, const struct net_addr *gw, struct l2tpc_failure *f)
{
	if (called("routes_lock", f))
		return -EBUSY;
	fk.locked = true;
	return 0;
}

void engine_routes_unlock(struct engine_routes *r)
{
	called("routes_unlock", NULL);
	fk.locked = false;
}

int engine_routes_host(struct engine_routes *r, struct l2tpc_failure *f)
{
	if (called("routes_host", f))
		return -EIO;
	fk.host_route = true;
	return 0;
}

void engine_routes_host_undo(struct engine_routes *r)
{
	called("routes_host_undo", NULL);
	fk.host_route = false;
}

bool engine_routes_host_route(const struct engine_routes *r, struct net_route *out)
{
	return false;
}

int engine_routes_default(struct engine_routes *r, const char *ifname, struct l2tpc_failure *f)
{
	if (called("routes_default", f))
		return -EIO;
	fk.default_route = true;
	return 0;
}

void engine_routes_default_undo(struct engine_routes *r)
{
	called("routes_default_undo", NULL);
	fk.default_route = false;
}

int engine_routes_check_peer(struct engine_routes *r, const char *ifname,
			     const struct in_addr *peer, struct l2tpc_failure *f)
{
	return called("routes_check_peer", f) ? -ELOOP : 0;
}

/* ---------------------------------------------------------------- engine-ipsec */

struct engine_ipsec *engine_ipsec_new(const struct engine_ipsec_params *params, engine_event_fn fn,
				      void *ud)
{
	g_assert_nonnull(params->udp);
	return (struct engine_ipsec *)&fk.token;
}

void engine_ipsec_free(struct engine_ipsec *s)
{
}

int engine_ipsec_up(struct engine_ipsec *s, struct l2tpc_failure *f)
{
	if (called("ipsec_up", f))
		return -EIO;
	fk.ipsec_busy = fk.ipsec_loaded = true;
	fk.ipsec_downing = false;
	return 0;
}

int engine_ipsec_bind(struct engine_ipsec *s, struct l2tpc_failure *f)
{
	return called("ipsec_bind", f) ? -EPROTO : 0;
}

void engine_ipsec_down(struct engine_ipsec *s)
{
	called("ipsec_down", NULL);
	g_assert_false(fk.ipsec_busy);
	fk.ipsec_loaded = false;
	fk.ipsec_busy = fk.ipsec_downing = true;
}

void engine_ipsec_drop(struct engine_ipsec *s)
{
	called("ipsec_drop", NULL);
	g_assert_false(fk.ipsec_busy);
	fk.ipsec_loaded = false;
	fk.ipsec_busy = fk.ipsec_downing = true;
}

bool engine_ipsec_busy(const struct engine_ipsec *s)
{
	return s && fk.ipsec_busy;
}

bool engine_ipsec_loaded(const struct engine_ipsec *s)
{
	return s && fk.ipsec_loaded;
}

/* ---------------------------------------------------------------- engine-l2tp */

struct engine_l2tp *engine_l2tp_new(const struct l2tpc_profile *profile, const struct net_addr *gw,
				    bool ephemeral_port, engine_event_fn fn, void *ud,
				    struct l2tpc_failure *f)
{
	if (called("l2tp_new", f))
		return NULL;
	return (struct engine_l2tp *)&fk.token;
}

void engine_l2tp_free(struct engine_l2tp *l)
{
}

int engine_l2tp_start(struct engine_l2tp *l, struct l2tpc_failure *f)
{
	if (called("l2tp_start", f))
		return -EIO;
	fk.l2tp_open = true;
	return 0;
}

int engine_l2tp_start_session(struct engine_l2tp *l, struct l2tpc_failure *f)
{
	return called("l2tp_start_session", f) ? -EIO : 0;
}

void engine_l2tp_stop(struct engine_l2tp *l)
{
	called("l2tp_stop", NULL);
	fk.l2tp_stopping = true;
}

void engine_l2tp_drop(struct engine_l2tp *l)
{
	called("l2tp_drop", NULL);
	fk.l2tp_stopping = true;
}

bool engine_l2tp_open(const struct engine_l2tp *l)
{
	return l && fk.l2tp_open;
}

struct l2tp_udp *engine_l2tp_udp(const struct engine_l2tp *l)
{
	return (struct l2tp_udp *)&fk.token;
}

struct l2tp_tunnel *engine_l2tp_tunnel(const struct engine_l2tp *l)
{
	return (struct l2tp_tunnel *)&fk.token;
}

uint16_t engine_l2tp_local_port(const struct engine_l2tp *l)
{
	return 1701;
}

gint64 engine_l2tp_call_rtt_us(const struct engine_l2tp *l)
{
	return 0;
}

/* ---------------------------------------------------------------- engine-dataplane */

struct engine_dataplane *engine_dataplane_new(int kind)
{
	return (struct engine_dataplane *)&fk.token;
}

void engine_dataplane_free(struct engine_dataplane *dp)
{
}

void engine_dataplane_probe_start(struct engine_dataplane *dp)
{
	called("probe_start", NULL);
}

bool engine_dataplane_kernel_expected(struct engine_dataplane *dp)
{
	called("kernel_expected", NULL);
	return fk.kernel_expected;
}

int engine_dataplane_open(struct engine_dataplane *dp, struct l2tp_udp *udp,
			  struct l2tp_tunnel *tunnel, const struct l2tp_session_info *info,
			  unsigned mtu, struct l2tpc_failure *f)
{
	if (called("dataplane_open", f))
		return -EIO;
	fk.dp_open = true;
	return 0;
}

int engine_dataplane_ppp_fd(const struct engine_dataplane *dp)
{
	return fk.dp_open && fk.kernel_expected ? 3 : -1;
}

int engine_dataplane_tunnel_fd(const struct engine_dataplane *dp)
{
	return -1;
}

const char *engine_dataplane_pty(const struct engine_dataplane *dp)
{
	return fk.dp_open && !fk.kernel_expected ? "/dev/pts/9" : NULL;
}

const char *engine_dataplane_name(const struct engine_dataplane *dp)
{
	return fk.dp_open ? (fk.kernel_expected ? "netlink" : "userspace") : "none";
}

void engine_dataplane_close(struct engine_dataplane *dp)
{
	called("dataplane_close", NULL);
	fk.dp_open = false;
}

/* ---------------------------------------------------------------- engine-ppp */

struct engine_ppp *engine_ppp_new(const struct l2tpc_profile *profile, const char *pppd_path,
				  const char *plugin, engine_event_fn fn, void *ud)
{
	return (struct engine_ppp *)&fk.token;
}

void engine_ppp_free(struct engine_ppp *p)
{
}

int engine_ppp_start(struct engine_ppp *p, const struct engine_ppp_link *link,
		     struct l2tpc_failure *f)
{
	g_assert_false(fk.ppp_started);
	fk.ppp_started = true;
	if (called(link ? "ppp_start" : "ppp_start(early)", f))
		return -EIO;
	if (link)
		g_assert_nonnull(link->pty);
	fk.ppp_running = true;
	return 0;
}

int engine_ppp_attach(struct engine_ppp *p, const struct engine_ppp_link *link,
		      struct l2tpc_failure *f)
{
	if (called("ppp_attach", f))
		return -EIO;
	g_assert_cmpint(link->data_fd, ==, 3);
	return 0;
}

void engine_ppp_stop(struct engine_ppp *p)
{
	called("ppp_stop", NULL);
	g_assert_false(fk.ppp_stopping);
	fk.ppp_stopping = true;
}

void engine_ppp_drop(struct engine_ppp *p)
{
	called("ppp_drop", NULL);
	g_assert_false(fk.ppp_stopping);
	fk.ppp_stopping = true;
}

bool engine_ppp_peer_dead(const struct engine_ppp *p)
{
	return fk.ppp_peer_dead;
}

bool engine_ppp_started(const struct engine_ppp *p)
{
	return fk.ppp_started;
}

bool engine_ppp_running(const struct engine_ppp *p)
{
	return fk.ppp_running;
}

int engine_ppp_pid(const struct engine_ppp *p)
{
	return fk.ppp_running ? 4242 : 0;
}

void engine_ppp_ip_config(const struct ppp_supervisor_ip4 *ip4, struct l2tpc_ip_config *ip)
{
	g_strlcpy(ip->ifname, ip4->ifname, sizeof(ip->ifname));
	inet_ntop(AF_INET, &ip4->local, ip->local4, sizeof(ip->local4));
	inet_ntop(AF_INET, &ip4->peer, ip->peer4, sizeof(ip->peer4));
}
