// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Importing NetworkManager-l2tp export files (tests/unit/fixtures/profile-import/).
 */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "profile-import.h"
#include "profile.h"

static char *fixture(const char *name, size_t *len)
{
	g_autofree char *path =
		g_build_filename(TEST_SRCDIR, "fixtures", "profile-import", name, NULL);
	g_autoptr(GError) err = NULL;
	char *text = NULL;
	gsize l = 0;

	g_assert_true(g_file_get_contents(path, &text, &l, &err));
	*len = l;
	return text;
}

static struct l2tpc_profile *import_ok(const char *name, GPtrArray *warnings)
{
	size_t len;
	g_autofree char *text = fixture(name, &len);
	g_autofree char *sentence = NULL;
	struct l2tpc_profile *p = NULL;

	if (l2tpc_profile_import_nm_conf(text, len, &p, warnings, &sentence) != 0)
		g_error("%s: %s", name, sentence);
	return p;
}

static bool has(GPtrArray *w, const char *needle)
{
	for (guint i = 0; i < w->len; i++) {
		if (strstr(g_ptr_array_index(w, i), needle))
			return true;
	}
	return false;
}

static void test_office_export(void)
{
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(l2tpc_profile) p = import_ok("office-export.conf", w);

	g_assert_cmpstr(p->id, ==, "Office VPN");
	g_assert_cmpstr(p->gateway, ==, "vpn.example.com");
	g_assert_cmpstr(p->user, ==, "alice");
	g_assert_cmpstr(p->domain, ==, "CORP");
	g_assert_true(p->ipsec_enabled);
	g_assert_cmpstr(p->ipsec_remote_id, ==, "@vpn.example.com");
	g_assert_cmpstr(p->ipsec_ike, ==, "aes256-sha2_256-modp2048,aes256-sha1-modp1024!");
	g_assert_cmpstr(p->ipsec_esp, ==, "aes256-sha1,aes128-sha1!");
	g_assert_true(p->ipsec_forceencaps);
	g_assert_cmpuint(p->ipsec_ikelifetime, ==, 28800);
	g_assert_true(p->refuse_eap && p->refuse_pap && p->refuse_chap);
	g_assert_false(p->refuse_mschap);
	g_assert_true(p->nobsdcomp && p->nodeflate);
	g_assert_cmpuint(p->lcp_echo_failure, ==, 5);
	g_assert_cmpuint(p->password_flags, ==, 1);
	g_assert_true(p->never_default);
	g_assert_false(p->dns);
	g_assert_false(l2tpc_profile_has_secrets(p));
	/* the IP settings an l2tpc profile does not hold are named, one warning each */
	g_assert_true(has(w, "[ipv4] dns was not imported"));
	g_assert_true(has(w, "[ipv4] dns-search was not imported"));
	g_assert_true(has(w, "[ipv4] routes was not imported"));
	g_assert_true(has(w, "[ipv4] ignore-auto-routes was not imported"));
	g_assert_false(has(w, "never-default"));
	g_assert_false(has(w, "method"));
	g_assert_cmpuint(w->len, ==, 4);

	/* what l2tpc writes for it reads back the same */
	g_autofree char *text = l2tpc_profile_keyfile_text(p, true, NULL);
	g_autoptr(l2tpc_profile) back = NULL;
	g_assert_cmpint(l2tpc_profile_keyfile_parse(text, strlen(text), &back, NULL, NULL), ==, 0);
	g_assert_true(l2tpc_profile_equal(p, back));
}

static void test_old_export(void)
{
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(l2tpc_profile) p = import_ok("seriyps-old.conf", w);
	g_auto(GStrv) missing = l2tpc_profile_missing_secrets(p);

	g_assert_cmpstr(p->id, ==, "Old office");
	g_assert_cmpstr(p->gateway, ==, "192.0.2.10");
	g_assert_cmpstr(p->ipsec_local_id, ==, "GroupVPN");
	g_assert_cmpstr(p->ipsec_remote_id, ==, "192.0.2.10");
	g_assert_cmpstr(p->secrets.ipsec_psk, ==, "not-a-real-psk");
	g_assert_false(p->ipsec_pfs);
	g_assert_true(p->noaccomp && p->nopcomp && p->no_vj_comp);
	g_assert_true(p->dns);
	g_assert_true(has(w, "ipsec-group-name is an old name: write ipsec-local-id instead."));
	g_assert_true(has(w, "ipsec-gateway-id is an old name"));
	g_assert_cmpuint(g_strv_length(missing), ==, 1);
	g_assert_cmpstr(missing[0], ==, "password");
}

static void test_kde_keys(void)
{
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(l2tpc_profile) p = import_ok("kde-certificates.conf", w);

	g_assert_cmpint(p->machine_auth_type, ==, L2TPC_PROFILE_MACHINE_AUTH_TLS);
	g_assert_cmpstr(p->machine_ca, ==,
			"/home/carol/.local/share/networkmanagement/certificates/ca.pem");
	g_assert_cmpstr(p->machine_cert, ==,
			"/home/carol/.local/share/networkmanagement/certificates/carol.pem");
	g_assert_cmpstr(p->machine_key, ==,
			"/home/carol/.local/share/networkmanagement/certificates/carol.key");
	g_assert_cmpuint(p->l2tp_retries, ==, 7);
	g_assert_true(has(w, "use-cert is an old name: write machine-auth-type instead."));
	g_assert_true(has(w, "cert-pub is an old name: write machine-cert instead."));
}

static void test_rejects(void)
{
	static const struct {
		const char *file, *sentence;
	} files[] = {
		{ "bad-boolean.conf",
		  "refuse-eap=maybe is not valid: refuse-eap takes yes or no." },
		{ "openvpn-export.conf",
		  "The file does not look like a NetworkManager-l2tp export: "
		  "it has no [vpn] group with a gateway key." },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		size_t len;
		g_autofree char *text = fixture(files[i].file, &len);
		g_autofree char *sentence = NULL;
		struct l2tpc_profile *p = NULL;

		g_assert_cmpint(l2tpc_profile_import_nm_conf(text, len, &p, NULL, &sentence), ==,
				-EINVAL);
		g_assert_null(p);
		g_assert_cmpstr(sentence, ==, files[i].sentence);
	}
	static const struct {
		const char *text, *part;
	} texts[] = {
		{ "garbage without structure", "line 1 is not" },
		{ "[connection]\nname=bad\\q\n[vpn]\ngateway=a.example\n",
		  "name in [connection] cannot be read" },
		{ "[vpn]\ngateway=a.example\nipsec-enabled=true\nuse-cert=true\n",
		  "machine-auth-type=tls needs a certificate" },
		{ "[vpn]\ngateway=a.example\n[ip4]\nnever-default=sometimes\n",
		  "never-default=sometimes is not valid" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
		g_autofree char *sentence = NULL;
		struct l2tpc_profile *p = NULL;

		g_assert_cmpint(l2tpc_profile_import_nm_conf(texts[i].text, strlen(texts[i].text),
							     &p, NULL, &sentence),
				==, -EINVAL);
		if (!strstr(sentence, texts[i].part))
			g_error("\"%s\" lacks \"%s\"", sentence, texts[i].part);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/profile-import/office-export", test_office_export);
	g_test_add_func("/profile-import/old-export", test_old_export);
	g_test_add_func("/profile-import/kde-keys", test_kde_keys);
	g_test_add_func("/profile-import/rejects", test_rejects);
	return g_test_run();
}
