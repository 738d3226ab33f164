// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * profile: the typed profile, its defaults, per-key set/get and the cross-key checks.
 * Every field is reached through the key table (profile-keys.c), so a key added there is
 * parsed, serialised, copied and compared without touching this file.
 */
#include <errno.h>
#include <string.h>

#include "ipsec-proposals.h"
#include "profile-private.h"
#include "l2tpc-i18n.h"

/* Enum fields are written through an int; make sure that is their size. */
G_STATIC_ASSERT(sizeof(enum l2tpc_profile_machine_auth) == sizeof(int));
G_STATIC_ASSERT(sizeof(enum l2tpc_profile_user_auth) == sizeof(int));
G_STATIC_ASSERT(sizeof(enum l2tpc_profile_pfs_group) == sizeof(int));

enum profile_storage {
	PROFILE_STORAGE_NONE,
	PROFILE_STORAGE_STR,
	PROFILE_STORAGE_BOOL,
	PROFILE_STORAGE_UINT,
	PROFILE_STORAGE_ENUM,
};

static enum profile_storage profile_storage(const struct l2tpc_profile_key *k)
{
	if (k->offset == L2TPC_PROFILE_KEY_NO_FIELD)
		return PROFILE_STORAGE_NONE;
	switch (k->type) {
	case L2TPC_PROFILE_KEY_BOOL:
		return PROFILE_STORAGE_BOOL;
	case L2TPC_PROFILE_KEY_UINT:
	case L2TPC_PROFILE_KEY_FLAGS:
		return PROFILE_STORAGE_UINT;
	case L2TPC_PROFILE_KEY_ENUM:
		return PROFILE_STORAGE_ENUM;
	default:
		return PROFILE_STORAGE_STR;
	}
}

static void *profile_field(const struct l2tpc_profile *p, const struct l2tpc_profile_key *k)
{
	return (char *)p + k->offset;
}

static void profile_store_str(struct l2tpc_profile *p, const struct l2tpc_profile_key *k,
			      char *owned)
{
	char **f = profile_field(p, k);

	if (k->type == L2TPC_PROFILE_KEY_SECRET)
		l2tpc_profile_value_secret_free(*f);
	else
		g_free(*f);
	*f = owned;
}

/* Stores a parsed value (taking its string) in @k's field. */
static void profile_store(struct l2tpc_profile *p, const struct l2tpc_profile_key *k,
			  struct l2tpc_profile_value *v)
{
	switch (profile_storage(k)) {
	case PROFILE_STORAGE_NONE:
		break;
	case PROFILE_STORAGE_STR:
		profile_store_str(p, k, g_steal_pointer(&v->str));
		break;
	case PROFILE_STORAGE_BOOL:
		*(bool *)profile_field(p, k) = v->b;
		break;
	case PROFILE_STORAGE_UINT:
		*(unsigned *)profile_field(p, k) = v->u;
		break;
	case PROFILE_STORAGE_ENUM:
		*(int *)profile_field(p, k) = v->idx;
		break;
	}
}

static void profile_store_default(struct l2tpc_profile *p, const struct l2tpc_profile_key *k)
{
	struct l2tpc_profile_value v;

	if (profile_storage(k) == PROFILE_STORAGE_NONE)
		return;
	if (!k->def) {
		/* Only text keys lack a default; numbers and choices always have one. */
		if (profile_storage(k) == PROFILE_STORAGE_STR)
			profile_store_str(p, k, NULL);
		return;
	}
	/* The table's defaults are checked by the unit tests; they always parse. */
	if (l2tpc_profile_value_parse(k, k->def, &v, NULL) == 0)
		profile_store(p, k, &v);
	l2tpc_profile_value_clear(&v);
}

struct l2tpc_profile *l2tpc_profile_new(void)
{
	struct l2tpc_profile *p = g_new0(struct l2tpc_profile, 1);
	size_t n;
	const struct l2tpc_profile_key *keys = l2tpc_profile_keys(&n);

	for (size_t i = 0; i < n; i++)
		profile_store_default(p, &keys[i]);
	return p;
}

void l2tpc_profile_secrets_clear(struct l2tpc_profile_secrets *s)
{
	l2tpc_profile_value_secret_free(s->password);
	l2tpc_profile_value_secret_free(s->ipsec_psk);
	l2tpc_profile_value_secret_free(s->machine_certpass);
	l2tpc_profile_value_secret_free(s->user_certpass);
	l2tpc_profile_value_secret_free(s->l2tp_secret);
	explicit_bzero(s, sizeof(*s));
}

void l2tpc_profile_free(struct l2tpc_profile *p)
{
	size_t n;
	const struct l2tpc_profile_key *keys = l2tpc_profile_keys(&n);

	if (!p)
		return;
	for (size_t i = 0; i < n; i++) {
		if (profile_storage(&keys[i]) == PROFILE_STORAGE_STR)
			profile_store_str(p, &keys[i], NULL);
	}
	l2tpc_profile_secrets_clear(&p->secrets);
	g_free(p->id);
	g_free(p->uuid);
	g_free(p->service_type);
	g_free(p);
}

bool l2tpc_profile_equal(const struct l2tpc_profile *a, const struct l2tpc_profile *b)
{
	size_t n;
	const struct l2tpc_profile_key *keys = l2tpc_profile_keys(&n);

	if (g_strcmp0(a->id, b->id) || g_strcmp0(a->uuid, b->uuid) ||
	    g_strcmp0(a->service_type, b->service_type))
		return false;
	for (size_t i = 0; i < n; i++) {
		const struct l2tpc_profile_key *k = &keys[i];

		switch (profile_storage(k)) {
		case PROFILE_STORAGE_NONE:
			break;
		case PROFILE_STORAGE_STR:
			if (g_strcmp0(*(char **)profile_field(a, k), *(char **)profile_field(b, k)))
				return false;
			break;
		case PROFILE_STORAGE_BOOL:
			if (*(bool *)profile_field(a, k) != *(bool *)profile_field(b, k))
				return false;
			break;
		case PROFILE_STORAGE_UINT:
			if (*(unsigned *)profile_field(a, k) != *(unsigned *)profile_field(b, k))
				return false;
			break;
		case PROFILE_STORAGE_ENUM:
			if (*(int *)profile_field(a, k) != *(int *)profile_field(b, k))
				return false;
			break;
		}
	}
	return true;
}

int l2tpc_profile_set(struct l2tpc_profile *p, const char *key, const char *value, char **sentence)
{
	const struct l2tpc_profile_key *k = l2tpc_profile_keys_lookup(key);
	const struct l2tpc_profile_key *target;
	struct l2tpc_profile_value v;
	g_autofree char *text = NULL;
	int r;

	if (!k) {
		l2tpc_profile_value_validate(key, value, sentence);
		return -ENOENT;
	}
	target = k->alias_of ? l2tpc_profile_keys_lookup(k->alias_of) : k;
	text = l2tpc_profile_value_strip(k, value ? value : "");
	if (!text[0]) {
		/* use-cert=no (or empty) leaves machine-auth-type alone, like plasma-nm did. */
		if (!(k->flags & L2TPC_PROFILE_KEY_F_IGNORED) && strcmp(k->name, "use-cert") != 0)
			profile_store_default(p, target);
		return 0;
	}
	r = l2tpc_profile_value_parse(k, text, &v, sentence);
	if (k->type == L2TPC_PROFILE_KEY_SECRET)
		explicit_bzero(text, strlen(text));
	if (r < 0)
		return r;
	if (strcmp(k->name, "use-cert") == 0) {
		if (v.b)
			p->machine_auth_type = L2TPC_PROFILE_MACHINE_AUTH_TLS;
	} else if (!(k->flags & L2TPC_PROFILE_KEY_F_IGNORED)) {
		/* An alias's value has the same type as its target (checked by the tests). */
		v.key = target;
		profile_store(p, target, &v);
	}
	l2tpc_profile_value_clear(&v);
	/* EAP-TLS is EAP: refuse-eap defaults to yes for password logins only. A refuse-eap=yes
	 * that comes after this is a contradiction l2tpc_profile_check() reports. */
	if (strcmp(target->name, "user-auth-type") == 0 &&
	    p->user_auth_type == L2TPC_PROFILE_USER_AUTH_TLS)
		p->refuse_eap = false;
	return 0;
}

char *l2tpc_profile_get(const struct l2tpc_profile *p, const char *key)
{
	const struct l2tpc_profile_key *k = l2tpc_profile_keys_lookup(key);

	if (!k)
		return NULL;
	switch (profile_storage(k)) {
	case PROFILE_STORAGE_NONE:
		return NULL;
	case PROFILE_STORAGE_STR:
		return g_strdup(*(char **)profile_field(p, k));
	case PROFILE_STORAGE_BOOL:
		return g_strdup(*(bool *)profile_field(p, k) ? "yes" : "no");
	case PROFILE_STORAGE_UINT:
		return g_strdup_printf("%u", *(unsigned *)profile_field(p, k));
	case PROFILE_STORAGE_ENUM:
		return g_strdup(k->values[*(int *)profile_field(p, k)]);
	}
	return NULL;
}

bool l2tpc_profile_has_secrets(const struct l2tpc_profile *p)
{
	const struct l2tpc_profile_secrets *s = &p->secrets;

	return s->password || s->ipsec_psk || s->machine_certpass || s->user_certpass ||
	       s->l2tp_secret;
}

const char *l2tpc_profile_pfs_group_name(const struct l2tpc_profile *p)
{
	const struct l2tpc_profile_key *k = l2tpc_profile_keys_lookup("ipsec-pfs-group");

	if (p->ipsec_pfs_group == L2TPC_PROFILE_PFS_GROUP_IKE)
		return NULL;
	return k->values[p->ipsec_pfs_group];
}

/* PKCS#12 bundles carry the key with the certificate, so no separate key file is needed. */
static bool profile_is_pkcs12(const char *path)
{
	return path && (g_str_has_suffix(path, ".p12") || g_str_has_suffix(path, ".pfx") ||
			g_str_has_suffix(path, ".P12") || g_str_has_suffix(path, ".PFX"));
}

static int profile_check_tls(const char *auth_key, const char *cert_key, const char *key_key,
			     const char *cert, const char *key, char **sentence)
{
	if (!cert) {
		*sentence = g_strdup_printf(_("%s=tls needs a certificate: set %s to the "
					      "certificate file (PEM, DER or PKCS#12)."),
					    auth_key, cert_key);
		return -EINVAL;
	}
	if (!key && !profile_is_pkcs12(cert)) {
		*sentence = g_strdup_printf(_("%s=tls needs a private key: set %s to the key file "
					      "of %s, or use a PKCS#12 file (.p12) as %s."),
					    auth_key, key_key, cert_key, cert_key);
		return -EINVAL;
	}
	return 0;
}

static int profile_check_fail(char **sentence, char *text)
{
	if (sentence)
		*sentence = text;
	else
		g_free(text);
	return -EINVAL;
}

/* ESP proposals with a group require PFS (ipsec-proposals.h), whatever ipsec-pfs says. */
static bool profile_esp_has_group(const char *esp)
{
	g_autofree char *norm = NULL;

	return esp && ipsec_proposals_normalize(esp, IPSEC_PROPOSALS_ESP, &norm, NULL) == 0 &&
	       ipsec_proposals_have_group(norm);
}

int l2tpc_profile_check(const struct l2tpc_profile *p, GPtrArray *warnings, char **sentence)
{
	g_autofree char *tls_sentence = NULL;
	bool mppe = p->require_mppe || p->require_mppe_40 || p->require_mppe_128;

	if (!p->gateway)
		return profile_check_fail(
			sentence, g_strdup(_("The profile has no gateway: set gateway= to the "
					     "server's host name or IP address in [vpn].")));
	if (p->ipsec_enabled && p->machine_auth_type == L2TPC_PROFILE_MACHINE_AUTH_TLS &&
	    profile_check_tls("machine-auth-type", "machine-cert", "machine-key", p->machine_cert,
			      p->machine_key, &tls_sentence) < 0)
		return profile_check_fail(sentence, g_steal_pointer(&tls_sentence));
	if (p->user_auth_type == L2TPC_PROFILE_USER_AUTH_TLS) {
		if (profile_check_tls("user-auth-type", "user-cert", "user-key", p->user_cert,
				      p->user_key, &tls_sentence) < 0)
			return profile_check_fail(sentence, g_steal_pointer(&tls_sentence));
		if (p->refuse_eap)
			return profile_check_fail(
				sentence,
				g_strdup(_("user-auth-type=tls uses EAP-TLS, which "
					   "refuse-eap=yes forbids: set refuse-eap=no.")));
	}
	if (p->refuse_pap && p->refuse_chap && p->refuse_mschap && p->refuse_mschapv2 &&
	    p->refuse_eap)
		return profile_check_fail(
			sentence,
			g_strdup(_("Every PPP authentication method is refused "
				   "(refuse-pap, refuse-chap, refuse-mschap, "
				   "refuse-mschapv2, refuse-eap): set one of them to no.")));
	/* MPPE keys come from MS-CHAP/MS-CHAPv2 (RFC 3079) or EAP-TLS. */
	if (mppe && p->refuse_mschap && p->refuse_mschapv2 &&
	    p->user_auth_type != L2TPC_PROFILE_USER_AUTH_TLS)
		return profile_check_fail(
			sentence,
			g_strdup(
				_("require-mppe needs MS-CHAP or MS-CHAPv2 to derive its keys, but "
				  "refuse-mschap and refuse-mschapv2 are both yes: set one of them "
				  "to no, or turn require-mppe off.")));
	if (p->lcp_echo_failure > 0 && p->lcp_echo_interval == 0)
		return profile_check_fail(
			sentence,
			g_strdup_printf(
				_("lcp-echo-failure=%u needs LCP echo requests to count, but "
				  "lcp-echo-interval is 0: set lcp-echo-interval (for "
				  "example 30) or lcp-echo-failure=0."),
				p->lcp_echo_failure));

	if (!p->ipsec_enabled)
		l2tpc_profile_value_warn(warnings,
					 _("ipsec-enabled is no: the tunnel and the PPP login "
					   "travel unencrypted; set ipsec-enabled=yes unless the "
					   "server offers plain L2TP only."));
	if (p->mppe_stateful && !mppe)
		l2tpc_profile_value_warn(warnings,
					 _("mppe-stateful has no effect without require-mppe."));
	if (!p->ipsec_pfs && p->ipsec_pfs_group != L2TPC_PROFILE_PFS_GROUP_IKE)
		l2tpc_profile_value_warn(warnings,
					 _("ipsec-pfs-group has no effect with ipsec-pfs=no."));
	if (!p->ipsec_pfs && profile_esp_has_group(p->ipsec_esp))
		l2tpc_profile_value_warn(
			warnings,
			_("ipsec-esp names a Diffie-Hellman group, so the server must do "
			  "perfect forward secrecy although ipsec-pfs=no: remove the group "
			  "from ipsec-esp if the server does not."));
	return 0;
}

char **l2tpc_profile_missing_secrets(const struct l2tpc_profile *p)
{
	GPtrArray *need = g_ptr_array_new();
	const unsigned asked = L2TPC_PROFILE_SECRET_AGENT_OWNED | L2TPC_PROFILE_SECRET_NOT_SAVED;

#define NEEDS(cond, field, flags, name)                                                            \
	do {                                                                                       \
		if ((cond) && !p->secrets.field && !((flags)&L2TPC_PROFILE_SECRET_NOT_REQUIRED))   \
			g_ptr_array_add(need, g_strdup(name));                                     \
	} while (0)

	NEEDS(p->user_auth_type == L2TPC_PROFILE_USER_AUTH_PASSWORD, password, p->password_flags,
	      "password");
	NEEDS(p->user_auth_type == L2TPC_PROFILE_USER_AUTH_TLS, user_certpass,
	      p->user_certpass_flags, "user-certpass");
	NEEDS(p->ipsec_enabled && p->machine_auth_type == L2TPC_PROFILE_MACHINE_AUTH_PSK, ipsec_psk,
	      p->ipsec_psk_flags, "ipsec-psk");
	NEEDS(p->ipsec_enabled && p->machine_auth_type == L2TPC_PROFILE_MACHINE_AUTH_TLS,
	      machine_certpass, p->machine_certpass_flags, "machine-certpass");
	/* Most servers use no tunnel secret: ask only when the flags say it is asked for. */
	NEEDS(p->l2tp_secret_flags & asked, l2tp_secret, p->l2tp_secret_flags, "l2tp-secret");
#undef NEEDS
	g_ptr_array_add(need, NULL);
	return (char **)g_ptr_array_free(need, FALSE);
}
