// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Profile parser, validator, serialiser and loader (the key table itself: test-profile-keys.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "profile-keys.h"
#include "profile-load.h"
#include "profile.h"

#define MARK "Zq7-SECRET-MARK"

static const char minimal[] = "[connection]\n"
			      "id=Office\n"
			      "[vpn]\n"
			      "gateway=vpn.example.com\n"
			      "ipsec-enabled=yes\n";

static struct l2tpc_profile *parse_ok(const char *text, GPtrArray *warnings)
{
	struct l2tpc_profile *p = NULL;
	g_autofree char *sentence = NULL;
	int r = l2tpc_profile_keyfile_parse(text, strlen(text), &p, warnings, &sentence);

	if (r != 0)
		g_error("unexpected parse failure: %s\n--- input ---\n%s", sentence, text);
	g_assert_nonnull(p);
	g_assert_null(sentence);
	return p;
}

static char *parse_fail(const char *text)
{
	struct l2tpc_profile *p = NULL;
	char *sentence = NULL;
	int r = l2tpc_profile_keyfile_parse(text, strlen(text), &p, NULL, &sentence);

	if (r == 0)
		g_error("parse unexpectedly accepted:\n%s", text);
	g_assert_cmpint(r, ==, -EINVAL);
	g_assert_null(p);
	g_assert_nonnull(sentence);
	g_assert_true(g_str_has_suffix(sentence, "."));
	return sentence;
}

static bool warnings_contain(GPtrArray *w, const char *needle)
{
	for (guint i = 0; i < w->len; i++) {
		if (strstr(g_ptr_array_index(w, i), needle))
			return true;
	}
	return false;
}

/* ---- defaults ---- */

static void test_defaults(void)
{
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(l2tpc_profile) p = parse_ok(minimal, w);

	g_assert_cmpstr(p->id, ==, "Office");
	g_assert_cmpstr(p->gateway, ==, "vpn.example.com");
	g_assert_cmpuint(p->mtu, ==, 1400);
	g_assert_cmpuint(p->mru, ==, 1400);
	g_assert_cmpuint(p->lcp_echo_interval, ==, 4);
	g_assert_cmpuint(p->lcp_echo_failure, ==, 4);
	g_assert_false(p->ephemeral_port);
	g_assert_false(p->ipsec_ikev2);
	g_assert_true(p->ipsec_pfs);
	g_assert_cmpint(p->ipsec_pfs_group, ==, L2TPC_PROFILE_PFS_GROUP_IKE);
	g_assert_null(l2tpc_profile_pfs_group_name(p));
	g_assert_cmpuint(p->ipsec_ikelifetime, ==, 10800);
	g_assert_cmpuint(p->ipsec_salifetime, ==, 3600);
	g_assert_cmpuint(p->ipsec_dpd_delay, ==, 30);
	g_assert_cmpint(p->machine_auth_type, ==, L2TPC_PROFILE_MACHINE_AUTH_PSK);
	g_assert_cmpint(p->user_auth_type, ==, L2TPC_PROFILE_USER_AUTH_PASSWORD);
	g_assert_cmpuint(p->l2tp_retries, ==, 5);
	g_assert_cmpuint(p->l2tp_hello_interval, ==, 60);
	g_assert_true(p->l2tp_rx_speed_avp);
	g_assert_true(p->dns);
	g_assert_false(p->ipv6);
	g_assert_false(p->never_default);
	g_assert_cmpuint(p->mrru, ==, 0);
	g_assert_null(p->ipsec_ike);
	g_assert_null(p->user);
	g_assert_false(l2tpc_profile_has_secrets(p));
	g_assert_cmpuint(w->len, ==, 0);

	/* A profile without the key gets IPsec, and PAP is refused unless asked for. */
	g_autoptr(l2tpc_profile) bare = parse_ok("[vpn]\ngateway=192.0.2.7\n", NULL);
	g_assert_true(bare->ipsec_enabled);
	g_assert_true(bare->refuse_pap);
	g_assert_null(bare->id);
	/* EAP is refused for a password login (SoftEther offers it first), never for EAP-TLS */
	g_assert_true(bare->refuse_eap);
	g_autoptr(l2tpc_profile) tls =
		parse_ok("[vpn]\ngateway=192.0.2.7\nuser-auth-type=tls\nuser-cert=/u.p12\n", NULL);
	g_assert_false(tls->refuse_eap);
	g_autoptr(l2tpc_profile) eap_ok =
		parse_ok("[vpn]\ngateway=192.0.2.7\nrefuse-eap=no\n", NULL);
	g_assert_false(eap_ok->refuse_eap);

	/* ipsec off is allowed, with a warning */
	g_autoptr(GPtrArray) w2 = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(l2tpc_profile) plain =
		parse_ok("[vpn]\ngateway=192.0.2.7\nipsec-enabled=no\n", w2);
	g_assert_false(plain->ipsec_enabled);
	g_assert_true(warnings_contain(w2, "ipsec-enabled is no"));

	/* set(key, "") restores the default */
	g_assert_cmpint(l2tpc_profile_set(p, "mtu", "1200", NULL), ==, 0);
	g_assert_cmpuint(p->mtu, ==, 1200);
	g_assert_cmpint(l2tpc_profile_set(p, "mtu", "", NULL), ==, 0);
	g_assert_cmpuint(p->mtu, ==, 1400);
	g_assert_cmpint(l2tpc_profile_set(p, "user", "bob", NULL), ==, 0);
	g_assert_cmpint(l2tpc_profile_set(p, "user", NULL, NULL), ==, 0);
	g_assert_null(p->user);
}

static void test_values_normalised(void)
{
	g_autoptr(l2tpc_profile) p = l2tpc_profile_new();
	g_autofree char *v = NULL;

	g_assert_cmpint(l2tpc_profile_set(p, "gateway", " [2001:db8::5] ", NULL), ==, 0);
	g_assert_cmpstr(p->gateway, ==, "2001:db8::5");
	g_assert_cmpint(l2tpc_profile_set(p, "gateway", "bücher.example", NULL), ==, 0);
	g_assert_cmpstr(p->gateway, ==, "xn--bcher-kva.example");
	g_assert_cmpint(l2tpc_profile_set(p, "refuse-eap", "TRUE", NULL), ==, 0);
	v = l2tpc_profile_get(p, "refuse-eap");
	g_assert_cmpstr(v, ==, "yes");
	g_clear_pointer(&v, g_free);
	g_assert_cmpint(l2tpc_profile_set(p, "mtu", "01300", NULL), ==, 0);
	v = l2tpc_profile_get(p, "mtu");
	g_assert_cmpstr(v, ==, "1300");
	g_clear_pointer(&v, g_free);
	g_assert_cmpint(l2tpc_profile_set(p, "ipsec-pfs-group", "MODP2048", NULL), ==, 0);
	g_assert_cmpstr(l2tpc_profile_pfs_group_name(p), ==, "modp2048");
	/* secrets keep their blanks */
	g_assert_cmpint(l2tpc_profile_set(p, "password", " pw ", NULL), ==, 0);
	g_assert_cmpstr(p->secrets.password, ==, " pw ");
	g_assert_cmpint(l2tpc_profile_set(p, "no-such", "1", NULL), ==, -ENOENT);
	g_assert_null(l2tpc_profile_get(p, "no-such"));
	g_assert_null(l2tpc_profile_get(p, "unit"));
}

/* ---- aliases and legacy keys ---- */

static void test_aliases(void)
{
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(l2tpc_profile) a = parse_ok("[vpn]\n"
					      "gateway=vpn.example.com\n"
					      "ipsec-enabled=yes\n"
					      "ipsec-gateway-id=@gw.example.com\n"
					      "ipsec-group-name=GroupVPN\n"
					      "xl2tpd-max-retries=9\n"
					      "unit=3\n",
					      w);

	g_assert_cmpstr(a->ipsec_remote_id, ==, "@gw.example.com");
	g_assert_cmpstr(a->ipsec_local_id, ==, "GroupVPN");
	g_assert_cmpuint(a->l2tp_retries, ==, 9);
	g_assert_true(warnings_contain(w, "ipsec-gateway-id is an old name: write "
					  "ipsec-remote-id instead."));
	g_assert_true(warnings_contain(w, "unit has no effect in l2tpc and is ignored"));

	/* the real key wins over its old name, in whatever order */
	g_autoptr(GPtrArray) w2 = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(l2tpc_profile) b = parse_ok("[vpn]\n"
					      "ipsec-gateway-id=@old.example.com\n"
					      "gateway=vpn.example.com\n"
					      "ipsec-enabled=yes\n"
					      "ipsec-remote-id=@new.example.com\n",
					      w2);
	g_assert_cmpstr(b->ipsec_remote_id, ==, "@new.example.com");
	g_assert_true(warnings_contain(w2, "ipsec-gateway-id is ignored because "
					   "ipsec-remote-id is also set."));

	/* plasma-nm's certificate keys */
	g_autoptr(l2tpc_profile) c = parse_ok("[vpn]\n"
					      "gateway=vpn.example.com\n"
					      "ipsec-enabled=yes\n"
					      "use-cert=yes\n"
					      "cert-ca=/etc/ca.pem\n"
					      "cert-pub=/etc/me.pem\n"
					      "cert-key=/etc/me.key\n",
					      NULL);
	g_assert_cmpint(c->machine_auth_type, ==, L2TPC_PROFILE_MACHINE_AUTH_TLS);
	g_assert_cmpstr(c->machine_ca, ==, "/etc/ca.pem");
	g_assert_cmpstr(c->machine_cert, ==, "/etc/me.pem");
	g_assert_cmpstr(c->machine_key, ==, "/etc/me.key");

	/* a bad value in an old name is named by the name the user wrote */
	g_autofree char *s = parse_fail("[vpn]\ngateway=a.example\nxl2tpd-max-retries=0\n");
	g_assert_cmpstr(s, ==,
			"xl2tpd-max-retries=0 is not valid: xl2tpd-max-retries takes a "
			"number from 1 to 20.");
}

/* ---- NetworkManager keyfiles ---- */

static const char nm_keyfile[] = "[connection]\n"
				 "id=Work VPN\n"
				 "uuid=2f1a8d6e-5b1c-4a47-9c3e-8d2b1f0e7a55\n"
				 "type=vpn\n"
				 "autoconnect=false\n"
				 "permissions=user:alice:;\n"
				 "\n"
				 "[vpn]\n"
				 "gateway=vpn.example.com\n"
				 "ipsec-enabled=yes\n"
				 "ipsec-psk-flags=0\n"
				 "password-flags=1\n"
				 "user=alice\n"
				 "domain=CORP\n"
				 "refuse-eap=yes\n"
				 "refuse-pap=yes\n"
				 "refuse-chap=yes\n"
				 "lcp-echo-failure=5\n"
				 "lcp-echo-interval=30\n"
				 "ipsec-ike=aes256-sha1-modp2048!\n"
				 "service-type=org.freedesktop.NetworkManager.l2tp\n"
				 "\n"
				 "[vpn-secrets]\n"
				 "ipsec-psk=" MARK "\n"
				 "\n"
				 "[ipv4]\n"
				 "method=auto\n"
				 "never-default=true\n"
				 "ignore-auto-dns=true\n"
				 "\n"
				 "[ipv6]\n"
				 "addr-gen-mode=stable-privacy\n"
				 "method=auto\n"
				 "\n"
				 "[proxy]\n";

static void test_nm_keyfile(void)
{
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(l2tpc_profile) p = parse_ok(nm_keyfile, w);
	g_auto(GStrv) missing = NULL;

	g_assert_cmpuint(w->len, ==, 0);
	g_assert_cmpstr(p->id, ==, "Work VPN");
	g_assert_cmpstr(p->uuid, ==, "2f1a8d6e-5b1c-4a47-9c3e-8d2b1f0e7a55");
	g_assert_cmpstr(p->service_type, ==, L2TPC_PROFILE_NM_SERVICE_L2TP);
	g_assert_cmpstr(p->secrets.ipsec_psk, ==, MARK);
	g_assert_cmpuint(p->password_flags, ==, 1);
	g_assert_true(p->never_default);
	g_assert_false(p->dns);
	g_assert_cmpuint(p->lcp_echo_failure, ==, 5);
	g_assert_cmpstr(p->ipsec_ike, ==, "aes256-sha1-modp2048!");
	missing = l2tpc_profile_missing_secrets(p);
	g_assert_cmpuint(g_strv_length(missing), ==, 1);
	g_assert_cmpstr(missing[0], ==, "password");

	/* a secret in [vpn] (NetworkManager-l2tp's legacy PSK data item) is read too */
	g_autoptr(l2tpc_profile) legacy = parse_ok(
		"[vpn]\ngateway=vpn.example.com\nipsec-enabled=yes\nipsec-psk=abc\n", NULL);
	g_assert_cmpstr(legacy->secrets.ipsec_psk, ==, "abc");
}

static void test_rejects(void)
{
	static const struct {
		const char *text, *sentence_part;
	} cases[] = {
		{ "[connection]\nid=x\n", "has no [vpn] group" },
		{ "[vpn]\nuser=bob\n", "has no gateway" },
		{ "[connection]\ntype=802-11-wireless\n[vpn]\ngateway=a.example\n",
		  "This is a 802-11-wireless connection" },
		{ "[vpn]\nservice-type=org.freedesktop.NetworkManager.openvpn\ngateway=a.example\n",
		  "is not an L2TP VPN" },
		{ "[connection]\nuuid=nope\n[vpn]\ngateway=a.example\n", "uuid=nope is not valid" },
		{ "[vpn]\ngateway=a.example\nthis line is broken\n", "line 3 is not" },
		{ "[vpn\ngateway=a.example\n", "line 1 is not" },
		{ "[vpn]\ngateway=a.example\nuser=bad\\qescape\n", "user in [vpn] cannot be read" },
		{ "[vpn]\ngateway=a.example\nmtu=70000\n", "mtu=70000 is not valid" },
		{ "[vpn]\ngateway=a.example\n[ipv4]\nnever-default=perhaps\n",
		  "never-default=perhaps is not valid" },
		{ "[vpn]\ngateway=a.example\n[ipv4]\nignore-auto-dns=perhaps\n",
		  "ignore-auto-dns=perhaps in [ipv4] is not valid" },
		{ "\xff\xfe[vpn]\n", "is not UTF-8" },
		/* cross-key checks */
		{ "[vpn]\ngateway=a.example\nipsec-enabled=yes\nmachine-auth-type=tls\n",
		  "machine-auth-type=tls needs a certificate: set machine-cert" },
		{ "[vpn]\ngateway=a.example\nipsec-enabled=yes\nmachine-auth-type=tls\n"
		  "machine-cert=/c.pem\n",
		  "machine-auth-type=tls needs a private key: set machine-key" },
		{ "[vpn]\ngateway=a.example\nuser-auth-type=tls\n",
		  "user-auth-type=tls needs a certificate: set user-cert" },
		{ "[vpn]\ngateway=a.example\nuser-auth-type=tls\nuser-cert=/"
		  "u.p12\nrefuse-eap=yes\n",
		  "refuse-eap=yes forbids" },
		{ "[vpn]\ngateway=a.example\nrequire-mppe-128=yes\nrefuse-mschap=yes\n"
		  "refuse-mschapv2=yes\n",
		  "require-mppe needs MS-CHAP or MS-CHAPv2" },
		{ "[vpn]\ngateway=a.example\nrefuse-pap=yes\nrefuse-chap=yes\nrefuse-mschap=yes\n"
		  "refuse-mschapv2=yes\nrefuse-eap=yes\n",
		  "Every PPP authentication method is refused" },
		{ "[vpn]\ngateway=a.example\nlcp-echo-interval=0\n",
		  "lcp-echo-failure=4 needs LCP echo requests" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *s = parse_fail(cases[i].text);

		if (!strstr(s, cases[i].sentence_part))
			g_error("case %zu: \"%s\" lacks \"%s\"", i, s, cases[i].sentence_part);
	}
	/* with ipsec off, machine tls settings are not checked; with PKCS#12 no key is needed */
	g_autoptr(l2tpc_profile) a = parse_ok(
		"[vpn]\ngateway=a.example\nipsec-enabled=no\nmachine-auth-type=tls\n", NULL);
	g_autoptr(l2tpc_profile) b = parse_ok("[vpn]\ngateway=a.example\nipsec-enabled=yes\n"
					      "machine-auth-type=tls\nmachine-cert=/m.p12\n",
					      NULL);
	g_autoptr(l2tpc_profile) c = parse_ok("[vpn]\ngateway=a.example\nrequire-mppe=yes\n"
					      "refuse-mschap=yes\n",
					      NULL);
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(l2tpc_profile) d = parse_ok("[vpn]\ngateway=a.example\nipsec-enabled=yes\n"
					      "mppe-stateful=yes\nipsec-pfs=no\n"
					      "ipsec-pfs-group=ecp256\n",
					      w);
	g_assert_cmpint(a->machine_auth_type, ==, L2TPC_PROFILE_MACHINE_AUTH_TLS);
	g_assert_cmpstr(b->machine_cert, ==, "/m.p12");
	g_assert_true(c->require_mppe);
	g_assert_cmpstr(l2tpc_profile_pfs_group_name(d), ==, "ecp256");
	g_assert_true(warnings_contain(w, "mppe-stateful has no effect"));
	g_assert_true(warnings_contain(w, "ipsec-pfs-group has no effect"));
}

static void test_unknown_keys(void)
{
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(l2tpc_profile) p = parse_ok("[connection]\nid=x\nzone=trusted\n"
					      "[vpn]\ngateway=a.example\nipsec-enabled=yes\n"
					      "frobnicate=1\n"
					      "[vpn-secrets]\nmystery=" MARK "\nuser=bob\n"
					      "[wifi]\nssid=x\n",
					      w);

	g_assert_cmpuint(w->len, ==, 3);
	g_assert_true(warnings_contain(w, "Unknown key frobnicate in [vpn] is ignored"));
	g_assert_true(warnings_contain(w, "Unknown key mystery in [vpn-secrets] is ignored"));
	g_assert_true(warnings_contain(w, "user in [vpn-secrets] is not a secret"));
	for (guint i = 0; i < w->len; i++)
		g_assert_null(strstr(g_ptr_array_index(w, i), MARK));
	g_assert_null(p->user);
}

/* ---- secrets never leak into sentences ---- */

static void test_secrets_not_echoed(void)
{
	static const char *const texts[] = {
		"[vpn]\ngateway=a.example\n[vpn-secrets]\npassword=" MARK "\x01\n",
		"[vpn]\ngateway=a.example\n[vpn-secrets]\npassword " MARK "\n",
		"[vpn]\ngateway=a.example\n[vpn-secrets]\nipsec-psk=" MARK "\\q\n",
		"[vpn]\ngateway=a.example\nl2tp-secret=" MARK "\x7f\n",
		"[vpn]\ngateway=a.example\n[vpn-secrets]\nuser-certpass=\xff" MARK "\n",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
		g_autofree char *s = parse_fail(texts[i]);

		if (strstr(s, MARK))
			g_error("secret echoed: %s", s);
	}
	/* long secrets: over the limit, never quoted */
	g_autofree char *lng = g_strnfill(2000, 'S');
	g_autofree char *s = NULL;
	g_assert_false(l2tpc_profile_value_validate("ipsec-psk", lng, &s));
	g_assert_null(strstr(s, "SSS"));
}

/* ---- round trip ---- */

static struct l2tpc_profile *full_profile(void)
{
	static const char *const kv[][2] = {
		{ "gateway", "vpn.example.com" },
		{ "never-default", "yes" },
		{ "dns", "no" },
		{ "persistent", "yes" },
		{ "persistent-backoff-max", "5" },
		{ "persistent-timeout", "60" },
		{ "ipv6", "yes" },
		{ "ipsec-enabled", "yes" },
		{ "machine-auth-type", "tls" },
		{ "machine-ca", "/etc/l2tpc/ca.pem" },
		{ "machine-cert", "/etc/l2tpc/me.pem" },
		{ "machine-key", "/etc/l2tpc/me.key" },
		{ "ipsec-ike", "aes256-sha256-modp2048,3des-sha1-modp1024!" },
		{ "ipsec-esp", "aes256-sha1,aes128-sha1!" },
		{ "ipsec-pfs", "no" },
		{ "ipsec-pfs-group", "modp2048" },
		{ "ipsec-ikelifetime", "28800" },
		{ "ipsec-salifetime", "7200" },
		{ "ipsec-remote-id", "CN=vpn.example.com, O=Example" },
		{ "ipsec-check-server-name", "no" },
		{ "ipsec-local-id", "@client" },
		{ "ipsec-forceencaps", "yes" },
		{ "ipsec-ipcomp", "yes" },
		{ "ipsec-ikev2", "yes" },
		{ "ipsec-dpd-delay", "0" },
		{ "ephemeral-port", "yes" },
		{ "l2tp-host-name", "laptop 1" },
		{ "l2tp-hello-interval", "0" },
		{ "l2tp-retries", "8" },
		{ "l2tp-rx-speed-avp", "no" },
		{ "user", "alice;#=x" },
		{ "domain", "CORP" },
		{ "user-auth-type", "tls" },
		{ "user-ca", "/u/ca.pem" },
		{ "user-cert", "/u/me.pem" },
		{ "user-key", "/u/me.key" },
		{ "refuse-pap", "no" },
		{ "refuse-chap", "yes" },
		{ "refuse-mschap", "yes" },
		{ "require-mppe", "yes" },
		{ "require-mppe-40", "yes" },
		{ "require-mppe-128", "yes" },
		{ "mppe-stateful", "yes" },
		{ "nobsdcomp", "no" },
		{ "nodeflate", "no" },
		{ "no-vj-comp", "no" },
		{ "nopcomp", "yes" },
		{ "noaccomp", "yes" },
		{ "mrru", "1600" },
		{ "mtu", "1280" },
		{ "mru", "1300" },
		{ "lcp-echo-failure", "0" },
		{ "lcp-echo-interval", "0" },
		{ "ipcp-peer-ip", "10.9.8.7" },
		{ "password-flags", "2" },
		{ "ipsec-psk-flags", "1" },
		{ "machine-certpass-flags", "4" },
		{ "user-certpass-flags", "3" },
		{ "l2tp-secret-flags", "5" },
		{ "password", " pass word\\with=odd#chars " },
		{ "ipsec-psk", "0sYWJjZGVm" },
		{ "machine-certpass", "m" },
		{ "user-certpass", "u" },
		{ "l2tp-secret", "tunnel" },
	};
	struct l2tpc_profile *p = l2tpc_profile_new();

	p->id = g_strdup("Täst [1] = #x");
	p->uuid = g_strdup("2f1a8d6e-5b1c-4a47-9c3e-8d2b1f0e7a55");
	p->service_type = g_strdup(L2TPC_PROFILE_NM_SERVICE_L2TP);
	for (size_t i = 0; i < G_N_ELEMENTS(kv); i++) {
		g_autofree char *s = NULL;

		if (l2tpc_profile_set(p, kv[i][0], kv[i][1], &s) < 0)
			g_error("%s", s);
	}
	return p;
}

static void test_round_trip(void)
{
	g_autoptr(l2tpc_profile) full = full_profile();
	g_autoptr(l2tpc_profile) other = full_profile();
	g_autoptr(l2tpc_profile) fresh = l2tpc_profile_new();
	size_t n, len;
	const struct l2tpc_profile_key *keys = l2tpc_profile_keys(&n);

	/* EAP-TLS forbids refuse-eap, so a second sample covers the password side. */
	g_assert_cmpint(l2tpc_profile_set(other, "user-auth-type", "password", NULL), ==, 0);
	g_assert_cmpint(l2tpc_profile_set(other, "refuse-eap", "yes", NULL), ==, 0);
	g_assert_cmpint(l2tpc_profile_set(other, "refuse-mschapv2", "yes", NULL), ==, 0);
	g_assert_cmpint(l2tpc_profile_set(other, "refuse-mschap", "no", NULL), ==, 0);
	/* ...and IPsec off, which the default no longer is. */
	g_assert_cmpint(l2tpc_profile_set(other, "ipsec-enabled", "no", NULL), ==, 0);
	g_assert_cmpint(l2tpc_profile_check(full, NULL, NULL), ==, 0);
	g_assert_cmpint(l2tpc_profile_check(other, NULL, NULL), ==, 0);
	/* together the samples move every field away from its default */
	for (size_t i = 0; i < n; i++) {
		g_autofree char *a = l2tpc_profile_get(full, keys[i].name);
		g_autofree char *a2 = l2tpc_profile_get(other, keys[i].name);
		g_autofree char *b = l2tpc_profile_get(fresh, keys[i].name);

		if (keys[i].offset != L2TPC_PROFILE_KEY_NO_FIELD && g_strcmp0(a, b) == 0 &&
		    g_strcmp0(a2, b) == 0)
			g_error("round-trip samples leave %s at its default", keys[i].name);
	}
	g_autofree char *otext = l2tpc_profile_keyfile_text(other, true, NULL);
	g_autoptr(l2tpc_profile) oback = parse_ok(otext, NULL);
	g_assert_true(l2tpc_profile_equal(other, oback));
	explicit_bzero(otext, strlen(otext));

	g_autofree char *text = l2tpc_profile_keyfile_text(full, true, &len);
	g_assert_cmpuint(len, ==, strlen(text));
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(l2tpc_profile) back = parse_ok(text, w);
	g_assert_true(l2tpc_profile_equal(full, back));
	g_assert_cmpuint(w->len, ==, 1);
	g_assert_true(warnings_contain(w, "ipsec-pfs-group has no effect with ipsec-pfs=no."));

	/* without secrets: everything but the secrets survives */
	g_autofree char *nosec = l2tpc_profile_keyfile_text(full, false, NULL);
	g_assert_null(strstr(nosec, "pass word"));
	g_assert_null(strstr(nosec, "vpn-secrets"));
	g_autoptr(l2tpc_profile) back2 = parse_ok(nosec, NULL);
	g_assert_false(l2tpc_profile_has_secrets(back2));
	g_autoptr(l2tpc_profile) stripped = parse_ok(text, NULL);
	l2tpc_profile_secrets_clear(&stripped->secrets);
	g_assert_true(l2tpc_profile_equal(stripped, back2));
	g_assert_cmpint(l2tpc_profile_set(stripped, "mru", "1301", NULL), ==, 0);
	g_assert_false(l2tpc_profile_equal(stripped, back2));

	/* a minimal profile stays minimal, but keeps the LCP settings NetworkManager-l2tp would
	 * otherwise read as 0/0 */
	g_autoptr(l2tpc_profile) min = parse_ok(minimal, NULL);
	g_autofree char *mtext = l2tpc_profile_keyfile_text(min, true, NULL);
	g_assert_nonnull(strstr(mtext, "lcp-echo-failure=4\n"));
	g_assert_nonnull(strstr(mtext, "lcp-echo-interval=4\n"));
	g_assert_null(strstr(mtext, "mtu="));
	g_assert_nonnull(strstr(mtext, "ipsec-enabled=yes\n"));
	g_autoptr(l2tpc_profile) min2 = parse_ok(mtext, NULL);
	g_assert_true(l2tpc_profile_equal(min, min2));
	explicit_bzero(text, strlen(text));
}

static void test_missing_secrets(void)
{
	static const struct {
		const char *extra, *expect;
	} cases[] = {
		{ "", "password,ipsec-psk" },
		{ "password-flags=4\n", "ipsec-psk" },
		{ "ipsec-enabled=no\n", "password" },
		{ "[vpn-secrets]\npassword=x\nipsec-psk=y\n", "" },
		{ "machine-auth-type=tls\nmachine-cert=/a.p12\n", "password,machine-certpass" },
		{ "machine-auth-type=tls\nmachine-cert=/a.p12\nmachine-certpass-flags=4\n",
		  "password" },
		{ "user-auth-type=tls\nuser-cert=/u.p12\npassword-flags=4\n",
		  "user-certpass,ipsec-psk" },
		{ "l2tp-secret-flags=2\n", "password,ipsec-psk,l2tp-secret" },
		{ "l2tp-secret-flags=1\n[vpn-secrets]\nl2tp-secret=t\n", "password,ipsec-psk" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *text = g_strconcat("[vpn]\ngateway=a.example\nipsec-enabled=yes\n",
						    cases[i].extra, NULL);
		g_autoptr(l2tpc_profile) p = parse_ok(text, NULL);
		g_auto(GStrv) m = l2tpc_profile_missing_secrets(p);
		g_autofree char *joined = g_strjoinv(",", m);

		g_assert_cmpstr(joined, ==, cases[i].expect);
	}
}

/* ---- loader ---- */

static char *write_temp(const char *text, mode_t mode)
{
	g_autoptr(GError) err = NULL;
	char *path = NULL;
	int fd = g_file_open_tmp("l2tpc-profile-XXXXXX.conf", &path, &err);

	g_assert_no_error(err);
	g_assert_cmpint(write(fd, text, strlen(text)), ==, (ssize_t)strlen(text));
	close(fd);
	g_assert_cmpint(chmod(path, mode), ==, 0);
	return path;
}

static void test_loader(void)
{
	g_autofree char *secret_text =
		g_strconcat(minimal, "[vpn-secrets]\npassword=" MARK "\n", NULL);
	g_autofree char *open_path = write_temp(secret_text, 0644);
	g_autofree char *private_path = write_temp(secret_text, 0600);
	g_autofree char *nosecret_path = write_temp(minimal, 0644);
	struct l2tpc_profile *p = NULL;
	g_autofree char *s = NULL;
	g_autofree char *expect = NULL;

	g_assert_cmpint(l2tpc_profile_load_file(open_path, &p, NULL, &s), ==, -EPERM);
	g_assert_null(p);
	expect = g_strdup_printf("%s holds secrets but other users can read it: run chmod 600 %s "
				 "and try again.",
				 open_path, open_path);
	g_assert_cmpstr(s, ==, expect);
	g_clear_pointer(&s, g_free);

	g_assert_cmpint(l2tpc_profile_load_file(private_path, &p, NULL, &s), ==, 0);
	g_assert_cmpstr(p->secrets.password, ==, MARK);
	g_clear_pointer(&p, l2tpc_profile_free);

	/* no secrets: readable by everyone is fine; the id defaults to the file's name */
	g_autofree char *noid = write_temp("[vpn]\ngateway=a.example\n", 0644);
	g_assert_cmpint(l2tpc_profile_load_file(nosecret_path, &p, NULL, &s), ==, 0);
	g_assert_cmpstr(p->id, ==, "Office");
	g_clear_pointer(&p, l2tpc_profile_free);
	g_assert_cmpint(l2tpc_profile_load_file(noid, &p, NULL, &s), ==, 0);
	g_autofree char *base = g_path_get_basename(noid);
	base[strlen(base) - strlen(".conf")] = '\0';
	g_assert_cmpstr(p->id, ==, base);
	g_clear_pointer(&p, l2tpc_profile_free);

	/* a missing file and a bad file: one sentence each, naming the file */
	g_assert_cmpint(l2tpc_profile_load_file("/nonexistent/x.conf", &p, NULL, &s), ==, -ENOENT);
	g_assert_cmpstr(s, ==,
			"Cannot open /nonexistent/x.conf: No such file or directory; check "
			"the path.");
	g_clear_pointer(&s, g_free);
	g_autofree char *bad = write_temp("[vpn]\nmtu=9\n", 0600);
	g_assert_cmpint(l2tpc_profile_load_file(bad, &p, NULL, &s), ==, -EINVAL);
	g_assert_true(g_str_has_prefix(s, bad));
	g_assert_nonnull(strstr(s, "mtu=9 is not valid"));
	g_clear_pointer(&s, g_free);
	g_assert_cmpint(l2tpc_profile_load_file("/", &p, NULL, &s), ==, -EISDIR);
	g_clear_pointer(&s, g_free);

	g_unlink(open_path);
	g_unlink(private_path);
	g_unlink(nosecret_path);
	g_unlink(noid);
	g_unlink(bad);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/profile/defaults", test_defaults);
	g_test_add_func("/profile/normalised", test_values_normalised);
	g_test_add_func("/profile/aliases", test_aliases);
	g_test_add_func("/profile/nm-keyfile", test_nm_keyfile);
	g_test_add_func("/profile/rejects", test_rejects);
	g_test_add_func("/profile/unknown-keys", test_unknown_keys);
	g_test_add_func("/profile/secrets-not-echoed", test_secrets_not_echoed);
	g_test_add_func("/profile/round-trip", test_round_trip);
	g_test_add_func("/profile/missing-secrets", test_missing_secrets);
	g_test_add_func("/profile/loader", test_loader);
	return g_test_run();
}
