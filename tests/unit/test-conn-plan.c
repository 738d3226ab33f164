// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * conn-plan: every key of the key table changes what l2tpc sends to pppd, charon or the L2TP
 * server (or what it asks the user for), or is marked ignored / applied by NetworkManager; and
 * the mapping of the keys that had no effect before (EAP-TLS, IPComp, compression, multilink,
 * ipcp-peer-ip, never-default).
 */
#include <string.h>

#include <glib.h>

#include "conn-plan.h"
#include "profile-keys.h"
#include "profile.h"

static const char base[] = "[connection]\nid=T\n[vpn]\ngateway=192.0.2.1\nipsec-enabled=yes\n"
			   "user=u\n";

/* What a key needs around it to matter at all (a certificate key needs certificates on). */
static const struct {
	const char *key;
	const char *extra; /* [vpn] lines */
	bool default_route;
} contexts[] = {
	{ "machine-auth-type", "machine-cert=/t/m.pem\nmachine-key=/t/mk.pem\n" },
	{ "machine-ca", "machine-auth-type=tls\nmachine-cert=/t/m.pem\nmachine-key=/t/mk.pem\n" },
	{ "machine-cert", "machine-auth-type=tls\nmachine-key=/t/mk.pem\n" },
	{ "machine-key", "machine-auth-type=tls\nmachine-cert=/t/m.pem\n" },
	{ "machine-certpass",
	  "machine-auth-type=tls\nmachine-cert=/t/m.pem\nmachine-key=/t/mk.pem\n" },
	{ "machine-certpass-flags",
	  "machine-auth-type=tls\nmachine-cert=/t/m.pem\nmachine-key=/t/mk.pem\n" },
	{ "use-cert", "machine-cert=/t/m.pem\nmachine-key=/t/mk.pem\n" },
	{ "ipsec-check-server-name",
	  "machine-auth-type=tls\nmachine-cert=/t/m.pem\nmachine-key=/t/mk.pem\n" },
	{ "cert-ca", "machine-auth-type=tls\nmachine-cert=/t/m.pem\nmachine-key=/t/mk.pem\n" },
	{ "cert-pub", "machine-auth-type=tls\nmachine-key=/t/mk.pem\n" },
	{ "cert-key", "machine-auth-type=tls\nmachine-cert=/t/m.pem\n" },
	{ "user-auth-type", "user-cert=/t/u.pem\nuser-key=/t/uk.pem\n" },
	{ "user-ca", "user-auth-type=tls\nuser-cert=/t/u.pem\nuser-key=/t/uk.pem\n" },
	{ "user-cert", "user-auth-type=tls\nuser-key=/t/uk.pem\n" },
	{ "user-key", "user-auth-type=tls\nuser-cert=/t/u.pem\n" },
	{ "user-certpass", "user-auth-type=tls\nuser-cert=/t/u.pem\nuser-key=/t/uk.pem\n" },
	{ "user-certpass-flags", "user-auth-type=tls\nuser-cert=/t/u.pem\nuser-key=/t/uk.pem\n" },
	{ "mppe-stateful", "require-mppe=yes\n" },
	{ "lcp-echo-interval", "lcp-echo-failure=0\n" },
	{ "never-default", "", true },
	{ "persistent-backoff-max", "persistent=yes\n" },
	{ "persistent-timeout", "persistent=yes\n" },
};

/* Two values of @k that must lead to different plans. */
static void key_values(const struct l2tpc_profile_key *k, const char **a, const char **b)
{
	static char lo[16], hi[16];

	switch (k->type) {
	case L2TPC_PROFILE_KEY_BOOL:
		*a = "yes", *b = "no";
		return;
	case L2TPC_PROFILE_KEY_UINT:
		g_snprintf(lo, sizeof(lo), "%u",
			   k->flags & L2TPC_PROFILE_KEY_F_ZERO_OFF ? 0 : k->min);
		g_snprintf(hi, sizeof(hi), "%u", k->max);
		*a = lo, *b = hi;
		return;
	case L2TPC_PROFILE_KEY_FLAGS:
		/* l2tp-secret is asked for only when its flags say so (1); others unless 4 */
		*a = "0", *b = strcmp(k->name, "l2tp-secret-flags") == 0 ? "1" : "4";
		return;
	case L2TPC_PROFILE_KEY_ENUM:
		*a = k->values[0], *b = k->values[1];
		return;
	case L2TPC_PROFILE_KEY_PROPOSALS:
		*a = "aes128-sha1-modp2048", *b = "aes256-sha256-modp2048";
		return;
	case L2TPC_PROFILE_KEY_FILE:
		*a = "/t/a.pem", *b = "/t/b.pem";
		return;
	case L2TPC_PROFILE_KEY_HOST:
		*a = "192.0.2.1", *b = "192.0.2.9";
		return;
	case L2TPC_PROFILE_KEY_IPV4:
		*a = "10.0.0.1", *b = "10.0.0.2";
		return;
	case L2TPC_PROFILE_KEY_IDENTITY:
		*a = "@a.example", *b = "@b.example";
		return;
	case L2TPC_PROFILE_KEY_STRING:
	case L2TPC_PROFILE_KEY_SECRET:
		*a = "alpha", *b = "bravo";
		return;
	}
	g_assert_not_reached();
}

/* The plan of the base profile with @key=@value (in its group) and the key's context. */
static char *plan_with(const struct l2tpc_profile_key *k, const char *value)
{
	g_autoptr(GString) text = g_string_new(base);
	g_autofree char *sentence = NULL;
	g_autoptr(l2tpc_profile) p = NULL;
	struct conn_plan_env env = { .local_addr = "192.0.2.2", .l2tp_local_port = 1701 };
	const char *target = k->alias_of ? k->alias_of : k->name;

	for (size_t i = 0; i < G_N_ELEMENTS(contexts); i++) {
		if (strcmp(contexts[i].key, k->name) == 0) {
			g_string_append(text, contexts[i].extra);
			env.default_route = contexts[i].default_route;
		}
	}
	if (strcmp(k->group, "vpn") == 0 && strcmp(target, "gateway") != 0)
		g_string_append_printf(text, "%s=%s\n", k->name, value);
	else if (strcmp(target, "gateway") == 0)
		g_string_replace(text, "gateway=192.0.2.1", "", 1),
			g_string_append_printf(text, "gateway=%s\n", value);
	else
		g_string_append_printf(text, "[%s]\n%s=%s\n", k->group, k->name,
				       strcmp(value, "yes") == 0 ? "true" : "false");
	if (l2tpc_profile_keyfile_parse(text->str, text->len, &p, NULL, &sentence) < 0)
		g_error("%s=%s: profile refused: %s\n%s", k->name, value, sentence, text->str);
	return conn_plan_describe(p, &env);
}

/* The acceptance test of issue 13: no key is accepted and then silently ignored. */
static void test_every_key_has_an_effect(void)
{
	size_t n;
	const struct l2tpc_profile_key *keys = l2tpc_profile_keys(&n);
	unsigned checked = 0;

	for (size_t i = 0; i < n; i++) {
		const struct l2tpc_profile_key *k = &keys[i];
		const char *a, *b;
		g_autofree char *pa = NULL, *pb = NULL;

		if (k->flags & (L2TPC_PROFILE_KEY_F_IGNORED | L2TPC_PROFILE_KEY_F_NM_APPLIES)) {
			/* the docs row (the description) must say why */
			if (!strstr(k->description, "ignored") &&
			    !strstr(k->description, "NetworkManager"))
				g_error("%s is marked ignored or NetworkManager's, but its "
					"description does not say why",
					k->name);
			continue;
		}
		key_values(k, &a, &b);
		pa = plan_with(k, a);
		pb = plan_with(k, b);
		if (strcmp(pa, pb) == 0)
			g_error("%s=%s and %s=%s give the same pppd options, VICI requests and "
				"L2TP settings: the key does nothing. Wire it in conn-plan.c, "
				"refuse it, or mark it in profile-keys.c.\n%s",
				k->name, a, k->name, b, pa);
		checked++;
	}
	g_assert_cmpuint(checked, >, 60);
}

static struct l2tpc_profile *parse(const char *extra)
{
	g_autofree char *text = g_strconcat(base, extra, NULL);
	g_autofree char *sentence = NULL;
	struct l2tpc_profile *p = NULL;

	if (l2tpc_profile_keyfile_parse(text, strlen(text), &p, NULL, &sentence) < 0)
		g_error("refused: %s", sentence);
	return p;
}

static char *options_of(const char *extra)
{
	g_autoptr(l2tpc_profile) p = parse(extra);
	struct ppp_options_settings s;
	g_autofree char *err = NULL;
	char *o;

	ppp_options_settings_init(&s);
	conn_plan_ppp(p, &s);
	o = ppp_options_build(&s, &err);
	if (!o)
		g_error("options refused: %s", err);
	return o;
}

static bool has_line(const char *text, const char *line)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

	for (char **l = lines; *l; l++)
		if (strcmp(*l, line) == 0)
			return true;
	return false;
}

static void test_compression(void)
{
	g_autofree char *def = options_of("");
	g_autofree char *deflate = options_of("nodeflate=no\n");
	g_autofree char *all = options_of("nobsdcomp=no\nnodeflate=no\nno-vj-comp=no\n"
					  "nopcomp=yes\nnoaccomp=yes\n");

	/* by default: no CCP, no VJ; address/protocol field compression as pppd negotiates */
	g_assert_true(has_line(def, "noccp"));
	g_assert_true(has_line(def, "novj"));
	g_assert_false(has_line(def, "nopcomp"));
	g_assert_false(has_line(def, "noaccomp"));
	/* allowing Deflate runs CCP with Deflate only */
	g_assert_false(has_line(deflate, "noccp"));
	g_assert_true(has_line(deflate, "nobsdcomp"));
	g_assert_false(has_line(deflate, "nodeflate"));
	g_assert_true(has_line(deflate, "deflate 15"));
	g_assert_false(has_line(all, "noccp"));
	g_assert_false(has_line(all, "nobsdcomp"));
	g_assert_false(has_line(all, "novj"));
	g_assert_true(has_line(all, "l2tpc-vj"));
	g_assert_true(has_line(all, "bsdcomp 15"));
	g_assert_true(has_line(all, "nopcomp"));
	g_assert_true(has_line(all, "noaccomp"));
}

static void test_multilink_and_ipcp_peer(void)
{
	g_autofree char *o = options_of("mrru=1600\nipcp-peer-ip=10.10.0.1\n");
	g_autofree char *def = options_of("");

	g_assert_true(has_line(o, "multilink"));
	g_assert_true(has_line(o, "mrru 1600"));
	g_assert_true(has_line(o, ":10.10.0.1"));
	g_assert_true(has_line(o, "ipcp-accept-remote"));
	g_assert_false(has_line(def, "multilink"));
	g_assert_false(strstr(def, "ipcp-accept-remote"));
}

static void test_eap_tls(void)
{
	g_autoptr(l2tpc_profile) p =
		parse("user-auth-type=tls\nuser-ca=/t/ca.pem\nuser-cert=/t/u.pem\n"
		      "user-key=/t/uk.pem\npassword=pw\n[vpn-secrets]\nuser-certpass=kp\n");
	g_autofree char *o = options_of("user-auth-type=tls\nuser-cert=/t/u.pem\n"
					"user-key=/t/uk.pem\n");
	struct ppp_supervisor_config cfg = { 0 };

	g_assert_true(has_line(o, "cert /t/u.pem"));
	g_assert_true(has_line(o, "key /t/uk.pem"));
	g_assert_true(has_line(o, "capath " PPP_OPTIONS_SYSTEM_CA_DIR));
	g_assert_true(has_line(o, "need-peer-eap"));
	g_assert_true(has_line(o, "refuse-pap"));
	g_assert_true(has_line(o, "refuse-chap"));
	g_assert_true(has_line(o, "refuse-mschap"));
	g_assert_true(has_line(o, "refuse-mschap-v2"));
	g_assert_false(has_line(o, "refuse-eap"));
	/* the key password goes over the channel, the PPP password not at all */
	conn_plan_ppp_secrets(p, &cfg);
	g_assert_cmpstr(cfg.certpass, ==, "kp");
	g_assert_null(cfg.password);
	g_assert_null(strstr(o, "kp"));
}

static void test_refusals(void)
{
	struct conn_plan_env env = { .default_route = true };
	struct l2tpc_failure f = { 0 };
	g_autoptr(l2tpc_profile) nd = parse("[ipv4]\nnever-default=true\n");
	g_autoptr(l2tpc_profile) p12 = parse("user-auth-type=tls\nuser-cert=/t/u.p12\n");

	g_assert_cmpint(conn_plan_check(nd, &env, &f), <, 0);
	g_assert_nonnull(strstr(f.sentence, "never-default"));
	g_assert_nonnull(strstr(f.sentence, "--default-route"));
	l2tpc_failure_clear(&f);
	env.default_route = false;
	g_assert_cmpint(conn_plan_check(nd, &env, &f), ==, 0);
	g_assert_false(conn_plan_default_route(nd, &env));
	g_assert_cmpint(conn_plan_check(p12, &env, &f), <, 0);
	g_assert_nonnull(strstr(f.sentence, "PEM"));
	l2tpc_failure_clear(&f);
}

static void test_ipcomp(void)
{
	g_autoptr(l2tpc_profile) on = parse("ipsec-ipcomp=yes\nipsec-psk=k\n");
	g_autoptr(l2tpc_profile) off = parse("ipsec-psk=k\n");
	struct conn_plan_env env = { .gateway_addr = "192.0.2.1", .l2tp_local_port = 1701 };
	g_autofree char *a = conn_plan_describe(on, &env);
	g_autofree char *b = conn_plan_describe(off, &env);

	g_assert_nonnull(strstr(a, "ipcomp=yes"));
	g_assert_nonnull(strstr(b, "ipcomp=no"));
	/* no secret in clear in the description */
	g_assert_null(strstr(a, "=k "));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/conn-plan/every-key-has-an-effect", test_every_key_has_an_effect);
	g_test_add_func("/conn-plan/compression", test_compression);
	g_test_add_func("/conn-plan/multilink-ipcp-peer", test_multilink_and_ipcp_peer);
	g_test_add_func("/conn-plan/eap-tls", test_eap_tls);
	g_test_add_func("/conn-plan/refusals", test_refusals);
	g_test_add_func("/conn-plan/ipcomp", test_ipcomp);
	return g_test_run();
}
