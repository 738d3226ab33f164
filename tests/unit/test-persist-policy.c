// SPDX-License-Identifier: GPL-2.0-or-later
/* persist-policy: which endings a persistent connection retries, and the wait before each. */
#include <glib.h>

#include "persist-policy.h"

static void test_retry_classes(void)
{
	static const struct {
		enum l2tpc_failure_class klass;
		bool retry;
	} table[] = {
		{ L2TPC_FAILURE_RESOLVE, true },
		{ L2TPC_FAILURE_IPSEC_UNREACHABLE, true },
		{ L2TPC_FAILURE_L2TP, true },
		{ L2TPC_FAILURE_PPP,
		  true }, /* dead peer: "The connection to the server was lost" */
		{ L2TPC_FAILURE_PEER_DISCONNECT, true },
		/* a failed login never retries: the next attempt would be refused the same way */
		{ L2TPC_FAILURE_PPP_AUTH, false },
		{ L2TPC_FAILURE_IPSEC_AUTH, false },
		{ L2TPC_FAILURE_IPSEC_PROPOSAL, false },
		{ L2TPC_FAILURE_IPSEC_DAEMON, false },
		{ L2TPC_FAILURE_CONFIG, false },
		{ L2TPC_FAILURE_INTERNAL, false },
		{ L2TPC_FAILURE_IP_CONFIG, false },
		{ L2TPC_FAILURE_SYSTEM, false },
		{ L2TPC_FAILURE_NONE, false },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(table); i++)
		g_assert_cmpint(persist_policy_retry(table[i].klass), ==, table[i].retry);
}

static void test_backoff_schedule(void)
{
	/* docs/cli.md: 0, 1, 2, 4, 8, 16, 30, 30, ... with the default cap of 30 s: the first
	 * attempt does not wait */
	static const unsigned want[] = { 0, 1, 2, 4, 8, 16, 30, 30, 30 };

	for (unsigned i = 0; i < G_N_ELEMENTS(want); i++)
		g_assert_cmpuint(persist_policy_delay_s(i + 1, 30), ==, want[i]);
	g_assert_cmpuint(persist_policy_delay_s(1, 1), ==, 0);
	g_assert_cmpuint(persist_policy_delay_s(2, 1), ==, 1);
	g_assert_cmpuint(persist_policy_delay_s(5, 1), ==, 1);
	g_assert_cmpuint(persist_policy_delay_s(4, 3), ==, 3);
	g_assert_cmpuint(persist_policy_delay_s(1000, 300), ==, 300);
	g_assert_cmpuint(persist_policy_delay_s(1, 0), ==, 0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/persist-policy/retry-classes", test_retry_classes);
	g_test_add_func("/persist-policy/backoff-schedule", test_backoff_schedule);
	return g_test_run();
}
