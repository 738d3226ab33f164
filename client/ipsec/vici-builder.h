/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vici-builder: builds VICI packets (vici-packet.h) element by element; never touches a socket.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#include "vici-packet.h"

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
