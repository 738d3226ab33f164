// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Asking again for a refused secret (see nm-l2tpc-reprompt.h). A failure marked secret_refused
 * says that the server refused a secret, its class which one: ppp-auth the PPP password (with
 * password login), ipsec-auth the pre-shared key (with PSK machine authentication).
 */
#include <errno.h>
#include <string.h>

#include "nm-l2tpc-reprompt.h"

/* A secret the user can be asked for again: the agent holds it or nobody saves it. */
static bool nm_l2tpc_reprompt_askable(unsigned flags)
{
	const unsigned asked = L2TPC_PROFILE_SECRET_AGENT_OWNED | L2TPC_PROFILE_SECRET_NOT_SAVED;

	return (flags & asked) && !(flags & L2TPC_PROFILE_SECRET_NOT_REQUIRED);
}

char **nm_l2tpc_reprompt_keys(const struct l2tpc_profile *p, const struct l2tpc_failure *f)
{
	GPtrArray *keys = g_ptr_array_new();
	enum l2tpc_failure_class klass = f->secret_refused ? f->klass : L2TPC_FAILURE_NONE;

	if (klass == L2TPC_FAILURE_PPP_AUTH &&
	    p->user_auth_type == L2TPC_PROFILE_USER_AUTH_PASSWORD &&
	    nm_l2tpc_reprompt_askable(p->password_flags))
		g_ptr_array_add(keys, g_strdup("password"));
	if (klass == L2TPC_FAILURE_IPSEC_AUTH && p->ipsec_enabled &&
	    p->machine_auth_type == L2TPC_PROFILE_MACHINE_AUTH_PSK &&
	    nm_l2tpc_reprompt_askable(p->ipsec_psk_flags))
		g_ptr_array_add(keys, g_strdup("ipsec-psk"));
	g_ptr_array_add(keys, NULL);
	return (char **)g_ptr_array_free(keys, FALSE);
}

static void nm_l2tpc_reprompt_copy(struct l2tpc_profile_secrets *to,
				   const struct l2tpc_profile_secrets *from)
{
	to->password = g_strdup(from->password);
	to->ipsec_psk = g_strdup(from->ipsec_psk);
	to->machine_certpass = g_strdup(from->machine_certpass);
	to->user_certpass = g_strdup(from->user_certpass);
	to->l2tp_secret = g_strdup(from->l2tp_secret);
}

/* Moves the secret of @key from @kept to @refused. */
static void nm_l2tpc_reprompt_refuse(struct nm_l2tpc_reprompt *r, const char *key)
{
	if (strcmp(key, "password") == 0) {
		r->refused.password = g_steal_pointer(&r->kept.password);
	} else if (strcmp(key, "ipsec-psk") == 0) {
		r->refused.ipsec_psk = g_steal_pointer(&r->kept.ipsec_psk);
	}
}

bool nm_l2tpc_reprompt_begin(struct nm_l2tpc_reprompt *r, const struct l2tpc_profile *p,
			     const struct l2tpc_failure *f)
{
	g_auto(GStrv) keys = nm_l2tpc_reprompt_keys(p, f);
	unsigned refusals = r->refusals;

	if (!keys[0])
		return false;
	nm_l2tpc_reprompt_clear(r);
	r->refusals = refusals + 1;
	if (r->refusals >= NM_L2TPC_REPROMPT_TRIES)
		return false;
	r->keys = g_steal_pointer(&keys);
	nm_l2tpc_reprompt_copy(&r->kept, &p->secrets);
	for (char **k = r->keys; *k; k++)
		nm_l2tpc_reprompt_refuse(r, *k);
	return true;
}

/* Sets *@have to a copy of @kept when it is unset. */
static void nm_l2tpc_reprompt_fill(char **have, const char *kept)
{
	if ((!*have || !**have) && kept) {
		g_free(*have);
		*have = g_strdup(kept);
	}
}

static bool nm_l2tpc_reprompt_same(const char *refused, const char *now)
{
	return refused && now && strcmp(refused, now) == 0;
}

/* Forgets the keys and values, not the count. */
static void nm_l2tpc_reprompt_forget(struct nm_l2tpc_reprompt *r)
{
	g_clear_pointer(&r->keys, g_strfreev);
	l2tpc_profile_secrets_clear(&r->refused);
	l2tpc_profile_secrets_clear(&r->kept);
}

int nm_l2tpc_reprompt_apply(struct nm_l2tpc_reprompt *r, struct l2tpc_profile *p, const char **key)
{
	struct l2tpc_profile_secrets *s = &p->secrets;
	int ret = -EEXIST;

	if (nm_l2tpc_reprompt_same(r->refused.password, s->password)) {
		*key = "password";
	} else if (nm_l2tpc_reprompt_same(r->refused.ipsec_psk, s->ipsec_psk)) {
		*key = "ipsec-psk";
	} else {
		nm_l2tpc_reprompt_fill(&s->password, r->kept.password);
		nm_l2tpc_reprompt_fill(&s->ipsec_psk, r->kept.ipsec_psk);
		nm_l2tpc_reprompt_fill(&s->machine_certpass, r->kept.machine_certpass);
		nm_l2tpc_reprompt_fill(&s->user_certpass, r->kept.user_certpass);
		nm_l2tpc_reprompt_fill(&s->l2tp_secret, r->kept.l2tp_secret);
		ret = 0;
	}
	nm_l2tpc_reprompt_forget(r);
	return ret;
}

void nm_l2tpc_reprompt_clear(struct nm_l2tpc_reprompt *r)
{
	nm_l2tpc_reprompt_forget(r);
	r->refusals = 0;
}
