// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-peer-name: the comparison of charon's two certificate lists, and the sentence.
 */
#include <string.h>

#include <glib.h>

#include "ipsec-peer-name.h"

static GPtrArray *blobs(const char *const *items)
{
	GPtrArray *a = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);

	for (; items && *items; items++)
		g_ptr_array_add(a, g_bytes_new(*items, strlen(*items)));
	return a;
}

static void test_match(void)
{
	static const char *const srv[] = { "srv-cert", NULL };
	static const char *const srv_and_own[] = { "own-cert", "srv-cert", NULL };
	static const char *const own[] = { "own-cert", NULL };
	static const char *const other[] = { "srv2-cert", NULL };
	static const struct {
		const char *name;
		const char *const *by_id, *const *by_name;
		bool want;
	} cases[] = {
		/* the certificate the server authenticated with names the gateway */
		{ "right server", srv, srv, true },
		{ "right server, our certificate listed too", srv_and_own, srv_and_own, true },
		/* the server's certificate names another gateway */
		{ "other name", other, srv, false },
		{ "nothing names the gateway", other, NULL, false },
		/* our own certificate never counts as the server's (a rogue could send our DN) */
		{ "only our own certificate", own, own, false },
		{ "no certificate for the server's identity", NULL, srv, false },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GPtrArray) by_id = blobs(cases[i].by_id);
		g_autoptr(GPtrArray) by_name = blobs(cases[i].by_name);
		g_autoptr(GBytes) mine = g_bytes_new("own-cert", 8);

		g_test_message("case: %s", cases[i].name);
		g_assert_cmpint(ipsec_peer_name_match(by_id, by_name, mine), ==, cases[i].want);
	}
}

static void test_sentence(void)
{
	struct ipsec_peer_name_params p = {
		.server_name = "vpn.example.com",
		.remote_id = "C=XX, O=Example, CN=mallory",
		.gateway = "192.0.2.1",
	};
	struct l2tpc_failure f = { 0 };

	ipsec_peer_name_failure(&p, &f);
	g_assert_cmpint(f.klass, ==, L2TPC_FAILURE_IPSEC_AUTH);
	g_assert_cmpstr(
		f.sentence, ==,
		"The IPsec server at 192.0.2.1 authenticated as 'C=XX, O=Example, "
		"CN=mallory' with a certificate that does not name vpn.example.com "
		"(subjectAltName DNS or IP), so it may not be your server: if it is, ask its "
		"administrator for a certificate naming vpn.example.com or set "
		"ipsec-remote-id to 'C=XX, O=Example, CN=mallory'.");
	l2tpc_failure_clear(&f);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ipsec-peer-name/match", test_match);
	g_test_add_func("/ipsec-peer-name/sentence", test_sentence);
	return g_test_run();
}
