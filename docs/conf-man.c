// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * conf-man: writes l2tpc.conf(5) from its template (l2tpc.conf.5.in) and the profile key table
 * (client/profile/profile-keys.c), the table docs/profile-keys.md is checked against, so the
 * manual page and that page cannot drift apart.
 *
 *   conf-man TEMPLATE VERSION > l2tpc.conf.5
 *
 * The template's line "@KEYS@" becomes one subsection per layer with every key; "@VERSION@"
 * becomes VERSION. Runs at build time in the C locale, so the page is in English.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "ipsec-proposals.h"
#include "profile-keys.h"

/* Text for a roff body line: backslashes escaped, no control character at the start. */
static char *conf_man_escape(const char *text)
{
	GString *out = g_string_new(NULL);

	if (text[0] == '.' || text[0] == '\'')
		g_string_append(out, "\\&");
	for (const char *c = text; *c; c++) {
		if (*c == '\\')
			g_string_append(out, "\\e");
		else
			g_string_append_c(out, *c);
	}
	return g_string_free(out, FALSE);
}

/* A key name as roff text: ASCII minus signs, so a copied name is the name. */
static char *conf_man_name(const char *name)
{
	g_auto(GStrv) parts = g_strsplit(name, "-", -1);

	return g_strjoinv("\\-", parts);
}

/* What NetworkManager-l2tp makes of the key (the last column of docs/profile-keys.md). */
static char *conf_man_compat(const struct l2tpc_profile_key *k)
{
	if (k->flags & L2TPC_PROFILE_KEY_F_KDE)
		return g_strdup_printf("an old plasma-nm key, read as %s", k->alias_of);
	if (k->alias_of && (k->flags & L2TPC_PROFILE_KEY_F_NM))
		return g_strdup_printf("NetworkManager-l2tp's key, read as %s", k->alias_of);
	if (k->flags & L2TPC_PROFILE_KEY_F_IGNORED)
		return g_strdup("NetworkManager-l2tp's key, accepted and ignored");
	if (k->nm_default)
		return g_strdup_printf("NetworkManager-l2tp's key; its default there is %s",
				       k->nm_default);
	if (k->flags & L2TPC_PROFILE_KEY_F_NM)
		return g_strdup("NetworkManager-l2tp's key, same meaning");
	return g_strdup("l2tpc only");
}

/*
 * An unset ipsec-ike or ipsec-esp offers client/ipsec/ipsec-proposals' lists: the page prints
 * them from there, so it says what the client offers. Comma and space between proposals, so
 * the line can break.
 */
static char *conf_man_builtin(const struct l2tpc_profile_key *k)
{
	g_auto(GStrv) items =
		g_strsplit(ipsec_proposals_default(l2tpc_profile_keys_proposals_kind(k)), ",", -1);

	return g_strjoinv(", ", items);
}

static void conf_man_key(const struct l2tpc_profile_key *k)
{
	g_autofree char *name = conf_man_name(k->name);
	g_autofree char *desc = conf_man_escape(k->description);
	g_autofree char *allowed = l2tpc_profile_keys_allowed_text(k);
	g_autofree char *allowed_esc = conf_man_escape(allowed);
	g_autofree char *compat = conf_man_compat(k);

	printf(".TP\n.B %s\n", name);
	if (k->type == L2TPC_PROFILE_KEY_SECRET)
		printf("(secret, in [%s\\-secrets] or [%s])\n", k->group, k->group);
	else if (strcmp(k->group, "vpn") != 0)
		printf("(in [%s])\n", k->group);
	printf("%s\n.br\nTakes %s.\n", desc, allowed_esc);
	if (k->def) {
		printf("Default: %s.\n", k->def);
	} else if (k->type == L2TPC_PROFILE_KEY_PROPOSALS) {
		g_autofree char *builtin = conf_man_builtin(k);

		printf("Default: unset, which offers, in this order: %s.\n", builtin);
	} else {
		printf("Default: unset.\n");
	}
	printf("Layer: %s; %s.\n", l2tpc_profile_keys_layer_name(k->layer), compat);
}

static void conf_man_keys(void)
{
	static const struct {
		enum l2tpc_profile_layer layer;
		const char *title;
	} sections[] = {
		{ L2TPC_PROFILE_LAYER_GENERAL, "GENERAL KEYS" },
		{ L2TPC_PROFILE_LAYER_IPSEC, "IPSEC KEYS" },
		{ L2TPC_PROFILE_LAYER_L2TP, "L2TP KEYS" },
		{ L2TPC_PROFILE_LAYER_PPP, "PPP KEYS" },
	};
	size_t n;
	const struct l2tpc_profile_key *keys = l2tpc_profile_keys(&n);

	for (size_t s = 0; s < G_N_ELEMENTS(sections); s++) {
		printf(".SS %s\n", sections[s].title);
		for (size_t i = 0; i < n; i++)
			if (keys[i].layer == sections[s].layer)
				conf_man_key(&keys[i]);
	}
}

int main(int argc, char **argv)
{
	g_autofree char *text = NULL;
	g_autoptr(GError) err = NULL;
	g_auto(GStrv) lines = NULL;

	if (argc != 3) {
		fprintf(stderr, "usage: conf-man TEMPLATE VERSION\n");
		return 2;
	}
	if (!g_file_get_contents(argv[1], &text, NULL, &err)) {
		fprintf(stderr, "conf-man: %s\n", err->message);
		return 1;
	}
	lines = g_strsplit(text, "\n", -1);
	for (size_t i = 0; lines[i]; i++) {
		if (!lines[i + 1] && !lines[i][0])
			break; /* the text's final newline */
		if (strcmp(lines[i], "@KEYS@") == 0) {
			conf_man_keys();
			continue;
		}
		g_auto(GStrv) parts = g_strsplit(lines[i], "@VERSION@", -1);
		g_autofree char *line = g_strjoinv(argv[2], parts);

		printf("%s\n", line);
	}
	return ferror(stdout) ? 1 : 0;
}
