// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The connection driver (see ipsec-conn.h): a chain of VICI requests on a control connection,
 * plus a second connection for the long `initiate` and its control-log.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "config.h"
#include "ipsec-conn.h"
#include "run-dir.h"
#include "ipsec-errors.h"
#include "ipsec-peer-name.h"
#include "ipsec-proposals.h"
#include "l2tpc-log.h"
#include "lock-file.h"
#include "net-local.h"
#include "net-xfrm.h"
#include "vici-client.h"
#include "l2tpc-i18n.h"

#define LOG		     "ipsec"
#define CTL_TIMEOUT_MS	     10000
#define TERMINATE_TIMEOUT_MS 8000
#define CONNECT_TIMEOUT_MS   3000
#define LIST_TRIES	     5 /* list-sas rounds before "not transport" is believed */
#define LIST_RETRY_MS	     200

enum ipsec_conn_state {
	IPSEC_CONN_IDLE,
	IPSEC_CONN_STARTING, /* charon, control connection, cleanup, loads */
	IPSEC_CONN_INITIATING,
	IPSEC_CONN_UP,
	IPSEC_CONN_STOPPING,
	IPSEC_CONN_DOWN,
};

struct ipsec_conn {
	enum ipsec_conn_state state;
	struct ipsec_conn_params p; /* strings and blobs owned */
	char *name;
	char *run_dir;
	char *local_addr; /* what routing picked, for PSK owners */
	struct ipsec_charon_options charon_opts;
	struct ipsec_charon *charon;
	struct vici_client *ctl;
	struct vici_client *init;
	int lock_fd;
	char *lock_path;
	/* what we loaded, to unload exactly that */
	bool conn_loaded, shared_loaded;
	char *key_id;
	/* stale l2tpc-* connections to clean, one after another */
	GPtrArray *stale;
	/* initiate */
	GPtrArray *log_lines;
	struct l2tpc_failure failure;
	ipsec_conn_done_fn done;
	void *done_data;
	ipsec_conn_done_fn lost;
	void *lost_data;
	ipsec_conn_log_fn log_fn;
	void *log_data;
	ipsec_conn_initiating_fn initiating_fn;
	void *initiating_data;
	/* down chain */
	int down_step;
	bool down_removes; /* this teardown has something of ours to remove, and says so */
	bool child_seen_transport;
	unsigned list_tries; /* list-sas rounds while the CHILD_SA is being installed */
	guint list_timer;
	char *child_mode;  /* mode of the last l2tp CHILD_SA listed */
	char *child_state; /* and its state */
	uint32_t reqid;	   /* the kernel reqid of the installed transport CHILD_SA */
	guint log_mark;	   /* log_lines index where the current initiate began */
	uint16_t remote_port_lo, remote_port_hi; /* server ports its remote TS covers */
	const char *child;   /* the child initiated: IPSEC_CONN_CHILD, or _1701 as fallback */
	bool ipcomp;	     /* that CHILD_SA carries IPComp (list-sas names its CPIs) */
	bool down_requested; /* down was called while an up step was in flight */
	char *esp_first;     /* the ESP proposals refused before esp_fallback was tried */
	char *peer_id;	     /* the identity the server authenticated as (list-sas) */
	struct ipsec_peer_name *peer_name; /* the server-name check, while it runs */
	bool charon_gone;		   /* our VICI connection closed under us: charon died */
	bool clean_only;     /* ipsec_conn_clean(): stop after removing the leftovers */
	char *own_stale_key; /* key id our lock file named from a crashed run of this profile */
};

static void ipsec_conn_load(struct ipsec_conn *c);
static void ipsec_conn_down_next(struct ipsec_conn *c);
static void ipsec_conn_clean_next(struct ipsec_conn *c);

const char *ipsec_conn_name(const struct ipsec_conn *c)
{
	return c->name;
}

uint32_t ipsec_conn_reqid(const struct ipsec_conn *c)
{
	return c->state == IPSEC_CONN_UP ? c->reqid : 0;
}

void ipsec_conn_remote_ports(const struct ipsec_conn *c, uint16_t *lo, uint16_t *hi)
{
	*lo = c->remote_port_lo;
	*hi = c->remote_port_hi;
}

bool ipsec_conn_ipcomp(const struct ipsec_conn *c)
{
	return c->state == IPSEC_CONN_UP && c->ipcomp;
}

static const char *ipsec_conn_log_lines_last(const struct ipsec_conn *c)
{
	return c->log_lines->len ? c->log_lines->pdata[c->log_lines->len - 1] : "";
}

/* ---- construction ---- */

static GPtrArray *ipsec_conn_copy_blobs(GPtrArray *in)
{
	GPtrArray *out;

	if (!in)
		return NULL;
	out = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	for (guint i = 0; i < in->len; i++)
		g_ptr_array_add(out, g_bytes_ref(in->pdata[i]));
	return out;
}

struct ipsec_conn *ipsec_conn_new(const struct ipsec_conn_params *p, struct l2tpc_failure *f)
{
	struct ipsec_conn *c;

	if (!p->profile_id || !*p->profile_id || !p->remote_addr || !*p->remote_addr) {
		l2tpc_failure_set(f, L2TPC_FAILURE_CONFIG,
				  _("The IPsec settings lack the gateway address."));
		return NULL;
	}
	if (!p->cert && (!p->psk || !p->psk_len)) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("The profile has neither a pre-shared key nor a certificate for "
			  "IPsec: set ipsec-psk or the machine certificate."));
		return NULL;
	}
	if (p->cert && !p->key) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("The machine certificate has no private key: set machine-key."));
		return NULL;
	}
	if (p->ike_version > 2) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("IKE version %u does not exist: set ipsec-ike-version to 1 or 2."),
			p->ike_version);
		return NULL;
	}
	c = g_new0(struct ipsec_conn, 1);
	c->lock_fd = -1;
	c->p = *p;
	c->p.profile_id = g_strdup(p->profile_id);
	c->p.remote_addr = g_strdup(p->remote_addr);
	c->p.local_addr = g_strdup(p->local_addr);
	c->p.ike_proposals = g_strdup(p->ike_proposals);
	c->p.esp_proposals = g_strdup(p->esp_proposals);
	c->p.esp_fallback = g_strdup(p->esp_fallback);
	c->p.local_id = g_strdup(p->local_id);
	c->p.remote_id = g_strdup(p->remote_id);
	c->p.server_name = g_strdup(p->server_name);
	c->p.key_type = g_strdup(p->key_type);
	c->p.psk = p->psk ? g_memdup2(p->psk, p->psk_len) : NULL;
	c->p.cert = p->cert ? g_bytes_ref(p->cert) : NULL;
	c->p.key = p->key ? g_bytes_ref(p->key) : NULL;
	c->p.chain = ipsec_conn_copy_blobs(p->chain);
	c->p.cas = ipsec_conn_copy_blobs(p->cas);
	if (p->charon)
		c->charon_opts = *p->charon;
	c->p.charon = &c->charon_opts;
	c->run_dir = g_strdup(c->charon_opts.run_dir ? c->charon_opts.run_dir : L2TPC_RUNDIR);
	c->charon_opts.run_dir = c->run_dir;
	c->name = ipsec_conn_name_for(p->profile_id);
	c->log_lines = g_ptr_array_new_with_free_func(g_free);
	c->child = IPSEC_CONN_CHILD;
	return c;
}

void ipsec_conn_free(struct ipsec_conn *c)
{
	if (!c)
		return;
	g_clear_handle_id(&c->list_timer, g_source_remove);
	vici_client_free(c->ctl);
	vici_client_free(c->init);
	ipsec_peer_name_free(c->peer_name); /* after ctl: its requests are dropped */
	if (c->charon)
		ipsec_charon_release(c->charon);
	lock_file_release(c->lock_path, c->lock_fd);
	g_free(c->lock_path);
	if (c->p.psk) {
		explicit_bzero((void *)c->p.psk, c->p.psk_len);
		g_free((void *)c->p.psk);
	}
	g_free((char *)c->p.profile_id);
	g_free((char *)c->p.remote_addr);
	g_free((char *)c->p.local_addr);
	g_free((char *)c->p.ike_proposals);
	g_free((char *)c->p.esp_proposals);
	g_free((char *)c->p.esp_fallback);
	g_free((char *)c->p.local_id);
	g_free((char *)c->p.remote_id);
	g_free((char *)c->p.server_name);
	g_free((char *)c->p.key_type);
	g_clear_pointer(&c->p.cert, g_bytes_unref);
	g_clear_pointer(&c->p.key, g_bytes_unref);
	g_clear_pointer(&c->p.chain, g_ptr_array_unref);
	g_clear_pointer(&c->p.cas, g_ptr_array_unref);
	g_clear_pointer(&c->stale, g_ptr_array_unref);
	g_ptr_array_unref(c->log_lines);
	l2tpc_failure_clear(&c->failure);
	g_free(c->key_id);
	g_free(c->child_mode);
	g_free(c->child_state);
	g_free(c->esp_first);
	g_free(c->peer_id);
	g_free(c->own_stale_key);
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

/* Starts the teardown chain. A second down after a failed up finds nothing left and says
 * nothing: the user saw "removed" once. */
static void ipsec_conn_down_begin(struct ipsec_conn *c)
{
	c->state = IPSEC_CONN_STOPPING;
	c->down_step = 0;
	c->down_removes = c->ctl || c->charon || c->lock_fd >= 0 || c->conn_loaded ||
			  c->shared_loaded || c->key_id;
	ipsec_conn_down_next(c);
}

/* A failure during up: record it, undo what was loaded, then report. */
static void ipsec_conn_fail(struct ipsec_conn *c)
{
	/* debug only: whoever gets the failure (the engine, the probe) says it to the user */
	l2tpc_debug(LOG, "%s: %s", c->name, c->failure.sentence);
	ipsec_conn_down_begin(c);
}

/*
 * Called first thing when an up step completes (after recording what it loaded): if down was
 * asked for meanwhile, tear down now instead of going on.
 */
static bool ipsec_conn_divert(struct ipsec_conn *c)
{
	if (!c->down_requested)
		return false;
	c->down_requested = false;
	ipsec_conn_down_begin(c);
	return true;
}

static void ipsec_conn_fail_internal(struct ipsec_conn *c, const char *what, const char *why)
{
	l2tpc_failure_set(&c->failure, L2TPC_FAILURE_IPSEC_DAEMON,
			  _("charon refused to %s for %s (%s): see the log for details."), what,
			  c->p.remote_addr, why);
	ipsec_conn_fail(c);
}

/* ---- the lock that marks a live connection ---- */

static char *ipsec_conn_lock_path(const struct ipsec_conn *c, const char *name)
{
	g_autofree char *file = g_strconcat("ipsec-", name, ".lock", NULL);

	return g_build_filename(c->run_dir, file, NULL);
}

static int ipsec_conn_lock(struct ipsec_conn *c)
{
	int r = run_dir_make(c->run_dir);

	if (r < 0)
		return r;
	c->lock_path = ipsec_conn_lock_path(c, c->name);
	c->lock_fd = lock_file_take(c->lock_path, RUN_DIR_FILE_MODE);
	if (c->lock_fd < 0) {
		int err = c->lock_fd;

		c->lock_fd = -1;
		return err;
	}
	{
		/* a crashed run of this profile may have recorded a key id: keep it for cleanup */
		char buf[256] = { 0 };
		ssize_t n = pread(c->lock_fd, buf, sizeof(buf) - 1, 0);

		if (n > 4 && g_str_has_prefix(buf, "key=")) {
			g_strchomp(buf);
			if (buf[4])
				c->own_stale_key = g_strdup(buf + 4);
		}
	}
	return ftruncate(c->lock_fd, 0) < 0 ? -errno : 0;
}

/* Records the key id in our lock file so a crash's leftovers can be unloaded later. */
static void ipsec_conn_lock_note(struct ipsec_conn *c)
{
	g_autofree char *text = g_strdup_printf("key=%s\n", c->key_id ? c->key_id : "");

	if (c->lock_fd >= 0 && ftruncate(c->lock_fd, 0) == 0)
		(void)!pwrite(c->lock_fd, text, strlen(text), 0);
}

/* True if nobody holds @name's lock (its owner is gone); *key_id gets the recorded key. */
static bool ipsec_conn_is_stale(struct ipsec_conn *c, const char *name, char **key_id)
{
	g_autofree char *path = ipsec_conn_lock_path(c, name);
	g_autofree char *text = NULL;
	int fd = open(path, O_RDWR | O_CLOEXEC);
	bool stale = true;

	*key_id = NULL;
	if (fd >= 0) {
		stale = flock(fd, LOCK_EX | LOCK_NB) == 0;
		close(fd);
	}
	if (stale && g_file_get_contents(path, &text, NULL, NULL) &&
	    g_str_has_prefix(text, "key=")) {
		g_strchomp(text);
		if (text[4])
			*key_id = g_strdup(text + 4);
	}
	if (stale)
		g_unlink(path);
	return stale;
}

/* ---- events ---- */

static void ipsec_conn_report_lost(struct ipsec_conn *c, enum l2tpc_failure_class klass,
				   const char *sentence)
{
	struct l2tpc_failure f = { 0 };

	if (c->state != IPSEC_CONN_UP)
		return;
	c->state = IPSEC_CONN_DOWN;
	l2tpc_failure_set(&f, klass, "%s", sentence);
	l2tpc_debug(LOG, "%s: %s", c->name, f.sentence);
	if (c->lost)
		c->lost(c, &f, c->lost_data);
	l2tpc_failure_clear(&f);
}

static void ipsec_conn_on_updown(struct vici_client *vc, const struct vici_msg *ev, void *data)
{
	struct ipsec_conn *c = data;
	const struct vici_node *ike = vici_msg_get(ev, c->name);
	bool up = vici_node_is_yes(vici_msg_get(ev, "up"));

	if (!ike) /* another connection's event */
		return;
	l2tpc_debug(LOG, "%s: %s %s (state %s)", c->name, ev->name, up ? "up" : "down",
		    vici_node_get_str(ike, "state"));
	if (up || strcmp(ev->name, "child-updown") != 0)
		return;
	{
		g_autofree char *s = g_strdup_printf(
			_("The IPsec connection to %s was closed by the gateway or by dead peer "
			  "detection."),
			c->p.remote_addr);

		ipsec_conn_report_lost(c, L2TPC_FAILURE_PEER_DISCONNECT, s);
	}
}

static void ipsec_conn_on_ctl_closed(struct vici_client *vc, const char *reason, void *data)
{
	struct ipsec_conn *c = data;
	struct l2tpc_failure f = { 0 };

	c->charon_gone = true;
	ipsec_errors_daemon(vici_client_malformed(vc) ? IPSEC_DAEMON_MALFORMED : IPSEC_DAEMON_GONE,
			    reason, &f);
	ipsec_conn_report_lost(c, f.klass, f.sentence);
	l2tpc_failure_clear(&f);
}

static void ipsec_conn_on_list_sa(struct vici_client *vc, const struct vici_msg *ev, void *data)
{
	struct ipsec_conn *c = data;
	const struct vici_node *children = vici_msg_get(ev, c->name, "child-sas");
	const char *peer_id = vici_msg_get_str(ev, c->name, "remote-id");

	if (peer_id) {
		g_free(c->peer_id);
		c->peer_id = g_strdup(peer_id);
	}

	for (guint i = 0; i < vici_node_count(children); i++) {
		const struct vici_node *child = vici_node_child(children, i);
		const char *mode = vici_node_get_str(child, "mode");

		if (g_strcmp0(vici_node_get_str(child, "name"), c->child) != 0)
			continue;
		l2tpc_info(LOG, "%s: CHILD_SA %s %s %s/%s, %s", c->name, child->name,
			   vici_node_get_str(child, "state"), mode,
			   vici_node_get_str(child, "protocol"),
			   vici_node_get_str(child, "encr-alg"));
		g_free(c->child_mode);
		c->child_mode = g_strdup(mode);
		g_free(c->child_state);
		c->child_state = g_strdup(vici_node_get_str(child, "state"));
		if (g_strcmp0(mode, "TRANSPORT") == 0 &&
		    g_strcmp0(vici_node_get_str(child, "state"), "INSTALLED") == 0) {
			const char *reqid = vici_node_get_str(child, "reqid");

			const char *ts = vici_node_item(vici_node_get(child, "remote-ts"), 0);

			c->child_seen_transport = true;
			c->reqid = reqid ? (uint32_t)g_ascii_strtoull(reqid, NULL, 10) : 0;
			/* unreadable: assume the narrowest, so a moved port is reported */
			if (ipsec_conn_ts_ports(ts, &c->remote_port_lo, &c->remote_port_hi) < 0)
				c->remote_port_lo = c->remote_port_hi = 1701;
			l2tpc_info(LOG, "%s: the SA covers server UDP ports %u-%u (%s)", c->name,
				   c->remote_port_lo, c->remote_port_hi, ts ? ts : "?");
			/* charon's vici list-sas names the CPIs only when IPComp was agreed */
			c->ipcomp = vici_node_get_str(child, "cpi-in") != NULL;
		}
	}
}

/* ---- up: check → done ---- */

static void ipsec_conn_listed(struct vici_client *vc, const struct vici_msg *reply,
			      const char *error, void *data);

static void ipsec_conn_list(struct ipsec_conn *c)
{
	GBytes *pkt = NULL;
	struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, "list-sas");

	c->list_tries++;
	/* blocking: right after initiate returns, the IKE_SA may still be checked out, and a
	 * noblock listing would skip it */
	vici_builder_add_str(b, "ike", c->name);
	vici_builder_finish(b, &pkt, NULL);
	vici_client_call(c->ctl, pkt, CTL_TIMEOUT_MS, ipsec_conn_listed, c);
}

static gboolean ipsec_conn_list_again(gpointer data)
{
	struct ipsec_conn *c = data;

	c->list_timer = 0;
	if (!ipsec_conn_divert(c))
		ipsec_conn_list(c);
	return G_SOURCE_REMOVE;
}

static void ipsec_conn_up_done(struct ipsec_conn *c)
{
	c->state = IPSEC_CONN_UP;
	l2tpc_info(LOG, "%s: IPsec transport SA with %s is up", c->name, c->p.remote_addr);
	ipsec_conn_finish(c);
}

static void ipsec_conn_peer_named(const struct l2tpc_failure *f, void *data)
{
	struct ipsec_conn *c = data;

	if (ipsec_conn_divert(c))
		return;
	if (f) {
		l2tpc_failure_set(&c->failure, f->klass, "%s", f->sentence);
		ipsec_conn_fail(c);
		return;
	}
	ipsec_conn_up_done(c);
}

static void ipsec_conn_listed(struct vici_client *vc, const struct vici_msg *reply,
			      const char *error, void *data)
{
	struct ipsec_conn *c = data;

	if (ipsec_conn_divert(c))
		return;
	if (error && vici_client_malformed(vc)) {
		ipsec_errors_daemon(IPSEC_DAEMON_MALFORMED, error, &c->failure);
		ipsec_conn_fail(c);
		return;
	}
	if (error) {
		ipsec_conn_fail_internal(c, "list the SA", error);
		return;
	}
	if (!c->child_seen_transport && c->list_tries < LIST_TRIES) {
		/* The initiate reply can overtake the CHILD_SA's move to INSTALLED: look again. */
		c->list_timer = g_timeout_add(LIST_RETRY_MS, ipsec_conn_list_again, c);
		return;
	}
	if (!c->child_seen_transport) {
		ipsec_errors_child_not_up(c->p.remote_addr, c->child_mode, c->child_state,
					  LIST_TRIES * LIST_RETRY_MS, &c->failure);
		ipsec_conn_fail(c);
		return;
	}
	if (c->p.cert && c->p.server_name) {
		struct ipsec_peer_name_params pp = {
			.server_name = c->p.server_name,
			.remote_id = c->peer_id,
			.gateway = c->p.remote_addr,
			.own_cert = c->p.cert,
		};

		/* before any L2TP packet: the SA stays unused until up reports success */
		c->peer_name = ipsec_peer_name_check(c->ctl, &pp, ipsec_conn_peer_named, c);
		return;
	}
	ipsec_conn_up_done(c);
}

/* ---- up: initiate ---- */

static void ipsec_conn_on_log(struct vici_client *vc, const struct vici_msg *ev, void *data)
{
	struct ipsec_conn *c = data;
	const char *msg = vici_msg_get_str(ev, "msg");
	const char *group = vici_msg_get_str(ev, "group");
	const char *level = vici_msg_get_str(ev, "level");

	if (!msg)
		return;
	g_ptr_array_add(c->log_lines, g_strdup(msg));
	if (c->log_lines->len > 400)
		g_ptr_array_remove_index(c->log_lines, 0);
	/* charon level 0/1 are the lines a user can follow; 2+ only when debugging */
	if (level && atoi(level) <= 1)
		l2tpc_info("charon", "[%s] %s", group ? group : "?", msg);
	else
		l2tpc_debug("charon", "[%s] %s", group ? group : "?", msg);
	if (c->log_fn)
		c->log_fn(c, msg, c->log_data);
}

static void ipsec_conn_load_conn(struct ipsec_conn *c);

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
	ipsec_conn_load_conn(c);
	return true;
}

static void ipsec_conn_send_initiate(struct ipsec_conn *c, struct vici_client *vc);
static bool ipsec_conn_refused_any_port(const struct ipsec_conn *c);

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
	ipsec_conn_list(c);
}

static void ipsec_conn_send_initiate(struct ipsec_conn *c, struct vici_client *vc)
{
	unsigned int timeout_s = c->p.initiate_timeout_s ? c->p.initiate_timeout_s : 30;
	struct vici_builder *b;
	GBytes *pkt = NULL;

	c->log_mark = c->log_lines->len;
	b = vici_builder_new(VICI_CMD_REQUEST, "initiate");
	vici_builder_add_str(b, "child", c->child);
	vici_builder_add_str(b, "ike", c->name);
	vici_builder_add_printf(b, "timeout", "%u", timeout_s * 1000);
	vici_builder_add_str(b, "init-limits", "no");
	vici_builder_add_str(b, "loglevel", l2tpc_log_enabled(L2TPC_LOG_DEBUG) ? "2" : "1");
	vici_builder_finish(b, &pkt, NULL);
	l2tpc_info(LOG, "%s: initiating IKEv%u %s with %s", c->name,
		   c->p.ike_version ? c->p.ike_version : 1,
		   c->p.aggressive ? "aggressive mode" : "main mode", c->p.remote_addr);
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
	vici_client_register(vc, "control-log", ipsec_conn_on_log, c, CTL_TIMEOUT_MS, NULL, NULL);
	c->child = IPSEC_CONN_CHILD;
	ipsec_conn_send_initiate(c, vc);
	if (c->initiating_fn)
		c->initiating_fn(c, c->initiating_data);
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

static void ipsec_conn_initiate(struct ipsec_conn *c)
{
	c->state = IPSEC_CONN_INITIATING;
	c->init = vici_client_new(ipsec_charon_socket(c->charon));
	vici_client_connect(c->init, CONNECT_TIMEOUT_MS, ipsec_conn_init_ready, c);
}

/* ---- up: loads ---- */

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
	ipsec_conn_initiate(c);
}

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
	vici_client_call(c->ctl, pkt, CTL_TIMEOUT_MS, ipsec_conn_loaded_conn, c);
}

static void ipsec_conn_loaded_secret(struct vici_client *vc, const struct vici_msg *reply,
				     const char *error, void *data)
{
	struct ipsec_conn *c = data;
	const char *err = error ? error : vici_client_reply_error(reply);

	if (!err && c->p.cert) {
		c->key_id = g_strdup(vici_msg_get_str(reply, "id"));
		ipsec_conn_lock_note(c);
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
	ipsec_conn_load_conn(c);
}

static void ipsec_conn_loaded_chain(struct vici_client *vc, const struct vici_msg *reply,
				    const char *error, void *data)
{
	const char *err = error ? error : vici_client_reply_error(reply);

	/* intermediates only help path building; a refused one is worth a warning, no more */
	if (err)
		l2tpc_warn(LOG, "charon did not take an intermediate certificate: %s", err);
}

static void ipsec_conn_load(struct ipsec_conn *c)
{
	GBytes *pkt = NULL;
	struct vici_builder *b;

	if (!c->p.cert) {
		if (!c->p.local_addr)
			/* the PSK's owner when none is configured: what routing picks */
			c->local_addr = net_local_for_string(c->p.remote_addr);
		pkt = ipsec_conn_build_load_shared(&c->p, c->name, c->local_addr);
		vici_client_call(c->ctl, pkt, CTL_TIMEOUT_MS, ipsec_conn_loaded_secret, c);
		return;
	}
	for (guint i = 0; c->p.chain && i < c->p.chain->len; i++) {
		GBytes *der = c->p.chain->pdata[i];

		b = vici_builder_new(VICI_CMD_REQUEST, "load-cert");
		vici_builder_add_str(b, "type", "X509");
		vici_builder_add_str(b, "flag", "NONE");
		vici_builder_add(b, "data", g_bytes_get_data(der, NULL), g_bytes_get_size(der));
		if (vici_builder_finish(b, &pkt, NULL) == 0)
			vici_client_call(c->ctl, pkt, CTL_TIMEOUT_MS, ipsec_conn_loaded_chain, c);
	}
	b = vici_builder_new(VICI_CMD_REQUEST, "load-key");
	vici_builder_add_str(b, "type", c->p.key_type ? c->p.key_type : "any");
	vici_builder_add(b, "data", g_bytes_get_data(c->p.key, NULL), g_bytes_get_size(c->p.key));
	vici_builder_finish(b, &pkt, NULL);
	vici_client_call(c->ctl, pkt, CTL_TIMEOUT_MS, ipsec_conn_loaded_secret, c);
}

/* ---- up: leftovers of a crash ---- */

static void ipsec_conn_clean_step(struct vici_client *vc, const struct vici_msg *reply,
				  const char *error, void *data)
{
	/* best effort: whatever is already gone is fine */
	if (error)
		l2tpc_debug(LOG, "cleanup: %s", error);
	else if (vici_client_reply_error(reply))
		l2tpc_debug(LOG, "cleanup: %s", vici_client_reply_error(reply));
}

static void ipsec_conn_clean_done(struct vici_client *vc, const struct vici_msg *reply,
				  const char *error, void *data)
{
	ipsec_conn_clean_step(vc, reply, error, data);
	ipsec_conn_clean_next(data);
}

static void ipsec_conn_unload_request(struct ipsec_conn *c, const char *cmd, const char *key,
				      const char *value, vici_client_reply_fn fn, guint timeout)
{
	struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, cmd);
	GBytes *pkt = NULL;

	vici_builder_add_str(b, key, value);
	if (strcmp(cmd, "terminate") == 0) {
		vici_builder_add_printf(b, "timeout", "%u", TERMINATE_TIMEOUT_MS / 2);
		vici_builder_add_str(b, "force", "yes");
	}
	vici_builder_finish(b, &pkt, NULL);
	vici_client_call(c->ctl, pkt, timeout, fn, c);
}

/* Cleans one stale l2tpc-* connection per call, then loads ours. */
static void ipsec_conn_clean_next(struct ipsec_conn *c)
{
	g_autofree char *name = NULL;
	g_autofree char *key_id = NULL;
	g_autofree char *psk_id = NULL;

	if (ipsec_conn_divert(c) || c->state != IPSEC_CONN_STARTING)
		return;
	if (!c->stale || !c->stale->len) {
		if (!c->clean_only) {
			ipsec_conn_load(c);
			return;
		}
		c->state = IPSEC_CONN_STOPPING;
		c->down_step = 0;
		ipsec_conn_down_next(c); /* nothing loaded: releases charon and our lock */
		return;
	}
	name = g_strdup(c->stale->pdata[0]);
	g_ptr_array_remove_index(c->stale, 0);
	if (strcmp(name, c->name) != 0 && !ipsec_conn_is_stale(c, name, &key_id)) {
		ipsec_conn_clean_next(c);
		return;
	}
	if (strcmp(name, c->name) == 0)
		key_id = g_steal_pointer(&c->own_stale_key); /* our lock: read when we took it */
	l2tpc_info(LOG, "removing %s, left in charon by an l2tpc that is gone", name);
	psk_id = g_strconcat(name, "-psk", NULL);
	ipsec_conn_unload_request(c, "terminate", "ike", name, ipsec_conn_clean_step,
				  TERMINATE_TIMEOUT_MS);
	ipsec_conn_unload_request(c, "unload-conn", "name", name, ipsec_conn_clean_step,
				  CTL_TIMEOUT_MS);
	ipsec_conn_unload_request(c, "unload-shared", "id", psk_id, ipsec_conn_clean_step,
				  CTL_TIMEOUT_MS);
	if (key_id)
		ipsec_conn_unload_request(c, "unload-key", "id", key_id, ipsec_conn_clean_step,
					  CTL_TIMEOUT_MS);
	/* a no-op request as a marker: its reply means the batch above is through */
	vici_client_command(c->ctl, "version", CTL_TIMEOUT_MS, ipsec_conn_clean_done, c);
}

static void ipsec_conn_got_conns(struct vici_client *vc, const struct vici_msg *reply,
				 const char *error, void *data)
{
	struct ipsec_conn *c = data;
	const struct vici_node *conns = vici_msg_get(reply, "conns");

	if (ipsec_conn_divert(c))
		return;
	if (error) {
		ipsec_conn_fail_internal(c, "list its connections", error);
		return;
	}
	c->stale = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < vici_node_count(conns); i++) {
		const char *n = vici_node_item(conns, i);

		if (n && g_str_has_prefix(n, IPSEC_CONN_PREFIX))
			g_ptr_array_add(c->stale, g_strdup(n));
	}
	ipsec_conn_clean_next(c);
}

/* ---- up: charon and the control connection ---- */

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
	vici_client_set_closed_handler(vc, ipsec_conn_on_ctl_closed, c);
	vici_client_register(vc, "ike-updown", ipsec_conn_on_updown, c, CTL_TIMEOUT_MS, NULL, NULL);
	vici_client_register(vc, "child-updown", ipsec_conn_on_updown, c, CTL_TIMEOUT_MS, NULL,
			     NULL);
	vici_client_register(vc, "list-sa", ipsec_conn_on_list_sa, c, CTL_TIMEOUT_MS, NULL, NULL);
	vici_client_command(vc, "get-conns", CTL_TIMEOUT_MS, ipsec_conn_got_conns, c);
}

static void ipsec_conn_charon_ready(struct ipsec_charon *ch, const struct l2tpc_failure *f,
				    void *data)
{
	struct ipsec_conn *c = data;

	c->charon = ch;
	if (ipsec_conn_divert(c))
		return;
	if (!ch && c->clean_only) {
		/* no charon runs: nothing of ours can be in one */
		c->state = IPSEC_CONN_STOPPING;
		c->down_step = 0;
		ipsec_conn_down_next(c);
		return;
	}
	if (!ch) {
		l2tpc_failure_set(&c->failure, f->klass, "%s", f->sentence);
		ipsec_conn_fail(c);
		return;
	}
	if ((c->p.ike_version ? c->p.ike_version : 1) == 1 && !ipsec_charon_has_ikev1(ch)) {
		ipsec_errors_daemon(IPSEC_DAEMON_NO_IKEV1, NULL, &c->failure);
		ipsec_conn_fail(c);
		return;
	}
	c->ctl = vici_client_new(ipsec_charon_socket(ch));
	vici_client_connect(c->ctl, CONNECT_TIMEOUT_MS, ipsec_conn_ctl_ready, c);
}

void ipsec_conn_up(struct ipsec_conn *c, ipsec_conn_done_fn done, void *user_data)
{
	int err;

	g_return_if_fail(c->state == IPSEC_CONN_IDLE);
	c->done = done;
	c->done_data = user_data;
	c->state = IPSEC_CONN_STARTING;
	err = ipsec_conn_lock(c);
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
	ipsec_charon_acquire(&c->charon_opts, ipsec_conn_charon_ready, c);
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

/* ---- down ---- */

static void ipsec_conn_down_step(struct vici_client *vc, const struct vici_msg *reply,
				 const char *error, void *data)
{
	struct ipsec_conn *c = data;
	const char *err = error ? error : vici_client_reply_error(reply);

	if (err)
		l2tpc_debug(LOG, "%s: teardown step %d: %s", c->name, c->down_step, err);
	ipsec_conn_down_next(c);
}

/* A charon that died (killed, crashed) never removed the SAs and policies it installed for
 * us: without it they only blackhole udp/1701 to the gateway, so they go now. */
static void ipsec_conn_remove_kernel_state(struct ipsec_conn *c)
{
	const char *local = c->p.local_addr ? c->p.local_addr : c->local_addr;
	g_autofree char *routed = NULL;

	if (!local)
		local = routed = net_local_for_string(c->p.remote_addr);
	if (local && net_xfrm_remove(local, c->p.remote_addr) < 0)
		l2tpc_warn(LOG, "%s: cannot remove the kernel IPsec state charon left", c->name);
}

/* terminate → unload-conn → unload-shared → unload-key → release charon → done */
static void ipsec_conn_down_next(struct ipsec_conn *c)
{
	g_autofree char *psk_id = g_strconcat(c->name, "-psk", NULL);
	bool have_ctl = c->ctl && vici_client_is_connected(c->ctl);

	switch (c->down_step++) {
	case 0:
		vici_client_free(g_steal_pointer(&c->init));
		g_clear_handle_id(&c->list_timer, g_source_remove);
		if (have_ctl && c->conn_loaded) {
			ipsec_conn_unload_request(c, "terminate", "ike", c->name,
						  ipsec_conn_down_step, TERMINATE_TIMEOUT_MS);
			return;
		}
		ipsec_conn_down_next(c);
		return;
	case 1:
		if (have_ctl && c->conn_loaded) {
			c->conn_loaded = false;
			ipsec_conn_unload_request(c, "unload-conn", "name", c->name,
						  ipsec_conn_down_step, CTL_TIMEOUT_MS);
			return;
		}
		ipsec_conn_down_next(c);
		return;
	case 2:
		if (have_ctl && c->shared_loaded) {
			c->shared_loaded = false;
			ipsec_conn_unload_request(c, "unload-shared", "id", psk_id,
						  ipsec_conn_down_step, CTL_TIMEOUT_MS);
			return;
		}
		ipsec_conn_down_next(c);
		return;
	case 3:
		if (have_ctl && c->key_id) {
			g_autofree char *id = g_steal_pointer(&c->key_id);

			ipsec_conn_unload_request(c, "unload-key", "id", id, ipsec_conn_down_step,
						  CTL_TIMEOUT_MS);
			return;
		}
		ipsec_conn_down_next(c);
		return;
	default:
		vici_client_free(g_steal_pointer(&c->ctl));
		if (c->charon_gone && !c->clean_only)
			ipsec_conn_remove_kernel_state(c);
		if (c->charon) {
			ipsec_charon_release(c->charon);
			c->charon = NULL;
		}
		if (c->lock_fd >= 0) {
			g_unlink(c->lock_path);
			close(c->lock_fd);
			c->lock_fd = -1;
		}
		c->state = IPSEC_CONN_DOWN;
		if (c->down_removes)
			l2tpc_info(LOG, "%s: IPsec connection removed from charon", c->name);
		ipsec_conn_finish(c);
		return;
	}
}

void ipsec_conn_down(struct ipsec_conn *c, ipsec_conn_done_fn done, void *user_data)
{
	/* An up step is in flight (charon, a load, the SA listing): let it land, then tear
	 * down (ipsec_conn_divert). A pending initiate itself is simply dropped below. */
	if (c->state == IPSEC_CONN_STARTING || (c->state == IPSEC_CONN_INITIATING && !c->init)) {
		c->done = done;
		c->done_data = user_data;
		c->down_requested = true;
		return;
	}
	if (c->state == IPSEC_CONN_STOPPING) {
		/* a failing up is already tearing down; its report goes to the new caller */
		c->done = done;
		c->done_data = user_data;
		return;
	}
	l2tpc_failure_clear(&c->failure); /* a failed up was reported already */
	c->done = done;
	c->done_data = user_data;
	ipsec_conn_down_begin(c);
}
