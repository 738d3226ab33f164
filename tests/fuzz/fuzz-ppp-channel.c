// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzzes the plugin channel decoder: the client reads what pppd's plugin writes. Every message
 * that decodes must encode again and decode to the same fields. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ppp-channel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pos = 0;

	/* a stream of messages, as a reader loop would see it */
	while (pos < size) {
		struct ppp_channel_msg m, again;
		uint8_t buf[PPP_CHANNEL_MAX_MSG];
		int n = ppp_channel_decode(data + pos, size - pos, &m);
		int e;

		if (n < 0)
			break;
		e = ppp_channel_encode(&m, buf, sizeof(buf));
		if (e > 0) {
			uint8_t buf2[PPP_CHANNEL_MAX_MSG];
			int e2;

			/* The encoder writes only the fields of the message's type, so the
			 * invariant is on its output: decoding and encoding it again is stable. */
			if (ppp_channel_decode(buf, (size_t)e, &again) != e)
				abort();
			if (again.type != m.type)
				abort();
			e2 = ppp_channel_encode(&again, buf2, sizeof(buf2));
			if (e2 != e || memcmp(buf, buf2, (size_t)e) != 0)
				abort();
			ppp_channel_msg_wipe(&again);
		}
		(void)ppp_channel_type_name(m.type);
		(void)ppp_channel_phase_name(m.phase);
		ppp_channel_msg_wipe(&m);
		pos += (size_t)n;
	}
	return 0;
}
