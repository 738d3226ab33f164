/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tp-avp: the RFC 2661 attribute-value pair (AVP) codec.
 *
 * Pure code: no socket, no clock. An iterator walks the AVPs of a control message body and
 * checks every length; a table describes each IETF AVP of RFC 2661 4.4 (name, value layout,
 * allowed lengths, whether it may be hidden); writers append AVPs to a GByteArray. Dispatch is
 * always on the pair (vendor, type): a vendor AVP never aliases an IETF one.
 *
 * Hiding (RFC 2661 4.3) lives in l2tp-hidden.h; whole messages in l2tp-msg.h.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

/* RFC 2661 4.1: M H rsvd(4) Length(10) | Vendor ID | Attribute Type | value */
#define L2TP_AVP_HDR_LEN	6
#define L2TP_AVP_MAX_LEN	1023 /* RFC 2661 4.1: the Length field has 10 bits */
#define L2TP_AVP_FLAG_MANDATORY 0x8000
#define L2TP_AVP_FLAG_HIDDEN	0x4000
#define L2TP_AVP_FLAGS_RESERVED 0x3c00 /* RFC 2661 4.1: set → treat as unrecognised */
#define L2TP_AVP_LEN_MASK	0x03ff
#define L2TP_VENDOR_IETF	0
#define L2TP_CHALLENGE_RESP_LEN 16 /* RFC 2661 4.4.3: MD5 output */

/* RFC 2661 4.4: IETF attribute types (vendor 0). */
enum l2tp_avp_type {
	L2TP_AVP_MESSAGE_TYPE = 0,
	L2TP_AVP_RESULT_CODE = 1,
	L2TP_AVP_PROTOCOL_VERSION = 2,
	L2TP_AVP_FRAMING_CAPS = 3,
	L2TP_AVP_BEARER_CAPS = 4,
	L2TP_AVP_TIE_BREAKER = 5,
	L2TP_AVP_FIRMWARE_REV = 6,
	L2TP_AVP_HOST_NAME = 7,
	L2TP_AVP_VENDOR_NAME = 8,
	L2TP_AVP_ASSIGNED_TUNNEL_ID = 9,
	L2TP_AVP_RECV_WINDOW_SIZE = 10,
	L2TP_AVP_CHALLENGE = 11,
	L2TP_AVP_Q931_CAUSE = 12,
	L2TP_AVP_CHALLENGE_RESPONSE = 13,
	L2TP_AVP_ASSIGNED_SESSION_ID = 14,
	L2TP_AVP_CALL_SERIAL_NUMBER = 15,
	L2TP_AVP_MIN_BPS = 16,
	L2TP_AVP_MAX_BPS = 17,
	L2TP_AVP_BEARER_TYPE = 18,
	L2TP_AVP_FRAMING_TYPE = 19,
	/* 20 is reserved */
	L2TP_AVP_CALLED_NUMBER = 21,
	L2TP_AVP_CALLING_NUMBER = 22,
	L2TP_AVP_SUB_ADDRESS = 23,
	L2TP_AVP_TX_CONNECT_SPEED = 24,
	L2TP_AVP_PHYS_CHANNEL_ID = 25,
	L2TP_AVP_INITIAL_RCVD_LCP_CONFREQ = 26,
	L2TP_AVP_LAST_SENT_LCP_CONFREQ = 27,
	L2TP_AVP_LAST_RCVD_LCP_CONFREQ = 28,
	L2TP_AVP_PROXY_AUTHEN_TYPE = 29,
	L2TP_AVP_PROXY_AUTHEN_NAME = 30,
	L2TP_AVP_PROXY_AUTHEN_CHALLENGE = 31,
	L2TP_AVP_PROXY_AUTHEN_ID = 32,
	L2TP_AVP_PROXY_AUTHEN_RESPONSE = 33,
	L2TP_AVP_CALL_ERRORS = 34,
	L2TP_AVP_ACCM = 35,
	L2TP_AVP_RANDOM_VECTOR = 36,
	L2TP_AVP_PRIVATE_GROUP_ID = 37,
	L2TP_AVP_RX_CONNECT_SPEED = 38,
	L2TP_AVP_SEQUENCING_REQUIRED = 39,
	L2TP_AVP_TYPE_COUNT = 40,
};

/* RFC 2661 4.4.3 Framing/Bearer Capabilities and 4.4.5 Framing/Bearer Type bits. */
#define L2TP_FRAMING_SYNC   0x00000001
#define L2TP_FRAMING_ASYNC  0x00000002
#define L2TP_BEARER_DIGITAL 0x00000001
#define L2TP_BEARER_ANALOG  0x00000002

/* How an IETF AVP's value is laid out (RFC 2661 4.4). */
enum l2tp_avp_kind {
	L2TP_AVP_KIND_U16,	   /* 2-octet unsigned */
	L2TP_AVP_KIND_U32,	   /* 4-octet unsigned */
	L2TP_AVP_KIND_STRING,	   /* text, no terminator */
	L2TP_AVP_KIND_BYTES,	   /* opaque octets */
	L2TP_AVP_KIND_EMPTY,	   /* no value (Sequencing Required) */
	L2TP_AVP_KIND_RESULT,	   /* Result Code: u16 [u16 [text]] */
	L2TP_AVP_KIND_PROTO_VER,   /* Protocol Version: ver u8, rev u8 */
	L2TP_AVP_KIND_Q931,	   /* cause u16, msg u8, [advisory text] */
	L2TP_AVP_KIND_PROXY_ID,	   /* reserved u8, id u8 */
	L2TP_AVP_KIND_CALL_ERRORS, /* reserved u16, six u32 counters */
	L2TP_AVP_KIND_ACCM,	   /* reserved u16, send u32, receive u32 */
};

struct l2tp_avp_info {
	uint16_t type;
	const char *name;
	enum l2tp_avp_kind kind;
	uint16_t min_len; /* value length bounds after unhiding */
	uint16_t max_len;
	bool may_hide; /* RFC 2661 4.4: "This AVP MUST NOT be hidden" → false */
};

/** One AVP as found in a message: a view into the packet (value is still hidden if H=1). */
struct l2tp_avp {
	bool mandatory;
	bool hidden;
	bool reserved_bits; /* RFC 2661 4.1: makes the AVP "unrecognised" */
	uint16_t vendor;
	uint16_t type;
	const uint8_t *value;
	size_t len;
};

struct l2tp_avp_iter {
	const uint8_t *p;
	size_t left;
};

/** Describes the IETF AVP (vendor 0, @type), or NULL if RFC 2661 does not define it. */
const struct l2tp_avp_info *l2tp_avp_info_lookup(uint16_t vendor, uint16_t type);
/** Checks @len against the bounds of @info (after unhiding). */
bool l2tp_avp_value_len_ok(const struct l2tp_avp_info *info, size_t len);

void l2tp_avp_iter_init(struct l2tp_avp_iter *it, const uint8_t *body, size_t len);
/**
 * Reads the next AVP. Returns 1 with @out filled, 0 at the end of the body, -EBADMSG if an AVP
 * header or length does not fit (length < 6, or past the end of the body).
 */
int l2tp_avp_iter_next(struct l2tp_avp_iter *it, struct l2tp_avp *out);

/* Big-endian helpers on raw values; the caller checks the length first. */
static inline uint16_t l2tp_get_be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}
static inline uint32_t l2tp_get_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}
static inline void l2tp_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static inline void l2tp_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/** Result Code AVP value (RFC 2661 4.4.2); message points into the value, not terminated. */
struct l2tp_result_code {
	uint16_t result;
	bool has_error;
	uint16_t error;
	const char *message;
	size_t message_len;
};

/**
 * Decodes a Result Code value of 2, 4 or more octets (AVP length 8, 10 or more; MikroTik sends
 * 8). Apple peers send the codes little-endian: a result above 255 whose byte swap is a defined
 * code (1..11) is swapped back, and the error code with it. Returns 0 or -EBADMSG.
 */
int l2tp_avp_parse_result_code(const uint8_t *v, size_t len, struct l2tp_result_code *out);

/* Writers: append one AVP to @b. Values longer than 1017 octets are truncated by the caller's
 * contract (never happens with the values this client sends); they return -EMSGSIZE. */
int l2tp_avp_put(GByteArray *b, bool mandatory, uint16_t vendor, uint16_t type, const void *value,
		 size_t len);
int l2tp_avp_put_u16(GByteArray *b, bool mandatory, uint16_t type, uint16_t v);
int l2tp_avp_put_u32(GByteArray *b, bool mandatory, uint16_t type, uint32_t v);
int l2tp_avp_put_string(GByteArray *b, bool mandatory, uint16_t type, const char *s);
/** Result Code with error code and optional message (RFC 2661 4.4.2). */
int l2tp_avp_put_result_code(GByteArray *b, uint16_t result, uint16_t error, const char *msg);
