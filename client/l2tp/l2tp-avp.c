// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "l2tp-avp.h"

#define STR_MAX (L2TP_AVP_MAX_LEN - L2TP_AVP_HDR_LEN)

/* RFC 2661 4.4: every IETF AVP, its value layout and length bounds (value only, unhidden). */
static const struct l2tp_avp_info l2tp_avp_table[L2TP_AVP_TYPE_COUNT] = {
	[0] = { 0, "Message Type", L2TP_AVP_KIND_U16, 2, 2, false },
	[1] = { 1, "Result Code", L2TP_AVP_KIND_RESULT, 2, STR_MAX, false },
	[2] = { 2, "Protocol Version", L2TP_AVP_KIND_PROTO_VER, 2, 2, true },
	[3] = { 3, "Framing Capabilities", L2TP_AVP_KIND_U32, 4, 4, true },
	[4] = { 4, "Bearer Capabilities", L2TP_AVP_KIND_U32, 4, 4, true },
	[5] = { 5, "Tie Breaker", L2TP_AVP_KIND_BYTES, 8, 8, false },
	[6] = { 6, "Firmware Revision", L2TP_AVP_KIND_U16, 2, 2, true },
	[7] = { 7, "Host Name", L2TP_AVP_KIND_STRING, 0, STR_MAX,
		false }, /* RFC: >= 1; be lenient */
	[8] = { 8, "Vendor Name", L2TP_AVP_KIND_STRING, 0, STR_MAX, true },
	[9] = { 9, "Assigned Tunnel ID", L2TP_AVP_KIND_U16, 2, 2, true },
	[10] = { 10, "Receive Window Size", L2TP_AVP_KIND_U16, 2, 2, false },
	[11] = { 11, "Challenge", L2TP_AVP_KIND_BYTES, 1, STR_MAX, true },
	[12] = { 12, "Q.931 Cause Code", L2TP_AVP_KIND_Q931, 3, STR_MAX, false },
	[13] = { 13, "Challenge Response", L2TP_AVP_KIND_BYTES, 16, 16, true },
	[14] = { 14, "Assigned Session ID", L2TP_AVP_KIND_U16, 2, 2, true },
	[15] = { 15, "Call Serial Number", L2TP_AVP_KIND_U32, 4, 4, true },
	[16] = { 16, "Minimum BPS", L2TP_AVP_KIND_U32, 4, 4, true },
	[17] = { 17, "Maximum BPS", L2TP_AVP_KIND_U32, 4, 4, true },
	[18] = { 18, "Bearer Type", L2TP_AVP_KIND_U32, 4, 4, true },
	[19] = { 19, "Framing Type", L2TP_AVP_KIND_U32, 4, 4, true },
	[21] = { 21, "Called Number", L2TP_AVP_KIND_STRING, 0, STR_MAX, true },
	[22] = { 22, "Calling Number", L2TP_AVP_KIND_STRING, 0, STR_MAX, true },
	[23] = { 23, "Sub-Address", L2TP_AVP_KIND_STRING, 0, STR_MAX, true },
	[24] = { 24, "Tx Connect Speed", L2TP_AVP_KIND_U32, 4, 4, true },
	[25] = { 25, "Physical Channel ID", L2TP_AVP_KIND_U32, 4, 4, true },
	[26] = { 26, "Initial Received LCP CONFREQ", L2TP_AVP_KIND_BYTES, 0, STR_MAX, true },
	[27] = { 27, "Last Sent LCP CONFREQ", L2TP_AVP_KIND_BYTES, 0, STR_MAX, true },
	[28] = { 28, "Last Received LCP CONFREQ", L2TP_AVP_KIND_BYTES, 0, STR_MAX, true },
	[29] = { 29, "Proxy Authen Type", L2TP_AVP_KIND_U16, 2, 2, true },
	[30] = { 30, "Proxy Authen Name", L2TP_AVP_KIND_STRING, 0, STR_MAX, true },
	[31] = { 31, "Proxy Authen Challenge", L2TP_AVP_KIND_BYTES, 0, STR_MAX, true },
	[32] = { 32, "Proxy Authen ID", L2TP_AVP_KIND_PROXY_ID, 2, 2, true },
	[33] = { 33, "Proxy Authen Response", L2TP_AVP_KIND_BYTES, 0, STR_MAX, true },
	[34] = { 34, "Call Errors", L2TP_AVP_KIND_CALL_ERRORS, 26, 26, true },
	[35] = { 35, "ACCM", L2TP_AVP_KIND_ACCM, 10, 10, true },
	[36] = { 36, "Random Vector", L2TP_AVP_KIND_BYTES, 1, STR_MAX, false },
	[37] = { 37, "Private Group ID", L2TP_AVP_KIND_BYTES, 0, STR_MAX, true },
	[38] = { 38, "Rx Connect Speed", L2TP_AVP_KIND_U32, 4, 4, true },
	[39] = { 39, "Sequencing Required", L2TP_AVP_KIND_EMPTY, 0, 0, false },
};

const struct l2tp_avp_info *l2tp_avp_info_lookup(uint16_t vendor, uint16_t type)
{
	if (vendor != L2TP_VENDOR_IETF || type >= L2TP_AVP_TYPE_COUNT)
		return NULL;
	if (!l2tp_avp_table[type].name)
		return NULL;
	return &l2tp_avp_table[type];
}

bool l2tp_avp_value_len_ok(const struct l2tp_avp_info *info, size_t len)
{
	return len >= info->min_len && len <= info->max_len;
}

void l2tp_avp_iter_init(struct l2tp_avp_iter *it, const uint8_t *body, size_t len)
{
	it->p = body;
	it->left = len;
}

int l2tp_avp_iter_next(struct l2tp_avp_iter *it, struct l2tp_avp *out)
{
	uint16_t flags_len;
	size_t len;

	if (it->left == 0)
		return 0;
	if (it->left < L2TP_AVP_HDR_LEN)
		return -EBADMSG;
	flags_len = l2tp_get_be16(it->p);
	len = flags_len & L2TP_AVP_LEN_MASK;
	if (len < L2TP_AVP_HDR_LEN || len > it->left)
		return -EBADMSG;
	out->mandatory = flags_len & L2TP_AVP_FLAG_MANDATORY;
	out->hidden = flags_len & L2TP_AVP_FLAG_HIDDEN;
	out->reserved_bits = flags_len & L2TP_AVP_FLAGS_RESERVED;
	out->vendor = l2tp_get_be16(it->p + 2);
	out->type = l2tp_get_be16(it->p + 4);
	out->value = it->p + L2TP_AVP_HDR_LEN;
	out->len = len - L2TP_AVP_HDR_LEN;
	it->p += len;
	it->left -= len;
	return 1;
}

static uint16_t swap16(uint16_t v)
{
	return (uint16_t)((v << 8) | (v >> 8));
}

int l2tp_avp_parse_result_code(const uint8_t *v, size_t len, struct l2tp_result_code *out)
{
	memset(out, 0, sizeof(*out));
	/* RFC 2661 4.4.2: 2 octets (length 8), 4 (length 10) or 4 + message; 3 is malformed. */
	if (len < 2 || len == 3)
		return -EBADMSG;
	out->result = l2tp_get_be16(v);
	if (len >= 4) {
		out->has_error = true;
		out->error = l2tp_get_be16(v + 2);
	}
	if (len > 4) {
		out->message = (const char *)v + 4;
		out->message_len = len - 4;
	}
	/* Apple peers write both codes little-endian: 1 arrives as 256. No defined code is above
	 * 11, so a large value whose swap is a defined code can only be this quirk. */
	if (out->result > 0xff && swap16(out->result) >= 1 && swap16(out->result) <= 11) {
		out->result = swap16(out->result);
		if (out->has_error)
			out->error = swap16(out->error);
	}
	return 0;
}

int l2tp_avp_put(GByteArray *b, bool mandatory, uint16_t vendor, uint16_t type, const void *value,
		 size_t len)
{
	uint8_t hdr[L2TP_AVP_HDR_LEN];
	uint16_t flags_len;

	if (len > L2TP_AVP_MAX_LEN - L2TP_AVP_HDR_LEN)
		return -EMSGSIZE;
	flags_len = (uint16_t)(L2TP_AVP_HDR_LEN + len) | (mandatory ? L2TP_AVP_FLAG_MANDATORY : 0);
	l2tp_put_be16(hdr, flags_len);
	l2tp_put_be16(hdr + 2, vendor);
	l2tp_put_be16(hdr + 4, type);
	g_byte_array_append(b, hdr, sizeof(hdr));
	if (len)
		g_byte_array_append(b, value, (guint)len);
	return 0;
}

int l2tp_avp_put_u16(GByteArray *b, bool mandatory, uint16_t type, uint16_t v)
{
	uint8_t buf[2];

	l2tp_put_be16(buf, v);
	return l2tp_avp_put(b, mandatory, L2TP_VENDOR_IETF, type, buf, sizeof(buf));
}

int l2tp_avp_put_u32(GByteArray *b, bool mandatory, uint16_t type, uint32_t v)
{
	uint8_t buf[4];

	l2tp_put_be32(buf, v);
	return l2tp_avp_put(b, mandatory, L2TP_VENDOR_IETF, type, buf, sizeof(buf));
}

int l2tp_avp_put_string(GByteArray *b, bool mandatory, uint16_t type, const char *s)
{
	return l2tp_avp_put(b, mandatory, L2TP_VENDOR_IETF, type, s, strlen(s));
}

int l2tp_avp_put_result_code(GByteArray *b, uint16_t result, uint16_t error, const char *msg)
{
	uint8_t buf[L2TP_AVP_MAX_LEN - L2TP_AVP_HDR_LEN];
	size_t mlen = msg ? strlen(msg) : 0;

	if (mlen > sizeof(buf) - 4)
		mlen = sizeof(buf) - 4;
	l2tp_put_be16(buf, result);
	l2tp_put_be16(buf + 2, error);
	if (mlen)
		memcpy(buf + 4, msg, mlen);
	return l2tp_avp_put(b, true, L2TP_VENDOR_IETF, L2TP_AVP_RESULT_CODE, buf, 4 + mlen);
}
