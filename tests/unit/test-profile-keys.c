// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The profile key table (profile-keys.c): sane entries, every key accepted and rejected with its
 * sentence, and docs/profile-keys.md kept equal to the table.
 */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "profile-keys.h"
#include "profile.h"

#define MARK "Zq7-SECRET-MARK"

/* ---- the table itself ---- */

static void test_table_sane(void)
{
	size_t n;
	const struct l2tpc_profile_key *keys = l2tpc_profile_keys(&n);
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

	g_assert_cmpuint(n, >, 70);
	for (size_t i = 0; i < n; i++) {
		const struct l2tpc_profile_key *k = &keys[i];

		g_assert_true(g_hash_table_add(seen, (char *)k->name)); /* no duplicates */
		g_assert_true(l2tpc_profile_keys_lookup(k->name) == k);
		g_assert_nonnull(k->description);
		g_assert_true(g_str_has_suffix(k->description, "."));
		g_assert_null(strchr(k->description, '\n'));
		g_assert_true(strcmp(k->group, "vpn") == 0 || strcmp(k->group, "ipv4") == 0);
		/* The default of every key is a value the key accepts. */
		if (k->def) {
			g_autofree char *s = NULL;

			if (!l2tpc_profile_value_validate(k->name, k->def, &s))
				g_error("default of %s rejected: %s", k->name, s);
		}
		if (k->nm_default)
			g_assert_true(l2tpc_profile_value_validate(k->name, k->nm_default, NULL));
		/* Numbers and choices always resolve to something. */
		if (k->type == L2TPC_PROFILE_KEY_BOOL || k->type == L2TPC_PROFILE_KEY_UINT ||
		    k->type == L2TPC_PROFILE_KEY_ENUM || k->type == L2TPC_PROFILE_KEY_FLAGS)
			g_assert_true(k->def || k->offset == L2TPC_PROFILE_KEY_NO_FIELD);
		if (k->type == L2TPC_PROFILE_KEY_SECRET) {
			const struct l2tpc_profile_key *f = l2tpc_profile_keys_lookup(k->flags_key);

			g_assert_nonnull(f);
			g_assert_cmpint(f->type, ==, L2TPC_PROFILE_KEY_FLAGS);
		} else {
			g_assert_null(k->flags_key);
		}
		if (k->alias_of) {
			const struct l2tpc_profile_key *t = l2tpc_profile_keys_lookup(k->alias_of);

			g_assert_nonnull(t);
			g_assert_null(t->alias_of);
			g_assert_true(k->flags & L2TPC_PROFILE_KEY_F_DEPRECATED);
			g_assert_true(k->offset == L2TPC_PROFILE_KEY_NO_FIELD);
			if (strcmp(k->name, "use-cert") != 0)
				g_assert_cmpint(k->type, ==, t->type);
		}
	}
	/* Every NetworkManager-l2tp data key of the brief is present with the NM flag. */
	static const char *const nm[] = {
		"gateway",
		"user",
		"password",
		"domain",
		"ipsec-enabled",
		"ipsec-psk",
		"ipsec-ike",
		"ipsec-esp",
		"ipsec-pfs",
		"ipsec-ikelifetime",
		"ipsec-salifetime",
		"ipsec-remote-id",
		"ipsec-gateway-id",
		"ipsec-group-name",
		"ipsec-forceencaps",
		"ipsec-ipcomp",
		"ipsec-ikev2",
		"machine-auth-type",
		"machine-ca",
		"machine-cert",
		"machine-key",
		"machine-certpass",
		"user-auth-type",
		"user-ca",
		"user-cert",
		"user-key",
		"user-certpass",
		"refuse-eap",
		"refuse-pap",
		"refuse-chap",
		"refuse-mschap",
		"refuse-mschapv2",
		"require-mppe",
		"require-mppe-40",
		"require-mppe-128",
		"mppe-stateful",
		"nobsdcomp",
		"nodeflate",
		"no-vj-comp",
		"nopcomp",
		"noaccomp",
		"mrru",
		"mtu",
		"mru",
		"lcp-echo-failure",
		"lcp-echo-interval",
		"ephemeral-port",
		"ipcp-peer-ip",
		"xl2tpd-max-retries",
		"unit",
		"password-flags",
		"ipsec-psk-flags",
		"machine-certpass-flags",
		"user-certpass-flags",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(nm); i++) {
		const struct l2tpc_profile_key *k = l2tpc_profile_keys_lookup(nm[i]);

		if (!k || !(k->flags & L2TPC_PROFILE_KEY_F_NM))
			g_error("NetworkManager-l2tp key %s missing or not marked", nm[i]);
	}
	static const char *const ours[] = {
		"l2tp-secret",
		"l2tp-host-name",
		"l2tp-hello-interval",
		"l2tp-retries",
		"l2tp-rx-speed-avp",
		"ipsec-dpd-delay",
		"ipsec-local-id",
		"ipsec-pfs-group",
		"ipv6",
		"never-default",
		"dns",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(ours); i++)
		g_assert_nonnull(l2tpc_profile_keys_lookup(ours[i]));
}

/* ---- every key accepted and rejected ---- */

struct sample {
	const char *good[6];
	const char *bad[6];
};

static struct sample samples_for(const struct l2tpc_profile_key *k, char *buf_min, char *buf_max,
				 char *buf_over, char *buf_under, char *long_text)
{
	struct sample s = { 0 };

	switch (k->type) {
	case L2TPC_PROFILE_KEY_STRING:
	case L2TPC_PROFILE_KEY_IDENTITY:
		s = (struct sample){ { "alice", "CN=vpn, O=Example Ltd", "@vpn.example.com" },
				     { "a\nb", "tab\there", long_text } };
		break;
	case L2TPC_PROFILE_KEY_SECRET:
		s = (struct sample){ { "s3cr3t " MARK, "0sc2VjcmV0" },
				     { MARK "\n", MARK "\x01", long_text } };
		break;
	case L2TPC_PROFILE_KEY_BOOL:
		s = (struct sample){ { "yes", "no", "true", "false", "1", "0" },
				     { "maybe", "yess", "2" } };
		break;
	case L2TPC_PROFILE_KEY_UINT:
	case L2TPC_PROFILE_KEY_FLAGS:
		g_snprintf(buf_min, 16, "%u", k->min);
		g_snprintf(buf_max, 16, "%u", k->max);
		g_snprintf(buf_over, 16, "%u", k->max + 1);
		g_snprintf(buf_under, 16, "%u", k->min - 1);
		s = (struct sample){ { buf_min, buf_max },
				     { buf_over, "-1", "12a", "99999999999", " 1 2" } };
		/* below the minimum is bad unless it is 0 meaning off */
		if (k->min > 0 && !(k->min == 1 && (k->flags & L2TPC_PROFILE_KEY_F_ZERO_OFF)))
			s.bad[5] = (k->min - 1 == 0 && (k->flags & L2TPC_PROFILE_KEY_F_ZERO_OFF))
					   ? NULL
					   : buf_under;
		if (k->flags & L2TPC_PROFILE_KEY_F_ZERO_OFF)
			s.good[2] = "0";
		break;
	case L2TPC_PROFILE_KEY_ENUM:
		for (int i = 0; i < 5 && k->values[i]; i++)
			s.good[i] = k->values[i];
		s.bad[0] = "bogus";
		s.bad[1] = "psk,tls";
		break;
	case L2TPC_PROFILE_KEY_PROPOSALS:
		s = (struct sample){ { "aes256-sha256-modp2048,aes128-sha1-modp2048!",
				       "aes256-sha1;modp1024", "aes128gcm16" },
				     { "aes256 sha1", ",", "a--b", "!", "aes!,3des", "a,,b" } };
		break;
	case L2TPC_PROFILE_KEY_FILE:
		s = (struct sample){ { "/etc/ipsec.d/certs/client.pem", "/home/a b/c.p12" },
				     { "client.pem", "./x.pem", "/a\nb" } };
		break;
	case L2TPC_PROFILE_KEY_HOST:
		s = (struct sample){ { "vpn.example.com", "192.0.2.1", "[2001:db8::1]",
				       "2001:db8::1", "vpn", "bücher.example" },
				     { "vpn example.com", "10.0.0.300", "[vpn.example.com]",
				       "-bad.example", "a..b", long_text } };
		break;
	case L2TPC_PROFILE_KEY_IPV4:
		s = (struct sample){ { "10.0.0.1", "192.0.2.254" }, { "10.0.0", "::1", "host" } };
		break;
	}
	return s;
}

static void test_every_key(void)
{
	size_t n;
	const struct l2tpc_profile_key *keys = l2tpc_profile_keys(&n);
	g_autofree char *long_text = g_strnfill(5000, 'x');

	for (size_t i = 0; i < n; i++) {
		const struct l2tpc_profile_key *k = &keys[i];
		char bmin[16], bmax[16], bover[16], bunder[16];
		struct sample s = samples_for(k, bmin, bmax, bover, bunder, long_text);

		for (int j = 0; j < 6 && s.good[j]; j++) {
			g_autofree char *sentence = NULL;
			g_autoptr(l2tpc_profile) p = l2tpc_profile_new();

			if (!l2tpc_profile_value_validate(k->name, s.good[j], &sentence))
				g_error("%s=%s rejected: %s", k->name, s.good[j], sentence);
			g_assert_cmpint(l2tpc_profile_set(p, k->name, s.good[j], NULL), ==, 0);
		}
		for (int j = 0; j < 6 && s.bad[j]; j++) {
			g_autofree char *sentence = NULL;
			g_autofree char *sentence2 = NULL;
			g_autoptr(l2tpc_profile) p = l2tpc_profile_new();
			g_autoptr(l2tpc_profile) fresh = l2tpc_profile_new();

			if (l2tpc_profile_value_validate(k->name, s.bad[j], &sentence))
				g_error("%s=%s accepted", k->name, s.bad[j]);
			g_assert_nonnull(sentence);
			g_assert_nonnull(strstr(sentence, k->name));
			g_assert_nonnull(strstr(sentence, " takes "));
			g_assert_null(strchr(sentence, '\n'));
			g_assert_cmpuint(strlen(sentence), <, 400);
			g_assert_null(strstr(sentence, MARK));
			/* set() rejects the same way and leaves the profile untouched */
			g_assert_cmpint(l2tpc_profile_set(p, k->name, s.bad[j], &sentence2), ==,
					-EINVAL);
			g_assert_cmpstr(sentence, ==, sentence2);
			g_assert_true(l2tpc_profile_equal(p, fresh));
		}
		/* empty means "default" for everything but the required gateway */
		g_assert_true(l2tpc_profile_value_validate(k->name, "", NULL) ==
			      !(k->flags & L2TPC_PROFILE_KEY_F_REQUIRED));
	}
}

static void test_sentences(void)
{
	static const struct {
		const char *key, *value, *sentence;
	} cases[] = {
		{ "mtu", "70000", "mtu=70000 is not valid: mtu takes a number from 576 to 1500." },
		{ "machine-auth-type", "x509",
		  "machine-auth-type=x509 is not valid: machine-auth-type takes psk or tls." },
		{ "ipsec-enabled", "maybe",
		  "ipsec-enabled=maybe is not valid: ipsec-enabled takes yes or no." },
		{ "ipsec-dpd-delay", "2",
		  "ipsec-dpd-delay=2 is not valid: ipsec-dpd-delay takes 0 (off) or a number "
		  "from 5 to 3600." },
		{ "gateway", "", "gateway is empty: gateway takes a host name or an IP address." },
		{ "machine-ca", "ca.pem",
		  "machine-ca=ca.pem is not valid: machine-ca takes an absolute file path." },
		{ "password", MARK "\x02",
		  "password is not valid: password takes one line of text of at most 255 "
		  "characters and no control characters." },
		{ "bogus-key", "1",
		  "bogus-key is not a key l2tpc knows: 'man 5 l2tpc.conf' lists "
		  "them." },
		{ "user",
		  "a\x01"
		  "b",
		  "user=a\\x01b is not valid: user takes one line of text of at "
		  "most 255 characters." },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *s = NULL;

		g_assert_false(l2tpc_profile_value_validate(cases[i].key, cases[i].value, &s));
		g_assert_cmpstr(s, ==, cases[i].sentence);
	}
	/* A long bad value is cut when quoted. */
	g_autofree char *lng = g_strnfill(300, 'q');
	g_autofree char *s = NULL;
	g_assert_false(l2tpc_profile_value_validate("ipcp-peer-ip", lng, &s));
	g_assert_nonnull(strstr(s, "qqq..."));
	g_assert_cmpuint(strlen(s), <, 200);
}

/* ---- docs/profile-keys.md equals the table ---- */

static char *doc_row(const struct l2tpc_profile_key *k)
{
	g_autofree char *allowed = l2tpc_profile_keys_allowed_text(k);
	const char *def = k->def ? k->def : "(unset)";
	g_autofree char *compat = NULL;

	if (k->flags & L2TPC_PROFILE_KEY_F_KDE)
		compat = g_strdup_printf("old plasma-nm key, read as %s", k->alias_of);
	else if (k->alias_of && (k->flags & L2TPC_PROFILE_KEY_F_NM))
		compat = g_strdup_printf("yes, read as %s", k->alias_of);
	else if (k->flags & L2TPC_PROFILE_KEY_F_IGNORED)
		compat = g_strdup("yes, ignored");
	else if (k->flags & L2TPC_PROFILE_KEY_F_NM_APPLIES)
		compat = g_strdup("yes, applied by NetworkManager");
	else if (k->nm_default)
		compat = g_strdup_printf("yes, its default is %s", k->nm_default);
	else if (k->flags & L2TPC_PROFILE_KEY_F_NM)
		compat = g_strdup("yes");
	else
		compat = g_strdup("l2tpc only");
	return g_strdup_printf("| `%s`%s | %s | %s | %s | %s | %s |", k->name,
			       k->type == L2TPC_PROFILE_KEY_SECRET ? " (secret)" : "", allowed, def,
			       l2tpc_profile_keys_layer_name(k->layer), k->description, compat);
}

static void test_doc_matches_table(void)
{
	g_autofree char *path =
		g_build_filename(TEST_SRCDIR, "..", "..", "docs", "profile-keys.md", NULL);
	g_autofree char *doc = NULL;
	g_autoptr(GError) err = NULL;
	g_autoptr(GString) expected = g_string_new(NULL);
	size_t n;
	const struct l2tpc_profile_key *keys = l2tpc_profile_keys(&n);
	const char *begin, *end;

	g_assert_true(g_file_get_contents(path, &doc, NULL, &err));
	begin = strstr(doc, "<!-- keys-begin -->\n");
	end = strstr(doc, "<!-- keys-end -->");
	g_assert_nonnull(begin);
	g_assert_nonnull(end);
	begin += strlen("<!-- keys-begin -->\n");
	g_string_append(expected,
			"| Key | Takes | Default | Layer | Meaning | NetworkManager-l2tp |\n"
			"|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < n; i++) {
		g_autofree char *row = doc_row(&keys[i]);

		g_string_append_printf(expected, "%s\n", row);
	}
	g_autofree char *actual = g_strndup(begin, end - begin);
	if (strcmp(actual, expected->str) != 0)
		g_error("docs/profile-keys.md drifted from client/profile/profile-keys.c; the key "
			"table between the markers must be:\n%s",
			expected->str);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/profile-keys/table", test_table_sane);
	g_test_add_func("/profile-keys/every-key", test_every_key);
	g_test_add_func("/profile-keys/sentences", test_sentences);
	g_test_add_func("/profile-keys/doc", test_doc_matches_table);
	return g_test_run();
}
