// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-creds-key-type: the name charon's load-key takes for a key type (GnuTLS-free, see
 * ipsec-creds.h).
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
