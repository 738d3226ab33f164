/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vici-msg: the parser of strongSwan's VICI protocol (docs/vici.md).
 *
 * Parses packet bodies (framing in vici-packet.h) into a tree of nodes (vici-node.h); packets are
 * built with vici-builder.h. It never touches a socket or a clock, so unit tests and the
 * `vici-msg` fuzz target drive it directly. Everything it parses comes from the daemon and is
 * treated as untrusted: bad input gives an error, never a crash.
 */
#pragma once

#include <glib.h>

#include "vici-node.h"
#include "vici-packet.h"

struct vici_msg {
	enum vici_packet_type type;
	char *name;		/* command or event name for the named types, else NULL */
	struct vici_node *root; /* always a section (empty for message-less types) */
};

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

/* The lookups of vici-node.h from the root of @msg (NULL when @msg is NULL). */
const struct vici_node *vici_msg_get_path(const struct vici_msg *msg, const char *first,
					  ...) G_GNUC_NULL_TERMINATED;
const char *vici_msg_get_str_path(const struct vici_msg *msg, const char *first,
				  ...) G_GNUC_NULL_TERMINATED;

#define vici_msg_get(msg, ...)	   vici_msg_get_path(msg, __VA_ARGS__, NULL)
#define vici_msg_get_str(msg, ...) vici_msg_get_str_path(msg, __VA_ARGS__, NULL)

/**
 * Renders a tree as one line ("name {k=v l=[a b]}") for debug logs. Values of keys named in
 * @secret_keys (NULL-terminated, may be NULL) are shown as "<N bytes>".
 */
char *vici_msg_to_string(const struct vici_msg *msg, const char *const *secret_keys);
