/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * profile-private: helpers shared by the profile parser, the importer and the validator.
 * Not for use outside client/profile/.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

#include "profile-keys.h"
#include "profile.h"

/* One value parsed for one key; str is owned (and wiped on clear when the key is secret). */
struct l2tpc_profile_value {
	const struct l2tpc_profile_key *key;
	char *str;
	bool b;
	unsigned u;
	int idx;
};

/**
 * Validates @text (non-empty) for @k and converts it. Returns 0, or -EINVAL with a sentence
 * naming the key, the value (never for a secret) and what is allowed.
 */
int l2tpc_profile_value_parse(const struct l2tpc_profile_key *k, const char *text,
			      struct l2tpc_profile_value *out, char **sentence);
void l2tpc_profile_value_clear(struct l2tpc_profile_value *v);
/** A value made safe to quote in a sentence: escaped and cut to a readable length. */
char *l2tpc_profile_value_echo(const char *text);
/** @text without surrounding ASCII blanks (kept as is for secrets), newly allocated. */
char *l2tpc_profile_value_strip(const struct l2tpc_profile_key *k, const char *text);

/** Wipes and frees a string that may hold a secret. */
void l2tpc_profile_value_secret_free(char *s);

/** Adds a printf-formatted sentence to @warnings (may be NULL). */
void l2tpc_profile_value_warn(GPtrArray *warnings, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/**
 * Applies every key of @group in @kf to @p. @secrets_group: the group is [vpn-secrets], which
 * takes secret keys only. Aliases are applied only when their key is absent from both [vpn]
 * and [vpn-secrets]. Unknown keys, ignored keys and old names become warnings.
 */
int l2tpc_profile_keyfile_apply_group(struct l2tpc_profile *p, GKeyFile *kf, const char *group,
				      bool secrets_group, GPtrArray *warnings, char **sentence);

/**
 * Applies NetworkManager's [ipv4] keys that mean something to l2tpc: never-default, and
 * ignore-auto-dns (as dns=no) unless [vpn] sets dns itself.
 */
int l2tpc_profile_keyfile_apply_ipv4(struct l2tpc_profile *p, GKeyFile *kf, const char *group,
				     char **sentence);

/** Loads @data into a new GKeyFile or explains, in one sentence, why it is not a keyfile. */
GKeyFile *l2tpc_profile_keyfile_load(const char *data, size_t len, const char *what,
				     char **sentence);
