/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec-creds-read: one credential input (bytes) into GnuTLS certificates and keys.
 *
 * Internal to ipsec-creds.c. The format is found from the content: PEM text (any number of
 * RFC 7468 blocks: certificates, PKCS#1/SEC1/PKCS#8 keys, encrypted or not, PKCS#12), else
 * DER tried as certificate, PKCS#12 (RFC 7292), encrypted PKCS#8, plain key. Pure: no files,
 * no clock, no logging; every failure is one sentence in the reader's failure.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>
#include <gnutls/gnutls.h>

#include "ipsec-creds.h"
#include "l2tpc-failure.h"

/* One input being read: where its certificates and keys go and how to word its failures. */
struct ipsec_creds_reader {
	const struct ipsec_creds_input *in;
	const char *setting;	  /* "machine-cert", "machine-key", "machine-ca" */
	const char *pass_setting; /* "machine-certpass" */
	const char *password;	  /* may be NULL */
	struct l2tpc_failure *f;
	GPtrArray *certs; /* gnutls_x509_crt_t */
	GPtrArray *keys;  /* gnutls_x509_privkey_t */
	GString *labels;  /* PEM labels seen that hold neither certificate nor key */
	bool is_p12;
};

/**
 * Appends every certificate and key of @reader->in to @reader->certs / @reader->keys.
 * Returns 0 or -errno (see ipsec_creds_parse()) with one sentence in @reader->f.
 */
int ipsec_creds_read(struct ipsec_creds_reader *reader);
/** The input's file name for sentences (its setting name if it has none). */
const char *ipsec_creds_read_name(const struct ipsec_creds_reader *reader);

/** GDestroyNotify for the certs and keys lists. */
void ipsec_creds_read_free_crt(gpointer crt);
void ipsec_creds_read_free_key(gpointer key);
/** Zeroes and gnutls_free()s a datum GnuTLS allocated. */
void ipsec_creds_read_wipe_datum(gnutls_datum_t *d);
