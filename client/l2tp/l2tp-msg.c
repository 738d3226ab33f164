// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "l2tp-hidden.h"
#include "l2tp-msg.h"

const char *l2tp_msg_type_name(uint16_t type)
{
	static const char *const names[] = {
		[L2TP_MSG_ZLB] = "ZLB",		[L2TP_MSG_SCCRQ] = "SCCRQ",
		[L2TP_MSG_SCCRP] = "SCCRP",	[L2TP_MSG_SCCCN] = "SCCCN",
		[L2TP_MSG_STOPCCN] = "StopCCN", [L2TP_MSG_HELLO] = "HELLO",
		[L2TP_MSG_OCRQ] = "OCRQ",	[L2TP_MSG_OCRP] = "OCRP",
		[L2TP_MSG_OCCN] = "OCCN",	[L2TP_MSG_ICRQ] = "ICRQ",
		[L2TP_MSG_ICRP] = "ICRP",	[L2TP_MSG_ICCN] = "ICCN",
		[L2TP_MSG_CDN] = "CDN",		[L2TP_MSG_WEN] = "WEN",
		[L2TP_MSG_SLI] = "SLI",
	};

	if (type < G_N_ELEMENTS(names) && names[type])
		return names[type];
	return "unknown";
}

bool l2tp_msg_type_known(uint16_t type)
{
	return type != L2TP_MSG_ZLB && strcmp(l2tp_msg_type_name(type), "unknown") != 0;
}

bool l2tp_msg_type_is_session(uint16_t type)
{
	switch (type) {
	case L2TP_MSG_OCRQ:
	case L2TP_MSG_OCRP:
	case L2TP_MSG_OCCN:
	case L2TP_MSG_ICRQ:
	case L2TP_MSG_ICRP:
	case L2TP_MSG_ICCN:
	case L2TP_MSG_CDN:
	case L2TP_MSG_WEN:
	case L2TP_MSG_SLI:
		return true;
	default:
		return false;
	}
}

static void msg_keep_other(struct l2tp_msg *m, const struct l2tp_avp *a)
{
	struct l2tp_msg_avp o = {
		.vendor = a->vendor,
		.type = a->type,
		.mandatory = a->mandatory,
		.hidden = a->hidden,
		.off = m->store->len,
		.len = a->len,
	};

	if (!m->others)
		m->others = g_array_new(FALSE, TRUE, sizeof(struct l2tp_msg_avp));
	g_byte_array_append(m->store, a->value, (guint)a->len);
	g_array_append_val(m->others, o);
	if (a->mandatory && !m->unknown_mandatory) {
		m->unknown_mandatory = true;
		m->unknown_vendor = a->vendor;
		m->unknown_type = a->type;
	}
}

static int msg_fail(const char **why, const char *text, int err)
{
	if (why)
		*why = text;
	return err;
}

static int msg_parse(const uint8_t *pkt, size_t len, const uint8_t *secret, size_t secret_len,
		     struct l2tp_msg *m, const char **why)
{
	const uint8_t *rv = NULL;
	size_t rv_len = 0;
	struct l2tp_avp_iter it;
	struct l2tp_avp a;
	bool first = true;
	int r;

	memset(m, 0, sizeof(*m));
	r = l2tp_header_parse(pkt, len, &m->hdr);
	if (r == -EPROTONOSUPPORT)
		return msg_fail(why, "not L2TP version 2", r);
	if (r < 0)
		return msg_fail(why, "truncated or inconsistent header", r);
	if (!m->hdr.control)
		return msg_fail(why, "not a control message", -EBADMSG);
	m->store = g_byte_array_new();
	if (m->hdr.payload_off == m->hdr.length) {
		m->zlb = true;
		return 0;
	}
	l2tp_avp_iter_init(&it, pkt + m->hdr.payload_off, m->hdr.length - m->hdr.payload_off);
	while ((r = l2tp_avp_iter_next(&it, &a)) > 0) {
		const struct l2tp_avp_info *info = l2tp_avp_info_lookup(a.vendor, a.type);
		uint8_t plain[L2TP_AVP_MAX_LEN];
		const uint8_t *v = a.value;
		size_t vlen = a.len;

		/* RFC 2661 4.4.1: Message Type first, never hidden, length 8. */
		if (first) {
			first = false;
			if (a.vendor != L2TP_VENDOR_IETF || a.type != L2TP_AVP_MESSAGE_TYPE ||
			    a.hidden || a.len != 2)
				return msg_fail(why, "Message Type AVP missing or malformed",
						-EBADMSG);
			m->type = l2tp_get_be16(a.value);
			m->type_mandatory = a.mandatory;
		} else if (a.vendor == L2TP_VENDOR_IETF && a.type == L2TP_AVP_MESSAGE_TYPE) {
			return msg_fail(why, "second Message Type AVP", -EBADMSG);
		}
		/* Dispatch on (vendor, type); reserved bits make any AVP unrecognised. */
		if (!info || a.reserved_bits) {
			msg_keep_other(m, &a);
			continue;
		}
		if (a.hidden) {
			if (!info->may_hide)
				return msg_fail(why, "AVP that must not be hidden is hidden",
						-EBADMSG);
			if (!secret)
				return msg_fail(why, "hidden AVP but no tunnel secret", -ENOKEY);
			if (!rv)
				return msg_fail(why, "hidden AVP without a Random Vector before it",
						-EBADMSG);
			if (l2tp_hidden_reveal(a.type, secret, secret_len, rv, rv_len, a.value,
					       a.len, plain, &vlen) < 0)
				return msg_fail(why, "hidden AVP does not reveal (wrong secret?)",
						-EBADMSG);
			v = plain;
			m->was_hidden |= 1ULL << a.type;
		}
		if (!l2tp_avp_value_len_ok(info, vlen))
			return msg_fail(why, "AVP with a wrong length", -EBADMSG);
		if (a.type == L2TP_AVP_RESULT_CODE && vlen == 3)
			return msg_fail(why, "Result Code AVP of 9 octets", -EBADMSG);
		if (a.type == L2TP_AVP_RANDOM_VECTOR) {
			/* RFC 2661 4.3: hidden AVPs use the nearest preceding vector. */
			rv = a.value;
			rv_len = a.len;
		}
		if (!(m->present & (1ULL << a.type))) {
			m->present |= 1ULL << a.type;
			m->off[a.type] = m->store->len;
			m->len[a.type] = (uint16_t)vlen;
			g_byte_array_append(m->store, v, (guint)vlen);
		}
		explicit_bzero(plain, sizeof(plain));
	}
	if (r < 0)
		return msg_fail(why, "AVP length runs past the message", r);
	return 0;
}

int l2tp_msg_parse(const uint8_t *pkt, size_t len, const uint8_t *secret, size_t secret_len,
		   struct l2tp_msg *m, const char **why)
{
	int r = msg_parse(pkt, len, secret, secret_len, m, why);

	if (r < 0)
		l2tp_msg_clear(m);
	return r;
}

void l2tp_msg_clear(struct l2tp_msg *m)
{
	if (m->store) {
		if (m->store->len)
			explicit_bzero(m->store->data, m->store->len);
		g_byte_array_unref(m->store);
	}
	if (m->others)
		g_array_unref(m->others);
	memset(m, 0, sizeof(*m));
}

bool l2tp_msg_has(const struct l2tp_msg *m, enum l2tp_avp_type t)
{
	return (unsigned)t < L2TP_AVP_TYPE_COUNT && (m->present & (1ULL << t));
}

static const uint8_t *msg_value(const struct l2tp_msg *m, enum l2tp_avp_type t, size_t *len)
{
	if (!l2tp_msg_has(m, t))
		return NULL;
	*len = m->len[t];
	return m->store->data + m->off[t];
}

bool l2tp_msg_get_u16(const struct l2tp_msg *m, enum l2tp_avp_type t, uint16_t *out)
{
	size_t len;
	const uint8_t *v = msg_value(m, t, &len);

	if (!v || len != 2)
		return false;
	*out = l2tp_get_be16(v);
	return true;
}

bool l2tp_msg_get_u32(const struct l2tp_msg *m, enum l2tp_avp_type t, uint32_t *out)
{
	size_t len;
	const uint8_t *v = msg_value(m, t, &len);

	if (!v || len != 4)
		return false;
	*out = l2tp_get_be32(v);
	return true;
}

bool l2tp_msg_get_bytes(const struct l2tp_msg *m, enum l2tp_avp_type t, const uint8_t **v,
			size_t *len)
{
	*v = msg_value(m, t, len);
	return *v != NULL;
}

char *l2tp_msg_dup_string(const struct l2tp_msg *m, enum l2tp_avp_type t)
{
	size_t len;
	const uint8_t *v = msg_value(m, t, &len);

	if (!v)
		return NULL;
	return g_utf8_make_valid((const char *)v, (gssize)len);
}

bool l2tp_msg_get_result_code(const struct l2tp_msg *m, struct l2tp_result_code *out)
{
	size_t len;
	const uint8_t *v = msg_value(m, L2TP_AVP_RESULT_CODE, &len);

	return v && l2tp_avp_parse_result_code(v, len, out) == 0;
}

bool l2tp_msg_get_protocol_version(const struct l2tp_msg *m, uint8_t *ver, uint8_t *rev)
{
	size_t len;
	const uint8_t *v = msg_value(m, L2TP_AVP_PROTOCOL_VERSION, &len);

	if (!v)
		return false;
	*ver = v[0];
	*rev = v[1];
	return true;
}

bool l2tp_msg_get_call_errors(const struct l2tp_msg *m, struct l2tp_call_errors *out)
{
	size_t len;
	const uint8_t *v = msg_value(m, L2TP_AVP_CALL_ERRORS, &len);

	if (!v)
		return false;
	out->crc = l2tp_get_be32(v + 2);
	out->framing = l2tp_get_be32(v + 6);
	out->hw_overruns = l2tp_get_be32(v + 10);
	out->buf_overruns = l2tp_get_be32(v + 14);
	out->timeouts = l2tp_get_be32(v + 18);
	out->alignment = l2tp_get_be32(v + 22);
	return true;
}

bool l2tp_msg_get_accm(const struct l2tp_msg *m, uint32_t *send_accm, uint32_t *recv_accm)
{
	size_t len;
	const uint8_t *v = msg_value(m, L2TP_AVP_ACCM, &len);

	if (!v)
		return false;
	*send_accm = l2tp_get_be32(v + 2);
	*recv_accm = l2tp_get_be32(v + 6);
	return true;
}

GByteArray *l2tp_msg_build_new(uint16_t type)
{
	GByteArray *b = g_byte_array_sized_new(128);
	uint8_t hdr[L2TP_CTRL_HDR_LEN] = { 0 };

	g_byte_array_append(b, hdr, sizeof(hdr));
	l2tp_avp_put_u16(b, true, L2TP_AVP_MESSAGE_TYPE, type);
	return b;
}

void l2tp_msg_stamp(GByteArray *b, uint16_t tunnel_id, uint16_t session_id, uint16_t ns,
		    uint16_t nr)
{
	l2tp_header_put_control(b->data, (uint16_t)b->len, tunnel_id, session_id, ns, nr);
}

GByteArray *l2tp_msg_build_sccrq(const struct l2tp_sccrq_params *p)
{
	GByteArray *b = l2tp_msg_build_new(L2TP_MSG_SCCRQ);
	const uint8_t ver[2] = { 1, 0 }; /* RFC 2661 4.4.3: Ver 1, Rev 0 */

	l2tp_avp_put(b, true, L2TP_VENDOR_IETF, L2TP_AVP_PROTOCOL_VERSION, ver, sizeof(ver));
	l2tp_avp_put_string(b, true, L2TP_AVP_HOST_NAME, p->host_name);
	l2tp_avp_put_u32(b, true, L2TP_AVP_FRAMING_CAPS, p->framing_caps);
	if (p->bearer_caps)
		l2tp_avp_put_u32(b, true, L2TP_AVP_BEARER_CAPS, p->bearer_caps);
	l2tp_avp_put_u16(b, true, L2TP_AVP_ASSIGNED_TUNNEL_ID, p->tunnel_id);
	if (p->recv_window)
		l2tp_avp_put_u16(b, true, L2TP_AVP_RECV_WINDOW_SIZE, p->recv_window);
	if (p->challenge)
		l2tp_avp_put(b, true, L2TP_VENDOR_IETF, L2TP_AVP_CHALLENGE, p->challenge,
			     p->challenge_len);
	if (p->firmware_rev)
		l2tp_avp_put_u16(b, false, L2TP_AVP_FIRMWARE_REV, p->firmware_rev);
	if (p->vendor_name)
		l2tp_avp_put_string(b, false, L2TP_AVP_VENDOR_NAME, p->vendor_name);
	return b;
}

GByteArray *l2tp_msg_build_scccn(const uint8_t *response)
{
	GByteArray *b = l2tp_msg_build_new(L2TP_MSG_SCCCN);

	if (response)
		l2tp_avp_put(b, true, L2TP_VENDOR_IETF, L2TP_AVP_CHALLENGE_RESPONSE, response,
			     L2TP_CHALLENGE_RESP_LEN);
	return b;
}

GByteArray *l2tp_msg_build_stopccn(uint16_t tunnel_id, uint16_t result, uint16_t error,
				   const char *msg)
{
	GByteArray *b = l2tp_msg_build_new(L2TP_MSG_STOPCCN);

	l2tp_avp_put_u16(b, true, L2TP_AVP_ASSIGNED_TUNNEL_ID, tunnel_id);
	l2tp_avp_put_result_code(b, result, error, msg);
	return b;
}

GByteArray *l2tp_msg_build_hello(void)
{
	return l2tp_msg_build_new(L2TP_MSG_HELLO);
}

GByteArray *l2tp_msg_build_icrq(uint16_t session_id, uint32_t serial, uint32_t bearer_type)
{
	GByteArray *b = l2tp_msg_build_new(L2TP_MSG_ICRQ);

	l2tp_avp_put_u16(b, true, L2TP_AVP_ASSIGNED_SESSION_ID, session_id);
	l2tp_avp_put_u32(b, true, L2TP_AVP_CALL_SERIAL_NUMBER, serial);
	if (bearer_type)
		l2tp_avp_put_u32(b, true, L2TP_AVP_BEARER_TYPE, bearer_type);
	return b;
}

GByteArray *l2tp_msg_build_iccn(const struct l2tp_iccn_params *p)
{
	GByteArray *b = l2tp_msg_build_new(L2TP_MSG_ICCN);

	l2tp_avp_put_u32(b, true, L2TP_AVP_TX_CONNECT_SPEED, p->tx_speed);
	l2tp_avp_put_u32(b, true, L2TP_AVP_FRAMING_TYPE, p->framing_type);
	if (p->send_rx_speed)
		l2tp_avp_put_u32(b, false, L2TP_AVP_RX_CONNECT_SPEED, p->rx_speed);
	if (p->sequencing_required)
		l2tp_avp_put(b, true, L2TP_VENDOR_IETF, L2TP_AVP_SEQUENCING_REQUIRED, NULL, 0);
	return b;
}

GByteArray *l2tp_msg_build_cdn(uint16_t session_id, uint16_t result, uint16_t error,
			       const char *msg)
{
	GByteArray *b = l2tp_msg_build_new(L2TP_MSG_CDN);

	l2tp_avp_put_result_code(b, result, error, msg);
	l2tp_avp_put_u16(b, true, L2TP_AVP_ASSIGNED_SESSION_ID, session_id);
	return b;
}

void l2tp_msg_build_zlb(uint8_t *out, uint16_t tunnel_id, uint16_t session_id, uint16_t ns,
			uint16_t nr)
{
	l2tp_header_put_control(out, L2TP_CTRL_HDR_LEN, tunnel_id, session_id, ns, nr);
}
