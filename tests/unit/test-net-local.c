// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net-local and net-resolve: the one local-address lookup (over loopback, which every network
 * namespace has) and numeric gateway addresses, bracketed IPv6 included.
 */
#include <errno.h>

#include "net-local.h"

static void test_numeric(void)
{
	struct net_addr a;

	g_assert_cmpint(net_resolve_numeric("192.0.2.1", &a), ==, 0);
	g_assert_cmpint(a.ss.ss_family, ==, AF_INET);
	g_assert_cmpstr(a.text, ==, "192.0.2.1");
	g_assert_cmpint(net_resolve_numeric("[2001:db8::1]", &a), ==, 0);
	g_assert_cmpint(a.ss.ss_family, ==, AF_INET6);
	g_assert_cmpstr(a.text, ==, "2001:db8::1");
	g_assert_cmpint(net_resolve_numeric("vpn.example.org", &a), ==, -EINVAL);
}

static void test_local_loopback(void)
{
	struct l2tpc_failure f = { 0 };
	struct net_addr gw, local;
	g_autofree char *s = NULL;

	g_assert_cmpint(net_resolve_numeric("127.0.0.1", &gw), ==, 0);
	g_assert_cmpint(net_local_for(&gw, &local, &f), ==, 0);
	g_assert_false(l2tpc_failure_is_set(&f));
	g_assert_cmpstr(local.text, ==, "127.0.0.1");
	s = net_local_for_string("127.0.0.1");
	g_assert_cmpstr(s, ==, "127.0.0.1");
	g_assert_null(net_local_for_string("vpn.example.org"));
}

static void on_resolved(const struct net_addr *addr, const struct l2tpc_failure *f, void *ud)
{
	char **out = ud;

	g_assert_null(f);
	*out = g_strdup(addr->text);
}

static void test_resolve_numeric_later(void)
{
	g_autofree char *got = NULL;

	net_resolve("[::1]", NULL, on_resolved, &got);
	g_assert_null(got); /* never before the main loop runs */
	while (!got)
		g_main_context_iteration(NULL, TRUE);
	g_assert_cmpstr(got, ==, "::1");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/net-local/numeric", test_numeric);
	g_test_add_func("/net-local/loopback", test_local_loopback);
	g_test_add_func("/net-local/resolve-numeric-later", test_resolve_numeric_later);
	return g_test_run();
}
