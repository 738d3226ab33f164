// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VICI codec: the parser of packet bodies into a tree (see vici-msg.h and docs/vici.md for the
 * wire format).
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "vici-msg.h"

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

/* ---- lookups from the root ---- */

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
