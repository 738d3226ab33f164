// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VICI packet framing: the packet types and the 4-byte length before each body (see
 * vici-packet.h and docs/vici.md).
 */
#include <errno.h>

#include "vici-packet.h"

const char *vici_packet_type_name(enum vici_packet_type type)
{
	switch (type) {
	case VICI_CMD_REQUEST:
		return "CMD_REQUEST";
	case VICI_CMD_RESPONSE:
		return "CMD_RESPONSE";
	case VICI_CMD_UNKNOWN:
		return "CMD_UNKNOWN";
	case VICI_EVENT_REGISTER:
		return "EVENT_REGISTER";
	case VICI_EVENT_UNREGISTER:
		return "EVENT_UNREGISTER";
	case VICI_EVENT_CONFIRM:
		return "EVENT_CONFIRM";
	case VICI_EVENT_UNKNOWN:
		return "EVENT_UNKNOWN";
	case VICI_EVENT:
		return "EVENT";
	}
	return "invalid";
}

bool vici_packet_type_is_named(enum vici_packet_type type)
{
	return type == VICI_CMD_REQUEST || type == VICI_EVENT_REGISTER ||
	       type == VICI_EVENT_UNREGISTER || type == VICI_EVENT;
}

bool vici_packet_type_has_message(enum vici_packet_type type)
{
	return type == VICI_CMD_REQUEST || type == VICI_CMD_RESPONSE || type == VICI_EVENT;
}

int vici_packet_frame_length(const uint8_t header[VICI_HEADER_LEN], size_t *body_len)
{
	uint32_t len = (uint32_t)header[0] << 24 | (uint32_t)header[1] << 16 |
		       (uint32_t)header[2] << 8 | header[3];

	if (len == 0)
		return -EBADMSG;
	if (len > VICI_PACKET_MAX)
		return -EMSGSIZE;
	*body_len = len;
	return 0;
}
