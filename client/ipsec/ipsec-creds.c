// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-creds: see ipsec-creds.h. ipsec-creds-read.c turns each input into GnuTLS
 * certificates and keys; this file pairs the key with its certificate, checks the CAs and
 * exports the DER blobs charon gets.
 */
#include <errno.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ipsec-creds-read.h"
#include "ipsec-creds.h"
#include "l2tpc-i18n.h"

struct creds_secret {
	size_t len;
	uint8_t data[];
};

static void creds_secret_wipe(gpointer p)
{
	struct creds_secret *s = p;

	explicit_bzero(s->data, s->len);
	g_free(s);
}

/* A GBytes whose buffer is wiped when the last reference goes away. */
static GBytes *creds_secret_bytes(const void *data, size_t len)
{
	struct creds_secret *s = g_malloc(sizeof(*s) + len);

	s->len = len;
	memcpy(s->data, data, len);
	return g_bytes_new_with_free_func(s->data, len, creds_secret_wipe, s);
}

static char *creds_subject(gnutls_x509_crt_t crt)
{
	gnutls_datum_t dn = { 0 };
	char *s;

	/* COMPAT keeps the X.500 order (C=..,O=..,CN=..), the order strongSwan prints. */
	if (gnutls_x509_crt_get_dn3(crt, &dn, GNUTLS_X509_DN_FLAG_COMPAT) < 0)
		return g_strdup("(unreadable subject)");
	s = g_strndup((const char *)dn.data, dn.size);
	gnutls_free(dn.data);
	return s;
}

static char *creds_subject_asn1dn(gnutls_x509_crt_t crt)
{
	gnutls_datum_t raw;
	GString *s;

	if (gnutls_x509_crt_get_raw_dn(crt, &raw) < 0)
		return NULL;
	s = g_string_new("asn1dn:#");
	for (unsigned int i = 0; i < raw.size; i++)
		g_string_append_printf(s, "%02x", raw.data[i]);
	gnutls_free(raw.data);
	return g_string_free(s, FALSE);
}

static char *creds_fingerprint(gnutls_x509_crt_t crt)
{
	uint8_t fp[32];
	size_t size = sizeof(fp);
	GString *s;

	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, fp, &size) < 0)
		return g_strdup("SHA256:?");
	s = g_string_new("SHA256:");
	for (size_t i = 0; i < size; i++)
		g_string_append_printf(s, i ? ":%02x" : "%02x", fp[i]);
	return g_string_free(s, FALSE);
}

static GBytes *creds_crt_der(gnutls_x509_crt_t crt)
{
	gnutls_datum_t d = { 0 };
	GBytes *b;

	if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &d) < 0)
		return NULL;
	b = g_bytes_new(d.data, d.size);
	gnutls_free(d.data);
	return b;
}

static bool creds_key_matches(gnutls_x509_privkey_t key, gnutls_x509_crt_t crt)
{
	uint8_t a[64], b[64];
	size_t alen = sizeof(a), blen = sizeof(b);

	/* Both ids hash the SubjectPublicKeyInfo, so equal ids mean the same key pair. */
	if (gnutls_x509_privkey_get_key_id(key, GNUTLS_KEYID_USE_SHA256, a, &alen) < 0 ||
	    gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA256, b, &blen) < 0)
		return false;
	return alen == blen && memcmp(a, b, alen) == 0;
}

static char *creds_date(int64_t t)
{
	g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc(t);

	return dt ? g_date_time_format(dt, "%Y-%m-%d %H:%M UTC") : g_strdup("(invalid date)");
}

static void creds_check_validity(gnutls_x509_crt_t crt, const char *file, const char *setting,
				 int64_t now, GPtrArray *warnings)
{
	int64_t from = gnutls_x509_crt_get_activation_time(crt);
	int64_t until = gnutls_x509_crt_get_expiration_time(crt);
	g_autofree char *subject = NULL, *from_s = NULL, *until_s = NULL;

	if (from == -1 || until == -1 || (now >= from && now <= until))
		return;
	subject = creds_subject(crt);
	from_s = creds_date(from);
	until_s = creds_date(until);
	if (now > until)
		g_ptr_array_add(
			warnings,
			g_strdup_printf(_("the certificate %s in %s expired on %s (valid from "
					  "%s to %s): the server will reject it; renew %s."),
					subject, file, until_s, from_s, until_s, setting));
	else
		g_ptr_array_add(
			warnings,
			g_strdup_printf(_("the certificate %s in %s is not valid before %s "
					  "(valid from %s to %s): check the system clock or %s."),
					subject, file, from_s, from_s, until_s, setting));
}

/* DER tag-length-value; lengths here stay far below 64 KiB. */
static void creds_der_put(GByteArray *out, uint8_t tag, const uint8_t *data, size_t len)
{
	uint8_t hdr[4];
	unsigned int n = 0;

	hdr[n++] = tag;
	if (len >= 0x100) {
		hdr[n++] = 0x82;
		hdr[n++] = len >> 8;
	} else if (len >= 0x80) {
		hdr[n++] = 0x81;
	}
	hdr[n++] = len & 0xff;
	g_byte_array_append(out, hdr, n);
	g_byte_array_append(out, data, len);
}

/* X.690 8.19: the content octets of an OBJECT IDENTIFIER, from its dotted form. */
static bool creds_der_oid(GByteArray *out, const char *dotted)
{
	g_auto(GStrv) arcs = g_strsplit(dotted, ".", 0);
	guint n = g_strv_length(arcs);

	if (n < 2)
		return false;
	for (guint i = 1; i < n; i++) {
		guint64 v = g_ascii_strtoull(arcs[i], NULL, 10);
		uint8_t buf[10];
		int len = 0;

		if (i == 1)
			v += 40 * g_ascii_strtoull(arcs[0], NULL, 10);
		do {
			buf[len] = (v & 0x7f) | (len ? 0x80 : 0);
			len++;
			v >>= 7;
		} while (v && len < (int)sizeof(buf));
		while (len > 0)
			g_byte_array_append(out, &buf[--len], 1);
	}
	return true;
}

/* An unsigned big-endian number as exactly @size octets (GnuTLS may add or drop zeros). */
static bool creds_fixed(GByteArray *out, const gnutls_datum_t *d, unsigned int size)
{
	static const uint8_t zero;
	unsigned int skip = 0;

	while (skip < d->size && d->data[skip] == 0)
		skip++;
	if (d->size - skip > size)
		return false;
	for (unsigned int i = d->size - skip; i < size; i++)
		g_byte_array_append(out, &zero, 1);
	g_byte_array_append(out, d->data + skip, d->size - skip);
	return true;
}

static void creds_clear_array(GByteArray *a)
{
	explicit_bzero(a->data, a->len);
	g_byte_array_set_size(a, 0);
}

/*
 * RFC 5915 ECPrivateKey with its curve and public key: the form charon's "ecdsa" loader
 * reads. Written here because a key that came out of PKCS#8 keeps its inner ECPrivateKey
 * without the curve (RFC 5915 section 3 leaves it to the PKCS#8 algorithm identifier), and
 * GnuTLS exports that form unchanged.
 */
static int creds_export_sec1(gnutls_x509_privkey_t key, GBytes **out)
{
	static const uint8_t version[] = { 0x01 }, point_prefix[] = { 0x00, 0x04 };
	gnutls_datum_t x = { 0 }, y = { 0 }, k = { 0 };
	g_autoptr(GByteArray) body = g_byte_array_new();
	g_autoptr(GByteArray) tmp = g_byte_array_new();
	g_autoptr(GByteArray) seq = g_byte_array_new();
	gnutls_ecc_curve_t curve;
	unsigned int size;
	const char *oid;
	bool ok;
	int r;

	r = gnutls_x509_privkey_export_ecc_raw(key, &curve, &x, &y, &k);
	if (r < 0)
		return r;
	size = gnutls_ecc_curve_get_size(curve);
	oid = gnutls_ecc_curve_get_oid(curve);
	creds_der_put(body, 0x02, version, sizeof(version));
	ok = size && oid && creds_fixed(tmp, &k, size);
	creds_der_put(body, 0x04, tmp->data, tmp->len);
	creds_clear_array(tmp);
	/* [0] parameters: the named curve */
	ok = ok && creds_der_oid(tmp, oid);
	creds_der_put(seq, 0x06, tmp->data, tmp->len);
	creds_der_put(body, 0xa0, seq->data, seq->len);
	creds_clear_array(tmp);
	creds_clear_array(seq);
	/* [1] publicKey: BIT STRING without unused bits, uncompressed point (SEC 1 2.3.3) */
	g_byte_array_append(tmp, point_prefix, sizeof(point_prefix));
	ok = ok && creds_fixed(tmp, &x, size) && creds_fixed(tmp, &y, size);
	creds_der_put(seq, 0x03, tmp->data, tmp->len);
	creds_der_put(body, 0xa1, seq->data, seq->len);
	creds_clear_array(seq);
	creds_der_put(seq, 0x30, body->data, body->len);
	if (ok)
		*out = creds_secret_bytes(seq->data, seq->len);
	gnutls_free(x.data);
	gnutls_free(y.data);
	ipsec_creds_read_wipe_datum(&k);
	creds_clear_array(body);
	creds_clear_array(tmp);
	creds_clear_array(seq);
	return ok ? 0 : GNUTLS_E_ECC_UNSUPPORTED_CURVE;
}

static int creds_export_key(gnutls_x509_privkey_t key, const char *file, const char *setting,
			    struct ipsec_creds *creds, struct l2tpc_failure *f)
{
	gnutls_datum_t d = { 0 };
	unsigned int bits = 0;
	int pk, r;

	pk = gnutls_x509_privkey_get_pk_algorithm2(key, &bits);
	switch (pk) {
	case GNUTLS_PK_RSA:
		creds->key_type = IPSEC_CREDS_KEY_RSA;
		break;
	case GNUTLS_PK_ECDSA:
		creds->key_type = IPSEC_CREDS_KEY_ECDSA;
		break;
	case GNUTLS_PK_EDDSA_ED25519:
		creds->key_type = IPSEC_CREDS_KEY_ED25519;
		break;
	case GNUTLS_PK_EDDSA_ED448:
		creds->key_type = IPSEC_CREDS_KEY_ED448;
		break;
	default:
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("the private key in %s is a %s key, which charon cannot sign IKE "
			  "messages with: use an RSA, ECDSA, Ed25519 or Ed448 key; check %s."),
			file, pk < 0 ? "unknown" : gnutls_pk_get_name(pk), setting);
		return -EOPNOTSUPP;
	}
	/* charon reads PKCS#1 for "rsa" and SEC1 for "ecdsa"; EdDSA keys only exist as PKCS#8. */
	if (creds->key_type == IPSEC_CREDS_KEY_ECDSA)
		r = creds_export_sec1(key, &creds->key);
	else if (creds->key_type == IPSEC_CREDS_KEY_RSA)
		r = gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_DER, &d);
	else
		r = gnutls_x509_privkey_export2_pkcs8(key, GNUTLS_X509_FMT_DER, NULL,
						      GNUTLS_PKCS_PLAIN, &d);
	if (r < 0) {
		ipsec_creds_read_wipe_datum(&d);
		l2tpc_failure_set(f, L2TPC_FAILURE_INTERNAL,
				  _("the private key in %s could not be converted for charon "
				    "(GnuTLS: %s); check %s."),
				  file, gnutls_strerror(r), setting);
		return -EIO;
	}
	if (!creds->key)
		creds->key = creds_secret_bytes(d.data, d.size);
	ipsec_creds_read_wipe_datum(&d);
	return 0;
}

static bool creds_crt_is_ca(gnutls_x509_crt_t crt)
{
	unsigned int ca = 0;

	return gnutls_x509_crt_get_basic_constraints(crt, NULL, &ca, NULL) >= 0 && ca;
}

/* Every CA-input certificate that is a CA; others (a PKCS#12's own certificate) are skipped. */
static int creds_take_cas(GPtrArray *cas, const struct ipsec_creds_reader *src, int64_t now,
			  struct ipsec_creds *creds, struct l2tpc_failure *f)
{
	const char *file = ipsec_creds_read_name(src);

	if (cas->len == 0) {
		l2tpc_failure_set(f, L2TPC_FAILURE_CONFIG,
				  _("%s contains no certificate: set %s to the certificate of the "
				    "authority that issued the server's certificate."),
				  file, src->setting);
		return -ENOENT;
	}
	for (unsigned int i = 0; i < cas->len; i++) {
		gnutls_x509_crt_t crt = cas->pdata[i];

		if (!creds_crt_is_ca(crt))
			continue;
		creds_check_validity(crt, file, src->setting, now, creds->warnings);
		g_ptr_array_add(creds->cas, creds_crt_der(crt));
	}
	if (creds->cas->len == 0) {
		g_autofree char *subject = creds_subject(cas->pdata[0]);

		/* vici load-cert refuses flag=CA without the basic constraint (RFC 5280 4.2.1.9) */
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("the certificate %s in %s is not a CA certificate (it lacks the "
			  "CA basic constraint) and charon would reject it: set %s to the "
			  "certificate of the authority that issued the server's certificate."),
			subject, file, src->setting);
		return -EINVAL;
	}
	return 0;
}

static bool creds_der_in(GPtrArray *list, GBytes *der)
{
	for (unsigned int i = 0; i < list->len; i++)
		if (g_bytes_equal(list->pdata[i], der))
			return true;
	return false;
}

/* Pairs the key with its certificate, the way swanctl's PKCS#12 loader ends up doing. */
static int creds_take_identity(GPtrArray *certs, GPtrArray *keys,
			       const struct ipsec_creds_reader *cert_src,
			       const struct ipsec_creds_reader *key_src, int64_t now,
			       struct ipsec_creds *creds, struct l2tpc_failure *f)
{
	const char *cert_file = ipsec_creds_read_name(cert_src);
	const char *key_file = key_src->in->data ? ipsec_creds_read_name(key_src) : cert_file;
	const char *key_setting = key_src->in->data ? key_src->setting : cert_src->setting;
	gnutls_x509_crt_t leaf = NULL;
	gnutls_x509_privkey_t key = NULL;
	int r;

	if (certs->len == 0) {
		l2tpc_failure_set(f, L2TPC_FAILURE_CONFIG,
				  _("%s contains %s but no certificate: set %s to the certificate "
				    "(and %s to the key file)."),
				  cert_file, keys->len ? "a private key" : "nothing usable",
				  cert_src->setting, key_src->setting);
		return -ENOENT;
	}
	if (keys->len == 0) {
		if (key_src->in->data)
			l2tpc_failure_set(f, L2TPC_FAILURE_CONFIG,
					  _("%s contains no private key: set %s to the private key "
					    "of the certificate in %s."),
					  key_file, key_src->setting, cert_file);
		else
			l2tpc_failure_set(f, L2TPC_FAILURE_CONFIG,
					  _("%s%s holds no private key: set %s to the key file, or "
					    "use a PKCS#12 bundle that includes the key."),
					  cert_src->is_p12 ? _("the PKCS#12 file ") : "", cert_file,
					  key_src->setting);
		return -ENOKEY;
	}
	for (unsigned int k = 0; k < keys->len && !leaf; k++)
		for (unsigned int c = 0; c < certs->len && !leaf; c++)
			if (creds_key_matches(keys->pdata[k], certs->pdata[c])) {
				leaf = certs->pdata[c];
				key = keys->pdata[k];
			}
	if (!leaf) {
		g_autofree char *subject = creds_subject(certs->pdata[0]);

		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("the private key in %s does not belong to the certificate %s in "
			  "%s: set %s to that certificate's own key."),
			key_file, subject, cert_file, key_setting);
		return -EINVAL;
	}
	r = creds_export_key(key, key_file, key_setting, creds, f);
	if (r < 0)
		return r;
	creds->cert = creds_crt_der(leaf);
	creds->subject = creds_subject(leaf);
	creds->subject_asn1dn = creds_subject_asn1dn(leaf);
	creds->fingerprint = creds_fingerprint(leaf);
	creds->not_before = gnutls_x509_crt_get_activation_time(leaf);
	creds->not_after = gnutls_x509_crt_get_expiration_time(leaf);
	creds_check_validity(leaf, cert_file, cert_src->setting, now, creds->warnings);
	for (unsigned int c = 0; c < certs->len; c++) {
		g_autoptr(GBytes) der = NULL;

		if (certs->pdata[c] == leaf)
			continue;
		der = creds_crt_der(certs->pdata[c]);
		if (!der || g_bytes_equal(der, creds->cert) || creds_der_in(creds->chain, der))
			continue;
		creds_check_validity(certs->pdata[c], cert_file, cert_src->setting, now,
				     creds->warnings);
		g_ptr_array_add(creds->chain, g_steal_pointer(&der));
	}
	if (!creds->cert || !creds->subject_asn1dn)
		return -ENOMEM;
	return 0;
}

static void creds_reader_init(struct ipsec_creds_reader *src, const struct ipsec_creds_input *in,
			      const char *setting, const struct ipsec_creds_request *req,
			      const char *pass_setting, GPtrArray *certs, GPtrArray *keys,
			      struct l2tpc_failure *f)
{
	*src = (struct ipsec_creds_reader){
		.in = in,
		.setting = setting,
		.pass_setting = pass_setting,
		.password = req->password,
		.f = f,
		.certs = certs,
		.keys = keys,
		.labels = g_string_new(NULL),
	};
}

int ipsec_creds_gnutls_parse(const struct ipsec_creds_request *req, struct ipsec_creds **out,
			     struct l2tpc_failure *f)
{
	const char *prefix = req->setting_prefix ? req->setting_prefix : "machine";
	g_autofree char *cert_setting = g_strdup_printf("%s-cert", prefix);
	g_autofree char *key_setting = g_strdup_printf("%s-key", prefix);
	g_autofree char *ca_setting = g_strdup_printf("%s-ca", prefix);
	g_autofree char *pass_setting = g_strdup_printf("%s-certpass", prefix);
	g_autoptr(GPtrArray) certs = g_ptr_array_new_with_free_func(ipsec_creds_read_free_crt);
	g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(ipsec_creds_read_free_key);
	g_autoptr(GPtrArray) cas = g_ptr_array_new_with_free_func(ipsec_creds_read_free_crt);
	g_autoptr(GPtrArray) ca_keys = g_ptr_array_new_with_free_func(ipsec_creds_read_free_key);
	struct ipsec_creds_reader cert_src, key_src, ca_src;
	struct ipsec_creds *creds;
	int r = 0;

	*out = NULL;
	creds_reader_init(&cert_src, &req->cert, cert_setting, req, pass_setting, certs, keys, f);
	creds_reader_init(&key_src, &req->key, key_setting, req, pass_setting, certs, keys, f);
	creds_reader_init(&ca_src, &req->ca, ca_setting, req, pass_setting, cas, ca_keys, f);
	creds = g_new0(struct ipsec_creds, 1);
	creds->chain = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	creds->cas = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	creds->warnings = g_ptr_array_new_with_free_func(g_free);

	if (!req->cert.data && req->key.data) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("%s is set but %s is not: set %s to the certificate of that key."),
			key_setting, cert_setting, cert_setting);
		r = -ENOENT;
	}
	if (r == 0 && !req->cert.data && !req->ca.data) {
		l2tpc_failure_set(
			f, L2TPC_FAILURE_CONFIG,
			_("no certificate is set: set %s and %s (or use a pre-shared key)."),
			cert_setting, ca_setting);
		r = -ENOENT;
	}
	if (r == 0 && req->cert.data)
		r = ipsec_creds_read(&cert_src);
	if (r == 0 && req->key.data)
		r = ipsec_creds_read(&key_src);
	if (r == 0 && req->ca.data)
		r = ipsec_creds_read(&ca_src);
	if (r == 0 && req->cert.data)
		r = creds_take_identity(certs, keys, &cert_src, &key_src, req->now, creds, f);
	if (r == 0 && req->ca.data)
		r = creds_take_cas(cas, &ca_src, req->now, creds, f);

	g_string_free(cert_src.labels, TRUE);
	g_string_free(key_src.labels, TRUE);
	g_string_free(ca_src.labels, TRUE);
	if (r < 0) {
		if (!l2tpc_failure_is_set(f))
			l2tpc_failure_set(f, L2TPC_FAILURE_INTERNAL,
					  _("reading the certificates failed (%s); check %s."),
					  g_strerror(-r), cert_setting);
		ipsec_creds_free(creds);
		return r;
	}
	*out = creds;
	return 0;
}
