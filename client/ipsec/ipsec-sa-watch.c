// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SA watch (see ipsec-sa-watch.h): event handlers and the list-sas rounds.
 */
#include <string.h>

#include "ipsec-conn.h"
#include "ipsec-errors.h"
#include "ipsec-sa-watch.h"
#include "l2tpc-i18n.h"
#include "l2tpc-log.h"

#define LOG	      "ipsec"
#define LIST_TRIES    5 /* list-sas rounds before "not transport" is believed */
#define LIST_RETRY_MS 200

struct ipsec_sa_watch {
	struct vici_client *ctl;
	char *name;
	char *gateway;
	const char *child_name; /* the CHILD_SA listed: IPSEC_CONN_CHILD or _1701 */
	struct ipsec_sa_watch_child child;
	unsigned int tries;
	guint timer;
	ipsec_sa_watch_lost_fn lost;
	void *lost_data;
	ipsec_sa_watch_listed_fn listed;
	void *listed_data;
};

static void ipsec_sa_watch_on_updown(struct vici_client *vc, const struct vici_msg *ev, void *data)
{
	struct ipsec_sa_watch *w = data;
	const struct vici_node *ike = vici_msg_get(ev, w->name);
	bool up = vici_node_is_yes(vici_msg_get(ev, "up"));
	struct l2tpc_failure f = { 0 };

	if (!ike) /* another connection's event */
		return;
	l2tpc_debug(LOG, "%s: %s %s (state %s)", w->name, ev->name, up ? "up" : "down",
		    vici_node_get_str(ike, "state"));
	if (up || strcmp(ev->name, "child-updown") != 0)
		return;
	l2tpc_failure_set(&f, L2TPC_FAILURE_PEER_DISCONNECT,
			  _("The IPsec connection to %s was closed by the gateway or by dead peer "
			    "detection."),
			  w->gateway);
	w->lost(&f, false, w->lost_data);
	l2tpc_failure_clear(&f);
}

static void ipsec_sa_watch_on_closed(struct vici_client *vc, const char *reason, void *data)
{
	struct ipsec_sa_watch *w = data;
	struct l2tpc_failure f = { 0 };

	ipsec_errors_daemon(vici_client_malformed(vc) ? IPSEC_DAEMON_MALFORMED : IPSEC_DAEMON_GONE,
			    reason, &f);
	w->lost(&f, true, w->lost_data);
	l2tpc_failure_clear(&f);
}

static void ipsec_sa_watch_on_list_sa(struct vici_client *vc, const struct vici_msg *ev, void *data)
{
	struct ipsec_sa_watch *w = data;
	struct ipsec_sa_watch_child *c = &w->child;
	const struct vici_node *children = vici_msg_get(ev, w->name, "child-sas");
	const char *peer_id = vici_msg_get_str(ev, w->name, "remote-id");

	if (peer_id) {
		g_free(c->peer_id);
		c->peer_id = g_strdup(peer_id);
	}
	for (guint i = 0; i < vici_node_count(children); i++) {
		const struct vici_node *child = vici_node_child(children, i);
		const char *mode = vici_node_get_str(child, "mode");
		const char *state = vici_node_get_str(child, "state");

		if (g_strcmp0(vici_node_get_str(child, "name"), w->child_name) != 0)
			continue;
		l2tpc_info(LOG, "%s: CHILD_SA %s %s %s/%s, %s", w->name, child->name, state, mode,
			   vici_node_get_str(child, "protocol"),
			   vici_node_get_str(child, "encr-alg"));
		g_free(c->mode);
		c->mode = g_strdup(mode);
		g_free(c->state);
		c->state = g_strdup(state);
		if (g_strcmp0(mode, "TRANSPORT") == 0 && g_strcmp0(state, "INSTALLED") == 0) {
			const char *reqid = vici_node_get_str(child, "reqid");
			const char *ts = vici_node_item(vici_node_get(child, "remote-ts"), 0);

			c->transport = true;
			c->reqid = reqid ? (uint32_t)g_ascii_strtoull(reqid, NULL, 10) : 0;
			/* unreadable: assume the narrowest, so a moved port is reported */
			if (ipsec_conn_ts_ports(ts, &c->port_lo, &c->port_hi) < 0)
				c->port_lo = c->port_hi = 1701;
			l2tpc_info(LOG, "%s: the SA covers server UDP ports %u-%u (%s)", w->name,
				   c->port_lo, c->port_hi, ts ? ts : "?");
			/* charon's vici list-sas names the CPIs only when IPComp was agreed */
			c->ipcomp = vici_node_get_str(child, "cpi-in") != NULL;
		}
	}
}

struct ipsec_sa_watch *ipsec_sa_watch_new(struct vici_client *ctl, const char *name,
					  const char *gateway, ipsec_sa_watch_lost_fn lost,
					  void *user_data)
{
	struct ipsec_sa_watch *w = g_new0(struct ipsec_sa_watch, 1);

	w->ctl = ctl;
	w->name = g_strdup(name);
	w->gateway = g_strdup(gateway);
	w->child_name = IPSEC_CONN_CHILD;
	w->lost = lost;
	w->lost_data = user_data;
	vici_client_set_closed_handler(ctl, ipsec_sa_watch_on_closed, w);
	vici_client_register(ctl, "ike-updown", ipsec_sa_watch_on_updown, w,
			     IPSEC_CONN_CTL_TIMEOUT_MS, NULL, NULL);
	vici_client_register(ctl, "child-updown", ipsec_sa_watch_on_updown, w,
			     IPSEC_CONN_CTL_TIMEOUT_MS, NULL, NULL);
	vici_client_register(ctl, "list-sa", ipsec_sa_watch_on_list_sa, w,
			     IPSEC_CONN_CTL_TIMEOUT_MS, NULL, NULL);
	return w;
}

static void ipsec_sa_watch_finish(struct ipsec_sa_watch *w, const char *error, bool malformed)
{
	ipsec_sa_watch_listed_fn fn = w->listed;

	w->listed = NULL;
	if (fn)
		fn(error, malformed, w->listed_data);
}

static void ipsec_sa_watch_send(struct ipsec_sa_watch *w);

static gboolean ipsec_sa_watch_again(gpointer data)
{
	struct ipsec_sa_watch *w = data;

	w->timer = 0;
	ipsec_sa_watch_send(w);
	return G_SOURCE_REMOVE;
}

static void ipsec_sa_watch_listed(struct vici_client *vc, const struct vici_msg *reply,
				  const char *error, void *data)
{
	struct ipsec_sa_watch *w = data;

	if (!w->listed) /* cancelled */
		return;
	if (error) {
		ipsec_sa_watch_finish(w, error, vici_client_malformed(vc));
		return;
	}
	if (!w->child.transport && w->tries < LIST_TRIES) {
		/* The initiate reply can overtake the CHILD_SA's move to INSTALLED: look again. */
		w->timer = g_timeout_add(LIST_RETRY_MS, ipsec_sa_watch_again, w);
		return;
	}
	ipsec_sa_watch_finish(w, NULL, false);
}

static void ipsec_sa_watch_send(struct ipsec_sa_watch *w)
{
	GBytes *pkt = NULL;
	struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, "list-sas");

	w->tries++;
	/* blocking: right after initiate returns, the IKE_SA may still be checked out, and a
	 * noblock listing would skip it */
	vici_builder_add_str(b, "ike", w->name);
	vici_builder_finish(b, &pkt, NULL);
	vici_client_call(w->ctl, pkt, IPSEC_CONN_CTL_TIMEOUT_MS, ipsec_sa_watch_listed, w);
}

void ipsec_sa_watch_list(struct ipsec_sa_watch *w, const char *child, ipsec_sa_watch_listed_fn done,
			 void *user_data)
{
	w->child_name = child;
	w->tries = 0;
	w->listed = done;
	w->listed_data = user_data;
	ipsec_sa_watch_send(w);
}

void ipsec_sa_watch_cancel(struct ipsec_sa_watch *w)
{
	if (!w)
		return;
	w->listed = NULL;
	g_clear_handle_id(&w->timer, g_source_remove);
}

const struct ipsec_sa_watch_child *ipsec_sa_watch_child(const struct ipsec_sa_watch *w)
{
	return &w->child;
}

unsigned int ipsec_sa_watch_patience_ms(void)
{
	return LIST_TRIES * LIST_RETRY_MS;
}

void ipsec_sa_watch_free(struct ipsec_sa_watch *w)
{
	if (!w)
		return;
	g_clear_handle_id(&w->timer, g_source_remove);
	g_free(w->child.mode);
	g_free(w->child.state);
	g_free(w->child.peer_id);
	g_free(w->name);
	g_free(w->gateway);
	g_free(w);
}
