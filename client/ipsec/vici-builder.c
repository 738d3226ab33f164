// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VICI packet builder (see vici-builder.h and docs/vici.md for the wire format).
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "vici-builder.h"

struct vici_builder {
	GByteArray *buf; /* starts with the 4-byte length, filled in by finish */
	enum vici_packet_type type;
	int depth;
	bool in_list;
	int err;
	const char *why;
};

static void vici_builder_fail(struct vici_builder *b, int err, const char *why)
{
	if (!b->err) {
		b->err = err;
		b->why = why;
	}
}

static void vici_builder_put_u8(struct vici_builder *b, uint8_t v)
{
	g_byte_array_append(b->buf, &v, 1);
}

static void vici_builder_put_name(struct vici_builder *b, const char *name)
{
	size_t len = name ? strlen(name) : 0;

	if (len == 0 || len > VICI_NAME_MAX) {
		vici_builder_fail(b, -EINVAL, "a name is empty or longer than 255 bytes");
		return;
	}
	vici_builder_put_u8(b, (uint8_t)len);
	g_byte_array_append(b->buf, (const guint8 *)name, (guint)len);
}

static void vici_builder_put_value(struct vici_builder *b, const void *value, size_t len)
{
	uint8_t hdr[2];

	if (len > VICI_VALUE_MAX) {
		vici_builder_fail(b, -EINVAL, "a value is longer than 65535 bytes");
		return;
	}
	if (b->buf->len + len > VICI_PACKET_MAX + VICI_HEADER_LEN) {
		vici_builder_fail(b, -EMSGSIZE, "the packet is larger than 512 KiB");
		return;
	}
	hdr[0] = (uint8_t)(len >> 8);
	hdr[1] = (uint8_t)len;
	g_byte_array_append(b->buf, hdr, 2);
	if (len)
		g_byte_array_append(b->buf, value, (guint)len);
}

/* Checks that an element of @type may come next; returns false (and records why) if not. */
static bool vici_builder_check(struct vici_builder *b, enum vici_element_type type)
{
	if (b->err)
		return false;
	if (!vici_packet_type_has_message(b->type)) {
		vici_builder_fail(b, -EINVAL, "this packet type carries no message");
		return false;
	}
	if (b->in_list != (type == VICI_LIST_ITEM || type == VICI_LIST_END)) {
		vici_builder_fail(b, -EINVAL,
				  b->in_list ? "only list items may appear inside a list"
					     : "a list item or list end outside a list");
		return false;
	}
	if (type == VICI_SECTION_END && b->depth == 0) {
		vici_builder_fail(b, -EINVAL, "a section end without a section");
		return false;
	}
	if (type == VICI_SECTION_START && b->depth >= VICI_DEPTH_MAX) {
		vici_builder_fail(b, -EINVAL, "sections nested too deeply");
		return false;
	}
	return true;
}

struct vici_builder *vici_builder_new(enum vici_packet_type type, const char *name)
{
	struct vici_builder *b = g_new0(struct vici_builder, 1);
	static const uint8_t zero[VICI_HEADER_LEN];

	b->buf = g_byte_array_sized_new(256);
	b->type = type;
	g_byte_array_append(b->buf, zero, sizeof(zero));
	if ((unsigned)type > VICI_EVENT) {
		vici_builder_fail(b, -EINVAL, "unknown packet type");
		return b;
	}
	vici_builder_put_u8(b, (uint8_t)type);
	if (vici_packet_type_is_named(type))
		vici_builder_put_name(b, name);
	return b;
}

void vici_builder_section_start(struct vici_builder *b, const char *name)
{
	if (!vici_builder_check(b, VICI_SECTION_START))
		return;
	vici_builder_put_u8(b, VICI_SECTION_START);
	vici_builder_put_name(b, name);
	b->depth++;
}

void vici_builder_section_end(struct vici_builder *b)
{
	if (!vici_builder_check(b, VICI_SECTION_END))
		return;
	vici_builder_put_u8(b, VICI_SECTION_END);
	b->depth--;
}

void vici_builder_add(struct vici_builder *b, const char *name, const void *value, size_t len)
{
	if (!vici_builder_check(b, VICI_KEY_VALUE))
		return;
	vici_builder_put_u8(b, VICI_KEY_VALUE);
	vici_builder_put_name(b, name);
	vici_builder_put_value(b, value, len);
}

void vici_builder_add_str(struct vici_builder *b, const char *name, const char *value)
{
	vici_builder_add(b, name, value, value ? strlen(value) : 0);
}

void vici_builder_add_printf(struct vici_builder *b, const char *name, const char *fmt, ...)
{
	g_autofree char *s = NULL;
	va_list ap;

	va_start(ap, fmt);
	s = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	vici_builder_add_str(b, name, s);
}

void vici_builder_list_start(struct vici_builder *b, const char *name)
{
	if (!vici_builder_check(b, VICI_LIST_START))
		return;
	vici_builder_put_u8(b, VICI_LIST_START);
	vici_builder_put_name(b, name);
	b->in_list = true;
}

void vici_builder_list_item(struct vici_builder *b, const void *value, size_t len)
{
	if (!vici_builder_check(b, VICI_LIST_ITEM))
		return;
	vici_builder_put_u8(b, VICI_LIST_ITEM);
	vici_builder_put_value(b, value, len);
}

void vici_builder_list_item_str(struct vici_builder *b, const char *value)
{
	vici_builder_list_item(b, value, value ? strlen(value) : 0);
}

void vici_builder_list_end(struct vici_builder *b)
{
	if (!vici_builder_check(b, VICI_LIST_END))
		return;
	vici_builder_put_u8(b, VICI_LIST_END);
	b->in_list = false;
}

static void vici_wipe_free(gpointer data)
{
	GByteArray *a = data;

	explicit_bzero(a->data, a->len);
	g_byte_array_unref(a);
}

void vici_builder_free(struct vici_builder *b)
{
	if (!b)
		return;
	vici_wipe_free(b->buf);
	g_free(b);
}

int vici_builder_finish(struct vici_builder *b, GBytes **packet, const char **why)
{
	size_t body;
	int err;

	*packet = NULL;
	if (!b->err && (b->depth || b->in_list))
		vici_builder_fail(b, -EINVAL,
				  b->in_list ? "a list is not closed" : "a section is not closed");
	body = b->buf->len - VICI_HEADER_LEN;
	if (!b->err && body > VICI_PACKET_MAX)
		vici_builder_fail(b, -EMSGSIZE, "the packet is larger than 512 KiB");
	err = b->err;
	if (why)
		*why = b->why;
	if (err) {
		vici_builder_free(b);
		return err;
	}
	b->buf->data[0] = (uint8_t)(body >> 24);
	b->buf->data[1] = (uint8_t)(body >> 16);
	b->buf->data[2] = (uint8_t)(body >> 8);
	b->buf->data[3] = (uint8_t)body;
	*packet = g_bytes_new_with_free_func(b->buf->data, b->buf->len, vici_wipe_free, b->buf);
	g_free(b);
	return 0;
}
