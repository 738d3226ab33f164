// SPDX-License-Identifier: GPL-2.0-or-later
/* ipsec-creds-read: see ipsec-creds-read.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>

#include "ipsec-creds-read.h"
#include "l2tpc-i18n.h"

/*
 * Password-based key derivation costs one hash per iteration. Real files use 2048 (OpenSSL)
 * to 600000 (recent PBKDF2 advice); a file asking for more is refused instead of stalling
 * the connection for minutes (and the fuzzer with it).
 */
#define CREDS_MAX_KDF_ITER   1000000u
#define CREDS_MAX_PEM_BLOCKS 64
#define CREDS_MAX_P12_BAGS   64
#define CREDS_MAX_LABEL	     64

void ipsec_creds_read_free_crt(gpointer p)
{
	gnutls_x509_crt_deinit(p);
}

void ipsec_creds_read_free_key(gpointer p)
{
	/* GnuTLS clears the key's parameters when it releases them. */
	gnutls_x509_privkey_deinit(p);
}

void ipsec_creds_read_wipe_datum(gnutls_datum_t *d)
{
	if (d->data) {
		gnutls_memset(d->data, 0, d->size);
		gnutls_free(d->data);
	}
	d->data = NULL;
	d->size = 0;
}

const char *ipsec_creds_read_name(const struct ipsec_creds_reader *src)
{
	return src->in->name ? src->in->name : src->setting;
}

static bool creds_have_password(const struct ipsec_creds_reader *src)
{
	return src->password && src->password[0];
}

/* @what is "the PKCS#12 file F" or "the private key in F". */
static int creds_fail_password(struct ipsec_creds_reader *src, const char *what)
{
	if (!creds_have_password(src))
		l2tpc_failure_set(src->f, L2TPC_FAILURE_CONFIG,
				  _("%s is password protected: set the certificate password (%s)."),
				  what, src->pass_setting);
	else
		l2tpc_failure_set(
			src->f, L2TPC_FAILURE_CONFIG,
			_("%s could not be decrypted: the certificate password (%s) is wrong."),
			what, src->pass_setting);
	return -EKEYREJECTED;
}

static int creds_check_iter(struct ipsec_creds_reader *src, unsigned int iter)
{
	if (iter <= CREDS_MAX_KDF_ITER)
		return 0;
	l2tpc_failure_set(src->f, L2TPC_FAILURE_CONFIG,
			  _("%s asks for %u key-derivation rounds, more than the %u l2tpc accepts: "
			    "export it again with fewer; check %s."),
			  ipsec_creds_read_name(src), iter, CREDS_MAX_KDF_ITER, src->setting);
	return -EOPNOTSUPP;
}

/* Unknown algorithms, and known ones the system's crypto policy forbids (RC2 under FIPS). */
static bool creds_is_unsupported(int r)
{
	return r == GNUTLS_E_UNKNOWN_CIPHER_TYPE || r == GNUTLS_E_UNKNOWN_HASH_ALGORITHM ||
	       r == GNUTLS_E_UNKNOWN_ALGORITHM || r == GNUTLS_E_UNIMPLEMENTED_FEATURE ||
	       r == GNUTLS_E_UNKNOWN_PK_ALGORITHM || r == GNUTLS_E_UNKNOWN_CIPHER_SUITE ||
	       r == GNUTLS_E_INSUFFICIENT_SECURITY || r == GNUTLS_E_UNWANTED_ALGORITHM;
}

static int creds_fail_unsupported_encryption(struct ipsec_creds_reader *src, const char *what,
					     int r)
{
	l2tpc_failure_set(
		src->f, L2TPC_FAILURE_CONFIG,
		_("%s is encrypted with an algorithm GnuTLS cannot decrypt (%s): export it "
		  "again with AES (PBES2), e.g. openssl pkcs12 -export or openssl pkcs8 "
		  "-topk8 -v2 aes-256-cbc; check %s."),
		what, gnutls_strerror(r), src->setting);
	return -EOPNOTSUPP;
}

static int creds_add_cert(struct ipsec_creds_reader *src, const gnutls_datum_t *d,
			  gnutls_x509_crt_fmt_t fmt)
{
	gnutls_x509_crt_t crt;
	int r;

	if (gnutls_x509_crt_init(&crt) < 0)
		return -ENOMEM;
	r = gnutls_x509_crt_import(crt, d, fmt);
	if (r < 0) {
		gnutls_x509_crt_deinit(crt);
		l2tpc_failure_set(src->f, L2TPC_FAILURE_CONFIG,
				  _("a certificate in %s cannot be read (GnuTLS: %s): the file is "
				    "damaged; check %s."),
				  ipsec_creds_read_name(src), gnutls_strerror(r), src->setting);
		return -EBADMSG;
	}
	g_ptr_array_add(src->certs, crt);
	return 0;
}

/* A private key in PEM (any label GnuTLS knows) or DER, encrypted or not. */
static int creds_add_key(struct ipsec_creds_reader *src, const gnutls_datum_t *d,
			 gnutls_x509_crt_fmt_t fmt)
{
	g_autofree char *what =
		g_strdup_printf(_("the private key in %s"), ipsec_creds_read_name(src));
	unsigned int schema = 0, cipher = 0, iter = 0;
	gnutls_x509_privkey_t key;
	bool encrypted = false;
	int r;

	if (gnutls_pkcs8_info(d, fmt, &schema, &cipher, NULL, NULL, &iter, NULL) >= 0) {
		encrypted = true;
		r = creds_check_iter(src, iter);
		if (r < 0)
			return r;
	} else if (fmt == GNUTLS_X509_FMT_PEM &&
		   memmem(d->data, d->size, "Proc-Type: 4,ENCRYPTED", 22)) {
		encrypted = true; /* OpenSSL's legacy PEM encryption */
	}
	if (gnutls_x509_privkey_init(&key) < 0)
		return -ENOMEM;
	r = gnutls_x509_privkey_import2(key, d, fmt, encrypted ? (src->password ?: "") : NULL,
					encrypted ? 0 : GNUTLS_PKCS_PLAIN);
	if (r < 0) {
		gnutls_x509_privkey_deinit(key);
		if (encrypted && creds_is_unsupported(r))
			return creds_fail_unsupported_encryption(src, what, r);
		if (encrypted)
			return creds_fail_password(src, what);
		l2tpc_failure_set(
			src->f, L2TPC_FAILURE_CONFIG,
			_("%s cannot be read (GnuTLS: %s): it is damaged or not a PKCS#1, "
			  "SEC1 or PKCS#8 key; check %s."),
			what, gnutls_strerror(r), src->setting);
		return -EBADMSG;
	}
	g_ptr_array_add(src->keys, key);
	return 0;
}

/* One PKCS#12 bag element: certificates and (shrouded) keys; CRLs and secrets are skipped. */
static int creds_p12_element(struct ipsec_creds_reader *src, gnutls_pkcs12_bag_t bag,
			     unsigned int i)
{
	g_autofree char *what = NULL;
	unsigned int schema, cipher, iter = 0;
	gnutls_x509_privkey_t key;
	gnutls_datum_t d;
	int type, r;

	type = gnutls_pkcs12_bag_get_type(bag, i);
	if (type != GNUTLS_BAG_CERTIFICATE && type != GNUTLS_BAG_PKCS8_KEY &&
	    type != GNUTLS_BAG_PKCS8_ENCRYPTED_KEY)
		return 0;
	if (gnutls_pkcs12_bag_get_data(bag, i, &d) < 0)
		return 0;
	if (type == GNUTLS_BAG_CERTIFICATE)
		return creds_add_cert(src, &d, GNUTLS_X509_FMT_DER);

	what = g_strdup_printf(_("the private key in the PKCS#12 file %s"),
			       ipsec_creds_read_name(src));
	if (type == GNUTLS_BAG_PKCS8_ENCRYPTED_KEY &&
	    gnutls_pkcs8_info(&d, GNUTLS_X509_FMT_DER, &schema, &cipher, NULL, NULL, &iter, NULL) >=
		    0) {
		r = creds_check_iter(src, iter);
		if (r < 0)
			return r;
	}
	if (gnutls_x509_privkey_init(&key) < 0)
		return -ENOMEM;
	if (type == GNUTLS_BAG_PKCS8_KEY)
		r = gnutls_x509_privkey_import_pkcs8(key, &d, GNUTLS_X509_FMT_DER, NULL,
						     GNUTLS_PKCS_PLAIN);
	else
		r = gnutls_x509_privkey_import_pkcs8(key, &d, GNUTLS_X509_FMT_DER,
						     src->password ?: "", 0);
	if (r < 0) {
		gnutls_x509_privkey_deinit(key);
		if (creds_is_unsupported(r))
			return creds_fail_unsupported_encryption(src, what, r);
		if (type == GNUTLS_BAG_PKCS8_ENCRYPTED_KEY && r == GNUTLS_E_DECRYPTION_FAILED)
			return creds_fail_password(src, what);
		l2tpc_failure_set(
			src->f, L2TPC_FAILURE_CONFIG,
			_("%s cannot be read (GnuTLS: %s): the file is damaged; check %s."), what,
			gnutls_strerror(r), src->setting);
		return -EBADMSG;
	}
	g_ptr_array_add(src->keys, key);
	return 0;
}

/*
 * RFC 7292: a PFX holds an authenticated list of bags, each plain or password-encrypted, whose
 * elements are certificates and (PKCS#8-shrouded) keys. Like swanctl, every certificate and
 * key is taken; ipsec_creds_parse() later pairs the key with its certificate.
 */
static int creds_read_p12(struct ipsec_creds_reader *src, gnutls_pkcs12_t p12)
{
	g_autofree char *what =
		g_strdup_printf(_("the PKCS#12 file %s"), ipsec_creds_read_name(src));
	const char *password = src->password ?: "";
	unsigned int mac, iter = 0;
	char *oid = NULL;
	int r;

	src->is_p12 = true;
	/* No MAC (openssl -nomac) is legal; a wrong password then shows at decryption. */
	/*
	 * Asking for the OID is deliberate: GnuTLS 3.7 leaks it when the MAC algorithm is
	 * unknown unless the caller takes it (found by fuzz-ipsec-creds).
	 */
	r = gnutls_pkcs12_mac_info(p12, &mac, NULL, NULL, &iter, &oid);
	gnutls_free(oid);
	if (r == GNUTLS_E_UNKNOWN_HASH_ALGORITHM)
		return creds_fail_unsupported_encryption(src, what, r);
	if (r >= 0) {
		r = creds_check_iter(src, iter);
		if (r < 0)
			return r;
		r = gnutls_pkcs12_verify_mac(p12, password);
		if (r == GNUTLS_E_MAC_VERIFY_FAILED)
			return creds_fail_password(src, what);
		if (r < 0 && creds_is_unsupported(r))
			return creds_fail_unsupported_encryption(src, what, r);
		if (r < 0) {
			l2tpc_failure_set(
				src->f, L2TPC_FAILURE_CONFIG,
				_("%s cannot be checked (GnuTLS: %s): the file is damaged; "
				  "check %s."),
				what, gnutls_strerror(r), src->setting);
			return -EBADMSG;
		}
	}
	for (int i = 0; i < CREDS_MAX_P12_BAGS; i++) {
		gnutls_pkcs12_bag_t bag;
		unsigned int schema, cipher;
		int count;

		if (gnutls_pkcs12_bag_init(&bag) < 0)
			return -ENOMEM;
		r = gnutls_pkcs12_get_bag(p12, i, bag);
		if (r == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
			gnutls_pkcs12_bag_deinit(bag);
			return 0;
		}
		if (r >= 0 && gnutls_pkcs12_bag_get_type(bag, 0) == GNUTLS_BAG_ENCRYPTED) {
			iter = 0;
			if (gnutls_pkcs12_bag_enc_info(bag, &schema, &cipher, NULL, NULL, &iter,
						       NULL) >= 0 &&
			    creds_check_iter(src, iter) < 0) {
				gnutls_pkcs12_bag_deinit(bag);
				return -EOPNOTSUPP;
			}
			r = gnutls_pkcs12_bag_decrypt(bag, password);
			if (r < 0) {
				gnutls_pkcs12_bag_deinit(bag);
				if (creds_is_unsupported(r))
					return creds_fail_unsupported_encryption(src, what, r);
				return creds_fail_password(src, what);
			}
		}
		if (r < 0) {
			gnutls_pkcs12_bag_deinit(bag);
			l2tpc_failure_set(src->f, L2TPC_FAILURE_CONFIG,
					  _("%s cannot be read (GnuTLS: %s): the file is damaged; "
					    "check %s."),
					  what, gnutls_strerror(r), src->setting);
			return -EBADMSG;
		}
		count = gnutls_pkcs12_bag_get_count(bag);
		for (int j = 0; j < count && r >= 0; j++)
			r = creds_p12_element(src, bag, j);
		gnutls_pkcs12_bag_deinit(bag);
		if (r < 0)
			return r;
	}
	return 0;
}

static int creds_try_p12(struct ipsec_creds_reader *src, const gnutls_datum_t *der, bool *is_p12)
{
	gnutls_pkcs12_t p12;
	int r;

	*is_p12 = false;
	if (gnutls_pkcs12_init(&p12) < 0)
		return -ENOMEM;
	if (gnutls_pkcs12_import(p12, der, GNUTLS_X509_FMT_DER, 0) < 0) {
		gnutls_pkcs12_deinit(p12);
		return 0;
	}
	*is_p12 = true;
	r = creds_read_p12(src, p12);
	gnutls_pkcs12_deinit(p12);
	return r;
}

static int creds_fail_format(struct ipsec_creds_reader *src)
{
	g_autofree char *seen = NULL;

	if (src->labels->len)
		seen = g_strdup_printf(_(" (it holds only PEM blocks of type %s)"),
				       src->labels->str);
	l2tpc_failure_set(
		src->f, L2TPC_FAILURE_CONFIG,
		_("%s is not a certificate or key file l2tpc can read%s: use a PEM or DER "
		  "X.509 certificate, a PEM or DER private key (PKCS#1, SEC1 or PKCS#8, "
		  "optionally password-encrypted) or a PKCS#12 (.p12/.pfx) bundle; check %s."),
		ipsec_creds_read_name(src), seen ? seen : "", src->setting);
	return -EBADMSG;
}

/* A DER input: certificate, PKCS#12, or private key, tried in that order. */
static int creds_read_der(struct ipsec_creds_reader *src)
{
	gnutls_datum_t d = { (unsigned char *)src->in->data, (unsigned int)src->in->len };
	unsigned int schema, cipher, iter;
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t crt;
	bool is_p12;
	int r;

	if (gnutls_x509_crt_init(&crt) < 0)
		return -ENOMEM;
	if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) >= 0) {
		g_ptr_array_add(src->certs, crt);
		return 0;
	}
	gnutls_x509_crt_deinit(crt);

	r = creds_try_p12(src, &d, &is_p12);
	if (is_p12)
		return r;

	if (gnutls_pkcs8_info(&d, GNUTLS_X509_FMT_DER, &schema, &cipher, NULL, NULL, &iter, NULL) >=
	    0)
		return creds_add_key(src, &d, GNUTLS_X509_FMT_DER);

	if (gnutls_x509_privkey_init(&key) < 0)
		return -ENOMEM;
	r = gnutls_x509_privkey_import2(key, &d, GNUTLS_X509_FMT_DER, NULL, GNUTLS_PKCS_PLAIN);
	if (r >= 0) {
		g_ptr_array_add(src->keys, key);
		return 0;
	}
	gnutls_x509_privkey_deinit(key);
	return creds_fail_format(src);
}

static int creds_pem_block(struct ipsec_creds_reader *src, const char *label, const uint8_t *start,
			   size_t len)
{
	static const char *const cert_labels[] = { "CERTIFICATE", "X509 CERTIFICATE" };
	static const char *const key_labels[] = { "PRIVATE KEY", "ENCRYPTED PRIVATE KEY",
						  "RSA PRIVATE KEY", "EC PRIVATE KEY",
						  "DSA PRIVATE KEY" };
	gnutls_datum_t d = { (unsigned char *)start, (unsigned int)len };

	for (size_t i = 0; i < G_N_ELEMENTS(cert_labels); i++)
		if (strcmp(label, cert_labels[i]) == 0)
			return creds_add_cert(src, &d, GNUTLS_X509_FMT_PEM);
	for (size_t i = 0; i < G_N_ELEMENTS(key_labels); i++)
		if (strcmp(label, key_labels[i]) == 0)
			return creds_add_key(src, &d, GNUTLS_X509_FMT_PEM);
	if (strcmp(label, "PKCS12") == 0) {
		gnutls_datum_t der = { 0 };
		bool is_p12;
		int r;

		if (gnutls_pem_base64_decode2(label, &d, &der) < 0)
			return creds_fail_format(src);
		r = creds_try_p12(src, &der, &is_p12);
		ipsec_creds_read_wipe_datum(&der);
		return is_p12 ? r : creds_fail_format(src);
	}
	/* EC PARAMETERS, PUBLIC KEY, CERTIFICATE REQUEST, ...: remembered for the sentence. */
	if (!strstr(src->labels->str, label))
		g_string_append_printf(src->labels, "%s\"%s\"", src->labels->len ? ", " : "",
				       label);
	return 0;
}

/* RFC 7468 textual encoding: any number of BEGIN/END blocks, text around them ignored. */
static int creds_read_pem(struct ipsec_creds_reader *src)
{
	const uint8_t *p = src->in->data, *end = p + src->in->len;
	unsigned int blocks = 0;

	while (p < end) {
		const uint8_t *begin, *label, *label_end, *stop;
		char name[CREDS_MAX_LABEL + 1], marker[CREDS_MAX_LABEL + 16];
		size_t label_len;
		int r;

		begin = memmem(p, end - p, "-----BEGIN ", 11);
		if (!begin)
			break;
		label = begin + 11;
		label_end = memmem(label, end - label, "-----", 5);
		if (!label_end)
			break;
		label_len = label_end - label;
		if (label_len > CREDS_MAX_LABEL || memchr(label, '\n', label_len) ||
		    memchr(label, '\0', label_len)) {
			p = label;
			continue;
		}
		memcpy(name, label, label_len);
		name[label_len] = '\0';
		snprintf(marker, sizeof(marker), "-----END %s-----", name);
		stop = memmem(label_end + 5, end - (label_end + 5), marker, strlen(marker));
		if (!stop) {
			l2tpc_failure_set(
				src->f, L2TPC_FAILURE_CONFIG,
				_("%s has a \"%s\" block without its END line: the file is "
				  "cut short; check %s."),
				ipsec_creds_read_name(src), name, src->setting);
			return -EBADMSG;
		}
		stop += strlen(marker);
		if (++blocks > CREDS_MAX_PEM_BLOCKS) {
			l2tpc_failure_set(src->f, L2TPC_FAILURE_CONFIG,
					  _("%s holds more than %d PEM blocks: give only the "
					    "certificate, its chain and its key; check %s."),
					  ipsec_creds_read_name(src), CREDS_MAX_PEM_BLOCKS,
					  src->setting);
			return -EFBIG;
		}
		r = creds_pem_block(src, name, begin, stop - begin);
		if (r < 0)
			return r;
		p = stop;
	}
	if (src->certs->len == 0 && src->keys->len == 0)
		return creds_fail_format(src);
	return 0;
}

int ipsec_creds_read(struct ipsec_creds_reader *src)
{
	const struct ipsec_creds_input *in = src->in;

	if (in->len == 0) {
		l2tpc_failure_set(src->f, L2TPC_FAILURE_CONFIG, _("%s is empty; check %s."),
				  ipsec_creds_read_name(src), src->setting);
		return -EBADMSG;
	}
	if (in->len > IPSEC_CREDS_MAX_INPUT) {
		l2tpc_failure_set(src->f, L2TPC_FAILURE_CONFIG,
				  _("%s is larger than 1 MiB, which no certificate or key file is; "
				    "check %s."),
				  ipsec_creds_read_name(src), src->setting);
		return -EFBIG;
	}
	if (memmem(in->data, in->len, "-----BEGIN ", 11))
		return creds_read_pem(src);
	return creds_read_der(src);
}
