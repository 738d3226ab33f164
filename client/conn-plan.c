// SPDX-License-Identifier: GPL-2.0-or-later
/* conn-plan: a profile as pppd settings, VICI parameters and L2TP configuration (conn-plan.h). */
#include <errno.h>
#include <string.h>

#include "conn-plan.h"
#include "ipsec-proposals.h"
#include "l2tp-udp.h"
#include "l2tpc-i18n.h"
#include "profile.h"
#include "vici-msg.h"

/* pppd 2.4.9's EAP-TLS reads PEM only (SSL_CTX_use_certificate_chain_file,
 * SSL_CTX_use_PrivateKey_file with SSL_FILETYPE_PEM); 2.5 adds a pkcs12 option. */
static bool conn_plan_is_pkcs12(const char *path)
{
	static const char *const ext[] = { ".p12", ".pfx", ".P12", ".PFX" };

	for (size_t i = 0; path && i < G_N_ELEMENTS(ext); i++)
		if (g_str_has_suffix(path, ext[i]))
			return true;
	return false;
}

int conn_plan_check(const struct l2tpc_profile *p, const struct conn_plan_env *env,
		    struct l2tpc_failure *f)
{
	if (env->default_route && p->never_default) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("--default-route asks to send all traffic through the tunnel, "
			  "but the profile says never-default=yes: drop one of the two."));
		return -EINVAL;
	}
	if (p->user_auth_type == L2TPC_PROFILE_USER_AUTH_TLS && conn_plan_is_pkcs12(p->user_cert)) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("user-cert %s is a PKCS#12 file, but pppd 2.4.9 reads EAP-TLS "
			  "certificates and keys as PEM only: convert it (openssl pkcs12 -in "
			  "FILE -clcerts -nokeys -out cert.pem, and -nocerts -out key.pem) and set "
			  "user-cert and user-key to the two files."),
			p->user_cert);
		return -EINVAL;
	}
	return 0;
}

bool conn_plan_default_route(const struct l2tpc_profile *p, const struct conn_plan_env *env)
{
	return env->default_route && !p->never_default;
}

void conn_plan_ppp(const struct l2tpc_profile *p, struct ppp_options_settings *s)
{
	s->user = p->user;
	s->domain = p->domain;
	s->refuse_pap = p->refuse_pap;
	s->refuse_chap = p->refuse_chap;
	s->refuse_mschap = p->refuse_mschap;
	s->refuse_mschapv2 = p->refuse_mschapv2;
	s->refuse_eap = p->refuse_eap;
	s->require_mppe = p->require_mppe;
	s->require_mppe_40 = p->require_mppe_40;
	s->require_mppe_128 = p->require_mppe_128;
	s->mppe_stateful = p->mppe_stateful;
	s->eap_tls = p->user_auth_type == L2TPC_PROFILE_USER_AUTH_TLS;
	if (s->eap_tls) {
		s->tls_ca = p->user_ca;
		s->tls_cert = p->user_cert;
		s->tls_key = p->user_key;
	}
	s->nobsdcomp = p->nobsdcomp;
	s->nodeflate = p->nodeflate;
	s->novj = p->no_vj_comp;
	s->nopcomp = p->nopcomp;
	s->noaccomp = p->noaccomp;
	s->mrru = p->mrru;
	s->ipcp_peer_ip = p->ipcp_peer_ip;
	s->mtu = p->mtu;
	s->mru = p->mru;
	s->lcp_echo_interval = (int)p->lcp_echo_interval;
	s->lcp_echo_failure = (int)p->lcp_echo_failure;
	s->ipv6 = p->ipv6;
	s->no_peer_dns = !p->dns;
}

void conn_plan_ppp_secrets(const struct l2tpc_profile *p, struct ppp_supervisor_config *cfg)
{
	cfg->user = p->user;
	/* EAP-TLS: no password at all, so no PAP/CHAP/EAP-MD5 request can be answered with one */
	if (p->user_auth_type == L2TPC_PROFILE_USER_AUTH_TLS) {
		cfg->password = NULL;
		cfg->certpass = p->secrets.user_certpass;
	} else {
		cfg->password = p->secrets.password;
		cfg->certpass = NULL;
	}
}

void conn_plan_strings_clear(struct conn_plan_strings *owned)
{
	g_clear_pointer(&owned->ike, g_free);
	g_clear_pointer(&owned->esp, g_free);
	g_clear_pointer(&owned->esp_fallback, g_free);
	g_clear_pointer(&owned->server_name, g_free);
}

/* The gateway as the user entered it, without an IPv6 address's brackets. */
static char *conn_plan_server_name(const char *gateway)
{
	size_t n = strlen(gateway);

	if (n > 2 && gateway[0] == '[' && gateway[n - 1] == ']')
		return g_strndup(gateway + 1, n - 2);
	return g_strdup(gateway);
}

static int conn_plan_strings_make(const struct l2tpc_profile *p, struct conn_plan_strings *owned,
				  struct l2tpc_failure *f)
{
	g_autofree char *esp_norm = NULL, *why = NULL;
	struct ipsec_proposals_pfs want = {
		.pfs = p->ipsec_pfs,
		.group = l2tpc_profile_pfs_group_name(p),
	};

	if ((p->ipsec_ike &&
	     ipsec_proposals_normalize(p->ipsec_ike, IPSEC_PROPOSALS_IKE, &owned->ike, &why) < 0) ||
	    (p->ipsec_esp &&
	     ipsec_proposals_normalize(p->ipsec_esp, IPSEC_PROPOSALS_ESP, &esp_norm, &why) < 0)) {
		l2tpc_failure_set(f, L2TPC_FAILURE_CONFIG,
				  _("The IPsec proposals of the profile cannot be used (%s): fix "
				    "ipsec-ike or ipsec-esp."),
				  why);
		return -EINVAL;
	}
	want.ike = owned->ike;
	want.esp = esp_norm;
	ipsec_proposals_esp_offers(&want, &owned->esp, &owned->esp_fallback);
	return 0;
}

int conn_plan_ipsec(const struct l2tpc_profile *p, const struct conn_plan_env *env,
		    struct ipsec_conn_params *cp, struct conn_plan_strings *owned,
		    struct l2tpc_failure *f)
{
	if (conn_plan_strings_make(p, owned, f) < 0)
		return -EINVAL;
	cp->profile_id = p->id;
	cp->remote_addr = env->gateway_addr ? env->gateway_addr : p->gateway;
	cp->local_addr = env->local_addr;
	cp->ike_version = p->ipsec_ikev2 ? 2 : 1;
	cp->ike_proposals = owned->ike;
	cp->esp_proposals = owned->esp;
	cp->esp_fallback = owned->esp_fallback;
	cp->ike_lifetime_s = p->ipsec_ikelifetime;
	cp->esp_lifetime_s = p->ipsec_salifetime;
	cp->dpd_delay_s = p->ipsec_dpd_delay;
	cp->force_encap = p->ipsec_forceencaps;
	cp->ipcomp = p->ipsec_ipcomp;
	cp->local_id = p->ipsec_local_id;
	cp->remote_id = p->ipsec_remote_id;
	cp->l2tp_local_port = env->l2tp_local_port == L2TP_UDP_PORT ? L2TP_UDP_PORT : 0;
	if (p->machine_auth_type == L2TPC_PROFILE_MACHINE_AUTH_TLS && !p->ipsec_remote_id &&
	    p->ipsec_check_server_name && p->gateway)
		cp->server_name = owned->server_name = conn_plan_server_name(p->gateway);
	if (p->machine_auth_type == L2TPC_PROFILE_MACHINE_AUTH_PSK && p->secrets.ipsec_psk) {
		cp->psk = p->secrets.ipsec_psk;
		cp->psk_len = strlen(p->secrets.ipsec_psk);
	}
	return 0;
}

void conn_plan_ipsec_creds(const struct l2tpc_profile *p, struct ipsec_creds_files *files)
{
	files->setting_prefix = "machine";
	files->cert_path = p->machine_cert;
	files->key_path = p->machine_key;
	files->ca_path = p->machine_ca;
	files->password = p->secrets.machine_certpass;
}

void conn_plan_l2tp(const struct l2tpc_profile *p, const struct conn_plan_env *env,
		    struct l2tp_tunnel_config *tc, struct l2tp_session_config *sc)
{
	tc->host_name = p->l2tp_host_name;
	if (p->secrets.l2tp_secret) {
		tc->secret = (const uint8_t *)p->secrets.l2tp_secret;
		tc->secret_len = strlen(p->secrets.l2tp_secret);
	}
	tc->peer_name = env->gateway_addr ? env->gateway_addr : p->gateway;
	tc->retries = p->l2tp_retries;
	tc->hello_interval_s =
		p->l2tp_hello_interval ? p->l2tp_hello_interval : L2TP_HELLO_DISABLED;
	sc->send_rx_connect_speed = p->l2tp_rx_speed_avp;
}

/* ---- conn_plan_describe ---- */

static void describe_secret(GString *out, const char *name, const void *data, size_t len)
{
	g_autofree char *sum = NULL;

	if (!data) {
		g_string_append_printf(out, "%s: none\n", name);
		return;
	}
	sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
	g_string_append_printf(out, "%s: sha256 %.16s\n", name, sum);
}

static void describe_vici(GString *out, const char *what, GBytes *pkt)
{
	static const char *const secret_keys[] = { "data", NULL };
	_vici_msg_auto_ struct vici_msg *m = NULL;
	g_autofree char *text = NULL;
	size_t len = 0;
	const uint8_t *d = pkt ? g_bytes_get_data(pkt, &len) : NULL;

	if (!d || len < VICI_HEADER_LEN ||
	    vici_msg_parse(d + VICI_HEADER_LEN, len - VICI_HEADER_LEN, &m, NULL) < 0) {
		g_string_append_printf(out, "%s: not built\n", what);
		return;
	}
	text = vici_msg_to_string(m, secret_keys);
	g_string_append_printf(out, "%s: %s\n", what, text);
}

static void describe_ipsec(GString *out, const struct l2tpc_profile *p,
			   const struct conn_plan_env *env)
{
	struct ipsec_conn_params cp = { 0 };
	struct ipsec_creds_files files = { 0 };
	struct l2tpc_failure f = { 0 };
	g_auto(conn_plan_strings) owned = { 0 };
	g_autofree char *name = NULL;
	g_autoptr(GBytes) conn = NULL, shared = NULL;

	if (!p->ipsec_enabled) {
		g_string_append(out, "ipsec: off\n");
		return;
	}
	if (conn_plan_ipsec(p, env, &cp, &owned, &f) < 0) {
		g_string_append_printf(out, "ipsec refused: %s\n", f.sentence);
		l2tpc_failure_clear(&f);
		return;
	}
	name = ipsec_conn_name_for(cp.profile_id);
	conn = ipsec_conn_build_load_conn(&cp, name);
	describe_vici(out, "vici load-conn", conn);
	g_string_append_printf(out, "esp fallback: %s\n",
			       cp.esp_fallback ? cp.esp_fallback : "none");
	g_string_append_printf(out, "server certificate must name: %s\n",
			       cp.server_name ? cp.server_name : "(not checked)");
	if (p->machine_auth_type == L2TPC_PROFILE_MACHINE_AUTH_TLS) {
		conn_plan_ipsec_creds(p, &files);
		g_string_append_printf(out, "ipsec creds: cert=%s key=%s ca=%s\n",
				       files.cert_path ?: "-", files.key_path ?: "-",
				       files.ca_path ?: "-");
		describe_secret(out, "ipsec creds password", files.password,
				files.password ? strlen(files.password) : 0);
	} else if (cp.psk) {
		shared = ipsec_conn_build_load_shared(&cp, name, env->local_addr);
		describe_vici(out, "vici load-shared", shared);
		describe_secret(out, "vici load-shared data", cp.psk, cp.psk_len);
	}
}

static void describe_l2tp(GString *out, const struct l2tpc_profile *p,
			  const struct conn_plan_env *env)
{
	struct l2tp_tunnel_config tc = { 0 };
	struct l2tp_session_config sc = { 0 };

	conn_plan_l2tp(p, env, &tc, &sc);
	g_string_append_printf(
		out, "l2tp: port=%s host-name=%s retries=%u hello=%u rx-speed-avp=%s\n",
		p->ephemeral_port ? "ephemeral" : "1701", tc.host_name ? tc.host_name : "(system)",
		tc.retries, tc.hello_interval_s, sc.send_rx_connect_speed ? "yes" : "no");
	describe_secret(out, "l2tp secret", tc.secret, tc.secret_len);
}

static void describe_ppp(GString *out, const struct l2tpc_profile *p)
{
	struct ppp_options_settings s;
	struct ppp_supervisor_config cfg = { 0 };
	g_autofree char *options = NULL, *err = NULL;

	ppp_options_settings_init(&s);
	conn_plan_ppp(p, &s);
	options = ppp_options_build(&s, &err);
	g_string_append_printf(out, "pppd options:\n%s", options ? options : err);
	if (!options)
		g_string_append_c(out, '\n');
	conn_plan_ppp_secrets(p, &cfg);
	g_string_append_printf(out, "plugin channel user: %s\n", cfg.user ? cfg.user : "-");
	describe_secret(out, "plugin channel password", cfg.password,
			cfg.password ? strlen(cfg.password) : 0);
	describe_secret(out, "plugin channel certpass", cfg.certpass,
			cfg.certpass ? strlen(cfg.certpass) : 0);
}

char *conn_plan_describe(const struct l2tpc_profile *p, const struct conn_plan_env *env)
{
	GString *out = g_string_new(NULL);
	struct l2tpc_failure f = { 0 };
	g_auto(GStrv) missing = NULL;
	g_autofree char *missing_text = NULL;

	if (conn_plan_check(p, env, &f) < 0) {
		g_string_append_printf(out, "refused: %s\n", f.sentence);
		l2tpc_failure_clear(&f);
		return g_string_free(out, FALSE);
	}
	g_string_append_printf(out, "gateway: %s\n",
			       env->gateway_addr ? env->gateway_addr : p->gateway);
	g_string_append_printf(out, "default route: %s\n",
			       conn_plan_default_route(p, env) ? "yes" : "no");
	/* persist.h reads these; the engine does not */
	if (p->persistent)
		g_string_append_printf(out, "reconnect: waits up to %u s, gives up after %u s\n",
				       p->persistent_backoff_max, p->persistent_timeout);
	else
		g_string_append(out, "reconnect: no\n");
	missing = l2tpc_profile_missing_secrets(p);
	missing_text = g_strjoinv(",", missing);
	g_string_append_printf(out, "secrets to ask for: %s\n", missing_text);
	describe_ipsec(out, p, env);
	describe_l2tp(out, p, env);
	describe_ppp(out, p);
	return g_string_free(out, FALSE);
}
