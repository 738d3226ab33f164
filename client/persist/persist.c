// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * persist: the reconnect supervisor (see persist.h). Every decision is taken from the main loop
 * once an engine has ended (persist_ended()), never inside an engine callback, so the engine
 * that ended can be freed there.
 */
#include <errno.h>
#include <string.h>

#include "l2tpc-i18n.h"
#include "l2tpc-log.h"
#include "net-local.h"
#include "net-monitor.h"
#include "persist-policy.h"
#include "persist.h"
#include "profile.h"

struct l2tpc_persist {
	const struct l2tpc_profile *profile;
	struct l2tpc_engine_options opts;
	bool ephemeral_port; /* the owner's force_ephemeral_port */
	struct l2tpc_persist_ops ops;
	void *ud;

	struct l2tpc_engine *engine;
	bool engine_ended;	      /* its stopped callback came; freed by persist_ended() */
	struct l2tpc_failure ended;   /* what the engine ended with */
	struct l2tpc_failure restart; /* why we stopped a working engine ourselves */
	char gateway[46], local[46];  /* of the last connection that was up */
	char seen[46]; /* the source address towards the gateway at the last look; "" for none */
	struct net_monitor *monitor;	/* while persistent and after the first connection */
	struct l2tpc_engine_keep *keep; /* the charon, kept between attempts (idem) */

	bool stop_requested, done;
	bool was_connected; /* up at least once: only then is there something to keep */
	bool reconnecting;
	unsigned attempt;
	gint64 lost_us, connected_us;
	guint ended_id, retry_id;
};

static void persist_start_engine(struct l2tpc_persist *p);

static void persist_finish(struct l2tpc_persist *p, const struct l2tpc_failure *f)
{
	p->done = true;
	p->reconnecting = false;
	g_clear_handle_id(&p->retry_id, g_source_remove);
	g_clear_pointer(&p->monitor, net_monitor_free);
	/* before the owner hears the end: a private charon stops with the connection */
	g_clear_pointer(&p->keep, l2tpc_engine_keep_free);
	if (p->ops.stopped)
		p->ops.stopped(p, f && l2tpc_failure_is_set(f) ? f : NULL, p->ud);
}

static gboolean persist_retry_now(gpointer data)
{
	struct l2tpc_persist *p = data;

	p->retry_id = 0;
	persist_start_engine(p);
	return G_SOURCE_REMOVE;
}

/* The connection is down for @cause: the next attempt, or the end when time is up. */
static void persist_schedule(struct l2tpc_persist *p, const struct l2tpc_failure *cause)
{
	gint64 now = g_get_monotonic_time();
	unsigned delay_s;

	if (!p->reconnecting) {
		p->reconnecting = true;
		p->lost_us = now;
		p->attempt = 0;
		l2tpc_warn("persist", "connection lost after %.1f s up: %s",
			   (double)(now - p->connected_us) / G_USEC_PER_SEC, cause->sentence);
	}
	p->attempt++;
	delay_s = persist_policy_delay_s(p->attempt, p->profile->persistent_backoff_max);
	if ((now - p->lost_us) / G_USEC_PER_SEC + delay_s > p->profile->persistent_timeout) {
		struct l2tpc_failure f = { 0 };

		l2tpc_failure_set(&f, cause->klass,
				  _("The connection could not be restored within %u s "
				    "(persistent-timeout); the last attempt ended with: %s"),
				  p->profile->persistent_timeout, cause->sentence);
		f.secret_refused = cause->secret_refused;
		persist_finish(p, &f);
		l2tpc_failure_clear(&f);
		return;
	}
	l2tpc_info("persist", "attempt %u in %u s", p->attempt, delay_s);
	if (p->ops.reconnecting)
		p->ops.reconnecting(p, p->attempt, delay_s, cause, p->ud);
	p->retry_id = g_timeout_add(delay_s * 1000, persist_retry_now, p);
}

static gboolean persist_ended(gpointer data)
{
	struct l2tpc_persist *p = data;
	struct l2tpc_failure cause = { 0 };
	const struct l2tpc_failure *why;

	p->ended_id = 0;
	g_clear_pointer(&p->engine, l2tpc_engine_free);
	p->engine_ended = false;
	why = l2tpc_failure_is_set(&p->restart) ? &p->restart : &p->ended;
	if (l2tpc_failure_is_set(why))
		l2tpc_failure_copy(&cause, why);
	l2tpc_failure_clear(&p->restart);
	l2tpc_failure_clear(&p->ended);
	if (p->stop_requested)
		persist_finish(p, NULL);
	else if (!p->profile->persistent || !p->was_connected || !l2tpc_failure_is_set(&cause) ||
		 !persist_policy_retry(cause.klass))
		persist_finish(p, &cause);
	else
		persist_schedule(p, &cause);
	l2tpc_failure_clear(&cause);
	return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------ the engine's callbacks */

static void persist_on_phase(struct l2tpc_engine *e, enum l2tpc_phase phase, const char *detail,
			     void *ud)
{
	struct l2tpc_persist *p = ud;

	if (p->ops.phase)
		p->ops.phase(p, phase, detail, p->ud);
}

static void persist_monitor_changed(void *ud);

static void persist_on_connected(struct l2tpc_engine *e, const struct l2tpc_ip_config *ip, void *ud)
{
	struct l2tpc_persist *p = ud;
	const char *gw, *local;
	gint64 now = g_get_monotonic_time();

	if (p->reconnecting)
		l2tpc_info("persist", "back after %.1f s without a connection (attempt %u)",
			   (double)(now - p->lost_us) / G_USEC_PER_SEC, p->attempt);
	p->was_connected = true;
	p->reconnecting = false;
	p->attempt = 0;
	p->connected_us = now;
	if (l2tpc_engine_addresses(e, &gw, &local)) {
		g_strlcpy(p->gateway, gw, sizeof(p->gateway));
		g_strlcpy(p->local, local, sizeof(p->local));
		g_strlcpy(p->seen, local, sizeof(p->seen));
	}
	if (p->profile->persistent && !p->monitor) {
		int err;

		p->monitor = net_monitor_new(persist_monitor_changed, p, &err);
		if (!p->monitor)
			l2tpc_warn("persist",
				   "cannot watch the machine's addresses (%s): a changed address "
				   "is noticed only when the server stops answering",
				   g_strerror(-err));
	}
	/* a new attempt then finds charon running: no start of ~0.5 s each time */
	if (p->profile->persistent && p->profile->ipsec_enabled && !p->keep)
		p->keep = l2tpc_engine_keep_new(&p->opts);
	if (p->ops.connected)
		p->ops.connected(p, ip, p->ud);
}

static void persist_on_stopped(struct l2tpc_engine *e, const struct l2tpc_failure *f, void *ud)
{
	struct l2tpc_persist *p = ud;

	p->engine_ended = true;
	l2tpc_failure_clear(&p->ended);
	if (f && l2tpc_failure_is_set(f))
		l2tpc_failure_copy(&p->ended, f);
	if (!p->ended_id)
		p->ended_id = g_idle_add(persist_ended, p);
}

static const struct l2tpc_engine_ops persist_engine_ops = {
	.phase = persist_on_phase,
	.connected = persist_on_connected,
	.stopped = persist_on_stopped,
};

/* ------------------------------------------------------------ the network changed */

/* The source address the kernel would use towards the gateway now; false if there is none. */
static bool persist_local_now(const struct l2tpc_persist *p, char *out, size_t out_len)
{
	g_autofree char *local = p->gateway[0] ? net_local_for_string(p->gateway) : NULL;

	if (!local)
		return false;
	g_strlcpy(out, local, out_len);
	return true;
}

static void persist_monitor_changed(void *ud)
{
	struct l2tpc_persist *p = ud;
	char now[46] = "";
	bool have = persist_local_now(p, now, sizeof(now));
	bool moved = strcmp(now, p->seen) != 0;

	/* Our own engine's routes (the host route to the gateway, a default route) come and go
	 * with each attempt: only a change of the way to the gateway counts. */
	g_strlcpy(p->seen, now, sizeof(p->seen));
	if (!p->engine && p->retry_id && have && moved) {
		/* waiting, and the gateway is reachable another way: no reason to wait longer */
		l2tpc_info("persist", "the network changed (%s towards %s): attempt %u now", now,
			   p->gateway, p->attempt);
		g_source_remove(p->retry_id);
		p->retry_id = g_idle_add(persist_retry_now, p);
		return;
	}
	if (!p->engine || p->engine_ended || l2tpc_failure_is_set(&p->restart) ||
	    l2tpc_engine_phase(p->engine) != L2TPC_PHASE_CONNECTED ||
	    (have && strcmp(now, p->local) == 0))
		return;
	if (have)
		l2tpc_failure_set(
			&p->restart, L2TPC_FAILURE_IPSEC_UNREACHABLE,
			_("This machine's address towards the VPN gateway %s changed from "
			  "%s to %s; the connection is made again from the new one."),
			p->gateway, p->local, now);
	else
		l2tpc_failure_set(
			&p->restart, L2TPC_FAILURE_IPSEC_UNREACHABLE,
			_("This machine lost its route to the VPN gateway %s (address %s "
			  "gone); the connection is made again when the network is back."),
			p->gateway, p->local);
	l2tpc_warn("persist", "%s", p->restart.sentence);
	/* nothing from the old address reaches the server any more: no answer to wait for */
	l2tpc_engine_drop(p->engine);
}

/* ------------------------------------------------------------ public */

static void persist_start_engine(struct l2tpc_persist *p)
{
	struct l2tpc_engine_options o = p->opts;

	/* The server may still hold the lost connection's tunnel on the old UDP 5-tuple until
	 * its own keepalive gives up: a new source port gets a tunnel of its own at once. */
	o.force_ephemeral_port = p->ephemeral_port || p->reconnecting;
	p->engine = l2tpc_engine_new(p->profile, &o, &persist_engine_ops, p);
	l2tpc_engine_start(p->engine);
}

struct l2tpc_persist *l2tpc_persist_new(const struct l2tpc_profile *profile,
					const struct l2tpc_engine_options *opts,
					const struct l2tpc_persist_ops *ops, void *ud)
{
	struct l2tpc_persist *p = g_new0(struct l2tpc_persist, 1);

	p->profile = profile;
	p->opts = *opts;
	p->ephemeral_port = opts->force_ephemeral_port;
	p->ops = *ops;
	p->ud = ud;
	return p;
}

void l2tpc_persist_start(struct l2tpc_persist *p)
{
	if (!p->engine && !p->done && !p->stop_requested)
		persist_start_engine(p);
}

void l2tpc_persist_stop(struct l2tpc_persist *p)
{
	if (p->done || p->stop_requested)
		return;
	p->stop_requested = true;
	if (p->engine && !p->engine_ended) {
		l2tpc_engine_stop(p->engine);
		return;
	}
	/* between attempts (or the engine just ended): end from the main loop */
	g_clear_handle_id(&p->retry_id, g_source_remove);
	if (!p->ended_id)
		p->ended_id = g_idle_add(persist_ended, p);
}

void l2tpc_persist_free(struct l2tpc_persist *p)
{
	if (!p)
		return;
	g_clear_handle_id(&p->ended_id, g_source_remove);
	g_clear_handle_id(&p->retry_id, g_source_remove);
	net_monitor_free(p->monitor);
	l2tpc_engine_free(p->engine);
	l2tpc_engine_keep_free(p->keep);
	l2tpc_failure_clear(&p->ended);
	l2tpc_failure_clear(&p->restart);
	g_free(p);
}

struct l2tpc_engine *l2tpc_persist_engine(const struct l2tpc_persist *p)
{
	return p->engine;
}

bool l2tpc_persist_reconnecting(const struct l2tpc_persist *p)
{
	return p->reconnecting;
}

bool l2tpc_persist_done(const struct l2tpc_persist *p)
{
	return p->done;
}
