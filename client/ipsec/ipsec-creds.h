/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec-creds: certificates and private keys for charon, read with GnuTLS.
 *
 * charon's VICI `load-cert` and `load-key` take plain DER (or PEM) blobs; they do not open
 * PKCS#12 bundles or decrypt keys. This module does that on our side, the way swanctl does:
 * it reads the profile's certificate, key and CA files (PEM or DER certificates and bundles,
 * PKCS#1 / SEC1 / PKCS#8 keys, encrypted or not, PKCS#12), decrypts them with the certificate
 * password, matches the key to its certificate and hands back DER blobs ready to send:
 *
 *   cert      load-cert type=X509 flag=NONE   the end-entity certificate
 *   chain[]   load-cert type=X509 flag=NONE   every other certificate found next to it
 *   cas[]     load-cert type=X509 flag=CA     the CA file's certificates (all have CA:TRUE)
 *   key       load-key  type=ipsec_creds_key_type_vici(key_type)
 *
 * The format of each input is detected from its content, never from the file name.
 * ipsec_creds_parse() is pure (bytes in, no files, no clock: the time is a parameter) so tests
 * and the fuzzer call it directly; ipsec_creds_load() reads the files and logs.
 * Every failure is one sentence in a struct l2tpc_failure that names the file and the profile
 * setting to fix ("machine-cert", "machine-certpass", ...). Passwords are never logged or
 * copied; key material is wiped when the last reference to it goes away.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "l2tpc-failure.h"

/** Private key algorithms charon can sign IKE messages with. */
enum ipsec_creds_key_type {
	IPSEC_CREDS_KEY_NONE = 0,
	IPSEC_CREDS_KEY_RSA,	 /* key DER is PKCS#1 RSAPrivateKey */
	IPSEC_CREDS_KEY_ECDSA,	 /* key DER is SEC1 ECPrivateKey (RFC 5915) */
	IPSEC_CREDS_KEY_ED25519, /* key DER is PKCS#8 (RFC 8410) */
	IPSEC_CREDS_KEY_ED448,	 /* key DER is PKCS#8 (RFC 8410) */
};

/** The `type` value of VICI load-key for @type ("rsa", "ecdsa", "ed25519", "ed448"). */
const char *ipsec_creds_key_type_vici(enum ipsec_creds_key_type type);

struct ipsec_creds {
	GBytes *cert;	  /* end-entity certificate, DER; NULL when only CAs were asked for */
	GPtrArray *chain; /* GBytes: other certificates from the cert/key files, DER */
	GPtrArray *cas;	  /* GBytes: certificates from the CA file, DER, all CA:TRUE */
	GBytes *key;	  /* private key DER (see key_type); wiped when its last ref drops */
	enum ipsec_creds_key_type key_type;
	char *subject;	      /* "C=XX,O=Org,CN=name": X.500 order, as strongSwan prints it */
	char *subject_asn1dn; /* "asn1dn:#30..": exact DER subject, for charon's local id */
	char *fingerprint;    /* "SHA256:ab:cd:..": of the end-entity certificate, for logs */
	int64_t not_before;   /* end-entity validity, Unix seconds */
	int64_t not_after;
	GPtrArray *warnings; /* char *: sentences worth a warning (expired certificate, ...) */
};

void ipsec_creds_free(struct ipsec_creds *creds);
static inline void ipsec_creds_freep(struct ipsec_creds **creds)
{
	g_clear_pointer(creds, ipsec_creds_free);
}
#define _ipsec_creds_auto_ __attribute__((cleanup(ipsec_creds_freep)))

/** One input: a file's bytes and its name (only used in sentences). Empty = not given. */
struct ipsec_creds_input {
	const uint8_t *data;
	size_t len;
	const char *name;
};

struct ipsec_creds_request {
	const char *setting_prefix;    /* "machine" or "user": sentences name "<prefix>-cert" */
	struct ipsec_creds_input cert; /* certificate, bundle or PKCS#12 (may also hold the key) */
	struct ipsec_creds_input key;  /* private key or PKCS#12; optional */
	struct ipsec_creds_input ca;   /* CA certificate(s) or PKCS#12; optional */
	const char *password;	       /* secret: decrypts keys and PKCS#12; NULL = none */
	int64_t now;		       /* Unix seconds, for the validity warnings */
};

/** Largest input accepted, per file. */
#define IPSEC_CREDS_MAX_INPUT (1024 * 1024)

/**
 * Parses and checks the inputs of @req. A certificate needs its private key (in the key input
 * or in the certificate input itself); CA-only requests leave cert and key NULL.
 * Returns 0 and a new struct in @out, or -errno with one sentence in @f:
 * -EBADMSG unreadable or unsupported format, -EKEYREJECTED wrong or missing password,
 * -ENOKEY no private key, -EINVAL key/certificate mismatch or a CA that is not a CA,
 * -ENOENT no certificate, -EOPNOTSUPP unsupported key type or encryption, -EFBIG too large.
 */
int ipsec_creds_parse(const struct ipsec_creds_request *req, struct ipsec_creds **out,
		      struct l2tpc_failure *f);
/** The same, in the GnuTLS module itself (ipsec-creds-parse.c loads it on first use). */
int ipsec_creds_gnutls_parse(const struct ipsec_creds_request *req, struct ipsec_creds **out,
			     struct l2tpc_failure *f);

/**
 * Reads the file @path, named by the profile setting @setting ("machine-key"), into a new
 * buffer (g_malloc; the caller wipes and frees it). Returns 0, or -errno with one sentence in
 * @f. Lets a caller decide how files are opened: NetworkManager's service reads a private
 * connection's files as the connection's user.
 */
typedef int (*ipsec_creds_read_fn)(const char *path, const char *setting, uint8_t **data,
				   size_t *len, struct l2tpc_failure *f, void *ud);

/** File names for ipsec_creds_load(); NULL or "" for inputs that are not set. */
struct ipsec_creds_files {
	const char *setting_prefix; /* "machine" or "user" */
	const char *cert_path;
	const char *key_path;
	const char *ca_path;
	const char *password;	  /* secret, not copied */
	ipsec_creds_read_fn read; /* NULL: this process opens the files */
	void *read_ud;
};

/**
 * Reads the files of @files, parses them with ipsec_creds_parse() at the current time, logs
 * the certificate's subject and fingerprint and every warning. Returns 0 or -errno with one
 * sentence in @f (-ENOENT/-EACCES/-EIO when a file cannot be read).
 */
int ipsec_creds_load(const struct ipsec_creds_files *files, struct ipsec_creds **out,
		     struct l2tpc_failure *f);
