// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzzes the async HDLC decoder (bytes pppd writes to the pty of the userspace data path). Every
 * frame it delivers must survive an encode/decode round trip unchanged. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ppp-hdlc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct expect {
	const uint8_t *frame;
	size_t len;
	int seen;
};

static void compare(const uint8_t *frame, size_t len, void *user_data)
{
	struct expect *e = user_data;

	if (len != e->len || memcmp(frame, e->frame, len))
		abort();
	e->seen++;
}

static void deliver(const uint8_t *frame, size_t len, void *user_data)
{
	static uint8_t enc[PPP_HDLC_ENCODED_MAX(PPP_HDLC_MAX_FRAME)];
	static struct ppp_hdlc_decoder again;
	struct expect e = { .frame = frame, .len = len };
	size_t n;

	(void)user_data;
	if (len + 2 > PPP_HDLC_MAX_FRAME)
		abort();
	n = ppp_hdlc_encode(frame, len, enc);
	ppp_hdlc_decoder_init(&again);
	ppp_hdlc_decoder_feed(&again, enc, n, compare, &e);
	if (e.seen != 1)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ppp_hdlc_decoder d;
	size_t cut = size ? data[0] % (size + 1) : 0;

	ppp_hdlc_decoder_init(&d);
	/* two feeds split at a data-dependent point, as pty reads split frames */
	ppp_hdlc_decoder_feed(&d, data, cut, deliver, NULL);
	ppp_hdlc_decoder_feed(&d, data + cut, size - cut, deliver, NULL);
	return 0;
}
