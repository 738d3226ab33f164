/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vici-packet: the framing of strongSwan's VICI protocol (docs/vici.md).
 *
 * A VICI packet on the stream is a 4-byte big-endian length followed by a body: one byte of
 * packet type, a length-prefixed name for the named types, and for CMD_REQUEST, CMD_RESPONSE
 * and EVENT a message made of elements (sections, key/values, lists of items).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vici_packet_type {
	VICI_CMD_REQUEST = 0,	   /* named, carries a message */
	VICI_CMD_RESPONSE = 1,	   /* carries a message */
	VICI_CMD_UNKNOWN = 2,	   /* the daemon does not know the command */
	VICI_EVENT_REGISTER = 3,   /* named */
	VICI_EVENT_UNREGISTER = 4, /* named */
	VICI_EVENT_CONFIRM = 5,	   /* (un)registration done */
	VICI_EVENT_UNKNOWN = 6,	   /* the daemon does not know the event */
	VICI_EVENT = 7,		   /* named, carries a message */
};

enum vici_element_type {
	VICI_SECTION_START = 1, /* u8 name length, name */
	VICI_SECTION_END = 2,
	VICI_KEY_VALUE = 3,  /* u8 name length, name, u16 BE value length, value */
	VICI_LIST_START = 4, /* u8 name length, name */
	VICI_LIST_ITEM = 5,  /* u16 BE value length, value */
	VICI_LIST_END = 6,
};

#define VICI_NAME_MAX  255
#define VICI_VALUE_MAX 65535
/* Largest body (after the 4-byte length) charon accepts or sends. */
#define VICI_PACKET_MAX (512 * 1024)
/* Our own bound on section nesting; charon's messages nest 5 deep at most. */
#define VICI_DEPTH_MAX	32
#define VICI_HEADER_LEN 4

const char *vici_packet_type_name(enum vici_packet_type type);
/** True for the types that carry a name after the type byte. */
bool vici_packet_type_is_named(enum vici_packet_type type);
/** True for the types that carry a message (elements) after the type and name. */
bool vici_packet_type_has_message(enum vici_packet_type type);

/** Reads a frame header; returns the body length or -EMSGSIZE/-EBADMSG (0 or > 512 KiB). */
int vici_packet_frame_length(const uint8_t header[VICI_HEADER_LEN], size_t *body_len);
