// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-creds-free: the GnuTLS-free parts of ipsec-creds.h, linked both into the client and
 * into the credentials module (ipsec-creds-module.c), which frees what it built on errors.
 */
#include "ipsec-creds.h"

const char *ipsec_creds_key_type_vici(enum ipsec_creds_key_type type)
{
	switch (type) {
	case IPSEC_CREDS_KEY_RSA:
		return "rsa";
	case IPSEC_CREDS_KEY_ECDSA:
		return "ecdsa";
	case IPSEC_CREDS_KEY_ED25519:
		return "ed25519";
	case IPSEC_CREDS_KEY_ED448:
		return "ed448";
	case IPSEC_CREDS_KEY_NONE:
		break;
	}
	return "any";
}

void ipsec_creds_free(struct ipsec_creds *creds)
{
	if (!creds)
		return;
	g_clear_pointer(&creds->cert, g_bytes_unref);
	g_clear_pointer(&creds->chain, g_ptr_array_unref);
	g_clear_pointer(&creds->cas, g_ptr_array_unref);
	g_clear_pointer(&creds->key, g_bytes_unref);
	g_free(creds->subject);
	g_free(creds->subject_asn1dn);
	g_free(creds->fingerprint);
	g_clear_pointer(&creds->warnings, g_ptr_array_unref);
	g_free(creds);
}
