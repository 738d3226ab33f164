// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tp-header (see l2tp-header.h). */
#include <errno.h>

#include "l2tp-avp.h"
#include "l2tp-header.h"

int l2tp_header_parse(const uint8_t *pkt, size_t len, struct l2tp_header *h)
{
	size_t off = 2;
	uint16_t flags;

	memset(h, 0, sizeof(*h));
	if (len < 6)
		return len >= 2 && (l2tp_get_be16(pkt) & L2TP_HDR_VER_MASK) != L2TP_VERSION
			       ? -EPROTONOSUPPORT
			       : -EBADMSG;
	flags = l2tp_get_be16(pkt);
	/* RFC 2661 3.1: unknown Ver MUST be discarded (1 is L2F, 3 is L2TPv3). */
	if ((flags & L2TP_HDR_VER_MASK) != L2TP_VERSION)
		return -EPROTONOSUPPORT;
	h->control = flags & L2TP_HDR_T;
	h->has_length = flags & L2TP_HDR_L;
	h->has_seq = flags & L2TP_HDR_S;
	h->priority = flags & L2TP_HDR_P;
	/* RFC 2661 3.1: control messages MUST have L and S set. */
	if (h->control && (!h->has_length || !h->has_seq))
		return -EBADMSG;
	if (h->has_length) {
		h->length = l2tp_get_be16(pkt + off);
		off += 2;
		/* Trailing octets past Length (link padding) are ignored; a longer Length is not.
		 */
		if (h->length > len)
			return -EBADMSG;
		len = h->length;
	} else {
		h->length = (uint16_t)MIN(len, (size_t)L2TP_MSG_MAX);
	}
	if (len < off + 4)
		return -EBADMSG;
	h->tunnel_id = l2tp_get_be16(pkt + off);
	h->session_id = l2tp_get_be16(pkt + off + 2);
	off += 4;
	if (h->has_seq) {
		if (len < off + 4)
			return -EBADMSG;
		h->ns = l2tp_get_be16(pkt + off);
		h->nr = l2tp_get_be16(pkt + off + 2);
		off += 4;
	}
	/* RFC 2661 3.1: O MUST be 0 on control messages; on data, skip the padding. */
	if ((flags & L2TP_HDR_O) && !h->control) {
		if (len < off + 2)
			return -EBADMSG;
		size_t pad = l2tp_get_be16(pkt + off);
		off += 2;
		if (len < off + pad)
			return -EBADMSG;
		off += pad;
	}
	h->payload_off = off;
	return 0;
}

void l2tp_header_put_control(uint8_t *out, uint16_t length, uint16_t tunnel_id, uint16_t session_id,
			     uint16_t ns, uint16_t nr)
{
	l2tp_put_be16(out, L2TP_CTRL_FLAGS);
	l2tp_put_be16(out + 2, length);
	l2tp_put_be16(out + 4, tunnel_id);
	l2tp_put_be16(out + 6, session_id);
	l2tp_put_be16(out + 8, ns);
	l2tp_put_be16(out + 10, nr);
}

size_t l2tp_header_put_data(uint8_t *out, uint16_t tunnel_id, uint16_t session_id, bool seq,
			    uint16_t ns)
{
	l2tp_put_be16(out, (uint16_t)((seq ? L2TP_HDR_S : 0) | L2TP_VERSION));
	l2tp_put_be16(out + 2, tunnel_id);
	l2tp_put_be16(out + 4, session_id);
	if (!seq)
		return 6;
	l2tp_put_be16(out + 6, ns);
	l2tp_put_be16(out + 8, 0);
	return 10;
}
