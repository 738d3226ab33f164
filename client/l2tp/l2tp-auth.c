// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tp-auth (see l2tp-auth.h): the challenge check and answer, and what to say when it fails. */
#include <string.h>

#include <glib.h>

#include "l2tp-auth.h"
#include "l2tp-hidden.h"
#include "l2tpc-i18n.h"

enum l2tp_auth_verdict l2tp_auth_check_sccrp(const struct l2tp_msg *m, const uint8_t *secret,
					     size_t secret_len, const uint8_t *challenge,
					     size_t challenge_len,
					     uint8_t response[L2TP_CHALLENGE_RESP_LEN],
					     bool *respond)
{
	const uint8_t *v;
	size_t len;

	*respond = false;
	if (secret) {
		uint8_t want[L2TP_CHALLENGE_RESP_LEN];
		bool ok = l2tp_msg_get_bytes(m, L2TP_AVP_CHALLENGE_RESPONSE, &v, &len);

		l2tp_hidden_challenge_response(L2TP_MSG_SCCRP, secret, secret_len, challenge,
					       challenge_len, want);
		if (!ok)
			return L2TP_AUTH_NO_RESPONSE;
		if (len != sizeof(want) || memcmp(v, want, sizeof(want)) != 0)
			return L2TP_AUTH_WRONG_RESPONSE;
	}
	if (l2tp_msg_get_bytes(m, L2TP_AVP_CHALLENGE, &v, &len)) {
		if (!secret)
			return L2TP_AUTH_NO_SECRET;
		/* Cisco LNSs challenge; the response uses the SCCCN message type (3). */
		l2tp_hidden_challenge_response(L2TP_MSG_SCCCN, secret, secret_len, v, len,
					       response);
		*respond = true;
	}
	return L2TP_AUTH_OK;
}

char *l2tp_auth_sentence(enum l2tp_auth_verdict v, const char *peer_name)
{
	switch (v) {
	case L2TP_AUTH_WRONG_RESPONSE:
		return g_strdup_printf(_("The L2TP server %s answered the tunnel authentication "
					 "challenge with a wrong response; check that the L2TP "
					 "tunnel secret in the profile matches the server's."),
				       peer_name);
	case L2TP_AUTH_NO_RESPONSE:
		return g_strdup_printf(_("The L2TP server %s did not answer the tunnel "
					 "authentication challenge; remove the L2TP tunnel secret "
					 "from the profile, or configure the same secret on the "
					 "server."),
				       peer_name);
	case L2TP_AUTH_NO_SECRET:
		return g_strdup_printf(
			_("The L2TP server %s requires tunnel authentication (it sent a "
			  "challenge); set the L2TP tunnel secret in the profile."),
			peer_name);
	case L2TP_AUTH_OK:
		break;
	}
	return NULL;
}

const char *l2tp_auth_to_peer(enum l2tp_auth_verdict v)
{
	return v == L2TP_AUTH_NO_SECRET ? "no tunnel secret configured"
					: "tunnel authentication failed";
}
