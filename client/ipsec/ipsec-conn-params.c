// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The parameters of a connection (see ipsec-conn.h): checked, copied with their secrets, and
 * wiped.
 */
#include <errno.h>
#include <errno.h>
#include <string.h>

#include "ipsec-conn.h"
#include "l2tpc-i18n.h"

int ipsec_conn_params_check(const struct ipsec_conn_params *p, struct l2tpc_failure *f)
{
	if (!p->profile_id || !*p->profile_id || !p->remote_addr || !*p->remote_addr) {
		l2tpc_failure_set(f, L2TPC_FAILURE_CONFIG,
				  _("The IPsec settings lack the gateway address."));
		return -EINVAL;
	}
	if (!p->cert && (!p->psk || !p->psk_len)) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("The profile has neither a pre-shared key nor a certificate for "
			  "IPsec: set ipsec-psk or the machine certificate."));
		return -EINVAL;
	}
	if (p->cert && !p->key) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("The machine certificate has no private key: set machine-key."));
		return -EINVAL;
	}
	if (p->ike_version > 2) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("IKE version %u does not exist: set ipsec-ike-version to 1 or 2."),
			p->ike_version);
		return -EINVAL;
	}
	return 0;
}

static GPtrArray *ipsec_conn_params_copy_blobs(GPtrArray *in)
{
	GPtrArray *out;

	if (!in)
		return NULL;
	out = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	for (guint i = 0; i < in->len; i++)
		g_ptr_array_add(out, g_bytes_ref(in->pdata[i]));
	return out;
}

void ipsec_conn_params_copy(struct ipsec_conn_params *out, const struct ipsec_conn_params *p)
{
	*out = *p;
	out->profile_id = g_strdup(p->profile_id);
	out->remote_addr = g_strdup(p->remote_addr);
	out->local_addr = g_strdup(p->local_addr);
	out->ike_proposals = g_strdup(p->ike_proposals);
	out->esp_proposals = g_strdup(p->esp_proposals);
	out->esp_fallback = g_strdup(p->esp_fallback);
	out->local_id = g_strdup(p->local_id);
	out->remote_id = g_strdup(p->remote_id);
	out->server_name = g_strdup(p->server_name);
	out->key_type = g_strdup(p->key_type);
	out->psk = p->psk ? g_memdup2(p->psk, p->psk_len) : NULL;
	out->cert = p->cert ? g_bytes_ref(p->cert) : NULL;
	out->key = p->key ? g_bytes_ref(p->key) : NULL;
	out->chain = ipsec_conn_params_copy_blobs(p->chain);
	out->cas = ipsec_conn_params_copy_blobs(p->cas);
	out->charon = NULL;
}

void ipsec_conn_params_clear(struct ipsec_conn_params *p)
{
	if (p->psk) {
		explicit_bzero((void *)p->psk, p->psk_len);
		g_free((void *)p->psk);
	}
	g_free((char *)p->profile_id);
	g_free((char *)p->remote_addr);
	g_free((char *)p->local_addr);
	g_free((char *)p->ike_proposals);
	g_free((char *)p->esp_proposals);
	g_free((char *)p->esp_fallback);
	g_free((char *)p->local_id);
	g_free((char *)p->remote_id);
	g_free((char *)p->server_name);
	g_free((char *)p->key_type);
	g_clear_pointer(&p->cert, g_bytes_unref);
	g_clear_pointer(&p->key, g_bytes_unref);
	g_clear_pointer(&p->chain, g_ptr_array_unref);
	g_clear_pointer(&p->cas, g_ptr_array_unref);
	memset(p, 0, sizeof(*p));
}
