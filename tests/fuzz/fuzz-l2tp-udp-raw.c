// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target for what the moved-port watcher reads from its raw UDP socket (l2tp-udp.c): any
 * datagram the host accepts, so untrusted. The first input byte picks the family.
 */
#include <stdint.h>
#include <sys/socket.h>

#include "l2tp-udp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint16_t sport, dport;

	if (size < 1)
		return 0;
	(void)l2tp_udp_parse_raw(data[0] & 1 ? AF_INET6 : AF_INET, data + 1, size - 1, &sport,
				 &dport);
	return 0;
}
