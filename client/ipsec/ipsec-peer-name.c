// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The server-name check (see ipsec-peer-name.h): two list-certs requests on the control
 * connection, their "list-cert" events collected, then one comparison.
 */
#include <string.h>

#include "ipsec-peer-name.h"
#include "l2tpc-i18n.h"
#include "l2tpc-log.h"
#include "vici-builder.h"
#include "vici-msg.h"

#define LOG		"ipsec"
#define LIST_TIMEOUT_MS 10000

struct ipsec_peer_name {
	struct vici_client *ctl;
	struct ipsec_peer_name_params p; /* strings owned */
	GPtrArray *by_id, *by_name;	 /* GBytes */
	GPtrArray *collecting;		 /* one of the two, while its request runs */
	ipsec_peer_name_done_fn done;
	void *user_data;
};

bool ipsec_peer_name_match(GPtrArray *by_id, GPtrArray *by_name, GBytes *own)
{
	for (guint i = 0; by_id && i < by_id->len; i++) {
		GBytes *a = by_id->pdata[i];

		if (own && g_bytes_equal(a, own))
			continue;
		for (guint j = 0; by_name && j < by_name->len; j++) {
			if (g_bytes_equal(a, by_name->pdata[j]))
				return true;
		}
	}
	return false;
}

void ipsec_peer_name_failure(const struct ipsec_peer_name_params *p, struct l2tpc_failure *f)
{
	l2tpc_failure_set(
		f, L2TPC_FAILURE_IPSEC_AUTH,
		_("The IPsec server at %s authenticated as '%s' with a certificate that does not "
		  "name %s (subjectAltName DNS or IP), so it may not be your server: if it is, ask "
		  "its administrator for a certificate naming %s or set ipsec-remote-id to '%s'."),
		p->gateway, p->remote_id ? p->remote_id : "?", p->server_name, p->server_name,
		p->remote_id ? p->remote_id : "?");
}

static void peer_name_on_cert(struct vici_client *vc, const struct vici_msg *ev, void *data)
{
	struct ipsec_peer_name *pn = data;
	const struct vici_node *d = vici_msg_get(ev, "data");

	if (!pn->collecting || !d || d->type != VICI_NODE_VALUE || !d->value.len)
		return;
	g_ptr_array_add(pn->collecting, g_bytes_new(d->value.data, d->value.len));
}

static void peer_name_finish(struct ipsec_peer_name *pn, const struct l2tpc_failure *f)
{
	ipsec_peer_name_done_fn fn = pn->done;

	pn->done = NULL;
	pn->collecting = NULL;
	vici_client_unregister(pn->ctl, "list-cert", LIST_TIMEOUT_MS, NULL, NULL);
	if (fn)
		fn(f, pn->user_data);
}

static void peer_name_request(struct ipsec_peer_name *pn, const char *subject, GPtrArray *into,
			      vici_client_reply_fn reply);

static void peer_name_listed_name(struct vici_client *vc, const struct vici_msg *reply,
				  const char *error, void *data)
{
	struct ipsec_peer_name *pn = data;
	struct l2tpc_failure f = { 0 };
	/* list-certs ends with an empty reply (no "success" key): only transport errors */
	const char *err = error;

	if (!pn->done)
		return;
	if (err) {
		l2tpc_failure_set(&f, L2TPC_FAILURE_IPSEC_DAEMON,
				  _("charon could not list the certificates to check the IPsec "
				    "server's name (%s): see the log for details."),
				  err);
	} else if (!ipsec_peer_name_match(pn->by_id, pn->by_name, pn->p.own_cert)) {
		ipsec_peer_name_failure(&pn->p, &f);
	} else {
		l2tpc_info(LOG, "the server's certificate (%s) names %s", pn->p.remote_id,
			   pn->p.server_name);
	}
	peer_name_finish(pn, l2tpc_failure_is_set(&f) ? &f : NULL);
	l2tpc_failure_clear(&f);
}

static void peer_name_listed_id(struct vici_client *vc, const struct vici_msg *reply,
				const char *error, void *data)
{
	struct ipsec_peer_name *pn = data;
	/* list-certs ends with an empty reply (no "success" key): only transport errors */
	const char *err = error;

	if (!pn->done)
		return;
	if (err) {
		peer_name_listed_name(vc, reply, error, data);
		return;
	}
	peer_name_request(pn, pn->p.server_name, pn->by_name, peer_name_listed_name);
}

static void peer_name_request(struct ipsec_peer_name *pn, const char *subject, GPtrArray *into,
			      vici_client_reply_fn reply)
{
	struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, "list-certs");
	GBytes *pkt = NULL;

	/* charon matches the subject with the certificate's DN and subjectAltNames (x509
	 * has_subject), over loaded certificates and those its cache got from peers */
	vici_builder_add_str(b, "type", "X509");
	vici_builder_add_str(b, "subject", subject);
	vici_builder_finish(b, &pkt, NULL);
	pn->collecting = into;
	vici_client_call(pn->ctl, pkt, LIST_TIMEOUT_MS, reply, pn);
}

struct ipsec_peer_name *ipsec_peer_name_check(struct vici_client *ctl,
					      const struct ipsec_peer_name_params *p,
					      ipsec_peer_name_done_fn done, void *user_data)
{
	struct ipsec_peer_name *pn = g_new0(struct ipsec_peer_name, 1);

	pn->ctl = ctl;
	pn->p.server_name = g_strdup(p->server_name);
	pn->p.remote_id = g_strdup(p->remote_id);
	pn->p.gateway = g_strdup(p->gateway);
	pn->p.own_cert = p->own_cert ? g_bytes_ref(p->own_cert) : NULL;
	pn->by_id = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	pn->by_name = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	pn->done = done;
	pn->user_data = user_data;
	l2tpc_debug(LOG, "checking that the server's certificate (%s) names %s",
		    p->remote_id ? p->remote_id : "?", p->server_name);
	vici_client_register(ctl, "list-cert", peer_name_on_cert, pn, LIST_TIMEOUT_MS, NULL, NULL);
	if (!p->remote_id || !*p->remote_id) {
		/* nothing to look the server's certificate up by: no match can follow */
		peer_name_request(pn, pn->p.server_name, pn->by_name, peer_name_listed_name);
		return pn;
	}
	peer_name_request(pn, pn->p.remote_id, pn->by_id, peer_name_listed_id);
	return pn;
}

void ipsec_peer_name_free(struct ipsec_peer_name *pn)
{
	if (!pn)
		return;
	g_free((char *)pn->p.server_name);
	g_free((char *)pn->p.remote_id);
	g_free((char *)pn->p.gateway);
	if (pn->p.own_cert)
		g_bytes_unref(pn->p.own_cert);
	g_ptr_array_unref(pn->by_id);
	g_ptr_array_unref(pn->by_name);
	g_free(pn);
}
