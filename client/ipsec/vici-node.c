// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Lookups in a parsed VICI tree (see vici-node.h).
 */
#include <stdarg.h>
#include <string.h>

#include "vici-node.h"

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
