/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ppp-hdlc: asynchronous HDLC-like framing of PPP frames (RFC 1662 section 4).
 *
 * The userspace data path runs pppd on a pty, where pppd speaks async HDLC (0x7E flags, 0x7D
 * escapes, FCS-16), while L2TP carries bare PPP frames (RFC 2661 section 1). This codec turns
 * one into the other. It is pure: no I/O, no clock, so unit tests and the fuzzer call it directly.
 *
 * The encoder escapes every control character (an all-ones ACCM), which every receiver accepts
 * whatever ACCM LCP negotiated. The decoder accepts escaped and unescaped control characters
 * alike (pppd may send them raw once LCP agreed on ACCM 0) and drops frames whose FCS is wrong.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest decoded frame (address, control, protocol, information, FCS) the decoder keeps;
 * longer frames are dropped and counted. Well above any PPP MRU used over L2TP. */
#define PPP_HDLC_MAX_FRAME 4096

/** Worst-case encoded size of a frame of @len bytes: every byte and the FCS escaped, 2 flags. */
#define PPP_HDLC_ENCODED_MAX(len) (2 * ((size_t)(len) + 2) + 2)

/** FCS-16 over @len bytes, starting from @fcs (use 0xffff for a new frame). */
uint16_t ppp_hdlc_fcs16(uint16_t fcs, const uint8_t *data, size_t len);

/**
 * Encodes one PPP frame (starting with the address/control or protocol field, no FCS) into
 * @out, which must hold PPP_HDLC_ENCODED_MAX(@len) bytes. Returns the encoded length.
 */
size_t ppp_hdlc_encode(const uint8_t *frame, size_t len, uint8_t *out);

typedef void (*ppp_hdlc_frame_fn)(const uint8_t *frame, size_t len, void *user_data);

struct ppp_hdlc_decoder {
	uint8_t buf[PPP_HDLC_MAX_FRAME];
	size_t len;
	bool escaped;
	bool overflow;
	/* counters, for logs and tests */
	uint64_t frames;
	uint64_t bad_fcs;
	uint64_t too_long;
	uint64_t runts;
};

void ppp_hdlc_decoder_init(struct ppp_hdlc_decoder *d);

/**
 * Feeds @len received bytes. For every complete frame with a good FCS, @fn gets the frame without
 * flags, escapes or FCS. Partial frames are kept for the next call.
 */
void ppp_hdlc_decoder_feed(struct ppp_hdlc_decoder *d, const uint8_t *data, size_t len,
			   ppp_hdlc_frame_fn fn, void *user_data);
