// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VICI codec: builder and parser (see vici-msg.h and docs/vici.md for the wire format).
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "vici-msg.h"

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

/* ---- builder ---- */

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

/* ---- parser ---- */

int vici_frame_length(const uint8_t header[VICI_HEADER_LEN], size_t *body_len)
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

static void vici_value_free(gpointer data)
{
	struct vici_value *v = data;

	g_free(v->data);
	g_free(v);
}

static void vici_node_free(gpointer data)
{
	struct vici_node *n = data;

	/* Depth is bounded by VICI_DEPTH_MAX, so this recursion is too. */
	if (n->children)
		g_ptr_array_unref(n->children);
	if (n->items)
		g_ptr_array_unref(n->items);
	g_free(n->value.data);
	g_free(n->name);
	g_free(n);
}

static struct vici_node *vici_node_new(enum vici_node_type type, char *name)
{
	struct vici_node *n = g_new0(struct vici_node, 1);

	n->type = type;
	n->name = name;
	if (type == VICI_NODE_SECTION)
		n->children = g_ptr_array_new_with_free_func(vici_node_free);
	else if (type == VICI_NODE_LIST)
		n->items = g_ptr_array_new_with_free_func(vici_value_free);
	return n;
}

void vici_msg_free(struct vici_msg *msg)
{
	if (!msg)
		return;
	if (msg->root)
		vici_node_free(msg->root);
	g_free(msg->name);
	g_free(msg);
}

struct vici_reader {
	const uint8_t *p;
	size_t left;
};

static bool vici_read_u8(struct vici_reader *r, uint8_t *v)
{
	if (r->left < 1)
		return false;
	*v = *r->p++;
	r->left--;
	return true;
}

/* A u8-length name: non-empty, no NUL (it is used as a C string). */
static bool vici_read_name(struct vici_reader *r, char **name)
{
	uint8_t len;

	if (!vici_read_u8(r, &len) || len == 0 || r->left < len || memchr(r->p, 0, len))
		return false;
	*name = g_strndup((const char *)r->p, len);
	r->p += len;
	r->left -= len;
	return true;
}

static bool vici_read_value(struct vici_reader *r, struct vici_value *v)
{
	size_t len;

	if (r->left < 2)
		return false;
	len = (size_t)r->p[0] << 8 | r->p[1];
	r->p += 2;
	r->left -= 2;
	if (r->left < len)
		return false;
	v->data = g_malloc(len + 1);
	memcpy(v->data, r->p, len);
	v->data[len] = '\0';
	v->len = len;
	r->p += len;
	r->left -= len;
	return true;
}

static int vici_parse_elements(struct vici_reader *r, struct vici_node *root, const char **why)
{
	struct vici_node *stack[VICI_DEPTH_MAX + 1];
	struct vici_node *list = NULL;
	int depth = 0;
	uint8_t type;

	stack[0] = root;
	while (vici_read_u8(r, &type)) {
		struct vici_node *n;
		char *name = NULL;

		if (list && type != VICI_LIST_ITEM && type != VICI_LIST_END) {
			*why = "an element other than a list item inside a list";
			return -EBADMSG;
		}
		switch (type) {
		case VICI_SECTION_START:
			if (depth >= VICI_DEPTH_MAX) {
				*why = "sections nested too deeply";
				return -EBADMSG;
			}
			if (!vici_read_name(r, &name))
				goto truncated;
			n = vici_node_new(VICI_NODE_SECTION, name);
			g_ptr_array_add(stack[depth]->children, n);
			stack[++depth] = n;
			break;
		case VICI_SECTION_END:
			if (depth == 0) {
				*why = "a section end without a section";
				return -EBADMSG;
			}
			depth--;
			break;
		case VICI_KEY_VALUE:
			if (!vici_read_name(r, &name))
				goto truncated;
			n = vici_node_new(VICI_NODE_VALUE, name);
			g_ptr_array_add(stack[depth]->children, n);
			if (!vici_read_value(r, &n->value))
				goto truncated;
			break;
		case VICI_LIST_START:
			if (!vici_read_name(r, &name))
				goto truncated;
			list = vici_node_new(VICI_NODE_LIST, name);
			g_ptr_array_add(stack[depth]->children, list);
			break;
		case VICI_LIST_ITEM: {
			struct vici_value *v;

			if (!list) {
				*why = "a list item outside a list";
				return -EBADMSG;
			}
			v = g_new0(struct vici_value, 1);
			g_ptr_array_add(list->items, v);
			if (!vici_read_value(r, v))
				goto truncated;
			break;
		}
		case VICI_LIST_END:
			if (!list) {
				*why = "a list end outside a list";
				return -EBADMSG;
			}
			list = NULL;
			break;
		default:
			*why = "an unknown element type";
			return -EBADMSG;
		}
	}
	if (list) {
		*why = "a list is not closed";
		return -EBADMSG;
	}
	if (depth) {
		*why = "a section is not closed";
		return -EBADMSG;
	}
	return 0;
truncated:
	*why = "an element is truncated or has an empty name";
	return -EBADMSG;
}

int vici_msg_parse(const void *body, size_t len, struct vici_msg **out, const char **why)
{
	struct vici_reader r = { .p = body, .left = len };
	_vici_msg_auto_ struct vici_msg *msg = g_new0(struct vici_msg, 1);
	const char *dummy;
	uint8_t type;
	int err;

	*out = NULL;
	if (!why)
		why = &dummy;
	if (len > VICI_PACKET_MAX) {
		*why = "the packet is larger than 512 KiB";
		return -EMSGSIZE;
	}
	msg->root = vici_node_new(VICI_NODE_SECTION, NULL);
	if (!vici_read_u8(&r, &type)) {
		*why = "the packet is empty";
		return -EBADMSG;
	}
	if (type > VICI_EVENT) {
		*why = "an unknown packet type";
		return -EBADMSG;
	}
	msg->type = type;
	if (vici_packet_type_is_named(type) && !vici_read_name(&r, &msg->name)) {
		*why = "the packet name is missing or truncated";
		return -EBADMSG;
	}
	if (vici_packet_type_has_message(type)) {
		err = vici_parse_elements(&r, msg->root, why);
		if (err)
			return err;
	} else if (r.left) {
		*why = "trailing bytes after a packet that carries no message";
		return -EBADMSG;
	}
	*out = g_steal_pointer(&msg);
	return 0;
}

/* ---- lookups ---- */

static const struct vici_node *vici_node_find(const struct vici_node *node, const char *name)
{
	if (!node || node->type != VICI_NODE_SECTION)
		return NULL;
	for (guint i = 0; i < node->children->len; i++) {
		const struct vici_node *c = node->children->pdata[i];

		if (strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

const struct vici_node *vici_node_get_pathv(const struct vici_node *node, const char *first,
					    va_list ap)
{
	for (const char *name = first; name && node; name = va_arg(ap, const char *))
		node = vici_node_find(node, name);
	return node;
}

const struct vici_node *vici_node_get_path(const struct vici_node *node, const char *first, ...)
{
	va_list ap;

	va_start(ap, first);
	node = vici_node_get_pathv(node, first, ap);
	va_end(ap);
	return node;
}

const char *vici_node_get_str_path(const struct vici_node *node, const char *first, ...)
{
	va_list ap;

	va_start(ap, first);
	node = vici_node_get_pathv(node, first, ap);
	va_end(ap);
	return vici_node_str(node);
}

const struct vici_node *vici_msg_get_path(const struct vici_msg *msg, const char *first, ...)
{
	const struct vici_node *node;
	va_list ap;

	if (!msg)
		return NULL;
	va_start(ap, first);
	node = vici_node_get_pathv(msg->root, first, ap);
	va_end(ap);
	return node;
}

const char *vici_msg_get_str_path(const struct vici_msg *msg, const char *first, ...)
{
	const struct vici_node *node;
	va_list ap;

	if (!msg)
		return NULL;
	va_start(ap, first);
	node = vici_node_get_pathv(msg->root, first, ap);
	va_end(ap);
	return vici_node_str(node);
}

const char *vici_node_str(const struct vici_node *node)
{
	return node && node->type == VICI_NODE_VALUE ? node->value.data : NULL;
}

bool vici_node_is_yes(const struct vici_node *node)
{
	const char *s = vici_node_str(node);

	return s && strcmp(s, "yes") == 0;
}

guint vici_node_count(const struct vici_node *node)
{
	if (!node)
		return 0;
	if (node->type == VICI_NODE_SECTION)
		return node->children->len;
	if (node->type == VICI_NODE_LIST)
		return node->items->len;
	return 0;
}

const struct vici_node *vici_node_child(const struct vici_node *node, guint i)
{
	if (!node || node->type != VICI_NODE_SECTION || i >= node->children->len)
		return NULL;
	return node->children->pdata[i];
}

const char *vici_node_item(const struct vici_node *node, guint i)
{
	if (!node || node->type != VICI_NODE_LIST || i >= node->items->len)
		return NULL;
	return ((struct vici_value *)node->items->pdata[i])->data;
}

/* ---- debug rendering ---- */

static void vici_append_value(GString *s, const struct vici_value *v, bool secret)
{
	if (secret) {
		g_string_append_printf(s, "<%zu bytes>", v->len);
		return;
	}
	for (size_t i = 0; i < v->len; i++) {
		unsigned char c = (unsigned char)v->data[i];

		if (c >= 0x20 && c < 0x7f)
			g_string_append_c(s, (char)c);
		else
			g_string_append_printf(s, "\\x%02x", c);
	}
}

static void vici_append_node(GString *s, const struct vici_node *n, const char *const *secret)
{
	bool hide = secret && n->name && g_strv_contains(secret, n->name);

	switch (n->type) {
	case VICI_NODE_VALUE:
		g_string_append_printf(s, "%s=", n->name);
		vici_append_value(s, &n->value, hide);
		break;
	case VICI_NODE_LIST:
		g_string_append_printf(s, "%s=[", n->name);
		for (guint i = 0; i < n->items->len; i++) {
			if (i)
				g_string_append_c(s, ' ');
			vici_append_value(s, n->items->pdata[i], hide);
		}
		g_string_append_c(s, ']');
		break;
	case VICI_NODE_SECTION:
		if (n->name)
			g_string_append_printf(s, "%s ", n->name);
		g_string_append_c(s, '{');
		for (guint i = 0; i < n->children->len; i++) {
			if (i)
				g_string_append_c(s, ' ');
			vici_append_node(s, n->children->pdata[i], secret);
		}
		g_string_append_c(s, '}');
		break;
	}
}

char *vici_msg_to_string(const struct vici_msg *msg, const char *const *secret_keys)
{
	GString *s = g_string_new(vici_packet_type_name(msg->type));

	if (msg->name)
		g_string_append_printf(s, " %s", msg->name);
	g_string_append_c(s, ' ');
	vici_append_node(s, msg->root, secret_keys);
	return g_string_free(s, FALSE);
}
