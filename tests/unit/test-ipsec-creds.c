// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-creds: every accepted format must give exactly the DER charon needs (compared with
 * what openssl wrote for the same certificate and key), and every bad input one sentence.
 * Fixtures: tests/unit/fixtures/ipsec-creds/ (test-only keys, see its README).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ipsec-creds.h"

#define FIXTURES TEST_SRCDIR "/fixtures/ipsec-creds/"
#define PASS	 "l2tpc-test"
/* Inside the fixtures' validity (2026..2126) whenever they were generated. */
#define NOW ((int64_t)4102444800) /* 2100-01-01 */

static GBytes *fixture(const char *name)
{
	g_autofree char *path = g_strconcat(FIXTURES, name, NULL);
	g_autoptr(GError) err = NULL;
	char *data;
	gsize len;

	if (!g_file_get_contents(path, &data, &len, &err))
		g_error("fixture %s: %s", name, err->message);
	return g_bytes_new_take(data, len);
}

struct parse_result {
	struct ipsec_creds *creds;
	struct l2tpc_failure f;
	int r;
};

static void input_from(struct ipsec_creds_input *in, GBytes *b, const char *name)
{
	if (!b)
		return;
	in->data = g_bytes_get_data(b, &in->len);
	in->name = name;
}

/* Parses fixtures @cert, @key, @ca (NULL = not given) with @password at @now. */
static void parse_at(struct parse_result *res, const char *prefix, const char *cert,
		     const char *key, const char *ca, const char *password, int64_t now)
{
	g_autoptr(GBytes) cb = cert ? fixture(cert) : NULL;
	g_autoptr(GBytes) kb = key ? fixture(key) : NULL;
	g_autoptr(GBytes) ab = ca ? fixture(ca) : NULL;
	struct ipsec_creds_request req = {
		.setting_prefix = prefix,
		.password = password,
		.now = now,
	};

	input_from(&req.cert, cb, cert);
	input_from(&req.key, kb, key);
	input_from(&req.ca, ab, ca);
	memset(res, 0, sizeof(*res));
	res->r = ipsec_creds_parse(&req, &res->creds, &res->f);
	if (res->r == 0) {
		g_assert_nonnull(res->creds);
		g_assert_false(l2tpc_failure_is_set(&res->f));
	} else {
		g_assert_null(res->creds);
		g_assert_cmpint(res->f.klass, ==, L2TPC_FAILURE_CONFIG);
		g_assert_true(g_str_has_suffix(res->f.sentence, "."));
	}
}

static void parse(struct parse_result *res, const char *cert, const char *key, const char *ca,
		  const char *password)
{
	parse_at(res, "machine", cert, key, ca, password, NOW);
}

static void result_clear(struct parse_result *res)
{
	ipsec_creds_free(g_steal_pointer(&res->creds));
	l2tpc_failure_clear(&res->f);
}

/* The exported key must be the private half of the certificate's key pair. */
static void assert_key_fits_cert(GBytes *key, GBytes *cert)
{
	gnutls_datum_t kd = { (void *)g_bytes_get_data(key, NULL), g_bytes_get_size(key) };
	gnutls_datum_t cd = { (void *)g_bytes_get_data(cert, NULL), g_bytes_get_size(cert) };
	uint8_t a[64], b[64];
	size_t al = sizeof(a), bl = sizeof(b);
	gnutls_x509_privkey_t k;
	gnutls_x509_crt_t c;

	g_assert_cmpint(gnutls_x509_privkey_init(&k), ==, 0);
	g_assert_cmpint(gnutls_x509_crt_init(&c), ==, 0);
	/* Plain DER only: what charon's pkcs1/pkcs8/openssl loaders take. */
	g_assert_cmpint(
		gnutls_x509_privkey_import2(k, &kd, GNUTLS_X509_FMT_DER, NULL, GNUTLS_PKCS_PLAIN),
		==, 0);
	g_assert_cmpint(gnutls_x509_crt_import(c, &cd, GNUTLS_X509_FMT_DER), ==, 0);
	g_assert_cmpint(gnutls_x509_privkey_get_key_id(k, GNUTLS_KEYID_USE_SHA256, a, &al), ==, 0);
	g_assert_cmpint(gnutls_x509_crt_get_key_id(c, GNUTLS_KEYID_USE_SHA256, b, &bl), ==, 0);
	g_assert_cmpmem(a, al, b, bl);
	gnutls_x509_privkey_deinit(k);
	gnutls_x509_crt_deinit(c);
}

static const struct good_case {
	const char *cert, *key, *password;
	enum ipsec_creds_key_type type;
	const char *cert_der; /* what the end-entity certificate must equal */
	const char *key_der;  /* what the exported key must equal, or NULL */
	unsigned int chain;
} good_cases[] = {
	{ "rsa-cert.pem", "rsa-key-pkcs1.pem", NULL, IPSEC_CREDS_KEY_RSA, "rsa-cert.der",
	  "rsa-key-pkcs1.der", 0 },
	{ "rsa-cert.der", "rsa-key-pkcs1.der", NULL, IPSEC_CREDS_KEY_RSA, "rsa-cert.der",
	  "rsa-key-pkcs1.der", 0 },
	{ "rsa-cert.pem", "rsa-key-pkcs8.pem", NULL, IPSEC_CREDS_KEY_RSA, "rsa-cert.der",
	  "rsa-key-pkcs1.der", 0 },
	{ "rsa-cert.der", "rsa-key-pkcs8.der", PASS, IPSEC_CREDS_KEY_RSA, "rsa-cert.der",
	  "rsa-key-pkcs1.der", 0 },
	{ "rsa-cert.pem", "rsa-key-pkcs8-aes.pem", PASS, IPSEC_CREDS_KEY_RSA, "rsa-cert.der",
	  "rsa-key-pkcs1.der", 0 },
	{ "rsa-cert.der", "rsa-key-pkcs8-aes.der", PASS, IPSEC_CREDS_KEY_RSA, "rsa-cert.der",
	  "rsa-key-pkcs1.der", 0 },
	{ "rsa-cert.pem", "rsa-key-pkcs8-3des.pem", PASS, IPSEC_CREDS_KEY_RSA, "rsa-cert.der",
	  "rsa-key-pkcs1.der", 0 },
	{ "rsa-cert.pem", "rsa-key-pkcs1-enc.pem", PASS, IPSEC_CREDS_KEY_RSA, "rsa-cert.der",
	  "rsa-key-pkcs1.der", 0 },
	{ "rsa-chain.pem", "rsa-key-pkcs1.pem", NULL, IPSEC_CREDS_KEY_RSA, "rsa-cert.der",
	  "rsa-key-pkcs1.der", 1 },
	{ "rsa-cert-and-key.pem", NULL, NULL, IPSEC_CREDS_KEY_RSA, "rsa-cert.der",
	  "rsa-key-pkcs1.der", 0 },
	{ "rsa-p12-dump.pem", NULL, NULL, IPSEC_CREDS_KEY_RSA, "rsa-cert.der", "rsa-key-pkcs1.der",
	  2 },
	{ "rsa-aes.p12", NULL, PASS, IPSEC_CREDS_KEY_RSA, "rsa-cert.der", "rsa-key-pkcs1.der", 2 },
	{ "rsa-aes.p12", "rsa-aes.p12", PASS, IPSEC_CREDS_KEY_RSA, "rsa-cert.der",
	  "rsa-key-pkcs1.der", 2 },
	{ "rsa-aes-p12.pem", NULL, PASS, IPSEC_CREDS_KEY_RSA, "rsa-cert.der", "rsa-key-pkcs1.der",
	  2 },
	{ "rsa-3des.p12", NULL, PASS, IPSEC_CREDS_KEY_RSA, "rsa-cert.der", "rsa-key-pkcs1.der", 2 },
	{ "rsa-rc2.p12", NULL, PASS, IPSEC_CREDS_KEY_RSA, "rsa-cert.der", "rsa-key-pkcs1.der", 2 },
	{ "rsa-nomac.p12", NULL, PASS, IPSEC_CREDS_KEY_RSA, "rsa-cert.der", "rsa-key-pkcs1.der",
	  0 },
	{ "rsa-emptypass.p12", NULL, NULL, IPSEC_CREDS_KEY_RSA, "rsa-cert.der", "rsa-key-pkcs1.der",
	  0 },
	{ "rsa-cert.pem", "rsa-aes.p12", PASS, IPSEC_CREDS_KEY_RSA, "rsa-cert.der",
	  "rsa-key-pkcs1.der", 2 },
	{ "ec-cert.pem", "ec-key-sec1.pem", NULL, IPSEC_CREDS_KEY_ECDSA, "ec-cert.der",
	  "ec-key-sec1.der", 0 },
	{ "ec-cert.der", "ec-key-sec1.der", NULL, IPSEC_CREDS_KEY_ECDSA, "ec-cert.der",
	  "ec-key-sec1.der", 0 },
	{ "ec-cert.pem", "ec-key-pkcs8.pem", NULL, IPSEC_CREDS_KEY_ECDSA, "ec-cert.der",
	  "ec-key-sec1.der", 0 },
	{ "ec.p12", NULL, PASS, IPSEC_CREDS_KEY_ECDSA, "ec-cert.der", "ec-key-sec1.der", 1 },
	{ "ed25519-cert.pem", "ed25519-key.pem", NULL, IPSEC_CREDS_KEY_ED25519, NULL, NULL, 0 },
};

static void test_good(gconstpointer data)
{
	const struct good_case *tc = data;
	struct parse_result res;
	g_autofree char *sha = NULL, *fp = NULL;
	GString *want_fp;

	parse(&res, tc->cert, tc->key, NULL, tc->password);
	if (res.r < 0)
		g_error("%s + %s: %s", tc->cert, tc->key, res.f.sentence);
	g_assert_cmpint(res.creds->key_type, ==, tc->type);
	g_assert_cmpuint(res.creds->chain->len, ==, tc->chain);
	g_assert_cmpuint(res.creds->cas->len, ==, 0);
	g_assert_cmpuint(res.creds->warnings->len, ==, 0);
	if (tc->cert_der) {
		g_autoptr(GBytes) want = fixture(tc->cert_der);

		g_assert_true(g_bytes_equal(res.creds->cert, want));
	}
	if (tc->key_der) {
		g_autoptr(GBytes) want = fixture(tc->key_der);

		g_assert_true(g_bytes_equal(res.creds->key, want));
	}
	assert_key_fits_cert(res.creds->key, res.creds->cert);
	for (unsigned int i = 0; i < res.creds->chain->len; i++)
		g_assert_false(g_bytes_equal(res.creds->chain->pdata[i], res.creds->cert));

	/* The fingerprint is SHA-256 over the DER that goes to charon. */
	sha = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, res.creds->cert);
	want_fp = g_string_new("SHA256:");
	for (size_t i = 0; sha[i]; i += 2)
		g_string_append_printf(want_fp, i ? ":%.2s" : "%.2s", sha + i);
	fp = g_string_free(want_fp, FALSE);
	g_assert_cmpstr(res.creds->fingerprint, ==, fp);
	g_assert_true(g_str_has_prefix(res.creds->subject_asn1dn, "asn1dn:#30"));
	g_assert_cmpint(res.creds->not_before, <, NOW);
	g_assert_cmpint(res.creds->not_after, >, NOW);
	result_clear(&res);
}

static void test_subject(void)
{
	struct parse_result res;
	g_autoptr(GBytes) der = fixture("rsa-cert.der");
	gnutls_datum_t d = { (void *)g_bytes_get_data(der, NULL), g_bytes_get_size(der) };
	gnutls_x509_crt_t crt;
	gnutls_datum_t raw;
	GString *hex = g_string_new("asn1dn:#");
	g_autofree char *want = NULL;

	parse(&res, "rsa-aes.p12", NULL, NULL, PASS);
	g_assert_cmpint(res.r, ==, 0);
	g_assert_cmpstr(res.creds->subject, ==, "C=XX,O=l2tpc test,OU=VPN,CN=rsa-client");
	g_assert_cmpint(gnutls_x509_crt_init(&crt), ==, 0);
	g_assert_cmpint(gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER), ==, 0);
	g_assert_cmpint(gnutls_x509_crt_get_raw_dn(crt, &raw), ==, 0);
	for (unsigned int i = 0; i < raw.size; i++)
		g_string_append_printf(hex, "%02x", raw.data[i]);
	want = g_string_free(hex, FALSE);
	g_assert_cmpstr(res.creds->subject_asn1dn, ==, want);
	gnutls_free(raw.data);
	gnutls_x509_crt_deinit(crt);
	result_clear(&res);
}

static void test_ca(void)
{
	static const struct {
		const char *ca, *password;
		unsigned int count;
	} cases[] = {
		{ "ca-root.pem", NULL, 1 },
		{ "ca-root.der", NULL, 1 },
		{ "ca-only.p12", PASS, 1 },
		/* a bundle: its end-entity certificate is skipped, the intermediate taken */
		{ "rsa-chain.pem", NULL, 1 },
		{ "rsa-aes.p12", PASS, 2 },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GBytes) root = fixture("ca-root.der");
		struct parse_result res;

		/* CA only (e.g. user-ca for the server) ... */
		parse(&res, NULL, NULL, cases[i].ca, cases[i].password);
		if (res.r < 0)
			g_error("%s: %s", cases[i].ca, res.f.sentence);
		g_assert_null(res.creds->cert);
		g_assert_null(res.creds->key);
		g_assert_cmpuint(res.creds->cas->len, ==, cases[i].count);
		if (i < 3)
			g_assert_true(g_bytes_equal(res.creds->cas->pdata[0], root));
		result_clear(&res);
		/* ... and next to a certificate */
		parse(&res, "rsa-cert.pem", "rsa-key-pkcs8.pem", cases[i].ca, cases[i].password);
		g_assert_cmpint(res.r, ==, 0);
		g_assert_cmpuint(res.creds->cas->len, ==, cases[i].count);
		g_assert_nonnull(res.creds->cert);
		result_clear(&res);
	}
}

static void test_not_a_ca(void)
{
	struct parse_result res;

	parse(&res, "rsa-cert.pem", "rsa-key-pkcs1.pem", "not-a-ca.pem", NULL);
	g_assert_cmpint(res.r, ==, -EINVAL);
	g_assert_cmpstr(res.f.sentence, ==,
			"the certificate C=XX,O=l2tpc test,OU=VPN,CN=rsa-client in not-a-ca.pem "
			"is not a CA certificate (it lacks the CA basic constraint) and charon "
			"would reject it: set machine-ca to the certificate of the authority that "
			"issued the server's certificate.");
	result_clear(&res);
}

static void test_password(void)
{
	static const struct {
		const char *cert, *key, *password, *sentence;
	} cases[] = {
		{ "rsa-aes.p12", NULL, "wrong",
		  "the PKCS#12 file rsa-aes.p12 could not be decrypted: the certificate "
		  "password (machine-certpass) is wrong." },
		{ "rsa-aes.p12", NULL, NULL,
		  "the PKCS#12 file rsa-aes.p12 is password protected: set the certificate "
		  "password (machine-certpass)." },
		{ "rsa-3des.p12", NULL, "wrong",
		  "the PKCS#12 file rsa-3des.p12 could not be decrypted: the certificate "
		  "password (machine-certpass) is wrong." },
		{ "rsa-rc2.p12", NULL, "",
		  "the PKCS#12 file rsa-rc2.p12 is password protected: "
		  "set the certificate password (machine-certpass)." },
		{ "rsa-aes-p12.pem", NULL, "wrong",
		  "the PKCS#12 file rsa-aes-p12.pem could not be decrypted: the certificate "
		  "password (machine-certpass) is wrong." },
		{ "rsa-nomac.p12", NULL, "wrong",
		  "the private key in the PKCS#12 file rsa-nomac.p12 could not be decrypted: the "
		  "certificate password (machine-certpass) is wrong." },
		{ "rsa-emptypass.p12", NULL, "wrong",
		  "the PKCS#12 file rsa-emptypass.p12 could not be decrypted: the certificate "
		  "password (machine-certpass) is wrong." },
		{ "rsa-cert.pem", "rsa-key-pkcs8-aes.pem", "wrong",
		  "the private key in rsa-key-pkcs8-aes.pem could not be decrypted: the "
		  "certificate password (machine-certpass) is wrong." },
		{ "rsa-cert.pem", "rsa-key-pkcs8-aes.der", NULL,
		  "the private key in rsa-key-pkcs8-aes.der is password protected: set the "
		  "certificate password (machine-certpass)." },
		{ "rsa-cert.pem", "rsa-key-pkcs8-3des.pem", "wrong",
		  "the private key in rsa-key-pkcs8-3des.pem could not be decrypted: the "
		  "certificate password (machine-certpass) is wrong." },
		{ "rsa-cert.pem", "rsa-key-pkcs1-enc.pem", "wrong",
		  "the private key in rsa-key-pkcs1-enc.pem could not be decrypted: the "
		  "certificate password (machine-certpass) is wrong." },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct parse_result res;

		parse(&res, cases[i].cert, cases[i].key, NULL, cases[i].password);
		g_assert_cmpint(res.r, ==, -EKEYREJECTED);
		g_assert_cmpstr(res.f.sentence, ==, cases[i].sentence);
		result_clear(&res);
	}
}

static void test_user_prefix(void)
{
	struct parse_result res;

	parse_at(&res, "user", "rsa-aes.p12", NULL, NULL, "wrong", NOW);
	g_assert_cmpint(res.r, ==, -EKEYREJECTED);
	g_assert_nonnull(strstr(res.f.sentence, "(user-certpass)"));
	result_clear(&res);
}

static const struct bad_case {
	const char *cert, *key, *ca;
	int r;
	const char *sentence; /* exact, or NULL */
	const char *contains;
} bad_cases[] = {
	{ "ec-cert.pem", "rsa-key-pkcs1.pem", NULL, -EINVAL,
	  "the private key in rsa-key-pkcs1.pem does not belong to the certificate "
	  "C=XX,O=l2tpc test,CN=ec-client in ec-cert.pem: set machine-key to that certificate's "
	  "own key.",
	  NULL },
	{ "rsa-cert.pem", NULL, NULL, -ENOKEY,
	  "rsa-cert.pem holds no private key: set machine-key to the key file, or use a PKCS#12 "
	  "bundle that includes the key.",
	  NULL },
	{ "rsa-cert.pem", "ca-root.pem", NULL, -ENOKEY,
	  "ca-root.pem contains no private key: set machine-key to the private key of the "
	  "certificate in rsa-cert.pem.",
	  NULL },
	{ "ca-only.p12", NULL, NULL, -ENOKEY,
	  "the PKCS#12 file ca-only.p12 holds no private key: set machine-key to the key file, or "
	  "use a PKCS#12 bundle that includes the key.",
	  NULL },
	{ "rsa-key-pkcs1.pem", NULL, NULL, -ENOENT,
	  "rsa-key-pkcs1.pem contains a private key but no certificate: set machine-cert to the "
	  "certificate (and machine-key to the key file).",
	  NULL },
	{ NULL, "rsa-key-pkcs1.pem", NULL, -ENOENT, NULL, "set machine-cert" },
	{ "dsa-cert.pem", "dsa-key.pem", NULL, -EOPNOTSUPP,
	  "the private key in dsa-key.pem is a DSA key, which charon cannot sign IKE messages "
	  "with: use an RSA, ECDSA, Ed25519 or Ed448 key; check machine-key.",
	  NULL },
	{ "garbage.bin", NULL, NULL, -EBADMSG,
	  "garbage.bin is not a certificate or key file l2tpc can read: use a PEM or DER X.509 "
	  "certificate, a PEM or DER private key (PKCS#1, SEC1 or PKCS#8, optionally "
	  "password-encrypted) or a PKCS#12 (.p12/.pfx) bundle; check machine-cert.",
	  NULL },
	{ "rsa-pub.pem", NULL, NULL, -EBADMSG, NULL,
	  "(it holds only PEM blocks of type \"PUBLIC KEY\")" },
	{ "rsa-cert.pem", "garbage.bin", NULL, -EBADMSG, NULL, "; check machine-key." },
	{ "rsa-cert.pem", "rsa-key-pkcs1.pem", "garbage.bin", -EBADMSG, NULL,
	  "; check machine-ca." },
	{ "rsa-cert.pem", "rsa-key-pkcs1.pem", "rsa-key-pkcs8.pem", -ENOENT,
	  "rsa-key-pkcs8.pem contains no certificate: set machine-ca to the certificate of the "
	  "authority that issued the server's certificate.",
	  NULL },
	{ "too-many-rounds.p12", NULL, NULL, -EOPNOTSUPP,
	  "too-many-rounds.p12 asks for 2000000 key-derivation rounds, more than the 1000000 "
	  "l2tpc accepts: export it again with fewer; check machine-cert.",
	  NULL },
};

static void test_bad(gconstpointer data)
{
	const struct bad_case *tc = data;
	struct parse_result res;

	parse(&res, tc->cert, tc->key, tc->ca, PASS);
	g_assert_cmpint(res.r, ==, tc->r);
	if (tc->sentence)
		g_assert_cmpstr(res.f.sentence, ==, tc->sentence);
	if (tc->contains && !strstr(res.f.sentence, tc->contains))
		g_error("\"%s\" lacks \"%s\"", res.f.sentence, tc->contains);
	result_clear(&res);
}

/* Cut inputs: every prefix of a PEM and a PKCS#12 file fails cleanly or parses. */
static void test_truncated(void)
{
	static const char *const names[] = { "rsa-cert.pem", "rsa-aes.p12", "rsa-cert.der",
					     "rsa-key-pkcs8-aes.der" };

	for (size_t n = 0; n < G_N_ELEMENTS(names); n++) {
		g_autoptr(GBytes) b = fixture(names[n]);
		gsize len;
		const uint8_t *data = g_bytes_get_data(b, &len);

		for (gsize cut = 0; cut + 1 < len; cut += 1 + cut / 8) {
			struct ipsec_creds_request req = {
				.cert = { data, cut, names[n] },
				.password = PASS,
				.now = NOW,
			};
			struct ipsec_creds *creds = NULL;
			struct l2tpc_failure f = { 0 };
			int r = ipsec_creds_parse(&req, &creds, &f);

			g_assert_cmpint(r, <, 0);
			g_assert_null(creds);
			g_assert_nonnull(f.sentence);
			l2tpc_failure_clear(&f);
		}
	}
}

static void test_pem_cut_short(void)
{
	g_autoptr(GBytes) b = fixture("rsa-cert.pem");
	gsize len;
	const uint8_t *data = g_bytes_get_data(b, &len);
	struct ipsec_creds_request req = {
		.cert = { data, len - 30, "cut.pem" },
		.now = NOW,
	};
	struct ipsec_creds *creds = NULL;
	struct l2tpc_failure f = { 0 };

	g_assert_cmpint(ipsec_creds_parse(&req, &creds, &f), ==, -EBADMSG);
	g_assert_cmpstr(f.sentence, ==,
			"cut.pem has a \"CERTIFICATE\" block without its END line: the file is "
			"cut short; check machine-cert.");
	l2tpc_failure_clear(&f);
	req.cert.len = 0;
	g_assert_cmpint(ipsec_creds_parse(&req, &creds, &f), ==, -EBADMSG);
	g_assert_cmpstr(f.sentence, ==, "cut.pem is empty; check machine-cert.");
	l2tpc_failure_clear(&f);
}

static void test_validity(void)
{
	struct parse_result res;
	int64_t before, after;

	parse(&res, "rsa-aes.p12", NULL, "ca-root.pem", PASS);
	g_assert_cmpint(res.r, ==, 0);
	before = res.creds->not_before;
	after = res.creds->not_after;
	result_clear(&res);

	/* Expired: still loaded (charon decides), but the user is told why the server balks. */
	parse_at(&res, "machine", "rsa-aes.p12", NULL, "ca-root.pem", PASS, after + 86400);
	g_assert_cmpint(res.r, ==, 0);
	g_assert_cmpuint(res.creds->warnings->len, ==, 4); /* leaf, 2 in chain, CA */
	g_assert_true(g_str_has_prefix(res.creds->warnings->pdata[0],
				       "the certificate C=XX,O=l2tpc test,OU=VPN,CN=rsa-client in "
				       "rsa-aes.p12 expired on "));
	g_assert_true(g_str_has_suffix(res.creds->warnings->pdata[0],
				       "UTC): the server will reject it; renew machine-cert."));
	g_assert_true(g_str_has_suffix(res.creds->warnings->pdata[3], "renew machine-ca."));
	result_clear(&res);

	parse_at(&res, "machine", "rsa-aes.p12", NULL, NULL, PASS, before - 86400);
	g_assert_cmpint(res.r, ==, 0);
	g_assert_cmpuint(res.creds->warnings->len, >=, 1);
	g_assert_nonnull(strstr(res.creds->warnings->pdata[0], "is not valid before"));
	g_assert_true(g_str_has_suffix(res.creds->warnings->pdata[0],
				       "check the system clock or machine-cert."));
	result_clear(&res);
}

static void test_vici_names(void)
{
	g_assert_cmpstr(ipsec_creds_key_type_vici(IPSEC_CREDS_KEY_RSA), ==, "rsa");
	g_assert_cmpstr(ipsec_creds_key_type_vici(IPSEC_CREDS_KEY_ECDSA), ==, "ecdsa");
	g_assert_cmpstr(ipsec_creds_key_type_vici(IPSEC_CREDS_KEY_ED25519), ==, "ed25519");
	g_assert_cmpstr(ipsec_creds_key_type_vici(IPSEC_CREDS_KEY_ED448), ==, "ed448");
}

static void test_load_files(void)
{
	struct ipsec_creds_files files = {
		.setting_prefix = "machine",
		.cert_path = FIXTURES "rsa-aes.p12",
		.key_path = FIXTURES "rsa-aes.p12",
		.ca_path = FIXTURES "ca-root.pem",
		.password = PASS,
	};
	struct ipsec_creds *creds = NULL;
	struct l2tpc_failure f = { 0 };
	g_autoptr(GBytes) want = fixture("rsa-cert.der");

	g_assert_cmpint(ipsec_creds_load(&files, &creds, &f), ==, 0);
	g_assert_true(g_bytes_equal(creds->cert, want));
	g_assert_cmpuint(creds->cas->len, ==, 1);
	g_assert_cmpuint(creds->chain->len, ==, 2);
	ipsec_creds_free(creds);

	files.cert_path = "/nonexistent/client.p12";
	g_assert_cmpint(ipsec_creds_load(&files, &creds, &f), ==, -ENOENT);
	g_assert_cmpstr(f.sentence, ==,
			"cannot read /nonexistent/client.p12: No such file or directory; check "
			"machine-cert.");
	g_assert_null(creds);
	l2tpc_failure_clear(&f);

	files.cert_path = FIXTURES "rsa-cert.pem";
	files.key_path = FIXTURES;
	g_assert_cmpint(ipsec_creds_load(&files, &creds, &f), ==, -EISDIR);
	g_assert_true(g_str_has_suffix(f.sentence, ": Is a directory; check machine-key."));
	l2tpc_failure_clear(&f);

	files.key_path = FIXTURES "rsa-key-pkcs8-aes.pem";
	files.password = "wrong";
	g_assert_cmpint(ipsec_creds_load(&files, &creds, &f), ==, -EKEYREJECTED);
	g_assert_cmpstr(f.sentence, ==,
			"the private key in " FIXTURES
			"rsa-key-pkcs8-aes.pem could not be decrypted: "
			"the certificate password (machine-certpass) is wrong.");
	l2tpc_failure_clear(&f);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(good_cases); i++) {
		g_autofree char *name =
			g_strdup_printf("/ipsec-creds/good/%s+%s", good_cases[i].cert,
					good_cases[i].key ? good_cases[i].key : "-");
		g_test_add_data_func(name, &good_cases[i], test_good);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
		g_autofree char *name = g_strdup_printf("/ipsec-creds/bad/%zu", i);
		g_test_add_data_func(name, &bad_cases[i], test_bad);
	}
	g_test_add_func("/ipsec-creds/subject", test_subject);
	g_test_add_func("/ipsec-creds/ca", test_ca);
	g_test_add_func("/ipsec-creds/not-a-ca", test_not_a_ca);
	g_test_add_func("/ipsec-creds/password", test_password);
	g_test_add_func("/ipsec-creds/user-prefix", test_user_prefix);
	g_test_add_func("/ipsec-creds/truncated", test_truncated);
	g_test_add_func("/ipsec-creds/pem-cut-short", test_pem_cut_short);
	g_test_add_func("/ipsec-creds/validity", test_validity);
	g_test_add_func("/ipsec-creds/vici-names", test_vici_names);
	g_test_add_func("/ipsec-creds/load-files", test_load_files);
	return g_test_run();
}
