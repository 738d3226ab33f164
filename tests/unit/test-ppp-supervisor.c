// SPDX-License-Identifier: GPL-2.0-or-later
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <glib.h>

#include "ppp-options.h"
#include "ppp-supervisor.h"

/* a waitpid() status for a normal exit */
#define EXITED(code) ((code) << 8)

static void test_exit_failure_table(void)
{
	static const struct {
		int wait_status;
		bool auth_failed, stopped;
		enum l2tpc_failure_class klass;
		const char *needle;
		bool refused; /* secret_refused: the server rejected the user name or password */
	} cases[] = {
		{ EXITED(19), false, false, L2TPC_FAILURE_PPP_AUTH, "PPP authentication failed",
		  true },
		/* the plugin's report wins even if pppd exits differently */
		{ EXITED(16), true, false, L2TPC_FAILURE_PPP_AUTH, "\"alice\"", true },
		/* the server would not authenticate itself: no password of ours can fix it */
		{ EXITED(11), false, false, L2TPC_FAILURE_PPP_AUTH, "'auth' option" },
		{ EXITED(5), false, true, L2TPC_FAILURE_NONE, NULL },
		{ EXITED(0), false, true, L2TPC_FAILURE_NONE, NULL },
		{ SIGTERM, false, true, L2TPC_FAILURE_NONE, NULL },
		{ SIGKILL, false, false, L2TPC_FAILURE_PPP, "killed by signal 9" },
		{ EXITED(5), false, false, L2TPC_FAILURE_PPP, "on its own" },
		{ EXITED(2), false, false, L2TPC_FAILURE_INTERNAL, "rejected the options" },
		{ EXITED(4), false, false, L2TPC_FAILURE_SYSTEM, "modprobe ppp_generic" },
		{ EXITED(10), false, false, L2TPC_FAILURE_PPP, "require-mppe" },
		{ EXITED(15), false, false, L2TPC_FAILURE_PEER_DISCONNECT, "echo requests" },
		{ EXITED(16), false, false, L2TPC_FAILURE_PEER_DISCONNECT, "hung up" },
		{ EXITED(8), false, false, L2TPC_FAILURE_PPP, "exit status 8" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct l2tpc_failure f = { 0 };

		ppp_supervisor_exit_failure(cases[i].wait_status, cases[i].auth_failed,
					    cases[i].stopped, "alice", &f);
		g_test_message("case %zu: %s", i, f.sentence ? f.sentence : "(none)");
		g_assert_cmpint(f.klass, ==, cases[i].klass);
		g_assert_cmpint(f.secret_refused, ==, cases[i].refused);
		if (cases[i].needle) {
			g_assert_nonnull(strstr(f.sentence, cases[i].needle));
			g_assert_true(g_str_has_suffix(f.sentence, "."));
		}
		l2tpc_failure_clear(&f);
	}
}

static void test_missing_pppd(void)
{
	static const struct ppp_supervisor_callbacks cb = { 0 };
	struct ppp_supervisor *sup = ppp_supervisor_new(&cb, NULL);
	struct ppp_supervisor_config cfg = {
		.pppd_path = "/nonexistent/pppd",
		.options = "noauth\n",
		.data_fd = -1,
		.user = "alice",
		.password = "pw",
	};
	struct l2tpc_failure f = { 0 };

	g_assert_cmpint(ppp_supervisor_start(sup, &cfg, &f), <, 0);
	g_assert_cmpint(f.klass, ==, L2TPC_FAILURE_SYSTEM);
	g_assert_nonnull(strstr(f.sentence, "install the ppp package"));
	g_assert_false(ppp_supervisor_running(sup));
	l2tpc_failure_clear(&f);
	ppp_supervisor_free(sup);
}

static void test_secret_too_long(void)
{
	static const struct ppp_supervisor_callbacks cb = { 0 };
	struct ppp_supervisor *sup = ppp_supervisor_new(&cb, NULL);
	g_autofree char *pw = g_strnfill(300, 'x');
	struct ppp_supervisor_config cfg = {
		.pppd_path = "/nonexistent/pppd",
		.options = "noauth\n",
		.data_fd = -1,
		.user = "alice",
		.password = pw,
	};
	struct l2tpc_failure f = { 0 };

	g_assert_cmpint(ppp_supervisor_start(sup, &cfg, &f), <, 0);
	g_assert_cmpint(f.klass, ==, L2TPC_FAILURE_CONFIG);
	g_assert_null(strstr(f.sentence, pw));
	l2tpc_failure_clear(&f);
	ppp_supervisor_free(sup);
}

/* A server that takes only PAP (refused by default) ends LCP before any login; pppd is then
 * stopped by us after the server's hang-up: the sentence names refuse-pap and wins. */
static void test_no_method_failure(void)
{
	struct l2tpc_failure f = { 0 };

	ppp_supervisor_no_method_failure(&f);
	ppp_supervisor_exit_failure(SIGTERM, false, true, "alice", &f);
	g_assert_cmpint(f.klass, ==, L2TPC_FAILURE_PPP_AUTH);
	g_assert_nonnull(strstr(f.sentence, "refuse-pap=no"));
	/* no password was refused: asking for it again cannot help */
	g_assert_false(f.secret_refused);
	g_assert_true(g_str_has_suffix(f.sentence, "."));
	l2tpc_failure_clear(&f);
}

/* A server that chose EAP (SoftEther offers it first) and then rejected the login: the sentence
 * names EAP and the key that makes the server fall back, and wins over the generic one. */
static void test_eap_failure(void)
{
	struct l2tpc_failure f = { 0 };

	ppp_supervisor_eap_failure("alice", &f);
	ppp_supervisor_exit_failure(19 << 8, true, false, "alice", &f);
	g_assert_cmpint(f.klass, ==, L2TPC_FAILURE_PPP_AUTH);
	g_assert_nonnull(strstr(f.sentence, "chose EAP"));
	/* the EAP method, not the password, may be what failed: not a refused secret */
	g_assert_false(f.secret_refused);
	g_assert_nonnull(strstr(f.sentence, "refuse-eap=yes"));
	g_assert_nonnull(strstr(f.sentence, "\"alice\""));
	g_assert_true(g_str_has_suffix(f.sentence, "."));
	l2tpc_failure_clear(&f);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ppp-supervisor/exit-failure-table", test_exit_failure_table);
	g_test_add_func("/ppp-supervisor/eap-failure", test_eap_failure);
	g_test_add_func("/ppp-supervisor/no-method-failure", test_no_method_failure);
	g_test_add_func("/ppp-supervisor/missing-pppd", test_missing_pppd);
	g_test_add_func("/ppp-supervisor/secret-too-long", test_secret_too_long);
	return g_test_run();
}
