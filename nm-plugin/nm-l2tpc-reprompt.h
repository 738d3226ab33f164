/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nm-l2tpc-reprompt: asking again for a secret the server refused.
 *
 * When an interactive activation fails because the server refused a secret the user typed (the
 * PPP password, the IPsec pre-shared key) and that secret is not saved in the connection (its
 * flags say agent-owned or not saved), the service asks the agent for it again instead of
 * failing, at most NM_L2TPC_REPROMPT_TRIES attempts in all. This module decides which secrets to
 * ask for and keeps what the next attempt needs: the refused values (an agent answering the
 * same value again, as a passwd-file or a keyring would, ends it) and the secrets that were not
 * refused (NetworkManager drops agent-owned secrets the agent does not answer again). Nothing
 * here talks D-Bus, so the unit tests call it directly.
 */
#pragma once

#include <stdbool.h>

#include "l2tpc-failure.h"
#include "profile.h"

/* Attempts of one activation that may end in a refused secret before it fails as login-failed. */
#define NM_L2TPC_REPROMPT_TRIES 3

/*
 * A hint the service adds to a re-prompt's hints: the hinted secrets were refused, so the auth
 * dialog asks for them even when the agent or the keyring has a value (the refused one).
 */
#define NM_L2TPC_REPROMPT_HINT "x-l2tpc-ask-again"

struct nm_l2tpc_reprompt {
	unsigned refusals;		      /* attempts that ended in a refused secret */
	char **keys;			      /* the refused secrets' keys, NULL-terminated */
	struct l2tpc_profile_secrets refused; /* their refused values */
	struct l2tpc_profile_secrets kept;    /* the secrets the server did not refuse */
};

/**
 * The secrets the server refused when an attempt of @p ended in @f, and that a user can type
 * again. Only a failure marked secret_refused (the server refused the secret itself, not a
 * login method, an identity or a certificate) names one: "password" for a PPP authentication
 * failure with password login, "ipsec-psk" for an IPsec authentication failure with a
 * pre-shared key; and only when their flags say agent-owned or not saved (a secret
 * NetworkManager stores has no user to answer). An empty vector (never NULL) when there is
 * none. g_strfreev it.
 */
char **nm_l2tpc_reprompt_keys(const struct l2tpc_profile *p, const struct l2tpc_failure *f);

/**
 * Records that an attempt of @p ended in @f. Returns true when the service should ask
 * again: some secret was refused that a user can type (nm_l2tpc_reprompt_keys()) and fewer than
 * NM_L2TPC_REPROMPT_TRIES attempts were refused. Then @r holds the keys to hint and the values.
 */
bool nm_l2tpc_reprompt_begin(struct nm_l2tpc_reprompt *r, const struct l2tpc_profile *p,
			     const struct l2tpc_failure *f);

/** True while a re-prompt is pending or answered (between begin and clear). */
static inline bool nm_l2tpc_reprompt_active(const struct nm_l2tpc_reprompt *r)
{
	return r->keys != NULL;
}

/**
 * The agent answered a re-prompt with @p's secrets: fills in the secrets the server did not
 * refuse that @p lacks. Returns 0, or -EEXIST (with @key set to the refused key, a static
 * string) when @p holds a refused secret's refused value again: trying it again cannot work.
 * Either way @r then forgets the keys and values, and keeps counting the refusals.
 */
int nm_l2tpc_reprompt_apply(struct nm_l2tpc_reprompt *r, struct l2tpc_profile *p, const char **key);

/** Forgets everything (the values are wiped); the count of refusals too. */
void nm_l2tpc_reprompt_clear(struct nm_l2tpc_reprompt *r);
