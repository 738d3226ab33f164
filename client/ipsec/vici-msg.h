/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vici-msg: a pure codec for strongSwan's VICI protocol (docs/vici.md).
 *
 * A VICI packet on the stream is a 4-byte big-endian length followed by a body: one byte of
 * packet type, a length-prefixed name for the named types, and for CMD_REQUEST, CMD_RESPONSE
 * and EVENT a message made of elements (sections, key/values, lists of items). This module
 * builds such packets and parses bodies into a tree; it never touches a socket or a clock, so
 * unit tests and the `vici-msg` fuzz target drive it directly. Everything it parses comes from
 * the daemon and is treated as untrusted: bad input gives an error, never a crash.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

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

/* ---- builder ---- */

struct vici_builder;

/** Starts a packet; @name is required for the named types and ignored otherwise. */
struct vici_builder *vici_builder_new(enum vici_packet_type type, const char *name);
void vici_builder_section_start(struct vici_builder *b, const char *name);
void vici_builder_section_end(struct vici_builder *b);
void vici_builder_add(struct vici_builder *b, const char *name, const void *value, size_t len);
void vici_builder_add_str(struct vici_builder *b, const char *name, const char *value);
void vici_builder_add_printf(struct vici_builder *b, const char *name, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);
void vici_builder_list_start(struct vici_builder *b, const char *name);
void vici_builder_list_item(struct vici_builder *b, const void *value, size_t len);
void vici_builder_list_item_str(struct vici_builder *b, const char *value);
void vici_builder_list_end(struct vici_builder *b);
/**
 * Ends the packet and frees the builder. Misuse (element in a message-less packet, nested list,
 * unbalanced section, name > 255 or value > 65535 bytes, packet > 512 KiB) is remembered by the
 * add calls and reported here as -EINVAL / -EMSGSIZE, with *why set to a static phrase.
 * On success *packet holds length prefix + body; its memory is wiped when the last ref drops,
 * since requests may carry secrets (load-shared).
 */
int vici_builder_finish(struct vici_builder *b, GBytes **packet, const char **why);
/** Discards an unfinished builder, wiping its buffer. */
void vici_builder_free(struct vici_builder *b);

/* ---- parsed tree ---- */

enum vici_node_type {
	VICI_NODE_SECTION,
	VICI_NODE_VALUE,
	VICI_NODE_LIST,
};

struct vici_value {
	char *data; /* NUL-terminated copy; may contain inner NULs (use len) */
	size_t len;
};

struct vici_node {
	enum vici_node_type type;
	char *name;		 /* NULL for the root section */
	struct vici_value value; /* VALUE */
	GPtrArray *items;	 /* LIST: struct vici_value * */
	GPtrArray *children;	 /* SECTION: struct vici_node *, in wire order */
};

struct vici_msg {
	enum vici_packet_type type;
	char *name;		/* command or event name for the named types, else NULL */
	struct vici_node *root; /* always a section (empty for message-less types) */
};

/** Reads a frame header; returns the body length or -EMSGSIZE/-EBADMSG (0 or > 512 KiB). */
int vici_frame_length(const uint8_t header[VICI_HEADER_LEN], size_t *body_len);

/**
 * Parses one packet body (without the 4-byte length). Returns 0 and a tree in *out, or -EBADMSG /
 * -EMSGSIZE with *why set to a static phrase naming the defect.
 */
int vici_msg_parse(const void *body, size_t len, struct vici_msg **out, const char **why);
void vici_msg_free(struct vici_msg *msg);
static inline void vici_msg_freep(struct vici_msg **msg)
{
	vici_msg_free(*msg);
}
/* `_vici_msg_auto_ struct vici_msg *m = NULL;` frees the tree when m leaves scope. */
#define _vici_msg_auto_ __attribute__((cleanup(vici_msg_freep)))

/*
 * Lookups walk a path of section names ending in the wanted element, e.g.
 *   vici_msg_get_str(msg, "child-sas", "l2tp-3", "mode")
 * They return NULL when any step is missing or of the wrong kind; with duplicate names the first
 * wins. The variadic forms end with NULL; the macros add it.
 */
const struct vici_node *vici_node_get_path(const struct vici_node *node, const char *first,
					   ...) G_GNUC_NULL_TERMINATED;
const struct vici_node *vici_node_get_pathv(const struct vici_node *node, const char *first,
					    va_list ap);
const char *vici_node_get_str_path(const struct vici_node *node, const char *first,
				   ...) G_GNUC_NULL_TERMINATED;
const struct vici_node *vici_msg_get_path(const struct vici_msg *msg, const char *first,
					  ...) G_GNUC_NULL_TERMINATED;
const char *vici_msg_get_str_path(const struct vici_msg *msg, const char *first,
				  ...) G_GNUC_NULL_TERMINATED;

#define vici_node_get(node, ...)     vici_node_get_path(node, __VA_ARGS__, NULL)
#define vici_node_get_str(node, ...) vici_node_get_str_path(node, __VA_ARGS__, NULL)
#define vici_msg_get(msg, ...)	     vici_msg_get_path(msg, __VA_ARGS__, NULL)
#define vici_msg_get_str(msg, ...)   vici_msg_get_str_path(msg, __VA_ARGS__, NULL)

/** The string of a VALUE node, or NULL for other nodes. */
const char *vici_node_str(const struct vici_node *node);
/** True when a VALUE node reads "yes" (charon's boolean). */
bool vici_node_is_yes(const struct vici_node *node);
/** Children count of a section, items count of a list, 0 otherwise. */
guint vici_node_count(const struct vici_node *node);
/** A section's child by index, or NULL. */
const struct vici_node *vici_node_child(const struct vici_node *node, guint i);
/** A list's item string by index, or NULL. */
const char *vici_node_item(const struct vici_node *node, guint i);

/**
 * Renders a tree as one line ("name {k=v l=[a b]}") for debug logs. Values of keys named in
 * @secret_keys (NULL-terminated, may be NULL) are shown as "<N bytes>".
 */
char *vici_msg_to_string(const struct vici_msg *msg, const char *const *secret_keys);
