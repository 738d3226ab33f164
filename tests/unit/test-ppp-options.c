// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include <glib.h>

#include "ppp-options.h"

/* true if @opts has a line that is exactly @line */
static bool has_line(const char *opts, const char *line)
{
	g_auto(GStrv) lines = g_strsplit(opts, "\n", -1);

	for (char **l = lines; *l; l++) {
		if (strcmp(*l, line) == 0)
			return true;
	}
	return false;
}

static bool has_word(const char *opts, const char *word)
{
	g_auto(GStrv) lines = g_strsplit(opts, "\n", -1);

	for (char **l = lines; *l; l++) {
		if (g_str_has_prefix(*l, word) &&
		    ((*l)[strlen(word)] == ' ' || !(*l)[strlen(word)]))
			return true;
	}
	return false;
}

static void test_defaults_kernel(void)
{
	struct ppp_options_settings s;
	g_autofree char *err = NULL;
	g_autofree char *o = NULL;

	ppp_options_settings_init(&s);
	s.user = "alice";
	o = ppp_options_build(&s, &err);
	g_assert_null(err);
	g_assert_nonnull(o);
	static const char *const want[] = {
		"plugin pppol2tp.so",
		"pppol2tp 3",
		"plugin l2tpc-pppd-plugin.so",
		"l2tpc-channel-fd 4",
		"nodetach",
		"noipdefault",
		"nodefaultroute",
		"noauth",
		"usepeerdns",
		"user alice",
		"hide-password",
		"noccp",
		"mtu 1400",
		"mru 1400",
		"lcp-echo-interval 4",
		"lcp-echo-failure 4",
		"lcp-echo-adaptive",
		"lcp-restart 1",
		"noipv6",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		g_test_message("want %s", want[i]);
		g_assert_true(has_line(o, want[i]));
	}
	g_assert_false(has_word(o, "require-mppe"));
	g_assert_false(has_word(o, "password"));
	g_assert_false(has_word(o, "refuse-pap"));
	g_assert_false(has_word(o, "defaultroute"));
	g_assert_false(has_word(o, "local"));
	g_assert_false(has_word(o, "l2tpc-lcp-resend-ms"));
	g_assert_false(has_word(o, "l2tpc-wait-data-fd"));
}

static void test_data_fd_later(void)
{
	struct ppp_options_settings s;
	g_autofree char *err = NULL;
	g_autofree char *o = NULL;

	ppp_options_settings_init(&s);
	s.data_fd_later = true;
	o = ppp_options_build(&s, &err);
	g_assert_nonnull(o);
	/* pppol2tp checks fd 3 the moment it is read: our plugin must have it by then */
	g_assert_nonnull(strstr(o, "plugin l2tpc-pppd-plugin.so\nl2tpc-channel-fd 4\n"
				   "l2tpc-wait-data-fd 3\nplugin pppol2tp.so\npppol2tp 3\n"));
}

static void test_mppe_refuse_ipv6_domain(void)
{
	struct ppp_options_settings s;
	g_autofree char *err = NULL;
	g_autofree char *o = NULL;

	ppp_options_settings_init(&s);
	s.user = "bob";
	s.domain = "CORP";
	s.refuse_pap = s.refuse_chap = s.refuse_mschap = s.refuse_eap = true;
	s.require_mppe_128 = true;
	s.mppe_stateful = true;
	s.ipv6 = true;
	s.mtu = 1280;
	s.mru = 1300;
	s.lcp_echo_interval = 0;
	s.no_peer_dns = true;
	o = ppp_options_build(&s, &err);
	g_assert_nonnull(o);
	/* DOMAIN\user; the backslash is escaped inside quotes for pppd's parser */
	g_assert_true(has_line(o, "user \"CORP\\\\bob\""));
	g_assert_true(has_line(o, "refuse-pap"));
	g_assert_true(has_line(o, "refuse-chap"));
	g_assert_true(has_line(o, "refuse-mschap"));
	g_assert_true(has_line(o, "refuse-eap"));
	g_assert_false(has_word(o, "refuse-mschap-v2"));
	g_assert_true(has_line(o, "require-mppe-128"));
	g_assert_true(has_line(o, "mppe-stateful"));
	g_assert_false(has_word(o, "noccp"));
	g_assert_true(has_line(o, "+ipv6"));
	g_assert_true(has_line(o, "mtu 1280"));
	g_assert_true(has_line(o, "mru 1300"));
	g_assert_true(has_line(o, "lcp-echo-interval 0"));
	g_assert_true(has_line(o, "lcp-echo-failure 0"));
	g_assert_false(has_word(o, "lcp-echo-adaptive"));
	g_assert_false(has_word(o, "usepeerdns"));
}

static void test_pty_transport(void)
{
	struct ppp_options_settings s;
	g_autofree char *err = NULL;
	g_autofree char *o = NULL;

	ppp_options_settings_init(&s);
	s.transport = PPP_OPTIONS_PTY;
	s.pty_path = "/dev/pts/7";
	s.our_plugin = "/build/client/pppd-plugin/l2tpc-pppd-plugin.so";
	s.lcp_resend_ms = 70;
	o = ppp_options_build(&s, &err);
	g_assert_nonnull(o);
	/* a plugin option: only valid after the plugin line */
	g_assert_nonnull(
		strstr(o, "plugin /build/client/pppd-plugin/l2tpc-pppd-plugin.so\nl2tpc-channel-fd "
			  "4\nl2tpc-lcp-resend-ms 70\n"));
	g_assert_true(has_line(o, "/dev/pts/7"));
	g_assert_true(has_line(o, "local"));
	g_assert_true(has_line(o, "nolock"));
	g_assert_true(has_line(o, "plugin /build/client/pppd-plugin/l2tpc-pppd-plugin.so"));
	g_assert_false(has_word(o, "pppol2tp"));
	g_assert_false(has_word(o, "user"));
}

static void check_refused(const struct ppp_options_settings *s, const char *needle)
{
	g_autofree char *err = NULL;
	g_autofree char *o = ppp_options_build(s, &err);

	g_assert_null(o);
	g_assert_nonnull(err);
	g_test_message("%s", err);
	g_assert_nonnull(strstr(err, needle));
	g_assert_true(g_str_has_suffix(err, "."));
}

static void test_impossible_settings(void)
{
	struct ppp_options_settings s;

	ppp_options_settings_init(&s);
	s.refuse_pap = s.refuse_chap = s.refuse_mschap = s.refuse_mschapv2 = s.refuse_eap = true;
	check_refused(&s, "Every PPP authentication method is refused");

	ppp_options_settings_init(&s);
	s.refuse_mschap = s.refuse_mschapv2 = true;
	s.require_mppe = true;
	check_refused(&s, "MPPE encryption needs MS-CHAP");

	ppp_options_settings_init(&s);
	s.mtu = 9000;
	check_refused(&s, "MTU 9000 is out of range");

	ppp_options_settings_init(&s);
	s.mru = 64;
	check_refused(&s, "MRU 64 is out of range");

	ppp_options_settings_init(&s);
	s.transport = PPP_OPTIONS_PTY;
	check_refused(&s, "no pty");
}

static void test_quote(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "alice", "alice" },
		{ "alice@example.com", "alice@example.com" },
		{ "with space", "\"with space\"" },
		{ "D\\u", "\"D\\\\u\"" },
		{ "q\"uote", "\"q\\\"uote\"" },
		{ "#hash", "\"#hash\"" },
		{ "", "\"\"" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *q = ppp_options_quote(cases[i].in);

		g_assert_cmpstr(q, ==, cases[i].out);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ppp-options/defaults-kernel", test_defaults_kernel);
	g_test_add_func("/ppp-options/data-fd-later", test_data_fd_later);
	g_test_add_func("/ppp-options/mppe-refuse-ipv6-domain", test_mppe_refuse_ipv6_domain);
	g_test_add_func("/ppp-options/pty-transport", test_pty_transport);
	g_test_add_func("/ppp-options/impossible-settings", test_impossible_settings);
	g_test_add_func("/ppp-options/quote", test_quote);
	return g_test_run();
}
