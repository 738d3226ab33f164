/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vici-node: the tree a parsed VICI message is made of (vici-msg.h) and lookups in it.
 */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

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

/*
 * Lookups walk a path of section names ending in the wanted element, e.g.
 *   vici_node_get_str(node, "child-sas", "l2tp-3", "mode")
 * They return NULL when any step is missing or of the wrong kind; with duplicate names the first
 * wins. The variadic forms end with NULL; the macros add it.
 */
const struct vici_node *vici_node_get_path(const struct vici_node *node, const char *first,
					   ...) G_GNUC_NULL_TERMINATED;
const struct vici_node *vici_node_get_pathv(const struct vici_node *node, const char *first,
					    va_list ap);
const char *vici_node_get_str_path(const struct vici_node *node, const char *first,
				   ...) G_GNUC_NULL_TERMINATED;

#define vici_node_get(node, ...)     vici_node_get_path(node, __VA_ARGS__, NULL)
#define vici_node_get_str(node, ...) vici_node_get_str_path(node, __VA_ARGS__, NULL)

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
