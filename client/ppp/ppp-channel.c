// SPDX-License-Identifier: GPL-2.0-or-later
#include "ppp-channel.h"

#include <errno.h>
#include <string.h>

#define ATTR_HEADER_LEN 4

void ppp_channel_msg_init(struct ppp_channel_msg *m, enum ppp_channel_type type)
{
	memset(m, 0, sizeof(*m));
	m->type = (uint16_t)type;
}

void ppp_channel_msg_wipe(struct ppp_channel_msg *m)
{
	explicit_bzero(m, sizeof(*m));
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

struct ppp_channel_writer {
	uint8_t *buf;
	size_t cap;
	size_t pos;
	int err;
};

static void ppp_channel_put_attr(struct ppp_channel_writer *w, uint16_t tag, const void *val,
				 size_t len)
{
	if (w->err)
		return;
	if (len > UINT16_MAX || w->cap - w->pos < ATTR_HEADER_LEN + len) {
		w->err = -ENOSPC;
		return;
	}
	put16(w->buf + w->pos, tag);
	put16(w->buf + w->pos + 2, (uint16_t)len);
	if (len)
		memcpy(w->buf + w->pos + ATTR_HEADER_LEN, val, len);
	w->pos += ATTR_HEADER_LEN + len;
}

static void ppp_channel_put_u32(struct ppp_channel_writer *w, uint16_t tag, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	ppp_channel_put_attr(w, tag, b, sizeof(b));
}

static void ppp_channel_put_str(struct ppp_channel_writer *w, uint16_t tag, const char *s,
				size_t field_size)
{
	size_t len = strnlen(s, field_size);

	/* the receiver needs room for the terminating zero */
	if (len >= field_size) {
		w->err = -EINVAL;
		return;
	}
	ppp_channel_put_attr(w, tag, s, len);
}

int ppp_channel_encode(const struct ppp_channel_msg *m, uint8_t *buf, size_t cap)
{
	struct ppp_channel_writer w = { .buf = buf, .cap = cap, .pos = PPP_CHANNEL_HEADER_LEN };

	if (cap < PPP_CHANNEL_HEADER_LEN)
		return -ENOSPC;
	if (cap > PPP_CHANNEL_MAX_MSG)
		w.cap = PPP_CHANNEL_MAX_MSG;

	switch (m->type) {
	case PPP_CHANNEL_SECRETS:
		ppp_channel_put_str(&w, PPP_CHANNEL_ATTR_USER, m->user, sizeof(m->user));
		ppp_channel_put_str(&w, PPP_CHANNEL_ATTR_PASSWORD, m->password,
				    sizeof(m->password));
		if (m->certpass[0])
			ppp_channel_put_str(&w, PPP_CHANNEL_ATTR_CERTPASS, m->certpass,
					    sizeof(m->certpass));
		break;
	case PPP_CHANNEL_HELLO:
		ppp_channel_put_u32(&w, PPP_CHANNEL_ATTR_VERSION, m->version);
		ppp_channel_put_str(&w, PPP_CHANNEL_ATTR_PPPD_VERSION, m->pppd_version,
				    sizeof(m->pppd_version));
		ppp_channel_put_u32(&w, PPP_CHANNEL_ATTR_PID, m->pid);
		break;
	case PPP_CHANNEL_PHASE:
		ppp_channel_put_u32(&w, PPP_CHANNEL_ATTR_PHASE, m->phase);
		break;
	case PPP_CHANNEL_AUTH: {
		uint8_t ok = m->auth_ok ? 1 : 0;

		ppp_channel_put_attr(&w, PPP_CHANNEL_ATTR_AUTH_OK, &ok, 1);
		break;
	}
	case PPP_CHANNEL_IP_UP:
		ppp_channel_put_str(&w, PPP_CHANNEL_ATTR_IFNAME, m->ifname, sizeof(m->ifname));
		if (m->has_local4)
			ppp_channel_put_attr(&w, PPP_CHANNEL_ATTR_LOCAL4, m->local4, 4);
		if (m->has_peer4)
			ppp_channel_put_attr(&w, PPP_CHANNEL_ATTR_PEER4, m->peer4, 4);
		for (unsigned i = 0; i < m->n_dns4 && i < 2; i++)
			ppp_channel_put_attr(&w, PPP_CHANNEL_ATTR_DNS4, m->dns4[i], 4);
		if (m->has_mtu)
			ppp_channel_put_u32(&w, PPP_CHANNEL_ATTR_MTU, m->mtu);
		break;
	case PPP_CHANNEL_IPV6_UP:
		ppp_channel_put_str(&w, PPP_CHANNEL_ATTR_IFNAME, m->ifname, sizeof(m->ifname));
		if (m->has_local_ifid)
			ppp_channel_put_attr(&w, PPP_CHANNEL_ATTR_LOCAL_IFID, m->local_ifid, 8);
		if (m->has_peer_ifid)
			ppp_channel_put_attr(&w, PPP_CHANNEL_ATTR_PEER_IFID, m->peer_ifid, 8);
		break;
	case PPP_CHANNEL_IP_DOWN:
	case PPP_CHANNEL_DROP:
		break;
	case PPP_CHANNEL_EXIT:
		ppp_channel_put_u32(&w, PPP_CHANNEL_ATTR_EXIT_STATUS, m->exit_status);
		break;
	case PPP_CHANNEL_DATA_FD:
		if (m->has_lcp_resend_ms)
			ppp_channel_put_u32(&w, PPP_CHANNEL_ATTR_LCP_RESEND_MS, m->lcp_resend_ms);
		break;
	default:
		return -EINVAL;
	}
	if (!w.err && m->text[0])
		ppp_channel_put_str(&w, PPP_CHANNEL_ATTR_TEXT, m->text, sizeof(m->text));
	if (w.err) {
		explicit_bzero(buf, cap < w.pos ? cap : w.pos);
		return w.err;
	}
	put16(buf, m->type);
	put16(buf + 2, (uint16_t)(w.pos - PPP_CHANNEL_HEADER_LEN));
	return (int)w.pos;
}

static int ppp_channel_get_str(char *dst, size_t dst_size, const uint8_t *val, uint16_t len)
{
	if (len >= dst_size || memchr(val, 0, len))
		return -EBADMSG;
	memcpy(dst, val, len);
	dst[len] = 0;
	return 0;
}

static int ppp_channel_decode_attr(struct ppp_channel_msg *m, uint16_t tag, const uint8_t *val,
				   uint16_t len)
{
	switch (tag) {
	case PPP_CHANNEL_ATTR_USER:
		return ppp_channel_get_str(m->user, sizeof(m->user), val, len);
	case PPP_CHANNEL_ATTR_PASSWORD:
		return ppp_channel_get_str(m->password, sizeof(m->password), val, len);
	case PPP_CHANNEL_ATTR_CERTPASS:
		return ppp_channel_get_str(m->certpass, sizeof(m->certpass), val, len);
	case PPP_CHANNEL_ATTR_PPPD_VERSION:
		return ppp_channel_get_str(m->pppd_version, sizeof(m->pppd_version), val, len);
	case PPP_CHANNEL_ATTR_IFNAME:
		return ppp_channel_get_str(m->ifname, sizeof(m->ifname), val, len);
	case PPP_CHANNEL_ATTR_TEXT:
		return ppp_channel_get_str(m->text, sizeof(m->text), val, len);
	case PPP_CHANNEL_ATTR_VERSION:
	case PPP_CHANNEL_ATTR_PID:
	case PPP_CHANNEL_ATTR_PHASE:
	case PPP_CHANNEL_ATTR_EXIT_STATUS:
	case PPP_CHANNEL_ATTR_LCP_RESEND_MS:
	case PPP_CHANNEL_ATTR_MTU: {
		uint32_t v;

		if (len != 4)
			return -EBADMSG;
		v = get32(val);
		if (tag == PPP_CHANNEL_ATTR_VERSION) {
			m->version = v;
			m->has_version = true;
		} else if (tag == PPP_CHANNEL_ATTR_PID) {
			m->pid = v;
			m->has_pid = true;
		} else if (tag == PPP_CHANNEL_ATTR_PHASE) {
			m->phase = v;
			m->has_phase = true;
		} else if (tag == PPP_CHANNEL_ATTR_EXIT_STATUS) {
			m->exit_status = v;
			m->has_exit_status = true;
		} else if (tag == PPP_CHANNEL_ATTR_LCP_RESEND_MS) {
			m->lcp_resend_ms = v;
			m->has_lcp_resend_ms = true;
		} else {
			m->mtu = v;
			m->has_mtu = true;
		}
		return 0;
	}
	case PPP_CHANNEL_ATTR_AUTH_OK:
		if (len != 1 || val[0] > 1)
			return -EBADMSG;
		m->auth_ok = val[0] == 1;
		m->has_auth_ok = true;
		return 0;
	case PPP_CHANNEL_ATTR_LOCAL4:
	case PPP_CHANNEL_ATTR_PEER4:
	case PPP_CHANNEL_ATTR_DNS4:
		if (len != 4)
			return -EBADMSG;
		if (tag == PPP_CHANNEL_ATTR_LOCAL4) {
			memcpy(m->local4, val, 4);
			m->has_local4 = true;
		} else if (tag == PPP_CHANNEL_ATTR_PEER4) {
			memcpy(m->peer4, val, 4);
			m->has_peer4 = true;
		} else {
			if (m->n_dns4 >= 2)
				return -EBADMSG;
			memcpy(m->dns4[m->n_dns4++], val, 4);
		}
		return 0;
	case PPP_CHANNEL_ATTR_LOCAL_IFID:
	case PPP_CHANNEL_ATTR_PEER_IFID:
		if (len != 8)
			return -EBADMSG;
		if (tag == PPP_CHANNEL_ATTR_LOCAL_IFID) {
			memcpy(m->local_ifid, val, 8);
			m->has_local_ifid = true;
		} else {
			memcpy(m->peer_ifid, val, 8);
			m->has_peer_ifid = true;
		}
		return 0;
	default:
		/* unknown attribute: skipped, so newer peers can add some */
		return 0;
	}
}

int ppp_channel_decode(const uint8_t *buf, size_t len, struct ppp_channel_msg *m)
{
	size_t body_len, pos;

	ppp_channel_msg_init(m, 0);
	if (len < PPP_CHANNEL_HEADER_LEN)
		return -EAGAIN;
	body_len = get16(buf + 2);
	if (PPP_CHANNEL_HEADER_LEN + body_len > PPP_CHANNEL_MAX_MSG)
		return -EBADMSG;
	if (len < PPP_CHANNEL_HEADER_LEN + body_len)
		return -EAGAIN;
	m->type = get16(buf);

	pos = PPP_CHANNEL_HEADER_LEN;
	while (pos < PPP_CHANNEL_HEADER_LEN + body_len) {
		size_t left = PPP_CHANNEL_HEADER_LEN + body_len - pos;
		uint16_t tag, alen;

		if (left < ATTR_HEADER_LEN)
			goto bad;
		tag = get16(buf + pos);
		alen = get16(buf + pos + 2);
		if (alen > left - ATTR_HEADER_LEN)
			goto bad;
		if (ppp_channel_decode_attr(m, tag, buf + pos + ATTR_HEADER_LEN, alen) < 0)
			goto bad;
		pos += ATTR_HEADER_LEN + alen;
	}
	return (int)pos;
bad:
	ppp_channel_msg_wipe(m);
	return -EBADMSG;
}

const char *ppp_channel_type_name(uint16_t type)
{
	switch (type) {
	case PPP_CHANNEL_SECRETS:
		return "secrets";
	case PPP_CHANNEL_HELLO:
		return "hello";
	case PPP_CHANNEL_PHASE:
		return "phase";
	case PPP_CHANNEL_AUTH:
		return "auth";
	case PPP_CHANNEL_IP_UP:
		return "ip-up";
	case PPP_CHANNEL_IPV6_UP:
		return "ipv6-up";
	case PPP_CHANNEL_IP_DOWN:
		return "ip-down";
	case PPP_CHANNEL_EXIT:
		return "exit";
	case PPP_CHANNEL_DATA_FD:
		return "data-fd";
	case PPP_CHANNEL_DROP:
		return "drop";
	default:
		return "unknown";
	}
}

const char *ppp_channel_phase_name(uint32_t phase)
{
	static const char *const names[] = {
		"dead",		"initialize", "serialconn", "dormant", "establish",
		"authenticate", "callback",   "network",    "running", "terminate",
		"disconnect",	"holdoff",    "master",
	};

	return phase < sizeof(names) / sizeof(names[0]) ? names[phase] : "unknown";
}
