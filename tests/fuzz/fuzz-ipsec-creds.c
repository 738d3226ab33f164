// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzzes ipsec_creds_parse() (files a user imports: PEM, DER, PKCS#8, PKCS#12) with a fixed
 * password, the input used once as certificate file and once as CA file. Every failure must
 * carry one sentence; every success must export DER that reads back to the same certificate,
 * key and key type.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec-creds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW ((int64_t)4102444800) /* 2100-01-01 */

static void check_failure(int r, struct ipsec_creds *creds, struct l2tpc_failure *f)
{
	if (r >= 0 || creds || !f->sentence || !g_str_has_suffix(f->sentence, "."))
		abort();
	l2tpc_failure_clear(f);
}

/* The exported blobs, parsed again as DER certificate and DER key, give the same result. */
static void check_round_trip(const struct ipsec_creds *creds)
{
	gsize cert_len, key_len;
	const uint8_t *cert = g_bytes_get_data(creds->cert, &cert_len);
	const uint8_t *key = g_bytes_get_data(creds->key, &key_len);
	struct ipsec_creds_request req = {
		.cert = { cert, cert_len, "cert.der" },
		.key = { key, key_len, "key.der" },
		.now = NOW,
	};
	struct ipsec_creds *again = NULL;
	struct l2tpc_failure f = { 0 };

	if (ipsec_creds_parse(&req, &again, &f) < 0)
		abort();
	if (!g_bytes_equal(again->cert, creds->cert) || !g_bytes_equal(again->key, creds->key) ||
	    again->key_type != creds->key_type || strcmp(again->subject, creds->subject) != 0 ||
	    strcmp(again->fingerprint, creds->fingerprint) != 0)
		abort();
	ipsec_creds_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipsec_creds_request req = { .password = "l2tpc-test", .now = NOW };
	struct ipsec_creds *creds = NULL;
	struct l2tpc_failure f = { 0 };
	int r;

	req.cert = (struct ipsec_creds_input){ data, size, "fuzz.bin" };
	r = ipsec_creds_parse(&req, &creds, &f);
	if (r == 0) {
		if (!creds->cert || !creds->key || !creds->subject || !creds->subject_asn1dn ||
		    l2tpc_failure_is_set(&f))
			abort();
		check_round_trip(creds);
		ipsec_creds_free(creds);
	} else {
		check_failure(r, creds, &f);
	}

	req.cert = (struct ipsec_creds_input){ 0 };
	req.ca = (struct ipsec_creds_input){ data, size, "fuzz.bin" };
	creds = NULL;
	r = ipsec_creds_parse(&req, &creds, &f);
	if (r == 0) {
		if (creds->cert || creds->key || creds->cas->len == 0)
			abort();
		ipsec_creds_free(creds);
	} else {
		check_failure(r, creds, &f);
	}
	return 0;
}
