// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The VICI requests of an L2TP/IPsec connection (pure; see ipsec-conn.h). Key names are those
 * of charon's vici_config.c / vici_cred.c (swanctl.conf(5) documents them).
 */
#include <errno.h>
#include <string.h>

#include "ipsec-conn.h"
#include "ipsec-proposals.h"
#include "vici-builder.h"
#include "vici-msg.h"

static void ipsec_conn_add_list(struct vici_builder *b, const char *key, const char *csv)
{
	g_auto(GStrv) items = g_strsplit(csv, ",", -1);

	vici_builder_list_start(b, key);
	for (int i = 0; items[i]; i++) {
		if (*g_strstrip(items[i]))
			vici_builder_list_item_str(b, items[i]);
	}
	vici_builder_list_end(b);
}

static void ipsec_conn_add_one(struct vici_builder *b, const char *key, const char *value)
{
	vici_builder_list_start(b, key);
	vici_builder_list_item_str(b, value);
	vici_builder_list_end(b);
}

static void ipsec_conn_add_blobs(struct vici_builder *b, const char *key, GBytes *first,
				 GPtrArray *more)
{
	vici_builder_list_start(b, key);
	if (first)
		vici_builder_list_item(b, g_bytes_get_data(first, NULL), g_bytes_get_size(first));
	for (guint i = 0; more && i < more->len; i++) {
		GBytes *blob = more->pdata[i];

		vici_builder_list_item(b, g_bytes_get_data(blob, NULL), g_bytes_get_size(blob));
	}
	vici_builder_list_end(b);
}

static GBytes *ipsec_conn_finish(struct vici_builder *b)
{
	GBytes *pkt = NULL;
	const char *why = NULL;

	if (vici_builder_finish(b, &pkt, &why) < 0) {
		/* only oversized certificates can get here; the caller reports it */
		g_warning("VICI request not built: %s", why);
		return NULL;
	}
	return pkt;
}

static void ipsec_conn_add_child(struct vici_builder *b, const struct ipsec_conn_params *p,
				 const char *name, const char *remote_ts, unsigned int esp_life)
{
	vici_builder_section_start(b, name);
	vici_builder_add_str(b, "mode", "transport");
	vici_builder_add_str(b, "ipcomp", p->ipcomp ? "yes" : "no");
	ipsec_conn_add_one(b, "local_ts",
			   p->l2tp_local_port == 1701 ? "dynamic[udp/1701]" : "dynamic[udp]");
	ipsec_conn_add_one(b, "remote_ts", remote_ts);
	ipsec_conn_add_list(b, "esp_proposals",
			    p->esp_proposals ? p->esp_proposals : ipsec_proposals_default_esp());
	vici_builder_add_printf(b, "life_time", "%us", esp_life);
	vici_builder_add_printf(b, "rekey_time", "%us", esp_life - esp_life / 10);
	vici_builder_add_str(b, "start_action", "none");
	vici_builder_add_str(b, "close_action", "none");
	vici_builder_add_str(b, "dpd_action", "clear");
	vici_builder_section_end(b);
}

GBytes *ipsec_conn_build_load_conn(const struct ipsec_conn_params *p, const char *name)
{
	struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, "load-conn");
	unsigned int ike_life = p->ike_lifetime_s ? p->ike_lifetime_s : 10800;
	unsigned int esp_life = p->esp_lifetime_s ? p->esp_lifetime_s : 3600;
	bool cert = p->cert != NULL;

	vici_builder_section_start(b, name);
	vici_builder_add_printf(b, "version", "%u", p->ike_version ? p->ike_version : 1);
	/* every address/proposal/ts key must be a LIST, or charon discards the whole conn */
	ipsec_conn_add_one(b, "local_addrs", p->local_addr ? p->local_addr : "%any");
	ipsec_conn_add_one(b, "remote_addrs", p->remote_addr);
	ipsec_conn_add_list(b, "proposals",
			    p->ike_proposals ? p->ike_proposals : ipsec_proposals_default_ike());
	vici_builder_add_str(b, "aggressive", p->aggressive ? "yes" : "no");
	vici_builder_add_str(b, "encap", p->force_encap ? "yes" : "no");
	vici_builder_add_str(b, "mobike", "no");
	vici_builder_add_str(b, "fragmentation", "yes");
	vici_builder_add_str(b, "unique", "no");
	vici_builder_add_str(b, "keyingtries", "1");
	vici_builder_add_printf(b, "rekey_time", "%us", ike_life);
	vici_builder_add_printf(b, "over_time", "%us", ike_life / 10);
	vici_builder_add_printf(b, "dpd_delay", "%us", p->dpd_delay_s);
	if (p->dpd_delay_s)
		vici_builder_add_printf(b, "dpd_timeout", "%us",
					p->dpd_timeout_s ? p->dpd_timeout_s : 5 * p->dpd_delay_s);

	vici_builder_section_start(b, "local");
	vici_builder_add_str(b, "auth", cert ? "pubkey" : "psk");
	if (p->local_id)
		vici_builder_add_str(b, "id", p->local_id);
	if (cert)
		ipsec_conn_add_blobs(b, "certs", p->cert, NULL);
	vici_builder_section_end(b);

	vici_builder_section_start(b, "remote");
	vici_builder_add_str(b, "auth", cert ? "pubkey" : "psk");
	if (p->remote_id)
		vici_builder_add_str(b, "id", p->remote_id);
	if (cert && p->cas && p->cas->len)
		ipsec_conn_add_blobs(b, "cacerts", NULL, p->cas);
	vici_builder_section_end(b);

	vici_builder_section_start(b, "children");
	/*
	 * An LNS may answer from a port other than 1701 (RFC 2661 8.1); the SA must then cover
	 * that port, or the L2TP socket's policy (l2tp-udp.c) drops the tunnel. So the first
	 * child proposes any server port: strongSwan responders narrow it to what they allow,
	 * which the engine reads back (list-sas remote-ts). Strict IKEv1 responders (libreswan
	 * with leftprotoport=17/1701, as Windows clients propose) refuse it with
	 * INVALID_ID_INFORMATION; then the second child, udp/1701 only, is initiated instead.
	 */
	ipsec_conn_add_child(b, p, IPSEC_CONN_CHILD, "dynamic[udp]", esp_life);
	ipsec_conn_add_child(b, p, IPSEC_CONN_CHILD_1701, "dynamic[udp/1701]", esp_life);
	vici_builder_section_end(b); /* children */
	vici_builder_section_end(b); /* name */
	return ipsec_conn_finish(b);
}

GBytes *ipsec_conn_build_load_shared(const struct ipsec_conn_params *p, const char *name,
				     const char *local_addr)
{
	struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, "load-shared");
	g_autofree char *id = g_strconcat(name, "-psk", NULL);
	const char *owners[4] = { p->local_id, p->local_addr ? p->local_addr : local_addr,
				  p->remote_id, p->remote_addr };

	vici_builder_add_str(b, "id", id);
	vici_builder_add_str(b, "type", "IKE");
	vici_builder_add(b, "data", p->psk, p->psk_len);
	/* Never %any: an owner-less key would be offered to every other connection in charon. */
	vici_builder_list_start(b, "owners");
	for (int i = 0; i < 4; i++) {
		bool dup = false;

		for (int j = 0; j < i; j++)
			dup |= owners[j] && owners[i] && strcmp(owners[i], owners[j]) == 0;
		if (owners[i] && *owners[i] && !dup && strcmp(owners[i], "%any") != 0)
			vici_builder_list_item_str(b, owners[i]);
	}
	vici_builder_list_end(b);
	return ipsec_conn_finish(b);
}

GBytes *ipsec_conn_build_load_cert(GBytes *der)
{
	struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, "load-cert");
	GBytes *pkt = NULL;

	vici_builder_add_str(b, "type", "X509");
	vici_builder_add_str(b, "flag", "NONE");
	vici_builder_add(b, "data", g_bytes_get_data(der, NULL), g_bytes_get_size(der));
	return vici_builder_finish(b, &pkt, NULL) == 0 ? pkt : NULL;
}

GBytes *ipsec_conn_build_load_key(const struct ipsec_conn_params *p)
{
	struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, "load-key");
	GBytes *pkt = NULL;

	vici_builder_add_str(b, "type", p->key_type ? p->key_type : "any");
	vici_builder_add(b, "data", g_bytes_get_data(p->key, NULL), g_bytes_get_size(p->key));
	vici_builder_finish(b, &pkt, NULL);
	return pkt;
}

GBytes *ipsec_conn_build_initiate(const char *name, const char *child, unsigned int timeout_s,
				  bool debug)
{
	struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, "initiate");
	GBytes *pkt = NULL;

	vici_builder_add_str(b, "child", child);
	vici_builder_add_str(b, "ike", name);
	vici_builder_add_printf(b, "timeout", "%u", timeout_s * 1000);
	/* never queued behind charon's half-open IKE_SA limits */
	vici_builder_add_str(b, "init-limits", "no");
	/* charon level 2 streams the decisions a debug log needs; 1 what a user follows */
	vici_builder_add_str(b, "loglevel", debug ? "2" : "1");
	vici_builder_finish(b, &pkt, NULL);
	return pkt;
}

GBytes *ipsec_conn_build_terminate(const char *name, unsigned int timeout_ms)
{
	struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, "terminate");
	GBytes *pkt = NULL;

	vici_builder_add_str(b, "ike", name);
	/* charon's "force": remove the SA without the gateway's answer to our DELETE; with a
	 * timeout, only once that has passed */
	if (timeout_ms)
		vici_builder_add_printf(b, "timeout", "%u", timeout_ms);
	vici_builder_add_str(b, "force", "yes");
	vici_builder_finish(b, &pkt, NULL);
	return pkt;
}
