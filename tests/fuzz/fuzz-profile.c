// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzzes the profile parser, the NetworkManager-l2tp importer and the per-key validator.
 *
 * Beyond "no crash", it checks the parser's promises: a failure always comes with one sentence
 * on one line, and a profile that parses serialises to a keyfile that parses back into an equal
 * profile (secrets included).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "profile-import.h"
#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check_sentence(const char *sentence)
{
	if (!sentence || !sentence[0] || strchr(sentence, '\n') || !g_str_has_suffix(sentence, "."))
		abort();
}

static void fuzz_round_trip(const struct l2tpc_profile *p)
{
	g_autofree char *text = NULL;
	g_autofree char *sentence = NULL;
	struct l2tpc_profile *back = NULL;
	g_auto(GStrv) missing = NULL;
	size_t len = 0;

	text = l2tpc_profile_keyfile_text(p, true, &len);
	if (l2tpc_profile_keyfile_parse(text, len, &back, NULL, &sentence) != 0) {
		g_printerr("round trip rejected: %s\n%s\n", sentence, text);
		abort();
	}
	if (!l2tpc_profile_equal(p, back)) {
		g_printerr("round trip changed the profile:\n%s\n", text);
		abort();
	}
	missing = l2tpc_profile_missing_secrets(back);
	l2tpc_profile_free(back);
}

static void fuzz_one(int (*fn)(const char *, size_t, struct l2tpc_profile **, GPtrArray *, char **),
		     const char *data, size_t size)
{
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *sentence = NULL;
	struct l2tpc_profile *p = NULL;

	if (fn(data, size, &p, warnings, &sentence) == 0) {
		if (!p || sentence)
			abort();
		fuzz_round_trip(p);
		l2tpc_profile_free(p);
	} else {
		if (p)
			abort();
		fuzz_check_sentence(sentence);
	}
	for (guint i = 0; i < warnings->len; i++)
		fuzz_check_sentence(g_ptr_array_index(warnings, i));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *eq = memchr(text, '=', size);

	fuzz_one(l2tpc_profile_keyfile_parse, text, size);
	fuzz_one(l2tpc_profile_import_nm_conf, text, size);

	/* "key=value" also exercises the validator the editors call per field. */
	if (eq) {
		g_autofree char *key = g_strndup(text, eq - text);
		g_autofree char *value = g_strndup(eq + 1, size - (eq - text) - 1);
		g_autofree char *sentence = NULL;

		if (!l2tpc_profile_value_validate(key, value, &sentence))
			fuzz_check_sentence(sentence);
		else if (sentence)
			abort();
	}
	return 0;
}
