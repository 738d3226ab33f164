// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "cli-secrets.h"

static const struct {
	const char *input;
	int ret;
	const char *key, *value;
} cases[] = {
	{ "password=s3cret\n", 0, "password", "s3cret" },
	{ "vpn.secrets.password:p=a:b\n", 0, "password", "p=a:b" },
	{ "# comment\n\n  ipsec-psk=with spaces \r\n", 0, "ipsec-psk", "with spaces " },
	{ "ipsec-psk=x=y\n", 0, "ipsec-psk", "x=y" },
	{ "no separator here\n", -EINVAL, NULL, NULL },
	{ "=value\n", -EINVAL, NULL, NULL },
};

static void test_parse_table(void)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GHashTable) t = cli_secrets_table_new();
		g_autofree char *sentence = NULL;
		int ret = cli_secrets_parse(cases[i].input, strlen(cases[i].input), t, &sentence);

		g_assert_cmpint(ret, ==, cases[i].ret);
		if (ret == 0) {
			g_assert_cmpstr(g_hash_table_lookup(t, cases[i].key), ==, cases[i].value);
		} else {
			g_assert_nonnull(sentence);
			/* the bad line may be a secret: it is never repeated */
			g_assert_null(strstr(sentence, "separator"));
			g_assert_nonnull(strstr(sentence, "Line 1"));
		}
	}
}

static void test_read_fd(void)
{
	g_autoptr(GHashTable) t = cli_secrets_table_new();
	g_autofree char *sentence = NULL;
	const char *in = "password=a\nipsec-psk=b\n";
	int p[2];

	g_assert_cmpint(pipe(p), ==, 0);
	g_assert_cmpint(write(p[1], in, strlen(in)), ==, (ssize_t)strlen(in));
	close(p[1]);
	g_assert_cmpint(cli_secrets_read_fd(p[0], t, &sentence), ==, 0);
	close(p[0]);
	g_assert_cmpuint(g_hash_table_size(t), ==, 2);
	g_assert_cmpstr(g_hash_table_lookup(t, "ipsec-psk"), ==, "b");
}

static void test_nul_rejected(void)
{
	g_autoptr(GHashTable) t = cli_secrets_table_new();
	g_autofree char *sentence = NULL;

	g_assert_cmpint(cli_secrets_parse("a=b\0c", 5, t, &sentence), ==, -EINVAL);
	g_assert_nonnull(strstr(sentence, "NUL"));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cli-secrets/parse", test_parse_table);
	g_test_add_func("/cli-secrets/read-fd", test_read_fd);
	g_test_add_func("/cli-secrets/nul", test_nul_rejected);
	return g_test_run();
}
