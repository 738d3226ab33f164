// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The connection driver (see ipsec-conn.h): one enum of steps, ipsec_conn_enter() holding what
 * each step does, and one VICI callback per step that records what it loaded and moves on. The
 * control connection carries the loads and the SA watch; a second connection carries the long
 * `initiate` and its control-log.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ipsec-conn.h"
#include "ipsec-errors.h"
#include "ipsec-peer-name.h"
#include "ipsec-proposals.h"
#include "ipsec-sa-watch.h"
#include "ipsec-stale.h"
#include "l2tpc-i18n.h"
#include "l2tpc-log.h"
#include "net-local.h"
#include "net-xfrm.h"
#include "vici-client.h"

#define LOG		   "ipsec"
#define CONNECT_TIMEOUT_MS 3000
#define LOG_LINES_MAX	   400 /* control-log lines kept for the classifier */

/* The life of a connection, in order. Up runs CHARON..UP; down runs TERMINATE..DOWN, each
 * teardown step skipped when there is nothing of its kind to undo. */
enum ipsec_conn_step {
	IPSEC_CONN_IDLE,
	IPSEC_CONN_CHARON,	/* our lock taken; acquiring charon (ipsec-charon) */
	IPSEC_CONN_CONTROL,	/* connecting the control VICI connection */
	IPSEC_CONN_CLEAN,	/* removing dead owners' leftovers (ipsec-stale) */
	IPSEC_CONN_LOAD_SECRET, /* load-shared, or load-cert (chain) and load-key */
	IPSEC_CONN_LOAD_CONN,	/* load-conn */
	IPSEC_CONN_INITIATE,	/* initiate on a second VICI connection, control-log streamed */
	IPSEC_CONN_LIST,	/* list-sas until the CHILD_SA is INSTALLED in transport mode */
	IPSEC_CONN_PEER_NAME,	/* the server's certificate names the gateway (ipsec-peer-name) */
	IPSEC_CONN_UP,		/* established */
	IPSEC_CONN_LOST,	/* the SA went away on its own; down still unloads */
	IPSEC_CONN_TERMINATE,	/* terminate our IKE SA (charon tells the gateway) */
	IPSEC_CONN_UNLOAD_CONN, /* unload-conn */
	IPSEC_CONN_UNLOAD_PSK,	/* unload-shared */
	IPSEC_CONN_UNLOAD_KEY,	/* unload-key */
	IPSEC_CONN_DOWN,	/* charon and our lock released */
};

struct ipsec_conn {
	enum ipsec_conn_step step;
	struct ipsec_conn_params p; /* strings and blobs owned */
	char *name;
	char *run_dir;
	char *local_addr; /* what routing picked, for PSK owners */
	struct ipsec_charon_options charon_opts;
	struct ipsec_charon *charon;
	struct vici_client *ctl;
	struct vici_client *init;
	struct ipsec_stale_lock lock;
	struct ipsec_stale *stale;
	struct ipsec_sa_watch *watch;
	struct ipsec_peer_name *peer_name; /* the server-name check */
	/* what we loaded, to unload exactly that */
	bool conn_loaded, shared_loaded;
	char *key_id;
	/* initiate */
	GPtrArray *log_lines;
	guint log_mark;	   /* log_lines index where the current initiate began */
	const char *child; /* the child initiated: IPSEC_CONN_CHILD, or _1701 as fallback */
	char *esp_first;   /* the ESP proposals refused before esp_fallback was tried */
	struct l2tpc_failure failure;
	ipsec_conn_done_fn done;
	void *done_data;
	ipsec_conn_done_fn lost;
	void *lost_data;
	ipsec_conn_log_fn log_fn;
	void *log_data;
	ipsec_conn_initiating_fn initiating_fn;
	void *initiating_data;
	bool down_requested; /* down was called while an up step was in flight */
	bool charon_gone;    /* our VICI connection closed under us: charon died */
	bool down_removes;   /* this teardown has something of ours to remove, and says so */
	bool clean_only;     /* ipsec_conn_clean(): stop after removing the leftovers */
	bool drop;	     /* ipsec_conn_drop(): terminate without waiting for the gateway */
};

static void ipsec_conn_enter(struct ipsec_conn *c, enum ipsec_conn_step step);

static const char *ipsec_conn_step_name(enum ipsec_conn_step step)
{
	/* in the order of enum ipsec_conn_step */
	static const char *const names[] = {
		"idle",	       "charon",	"control",    "clean", "load-secret", "load-conn",
		"initiate",    "list",		"peer-name",  "up",    "lost",	      "terminate",
		"unload-conn", "unload-shared", "unload-key", "down",
	};
	G_STATIC_ASSERT(G_N_ELEMENTS(names) == IPSEC_CONN_DOWN + 1);

	return names[step];
}

/* The step after @c's current up step, when it succeeded. */
static enum ipsec_conn_step ipsec_conn_step_after(const struct ipsec_conn *c)
{
	if (c->step == IPSEC_CONN_CLEAN && c->clean_only)
		return IPSEC_CONN_TERMINATE;
	if (c->step == IPSEC_CONN_LIST && !(c->p.cert && c->p.server_name))
		return IPSEC_CONN_UP;
	return c->step + 1;
}

/* An up step with a reply to wait for: a down now is deferred until it lands. The initiate is
 * not one: it is dropped with its connection. */
static bool ipsec_conn_step_in_flight(const struct ipsec_conn *c)
{
	return c->step >= IPSEC_CONN_CHARON && c->step < IPSEC_CONN_UP &&
	       c->step != IPSEC_CONN_INITIATE;
}

static bool ipsec_conn_tearing_down(const struct ipsec_conn *c)
{
	return c->step >= IPSEC_CONN_TERMINATE && c->step < IPSEC_CONN_DOWN;
}

const char *ipsec_conn_name(const struct ipsec_conn *c)
{
	return c->name;
}

uint32_t ipsec_conn_reqid(const struct ipsec_conn *c)
{
	return c->step == IPSEC_CONN_UP ? ipsec_sa_watch_child(c->watch)->reqid : 0;
}

void ipsec_conn_remote_ports(const struct ipsec_conn *c, uint16_t *lo, uint16_t *hi)
{
	*lo = c->watch ? ipsec_sa_watch_child(c->watch)->port_lo : 0;
	*hi = c->watch ? ipsec_sa_watch_child(c->watch)->port_hi : 0;
}

bool ipsec_conn_ipcomp(const struct ipsec_conn *c)
{
	return c->step == IPSEC_CONN_UP && ipsec_sa_watch_child(c->watch)->ipcomp;
}

static const char *ipsec_conn_log_lines_last(const struct ipsec_conn *c)
{
	return c->log_lines->len ? c->log_lines->pdata[c->log_lines->len - 1] : "";
}

struct ipsec_conn *ipsec_conn_new(const struct ipsec_conn_params *p, struct l2tpc_failure *f)
{
	struct ipsec_conn *c;

	if (ipsec_conn_params_check(p, f) < 0)
		return NULL;
	c = g_new0(struct ipsec_conn, 1);
	ipsec_conn_params_copy(&c->p, p);
	if (p->charon)
		c->charon_opts = *p->charon;
	c->p.charon = &c->charon_opts;
	c->run_dir = g_strdup(c->charon_opts.run_dir ? c->charon_opts.run_dir : L2TPC_RUNDIR);
	c->charon_opts.run_dir = c->run_dir;
	c->name = ipsec_conn_name_for(p->profile_id);
	c->log_lines = g_ptr_array_new_with_free_func(g_free);
	c->child = IPSEC_CONN_CHILD;
	c->lock.fd = -1;
	return c;
}

void ipsec_conn_free(struct ipsec_conn *c)
{
	if (!c)
		return;
	vici_client_free(c->ctl);
	vici_client_free(c->init);
	/* after ctl: their requests are dropped */
	ipsec_peer_name_free(c->peer_name);
	ipsec_sa_watch_free(c->watch);
	ipsec_stale_free(c->stale);
	if (c->charon)
		ipsec_charon_release(c->charon);
	ipsec_stale_lock_clear(&c->lock);
	ipsec_conn_params_clear(&c->p);
	g_ptr_array_unref(c->log_lines);
	l2tpc_failure_clear(&c->failure);
	g_free(c->key_id);
	g_free(c->esp_first);
	g_free(c->local_addr);
	g_free(c->name);
	g_free(c->run_dir);
	g_free(c);
}

void ipsec_conn_set_lost_handler(struct ipsec_conn *c, ipsec_conn_done_fn lost, void *user_data)
{
	c->lost = lost;
	c->lost_data = user_data;
}

void ipsec_conn_set_initiating_handler(struct ipsec_conn *c, ipsec_conn_initiating_fn fn,
				       void *user_data)
{
	c->initiating_fn = fn;
	c->initiating_data = user_data;
}

void ipsec_conn_set_log_handler(struct ipsec_conn *c, ipsec_conn_log_fn fn, void *user_data)
{
	c->log_fn = fn;
	c->log_data = user_data;
}

/* ---- completion ---- */

static void ipsec_conn_finish(struct ipsec_conn *c)
{
	ipsec_conn_done_fn fn = c->done;

	c->done = NULL;
	if (fn)
		fn(c, l2tpc_failure_is_set(&c->failure) ? &c->failure : NULL, c->done_data);
}

/* A failure during up (c->failure says which): undo what was loaded, then report. */
static void ipsec_conn_fail(struct ipsec_conn *c)
{
	/* debug only: whoever gets the failure (the engine, the probe) says it to the user */
	l2tpc_debug(LOG, "%s: %s", c->name, c->failure.sentence);
	ipsec_conn_enter(c, IPSEC_CONN_TERMINATE);
}

static void ipsec_conn_fail_internal(struct ipsec_conn *c, const char *what, const char *why)
{
	l2tpc_failure_set(&c->failure, L2TPC_FAILURE_IPSEC_DAEMON,
			  _("charon refused to %s for %s (%s): see the log for details."), what,
			  c->p.remote_addr, why);
	ipsec_conn_fail(c);
}

/* Called first thing when an up step lands (after recording what it loaded): if down was
 * asked for meanwhile, tear down now instead of going on. */
static bool ipsec_conn_divert(struct ipsec_conn *c)
{
	if (!c->down_requested)
		return false;
	c->down_requested = false;
	ipsec_conn_enter(c, IPSEC_CONN_TERMINATE);
	return true;
}

/* The current up step succeeded: on to the next one. */
static void ipsec_conn_advance(struct ipsec_conn *c)
{
	ipsec_conn_enter(c, ipsec_conn_step_after(c));
}

/* ---- events of the SA watch ---- */

static void ipsec_conn_on_lost(const struct l2tpc_failure *f, bool charon_gone, void *data)
{
	struct ipsec_conn *c = data;

	if (charon_gone) {
		c->charon_gone = true;
		ipsec_charon_forget(c->charon); /* the next acquire looks again */
	}
	if (c->step != IPSEC_CONN_UP)
		return;
	c->step = IPSEC_CONN_LOST;
	l2tpc_debug(LOG, "%s: %s", c->name, f->sentence);
	if (c->lost)
		c->lost(c, f, c->lost_data);
}

static void ipsec_conn_on_log(struct vici_client *vc, const struct vici_msg *ev, void *data)
{
	struct ipsec_conn *c = data;
	const char *msg = vici_msg_get_str(ev, "msg");
	const char *group = vici_msg_get_str(ev, "group");
	const char *level = vici_msg_get_str(ev, "level");

	if (!msg)
		return;
	g_ptr_array_add(c->log_lines, g_strdup(msg));
	if (c->log_lines->len > LOG_LINES_MAX)
		g_ptr_array_remove_index(c->log_lines, 0);
	/* charon level 0/1 are the lines a user can follow; 2+ only when debugging */
	if (level && atoi(level) <= 1)
		l2tpc_info("charon", "[%s] %s", group ? group : "?", msg);
	else
		l2tpc_debug("charon", "[%s] %s", group ? group : "?", msg);
	if (c->log_fn)
		c->log_fn(c, msg, c->log_data);
}

/* ---- the replies of the up steps ---- */

static void ipsec_conn_charon_ready(struct ipsec_charon *ch, const struct l2tpc_failure *f,
				    void *data)
{
	struct ipsec_conn *c = data;

	c->charon = ch;
	if (ipsec_conn_divert(c))
		return;
	if (!ch && c->clean_only) {
		/* no charon runs: nothing of ours can be in one */
		ipsec_conn_enter(c, IPSEC_CONN_TERMINATE);
		return;
	}
	if (!ch) {
		l2tpc_failure_copy(&c->failure, f);
		ipsec_conn_fail(c);
		return;
	}
	if ((c->p.ike_version ? c->p.ike_version : 1) == 1 && !ipsec_charon_has_ikev1(ch)) {
		ipsec_errors_daemon(IPSEC_DAEMON_NO_IKEV1, NULL, &c->failure);
		ipsec_conn_fail(c);
		return;
	}
	ipsec_conn_advance(c);
}

static void ipsec_conn_ctl_ready(struct vici_client *vc, const struct vici_msg *reply,
				 const char *error, void *data)
{
	struct ipsec_conn *c = data;

	if (ipsec_conn_divert(c))
		return;
	if (error) {
		ipsec_errors_daemon(IPSEC_DAEMON_START_FAILED, error, &c->failure);
		ipsec_conn_fail(c);
		return;
	}
	c->watch = ipsec_sa_watch_new(vc, c->name, c->p.remote_addr, ipsec_conn_on_lost, c);
	ipsec_conn_advance(c);
}

static void ipsec_conn_cleaned(const char *error, void *data)
{
	struct ipsec_conn *c = data;

	if (ipsec_conn_divert(c))
		return;
	if (error) {
		ipsec_conn_fail_internal(c, "list its connections", error);
		return;
	}
	ipsec_conn_advance(c);
}

static void ipsec_conn_loaded_secret(struct vici_client *vc, const struct vici_msg *reply,
				     const char *error, void *data)
{
	struct ipsec_conn *c = data;
	const char *err = error ? error : vici_client_reply_error(reply);

	if (!err && c->p.cert) {
		c->key_id = g_strdup(vici_msg_get_str(reply, "id"));
		ipsec_stale_lock_note(&c->lock, c->key_id);
	} else if (!err) {
		c->shared_loaded = true;
	}
	if (ipsec_conn_divert(c))
		return;
	if (err) {
		ipsec_conn_fail_internal(c, c->p.cert ? "load our private key" : "load our PSK",
					 err);
		return;
	}
	ipsec_conn_advance(c);
}

static void ipsec_conn_loaded_chain(struct vici_client *vc, const struct vici_msg *reply,
				    const char *error, void *data)
{
	const char *err = error ? error : vici_client_reply_error(reply);

	/* intermediates only help path building; a refused one is worth a warning, no more */
	if (err)
		l2tpc_warn(LOG, "charon did not take an intermediate certificate: %s", err);
}

static void ipsec_conn_loaded_conn(struct vici_client *vc, const struct vici_msg *reply,
				   const char *error, void *data)
{
	struct ipsec_conn *c = data;
	const char *err = error ? error : vici_client_reply_error(reply);

	if (!err)
		c->conn_loaded = true;
	if (ipsec_conn_divert(c))
		return;
	if (err) {
		ipsec_conn_fail_internal(c, "load our connection", err);
		return;
	}
	ipsec_conn_advance(c);
}

/*
 * The PFS rule (ipsec-proposals.h): the server refused our Quick Mode with PFS under an
 * established IKE SA; load the connection again with the ESP proposals without a group and
 * initiate once more (charon reuses the IKE SA). True when that retry is under way.
 */
static bool ipsec_conn_try_fallback(struct ipsec_conn *c)
{
	if (!c->p.esp_fallback || c->esp_first ||
	    !ipsec_errors_quick_mode_refused((const char *const *)c->log_lines->pdata,
					     c->log_lines->len))
		return false;
	l2tpc_warn(LOG,
		   "%s refused perfect forward secrecy (ESP with a Diffie-Hellman group); "
		   "offering ESP without it: %s",
		   c->p.remote_addr, c->p.esp_fallback);
	c->esp_first = (char *)c->p.esp_proposals;
	c->p.esp_proposals = c->p.esp_fallback;
	c->p.esp_fallback = NULL;
	g_ptr_array_set_size(c->log_lines, 0);
	vici_client_free(g_steal_pointer(&c->init));
	ipsec_conn_enter(c, IPSEC_CONN_LOAD_CONN);
	return true;
}

/* A strict IKEv1 responder refused a CHILD_SA for any server port (docs/vici.md). */
static bool ipsec_conn_refused_any_port(const struct ipsec_conn *c)
{
	if (g_strcmp0(c->child, IPSEC_CONN_CHILD) != 0)
		return false;
	for (guint i = c->log_mark; i < c->log_lines->len; i++)
		if (strstr(c->log_lines->pdata[i], "INVALID_ID_INFORMATION"))
			return true;
	return false;
}

static void ipsec_conn_send_initiate(struct ipsec_conn *c, struct vici_client *vc);

static void ipsec_conn_initiated(struct vici_client *vc, const struct vici_msg *reply,
				 const char *error, void *data)
{
	struct ipsec_conn *c = data;
	const char *errmsg = error ? error : vici_client_reply_error(reply);

	if (error && vici_client_malformed(vc)) {
		ipsec_errors_daemon(IPSEC_DAEMON_MALFORMED, error, &c->failure);
		ipsec_conn_fail(c);
		return;
	}
	if (errmsg && ipsec_conn_refused_any_port(c)) {
		l2tpc_info(LOG,
			   "%s: %s refused IPsec for any server port; asking for udp/1701 only",
			   c->name, c->p.remote_addr);
		c->child = IPSEC_CONN_CHILD_1701;
		ipsec_conn_send_initiate(c, vc);
		return;
	}
	if (errmsg) {
		struct ipsec_errors_ctx ctx = {
			.gateway = c->p.remote_addr,
			.ike_offered = c->p.ike_proposals ? c->p.ike_proposals
							  : ipsec_proposals_default_ike(),
			.esp_offered = c->p.esp_proposals ? c->p.esp_proposals
							  : ipsec_proposals_default_esp(),
			.esp_first = c->esp_first,
			.esp_fallback = c->p.esp_fallback,
			.remote_id = c->p.remote_id,
			.psk = c->p.cert == NULL,
			.timeout_s = c->p.initiate_timeout_s ? c->p.initiate_timeout_s : 30,
		};

		l2tpc_debug(LOG, "%s: initiate failed: %s (last log line: %s)", c->name, errmsg,
			    ipsec_conn_log_lines_last(c));
		if (ipsec_conn_try_fallback(c))
			return;
		ipsec_errors_classify((const char *const *)c->log_lines->pdata, c->log_lines->len,
				      errmsg, &ctx, &c->failure);
		ipsec_conn_fail(c);
		return;
	}
	vici_client_free(g_steal_pointer(&c->init));
	ipsec_conn_advance(c);
}

static void ipsec_conn_send_initiate(struct ipsec_conn *c, struct vici_client *vc)
{
	unsigned int timeout_s = c->p.initiate_timeout_s ? c->p.initiate_timeout_s : 30;
	const char *mode;
	GBytes *pkt;

	c->log_mark = c->log_lines->len;
	pkt = ipsec_conn_build_initiate(c->name, c->child, timeout_s,
					l2tpc_log_enabled(L2TPC_LOG_DEBUG));
	mode = c->p.ike_version == 2 ? "" : c->p.aggressive ? " aggressive mode" : " main mode";
	l2tpc_info(LOG, "%s: initiating IKEv%u%s with %s", c->name,
		   c->p.ike_version ? c->p.ike_version : 1, mode, c->p.remote_addr);
	/* charon answers once it gives up; give it a little more than its own timeout */
	vici_client_call(vc, pkt, timeout_s * 1000 + 5000, ipsec_conn_initiated, c);
}

static void ipsec_conn_init_ready(struct vici_client *vc, const struct vici_msg *reply,
				  const char *error, void *data)
{
	struct ipsec_conn *c = data;

	if (error) {
		ipsec_conn_fail_internal(c, "accept a second VICI connection", error);
		return;
	}
	vici_client_register(vc, "control-log", ipsec_conn_on_log, c, IPSEC_CONN_CTL_TIMEOUT_MS,
			     NULL, NULL);
	c->child = IPSEC_CONN_CHILD;
	ipsec_conn_send_initiate(c, vc);
	if (c->initiating_fn)
		c->initiating_fn(c, c->initiating_data);
}
static void ipsec_conn_listed(const char *error, bool malformed, void *data)
{
	struct ipsec_conn *c = data;
	const struct ipsec_sa_watch_child *child = ipsec_sa_watch_child(c->watch);

	if (ipsec_conn_divert(c))
		return;
	if (error && malformed) {
		ipsec_errors_daemon(IPSEC_DAEMON_MALFORMED, error, &c->failure);
		ipsec_conn_fail(c);
		return;
	}
	if (error) {
		ipsec_conn_fail_internal(c, "list the SA", error);
		return;
	}
	if (!child->transport) {
		ipsec_errors_child_not_up(c->p.remote_addr, child->mode, child->state,
					  ipsec_sa_watch_patience_ms(), &c->failure);
		ipsec_conn_fail(c);
		return;
	}
	ipsec_conn_advance(c);
}

static void ipsec_conn_peer_named(const struct l2tpc_failure *f, void *data)
{
	struct ipsec_conn *c = data;

	if (ipsec_conn_divert(c))
		return;
	if (f) {
		l2tpc_failure_copy(&c->failure, f);
		ipsec_conn_fail(c);
		return;
	}
	ipsec_conn_advance(c);
}

/* A reply of a teardown step: whatever is already gone is fine. */
static void ipsec_conn_torn(struct vici_client *vc, const struct vici_msg *reply, const char *error,
			    void *data)
{
	struct ipsec_conn *c = data;
	const char *err = error ? error : vici_client_reply_error(reply);

	if (err)
		l2tpc_debug(LOG, "%s: teardown step %s: %s", c->name, ipsec_conn_step_name(c->step),
			    err);
	ipsec_conn_enter(c, c->step + 1);
}

/* ---- the steps ---- */

static void ipsec_conn_load_conn(struct ipsec_conn *c)
{
	GBytes *pkt = ipsec_conn_build_load_conn(&c->p, c->name);

	if (!pkt) {
		l2tpc_failure_set(&c->failure, L2TPC_FAILURE_CONFIG,
				  _("The certificates are too large to hand to charon (over 64 KiB "
				    "each): use a smaller CA bundle."));
		ipsec_conn_fail(c);
		return;
	}
	vici_client_call(c->ctl, pkt, IPSEC_CONN_CTL_TIMEOUT_MS, ipsec_conn_loaded_conn, c);
}

static void ipsec_conn_load_secret(struct ipsec_conn *c)
{
	GBytes *pkt;

	if (!c->p.cert) {
		if (!c->p.local_addr)
			/* the PSK's owner when none is configured: what routing picks */
			c->local_addr = net_local_for_string(c->p.remote_addr);
		pkt = ipsec_conn_build_load_shared(&c->p, c->name, c->local_addr);
		vici_client_call(c->ctl, pkt, IPSEC_CONN_CTL_TIMEOUT_MS, ipsec_conn_loaded_secret,
				 c);
		return;
	}
	for (guint i = 0; c->p.chain && i < c->p.chain->len; i++) {
		pkt = ipsec_conn_build_load_cert(c->p.chain->pdata[i]);
		if (pkt)
			vici_client_call(c->ctl, pkt, IPSEC_CONN_CTL_TIMEOUT_MS,
					 ipsec_conn_loaded_chain, c);
	}
	vici_client_call(c->ctl, ipsec_conn_build_load_key(&c->p), IPSEC_CONN_CTL_TIMEOUT_MS,
			 ipsec_conn_loaded_secret, c);
}
/* Starts @step: what each step does, in one place. */
static void ipsec_conn_enter(struct ipsec_conn *c, enum ipsec_conn_step step)
{
	bool have_ctl = c->ctl && vici_client_is_connected(c->ctl);
	g_autofree char *psk_id = NULL;
	g_autofree char *key_id = NULL;

	l2tpc_debug(LOG, "%s: %s -> %s", c->name, ipsec_conn_step_name(c->step),
		    ipsec_conn_step_name(step));
	c->step = step;
	switch (step) {
	case IPSEC_CONN_IDLE:
	case IPSEC_CONN_LOST:
		return;
	case IPSEC_CONN_CHARON:
		ipsec_charon_acquire(&c->charon_opts, ipsec_conn_charon_ready, c);
		return;
	case IPSEC_CONN_CONTROL:
		c->ctl = vici_client_new(ipsec_charon_socket(c->charon));
		vici_client_connect(c->ctl, CONNECT_TIMEOUT_MS, ipsec_conn_ctl_ready, c);
		return;
	case IPSEC_CONN_CLEAN:
		c->stale = ipsec_stale_clean(c->ctl, c->run_dir, c->name, c->lock.dead_key,
					     ipsec_conn_cleaned, c);
		return;
	case IPSEC_CONN_LOAD_SECRET:
		ipsec_conn_load_secret(c);
		return;
	case IPSEC_CONN_LOAD_CONN:
		ipsec_conn_load_conn(c);
		return;
	case IPSEC_CONN_INITIATE:
		c->init = vici_client_new(ipsec_charon_socket(c->charon));
		vici_client_connect(c->init, CONNECT_TIMEOUT_MS, ipsec_conn_init_ready, c);
		return;
	case IPSEC_CONN_LIST:
		ipsec_sa_watch_list(c->watch, c->child, ipsec_conn_listed, c);
		return;
	case IPSEC_CONN_PEER_NAME: {
		struct ipsec_peer_name_params pp = {
			.server_name = c->p.server_name,
			.remote_id = ipsec_sa_watch_child(c->watch)->peer_id,
			.gateway = c->p.remote_addr,
			.own_cert = c->p.cert,
		};

		/* before any L2TP packet: the SA stays unused until up reports success */
		c->peer_name = ipsec_peer_name_check(c->ctl, &pp, ipsec_conn_peer_named, c);
		return;
	}
	case IPSEC_CONN_UP:
		l2tpc_info(LOG, "%s: IPsec transport SA with %s is up", c->name, c->p.remote_addr);
		ipsec_conn_finish(c);
		return;
	case IPSEC_CONN_TERMINATE:
		/* a second down after a failed up has nothing to remove, and says nothing */
		c->down_removes = c->ctl || c->charon || c->lock.fd >= 0 || c->conn_loaded ||
				  c->shared_loaded || c->key_id;
		vici_client_free(g_steal_pointer(&c->init));
		ipsec_sa_watch_cancel(c->watch);
		if (have_ctl && c->conn_loaded) {
			unsigned int wait_ms = c->drop ? 0 : IPSEC_CONN_TERMINATE_TIMEOUT_MS / 2;

			vici_client_call(c->ctl, ipsec_conn_build_terminate(c->name, wait_ms),
					 IPSEC_CONN_TERMINATE_TIMEOUT_MS, ipsec_conn_torn, c);
			return;
		}
		break;
	case IPSEC_CONN_UNLOAD_CONN:
		if (have_ctl && c->conn_loaded) {
			c->conn_loaded = false;
			ipsec_stale_request(c->ctl, "unload-conn", "name", c->name, ipsec_conn_torn,
					    c);
			return;
		}
		break;
	case IPSEC_CONN_UNLOAD_PSK:
		if (have_ctl && c->shared_loaded) {
			c->shared_loaded = false;
			psk_id = g_strconcat(c->name, "-psk", NULL);
			ipsec_stale_request(c->ctl, "unload-shared", "id", psk_id, ipsec_conn_torn,
					    c);
			return;
		}
		break;
	case IPSEC_CONN_UNLOAD_KEY:
		if (have_ctl && c->key_id) {
			key_id = g_steal_pointer(&c->key_id);
			ipsec_stale_request(c->ctl, "unload-key", "id", key_id, ipsec_conn_torn, c);
			return;
		}
		break;
	case IPSEC_CONN_DOWN:
		vici_client_free(g_steal_pointer(&c->ctl));
		/* A charon that died (killed, crashed) never removed the SAs and policies it
		 * installed for us: without it they only blackhole udp/1701 to the gateway. */
		if (c->charon_gone && !c->clean_only &&
		    net_xfrm_remove(c->p.local_addr ? c->p.local_addr : c->local_addr,
				    c->p.remote_addr) < 0)
			l2tpc_warn(LOG, "%s: cannot remove the kernel IPsec state charon left",
				   c->name);
		if (c->charon) {
			ipsec_charon_release(c->charon);
			c->charon = NULL;
		}
		ipsec_stale_lock_drop(&c->lock);
		if (c->down_removes)
			l2tpc_info(LOG, "%s: IPsec connection removed from charon", c->name);
		ipsec_conn_finish(c);
		return;
	}
	/* a teardown step with nothing to undo */
	ipsec_conn_enter(c, step + 1);
}

/* ---- the public entry points ---- */

void ipsec_conn_up(struct ipsec_conn *c, ipsec_conn_done_fn done, void *user_data)
{
	int err;

	g_return_if_fail(c->step == IPSEC_CONN_IDLE);
	c->done = done;
	c->done_data = user_data;
	err = ipsec_stale_lock_take(&c->lock, c->run_dir, c->name);
	if (err == -EBUSY) {
		l2tpc_failure_set(&c->failure, L2TPC_FAILURE_CONFIG,
				  _("The profile %s is already connected by another l2tpc: "
				    "disconnect it first."),
				  c->p.profile_id);
	} else if (err < 0) {
		l2tpc_failure_set(&c->failure, L2TPC_FAILURE_SYSTEM,
				  _("Cannot create l2tpc's run directory %s (%s): run l2tpc as "
				    "root."),
				  c->run_dir, g_strerror(-err));
	}
	if (err < 0) {
		ipsec_conn_fail(c);
		return;
	}
	ipsec_conn_enter(c, IPSEC_CONN_CHARON);
}

struct ipsec_conn *ipsec_conn_new_clean(const char *profile_id,
					const struct ipsec_charon_options *charon)
{
	/* nothing is loaded: placeholders for the gateway and the key pass ipsec_conn_new() */
	static const char none[] = "-";
	struct ipsec_conn_params p = { .profile_id = profile_id,
				       .remote_addr = none,
				       .psk = none,
				       .psk_len = 1,
				       .charon = charon };
	struct l2tpc_failure f = { 0 };
	struct ipsec_conn *c = ipsec_conn_new(&p, &f);

	l2tpc_failure_clear(&f);
	if (c) {
		c->clean_only = true;
		c->charon_opts.never_start = true;
	}
	return c;
}

void ipsec_conn_clean(struct ipsec_conn *c, ipsec_conn_done_fn done, void *user_data)
{
	ipsec_conn_up(c, done, user_data);
}

void ipsec_conn_down(struct ipsec_conn *c, ipsec_conn_done_fn done, void *user_data)
{
	c->done = done;
	c->done_data = user_data;
	if (ipsec_conn_step_in_flight(c)) {
		/* let the step land, then tear down (ipsec_conn_divert); a cleanup stops after
		 * the connection it is removing */
		c->down_requested = true;
		ipsec_stale_stop(c->stale);
		return;
	}
	/* a failing up already tearing down: its report goes to the new caller */
	if (ipsec_conn_tearing_down(c))
		return;
	l2tpc_failure_clear(&c->failure); /* a failed up was reported already */
	ipsec_conn_enter(c, IPSEC_CONN_TERMINATE);
}

void ipsec_conn_drop(struct ipsec_conn *c, ipsec_conn_done_fn done, void *user_data)
{
	c->drop = true;
	ipsec_conn_down(c, done, user_data);
}
