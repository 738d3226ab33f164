// SPDX-License-Identifier: GPL-2.0-or-later
#include "ppp-hdlc.h"

#include <string.h>

#define HDLC_FLAG   0x7e
#define HDLC_ESCAPE 0x7d
#define HDLC_XOR    0x20
/* RFC 1662 appendix C.2: a good frame's FCS over data + FCS is this constant. */
#define HDLC_GOOD_FCS 0xf0b8
#define HDLC_FCS_POLY 0x8408 /* x^16 + x^12 + x^5 + 1, bit-reversed */

uint16_t ppp_hdlc_fcs16(uint16_t fcs, const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		fcs ^= data[i];
		for (int bit = 0; bit < 8; bit++)
			fcs = (fcs & 1) ? (uint16_t)((fcs >> 1) ^ HDLC_FCS_POLY)
					: (uint16_t)(fcs >> 1);
	}
	return fcs;
}

static size_t ppp_hdlc_put(uint8_t *out, size_t pos, uint8_t c)
{
	/* RFC 1662 4.2: flag, escape and every character in the ACCM (all of 0x00-0x1f). */
	if (c == HDLC_FLAG || c == HDLC_ESCAPE || c < 0x20) {
		out[pos++] = HDLC_ESCAPE;
		out[pos++] = c ^ HDLC_XOR;
	} else {
		out[pos++] = c;
	}
	return pos;
}

size_t ppp_hdlc_encode(const uint8_t *frame, size_t len, uint8_t *out)
{
	uint16_t fcs = ppp_hdlc_fcs16(0xffff, frame, len) ^ 0xffff;
	size_t pos = 0;

	out[pos++] = HDLC_FLAG;
	for (size_t i = 0; i < len; i++)
		pos = ppp_hdlc_put(out, pos, frame[i]);
	/* RFC 1662 C.2: the FCS goes least significant octet first. */
	pos = ppp_hdlc_put(out, pos, fcs & 0xff);
	pos = ppp_hdlc_put(out, pos, fcs >> 8);
	out[pos++] = HDLC_FLAG;
	return pos;
}

void ppp_hdlc_decoder_init(struct ppp_hdlc_decoder *d)
{
	memset(d, 0, sizeof(*d));
}

static void ppp_hdlc_decoder_end_frame(struct ppp_hdlc_decoder *d, ppp_hdlc_frame_fn fn,
				       void *user_data)
{
	if (d->overflow) {
		d->too_long++;
	} else if (d->len == 0) {
		/* back-to-back flags: not a frame (RFC 1662 4.3 allows shared flags) */
	} else if (d->len < 4 || d->escaped) {
		/* shorter than protocol + FCS, or ended inside an escape (RFC 1662 4.4: abort) */
		d->runts++;
	} else if (ppp_hdlc_fcs16(0xffff, d->buf, d->len) != HDLC_GOOD_FCS) {
		d->bad_fcs++;
	} else {
		d->frames++;
		fn(d->buf, d->len - 2, user_data);
	}
	d->len = 0;
	d->escaped = false;
	d->overflow = false;
}

void ppp_hdlc_decoder_feed(struct ppp_hdlc_decoder *d, const uint8_t *data, size_t len,
			   ppp_hdlc_frame_fn fn, void *user_data)
{
	for (size_t i = 0; i < len; i++) {
		uint8_t c = data[i];

		if (c == HDLC_FLAG) {
			ppp_hdlc_decoder_end_frame(d, fn, user_data);
			continue;
		}
		if (c == HDLC_ESCAPE) {
			d->escaped = true;
			continue;
		}
		if (d->escaped) {
			c ^= HDLC_XOR;
			d->escaped = false;
		}
		if (d->len >= sizeof(d->buf)) {
			d->overflow = true;
			continue;
		}
		d->buf[d->len++] = c;
	}
}
