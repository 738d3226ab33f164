/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tp-auth: tunnel authentication as the LAC does it (RFC 2661 4.4.3, 5.1.1). The SCCRQ
 * carries our Challenge when a tunnel secret is set; the server's SCCRP must answer it with the
 * right Challenge Response, and may carry its own Challenge, which SCCCN answers. Pure: no
 * socket, no clock; the tunnel state machine acts on the verdict.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "l2tp-avp.h"
#include "l2tp-msg.h"

enum l2tp_auth_verdict {
	L2TP_AUTH_OK,
	L2TP_AUTH_WRONG_RESPONSE, /* our challenge answered, wrongly: the secrets differ */
	L2TP_AUTH_NO_RESPONSE,	  /* we challenged; the server did not answer */
	L2TP_AUTH_NO_SECRET,	  /* the server challenged; we have no secret */
};

/**
 * Checks the SCCRP @m against our @challenge (ignored when @secret is NULL). When the server
 * challenged us, fills @response with the answer for SCCCN and sets *@respond.
 */
enum l2tp_auth_verdict l2tp_auth_check_sccrp(const struct l2tp_msg *m, const uint8_t *secret,
					     size_t secret_len, const uint8_t *challenge,
					     size_t challenge_len,
					     uint8_t response[L2TP_CHALLENGE_RESP_LEN],
					     bool *respond);

/** What failed and what to do, for a verdict other than OK; free with g_free(). */
char *l2tp_auth_sentence(enum l2tp_auth_verdict v, const char *peer_name);

/** The Result Code message the StopCCN tells the server, for a verdict other than OK. */
const char *l2tp_auth_to_peer(enum l2tp_auth_verdict v);
