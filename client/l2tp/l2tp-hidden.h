/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tp-hidden: AVP hiding (RFC 2661 4.3) and the tunnel authentication digest (RFC 2661 5.1.1,
 * 4.4.3), both keyed by the tunnel secret. Pure code; MD5 through GLib's GChecksum.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "l2tp-avp.h"

/**
 * Reveals a hidden AVP value. @in is the AVP's value field (@in_len octets: original length,
 * value, padding, all ciphered); @rv the value of the nearest preceding Random Vector AVP.
 * Writes the original value (at most @in_len - 2 octets) to @out and its length to @out_len.
 * Returns 0, or -EBADMSG if the value is too short or the revealed length does not fit (a wrong
 * secret shows up as this).
 */
int l2tp_hidden_reveal(uint16_t type, const uint8_t *secret, size_t secret_len, const uint8_t *rv,
		       size_t rv_len, const uint8_t *in, size_t in_len, uint8_t *out,
		       size_t *out_len);

/**
 * Hides @value: writes the value field of the hidden AVP (2 + @len + @pad_len octets) to @out.
 * @pad (may be NULL when @pad_len is 0) is appended as padding before ciphering.
 */
void l2tp_hidden_hide(uint16_t type, const uint8_t *secret, size_t secret_len, const uint8_t *rv,
		      size_t rv_len, const uint8_t *value, size_t len, const uint8_t *pad,
		      size_t pad_len, uint8_t *out);

/** Appends a hidden IETF AVP (H=1) to @b; the caller put a Random Vector AVP before it.
 * A LAC hides nothing: the unit tests play an LNS that hides AVPs with it. */
int l2tp_hidden_put(GByteArray *b, bool mandatory, uint16_t type, const uint8_t *secret,
		    size_t secret_len, const uint8_t *rv, size_t rv_len, const uint8_t *value,
		    size_t len);

/**
 * RFC 2661 4.4.3 Challenge Response: MD5(message type octet ‖ secret ‖ challenge), the
 * message type being that of the message carrying the response (2 SCCRP, 3 SCCCN).
 */
void l2tp_hidden_challenge_response(uint8_t msg_type, const uint8_t *secret, size_t secret_len,
				    const uint8_t *challenge, size_t challenge_len,
				    uint8_t out[L2TP_CHALLENGE_RESP_LEN]);
