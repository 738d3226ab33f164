// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-creds-free: the GnuTLS-free parts of ipsec-creds.h, linked both into the client and
 * into the credentials module (ipsec-creds-parse.c), which frees what it built on errors.
 */
#include "ipsec-creds.h"

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
