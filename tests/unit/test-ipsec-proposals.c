// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-proposals: the default lists, normalisation of NetworkManager-l2tp / libreswan strings
 * (table-driven, and from exported files in tests/unit/fixtures/ipsec-proposals/), and the PFS
 * rule's ESP offers.
 */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "ipsec-proposals.h"
#include "profile-import.h"
#include "profile.h"

/* Every default is one full combination: charon's IKEv1 offers only the first algorithm of
 * each kind of a proposal. Legacy last. */
static void test_defaults(void)
{
	g_auto(GStrv) ike = g_strsplit(ipsec_proposals_default_ike(), ",", -1);
	g_auto(GStrv) esp = g_strsplit(ipsec_proposals_default_esp(), ",", -1);
	g_autofree char *ike_norm = NULL, *esp_norm = NULL;

	for (int i = 0; ike[i]; i++) {
		g_auto(GStrv) parts = g_strsplit(ike[i], "-", -1);

		g_assert_cmpuint(g_strv_length(parts), ==, 3);
	}
	for (int i = 0; esp[i]; i++) {
		g_auto(GStrv) parts = g_strsplit(esp[i], "-", -1);

		g_assert_cmpuint(g_strv_length(parts), ==, 2);
	}
	g_assert_cmpstr(ike[0], ==, "aes256-sha256-modp2048");
	g_assert_true(g_strv_contains((const char *const *)ike, "aes128-sha1-modp1024"));
	g_assert_true(g_strv_contains((const char *const *)ike, "aes128-sha256-ecp256"));
	/* issue 15: a server with only 3des-md5-modp1024 connects with a default profile */
	g_assert_true(g_str_has_suffix(ipsec_proposals_default_ike(),
				       ",3des-sha1-modp1024,3des-md5-modp1024"));
	g_assert_true(g_str_has_suffix(ipsec_proposals_default_esp(), ",3des-sha1,3des-md5"));
	g_assert_false(ipsec_proposals_have_group(ipsec_proposals_default_esp()));
	/* the defaults are their own normal form */
	g_assert_cmpint(ipsec_proposals_normalize(ipsec_proposals_default_ike(),
						  IPSEC_PROPOSALS_IKE, &ike_norm, NULL),
			==, 0);
	g_assert_cmpstr(ike_norm, ==, ipsec_proposals_default_ike());
	g_assert_cmpint(ipsec_proposals_normalize(ipsec_proposals_default_esp(),
						  IPSEC_PROPOSALS_ESP, &esp_norm, NULL),
			==, 0);
	g_assert_cmpstr(esp_norm, ==, ipsec_proposals_default_esp());
}

static const struct {
	enum ipsec_proposals_kind kind;
	const char *in, *out;
} good[] = {
	/* strongSwan ipsec.conf as NetworkManager-l2tp writes it: '!' is strict */
	{ IPSEC_PROPOSALS_IKE, "aes256-sha1-modp2048,3des-sha1-modp1024!",
	  "aes256-sha1-modp2048,3des-sha1-modp1024" },
	{ IPSEC_PROPOSALS_ESP, "aes256-sha1,aes128-sha1!", "aes256-sha1,aes128-sha1" },
	{ IPSEC_PROPOSALS_ESP, " aes256-sha1 , aes128-sha1 ! ", "aes256-sha1,aes128-sha1" },
	/* libreswan: ';' before the group, its own algorithm names */
	{ IPSEC_PROPOSALS_IKE, "aes256-sha1;modp1024", "aes256-sha1-modp1024" },
	{ IPSEC_PROPOSALS_IKE, "aes128-sha2_256;modp2048", "aes128-sha256-modp2048" },
	{ IPSEC_PROPOSALS_IKE, "aes256-sha2;dh14", "aes256-sha256-modp2048" },
	{ IPSEC_PROPOSALS_IKE, "aes-sha1;dh19", "aes128-sha1-ecp256" },
	{ IPSEC_PROPOSALS_IKE, "3DES-SHA1;MODP1024", "3des-sha1-modp1024" },
	{ IPSEC_PROPOSALS_IKE, "aes_cbc_256-sha2_512-dh31", "aes256-sha512-curve25519" },
	{ IPSEC_PROPOSALS_ESP, "aes128-sha2_256", "aes128-sha256" },
	{ IPSEC_PROPOSALS_ESP, "aes256-sha2_384", "aes256-sha384" },
	{ IPSEC_PROPOSALS_ESP, "3des-md5", "3des-md5" },
	{ IPSEC_PROPOSALS_ESP, "aes_gcm-null", "aes128gcm16" },
	{ IPSEC_PROPOSALS_ESP, "aes_gcm256-null", "aes256gcm16" },
	{ IPSEC_PROPOSALS_ESP, "aes_gcm_c-256-null", "aes256gcm16" },
	{ IPSEC_PROPOSALS_ESP, "aes_gcm_a-128-null", "aes128gcm8" },
	{ IPSEC_PROPOSALS_ESP, "aes_ctr256-sha1", "aes256ctr-sha1" },
	{ IPSEC_PROPOSALS_ESP, "aes256-sha1;modp2048", "aes256-sha1-modp2048" },
	{ IPSEC_PROPOSALS_ESP, "chacha20_poly1305", "chacha20poly1305" },
	/* strongSwan's own names pass as they are */
	{ IPSEC_PROPOSALS_ESP, "aes128gcm16-esn", "aes128gcm16-esn" },
	{ IPSEC_PROPOSALS_IKE, "aes256gcm16-prfsha384-ecp384", "aes256gcm16-prfsha384-ecp384" },
	/* libreswan's ike=ALG without a group: its default groups, one combination each */
	{ IPSEC_PROPOSALS_IKE, "aes256-sha1",
	  "aes256-sha1-modp2048,aes256-sha1-modp1536,aes256-sha1-modp1024" },
	/* empty items are dropped */
	{ IPSEC_PROPOSALS_ESP, "aes256-sha1,,3des-sha1,", "aes256-sha1,3des-sha1" },
};

static void test_normalize(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
		g_autofree char *out = NULL, *why = NULL;
		int r = ipsec_proposals_normalize(good[i].in, good[i].kind, &out, &why);

		if (r != 0)
			g_error("%s: %s", good[i].in, why);
		g_assert_cmpstr(out, ==, good[i].out);
		g_assert_null(why);
	}
}

static const struct {
	const char *in, *why;
} bad[] = {
	{ "aes256-foo-modp2048", "'aes256-foo-modp2048' has an unknown algorithm 'foo'" },
	{ "aes256--sha1", "'aes256--sha1' has an empty algorithm name" },
	{ "sha1-modp2048", "'sha1-modp2048' names no encryption algorithm" },
	{ "aes256-sha1!,3des-sha1", "'aes256-sha1!' has a space or '!' inside" },
	{ "aes 256-sha1", "'aes 256-sha1' has a space or '!' inside" },
	{ "sha1-256", "'sha1-256' has a stray key length '256'" },
	{ "aes257-sha1", "'aes257-sha1' has an unknown algorithm 'aes257'" },
	{ "!", "it names no proposal" },
	{ "", "it names no proposal" },
	{ ",,", "it names no proposal" },
};

static void test_normalize_refuses(void)
{
	g_autoptr(GString) many = g_string_new(NULL);
	g_autofree char *out = NULL, *why = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autofree char *o = NULL, *w = NULL;

		g_assert_cmpint(ipsec_proposals_normalize(bad[i].in, IPSEC_PROPOSALS_ESP, &o, &w),
				==, -EINVAL);
		g_assert_null(o);
		g_assert_cmpstr(w, ==, bad[i].why);
	}
	for (int i = 0; i < 65; i++)
		g_string_append(many, "aes128-sha1,");
	g_assert_cmpint(ipsec_proposals_normalize(many->str, IPSEC_PROPOSALS_ESP, &out, &why), ==,
			-EINVAL);
	g_assert_nonnull(strstr(why, "at most 64"));
}

static const struct {
	struct ipsec_proposals_pfs in;
	const char *first, *fallback;
} offers[] = {
	/* the default: PFS with every group of the IKE list (charon offers the IKE SA's), and
	 * the same without PFS for servers that refuse it */
	{ { .pfs = true,
	    .ike = "aes256-sha256-modp2048,aes128-sha1-ecp256,3des-md5-modp2048",
	    .esp = "aes256-sha1,3des-md5" },
	  "aes256-sha1-modp2048-ecp256,3des-md5-modp2048-ecp256",
	  "aes256-sha1,3des-md5" },
	{ { .pfs = true, .group = "ike", .ike = "aes128-sha1-modp1024", .esp = "aes128-sha1" },
	  "aes128-sha1-modp1024",
	  "aes128-sha1" },
	/* an explicit group */
	{ { .pfs = true, .group = "modp3072", .esp = "aes256-sha1,aes128-sha1" },
	  "aes256-sha1-modp3072,aes128-sha1-modp3072",
	  "aes256-sha1,aes128-sha1" },
	/* PFS off: never a group */
	{ { .pfs = false, .group = "modp2048", .esp = "aes256-sha1" }, "aes256-sha1", NULL },
	/* groups in ipsec-esp: PFS required as written, no fallback */
	{ { .pfs = true, .esp = "aes256-sha1-modp2048,aes128-sha1" },
	  "aes256-sha1-modp2048,aes128-sha1",
	  NULL },
	{ { .pfs = false, .esp = "aes256-sha1-ecp256" }, "aes256-sha1-ecp256", NULL },
};

static void test_esp_offers(void)
{
	g_autofree char *first = NULL, *fallback = NULL, *groups = NULL;
	g_autofree char *def_groups = ipsec_proposals_groups(ipsec_proposals_default_ike());
	struct ipsec_proposals_pfs dflt = { .pfs = true };

	for (size_t i = 0; i < G_N_ELEMENTS(offers); i++) {
		g_autofree char *f = NULL, *fb = NULL;

		ipsec_proposals_esp_offers(&offers[i].in, &f, &fb);
		g_assert_cmpstr(f, ==, offers[i].first);
		g_assert_cmpstr(fb, ==, offers[i].fallback);
	}
	/* defaults: every default ESP proposal with the default IKE list's groups */
	g_assert_cmpstr(def_groups, ==, "modp2048-ecp384-ecp256-modp1536-modp1024");
	ipsec_proposals_esp_offers(&dflt, &first, &fallback);
	g_assert_true(g_str_has_prefix(first, "aes256-sha1-modp2048-ecp384-ecp256-modp1536-"
					      "modp1024,aes128-sha1-modp2048-"));
	g_assert_cmpstr(fallback, ==, ipsec_proposals_default_esp());
	groups = ipsec_proposals_groups("aes256-sha1");
	g_assert_cmpstr(groups, ==, "");
}

/* ---- exported files ---- */

static struct l2tpc_profile *import_fixture(const char *name)
{
	g_autofree char *path =
		g_build_filename(TEST_SRCDIR, "fixtures", "ipsec-proposals", name, NULL);
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) err = NULL;
	g_autofree char *text = NULL, *sentence = NULL;
	struct l2tpc_profile *p = NULL;
	gsize len = 0;

	g_assert_true(g_file_get_contents(path, &text, &len, &err));
	if (l2tpc_profile_import_nm_conf(text, len, &p, w, &sentence) != 0)
		g_error("%s: %s", name, sentence);
	return p;
}

static const struct {
	const char *file;
	const char *ike, *esp;	      /* normalised */
	const char *first, *fallback; /* the ESP offers */
} exported[] = {
	{ "strongswan-strict.nmconnection",
	  "aes256-sha1-modp2048,aes128-sha1-modp2048,3des-sha1-modp1024",
	  "aes256-sha1,aes128-sha1,3des-sha1",
	  "aes256-sha1-modp2048-modp1024,aes128-sha1-modp2048-modp1024,"
	  "3des-sha1-modp2048-modp1024",
	  "aes256-sha1,aes128-sha1,3des-sha1" },
	{ "libreswan-setup-ipsec-vpn.nmconnection",
	  "aes256-sha256-modp2048,aes128-sha256-modp2048,aes256-sha1-modp2048,"
	  "aes128-sha1-modp2048,aes256-sha256-modp1024,aes128-sha1-modp1024",
	  "aes128gcm16,aes128-sha1,aes256-sha1,aes256-sha512,aes128-sha256,aes256-sha256",
	  "aes128gcm16-modp2048-modp1024,aes128-sha1-modp2048-modp1024,"
	  "aes256-sha1-modp2048-modp1024,aes256-sha512-modp2048-modp1024,"
	  "aes128-sha256-modp2048-modp1024,aes256-sha256-modp2048-modp1024",
	  "aes128gcm16,aes128-sha1,aes256-sha1,aes256-sha512,aes128-sha256,aes256-sha256" },
	{ "legacy-3des-md5.nmconnection", "3des-md5-modp1024", "3des-md5", "3des-md5", NULL },
	{ "libreswan-pfs-dh.nmconnection", "aes256-sha256-modp2048,aes128-sha1-modp1024",
	  "aes256gcm16-ecp256,aes256-sha256-modp2048", "aes256gcm16-ecp256,aes256-sha256-modp2048",
	  NULL },
};

static void test_exported_files(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(exported); i++) {
		g_autoptr(l2tpc_profile) p = import_fixture(exported[i].file);
		g_autofree char *ike = NULL, *esp = NULL, *first = NULL, *fallback = NULL;
		struct ipsec_proposals_pfs want = { .pfs = p->ipsec_pfs,
						    .group = l2tpc_profile_pfs_group_name(p) };

		g_test_message("%s", exported[i].file);
		g_assert_cmpint(
			ipsec_proposals_normalize(p->ipsec_ike, IPSEC_PROPOSALS_IKE, &ike, NULL),
			==, 0);
		g_assert_cmpint(
			ipsec_proposals_normalize(p->ipsec_esp, IPSEC_PROPOSALS_ESP, &esp, NULL),
			==, 0);
		g_assert_cmpstr(ike, ==, exported[i].ike);
		g_assert_cmpstr(esp, ==, exported[i].esp);
		want.ike = ike;
		want.esp = esp;
		ipsec_proposals_esp_offers(&want, &first, &fallback);
		g_assert_cmpstr(first, ==, exported[i].first);
		g_assert_cmpstr(fallback, ==, exported[i].fallback);
	}
}

/* A profile whose proposals cannot be normalised is refused when it is read. */
static void test_profile_refuses(void)
{
	g_autoptr(l2tpc_profile) p = l2tpc_profile_new();
	g_autofree char *sentence = NULL;

	g_assert_cmpint(l2tpc_profile_set(p, "ipsec-ike", "aes256-sha1;modp1024!", NULL), ==, 0);
	g_assert_cmpint(l2tpc_profile_set(p, "ipsec-esp", "aes_gcm256-null", NULL), ==, 0);
	g_assert_cmpint(l2tpc_profile_set(p, "ipsec-esp", "aes256-whirlpool", &sentence), <, 0);
	g_assert_nonnull(strstr(sentence, "ipsec-esp"));
}

/* ESP with a group requires PFS: a profile that also says ipsec-pfs=no is warned. */
static void test_profile_warns(void)
{
	static const char text[] = "[connection]\nid=w\n[vpn]\ngateway=192.0.2.1\n"
				   "ipsec-enabled=yes\nipsec-pfs=no\n"
				   "ipsec-esp=aes256-sha1;modp2048\n";
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) w2 = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *sentence = NULL;
	struct l2tpc_profile *p = NULL;
	bool found = false;

	g_assert_cmpint(l2tpc_profile_import_nm_conf(text, strlen(text), &p, w, &sentence), ==, 0);
	for (guint i = 0; i < w->len; i++)
		found |= strstr(w->pdata[i], "ipsec-esp names a Diffie-Hellman group") != NULL;
	g_assert_true(found);
	l2tpc_profile_free(p);
	/* the same with ipsec-pfs=yes: no warning */
	p = l2tpc_profile_new();
	g_assert_cmpint(l2tpc_profile_set(p, "gateway", "192.0.2.1", NULL), ==, 0);
	g_assert_cmpint(l2tpc_profile_set(p, "ipsec-esp", "aes256-sha1;modp2048", NULL), ==, 0);
	g_assert_cmpint(l2tpc_profile_check(p, w2, NULL), ==, 0);
	for (guint i = 0; i < w2->len; i++)
		g_assert_null(strstr(w2->pdata[i], "Diffie-Hellman"));
	l2tpc_profile_free(p);
}

/* docs/profile-keys.md writes the default lists out; they are the module's, not a copy that
 * drifts (the editor's placeholder is checked in tests/gui, l2tpc.conf(5) prints them from the
 * module). */
static void test_doc_defaults(void)
{
	g_autofree char *path =
		g_build_filename(TEST_SRCDIR, "..", "..", "docs", "profile-keys.md", NULL);
	g_autofree char *doc = NULL;
	g_autofree char *want =
		g_strdup_printf("```\nipsec-ike=%s\nipsec-esp=%s\n```\n",
				ipsec_proposals_default_ike(), ipsec_proposals_default_esp());
	const char *begin, *end;

	g_assert_true(g_file_get_contents(path, &doc, NULL, NULL));
	begin = strstr(doc, "<!-- default-proposals-begin -->\n");
	end = strstr(doc, "<!-- default-proposals-end -->");
	g_assert_nonnull(begin);
	g_assert_nonnull(end);
	begin += strlen("<!-- default-proposals-begin -->\n");
	g_autofree char *got = g_strndup(begin, (gsize)(end - begin));
	if (strcmp(got, want) != 0)
		g_error("docs/profile-keys.md lists other default proposals than "
			"client/ipsec/ipsec-proposals.c; the block must be:\n%s",
			want);
	g_assert_cmpstr(ipsec_proposals_default(IPSEC_PROPOSALS_IKE), ==,
			ipsec_proposals_default_ike());
	g_assert_cmpstr(ipsec_proposals_default(IPSEC_PROPOSALS_ESP), ==,
			ipsec_proposals_default_esp());
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ipsec-proposals/defaults", test_defaults);
	g_test_add_func("/ipsec-proposals/doc-defaults", test_doc_defaults);
	g_test_add_func("/ipsec-proposals/normalize", test_normalize);
	g_test_add_func("/ipsec-proposals/normalize-refuses", test_normalize_refuses);
	g_test_add_func("/ipsec-proposals/esp-offers", test_esp_offers);
	g_test_add_func("/ipsec-proposals/exported-files", test_exported_files);
	g_test_add_func("/ipsec-proposals/profile-refuses", test_profile_refuses);
	g_test_add_func("/ipsec-proposals/profile-warns", test_profile_warns);
	return g_test_run();
}
