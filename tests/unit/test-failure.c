// SPDX-License-Identifier: GPL-2.0-or-later
#include <glib.h>

#include "l2tpc-failure.h"
#include "l2tpc-log.h"

static void test_first_failure_wins(void)
{
	struct l2tpc_failure f = { 0 };

	g_assert_false(l2tpc_failure_is_set(&f));
	g_assert_true(
		l2tpc_failure_set(&f, L2TPC_FAILURE_IPSEC_AUTH, "IKE authentication failed."));
	g_assert_false(l2tpc_failure_set(&f, L2TPC_FAILURE_L2TP, "teardown noise."));
	g_assert_cmpint(f.klass, ==, L2TPC_FAILURE_IPSEC_AUTH);
	g_assert_cmpstr(f.sentence, ==, "IKE authentication failed.");
	g_assert_cmpstr(l2tpc_failure_class_name(f.klass), ==, "ipsec-auth");
	l2tpc_failure_clear(&f);
	g_assert_false(l2tpc_failure_is_set(&f));
	g_assert_null(f.sentence);
}

/* The marker of a refused secret travels with every copy, and a kept failure keeps its own. */
static void test_copy_keeps_refused(void)
{
	struct l2tpc_failure from = { 0 }, to = { 0 };

	l2tpc_failure_set(&from, L2TPC_FAILURE_PPP_AUTH, "The server refused the password.");
	from.secret_refused = true;
	g_assert_true(l2tpc_failure_copy(&to, &from));
	g_assert_cmpint(to.klass, ==, L2TPC_FAILURE_PPP_AUTH);
	g_assert_cmpstr(to.sentence, ==, from.sentence);
	g_assert_true(to.secret_refused);
	l2tpc_failure_clear(&to);
	g_assert_false(to.secret_refused);

	l2tpc_failure_set(&to, L2TPC_FAILURE_PPP_AUTH, "No login method the server takes.");
	g_assert_false(l2tpc_failure_copy(&to, &from));
	g_assert_false(to.secret_refused);
	l2tpc_failure_clear(&to);
	l2tpc_failure_clear(&from);
}

static void test_exit_codes_are_stable(void)
{
	/* docs/cli.md promises these numbers to scripts. */
	g_assert_cmpint(L2TPC_FAILURE_CONFIG, ==, 2);
	g_assert_cmpint(L2TPC_FAILURE_IPSEC_AUTH, ==, 6);
	g_assert_cmpint(L2TPC_FAILURE_PPP_AUTH, ==, 9);
}

static void test_log_levels(void)
{
	enum l2tpc_log_level l;

	g_assert_cmpint(l2tpc_log_level_parse("debug", &l), ==, 0);
	g_assert_cmpint(l, ==, L2TPC_LOG_DEBUG);
	g_assert_cmpint(l2tpc_log_level_parse("loud", &l), <, 0);
	l2tpc_log_set_level(L2TPC_LOG_WARN);
	g_assert_false(l2tpc_log_enabled(L2TPC_LOG_INFO));
	g_assert_true(l2tpc_log_enabled(L2TPC_LOG_ERROR));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/failure/first-wins", test_first_failure_wins);
	g_test_add_func("/failure/copy", test_copy_keeps_refused);
	g_test_add_func("/failure/exit-codes", test_exit_codes_are_stable);
	g_test_add_func("/log/levels", test_log_levels);
	return g_test_run();
}
