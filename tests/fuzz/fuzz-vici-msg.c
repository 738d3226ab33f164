// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target for the VICI codec: the input is a stream of framed packets as charon would send
 * them (4-byte length + body). Each body is parsed; a parsed tree is walked, rendered, read as
 * a list-sa event by the stale cleanup's reader (ipsec_drain_scan), and rebuilt with the
 * builder, and the rebuilt packet must parse again.
 */
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "ipsec-drain.h"
#include "vici-builder.h"
#include "vici-msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_rebuild_node(struct vici_builder *b, const struct vici_node *n)
{
	for (guint i = 0; i < vici_node_count(n); i++) {
		const struct vici_node *c = vici_node_child(n, i);

		switch (c->type) {
		case VICI_NODE_SECTION:
			vici_builder_section_start(b, c->name);
			fuzz_rebuild_node(b, c);
			vici_builder_section_end(b);
			break;
		case VICI_NODE_VALUE:
			vici_builder_add(b, c->name, c->value.data, c->value.len);
			break;
		case VICI_NODE_LIST:
			vici_builder_list_start(b, c->name);
			for (guint j = 0; j < c->items->len; j++) {
				const struct vici_value *v = c->items->pdata[j];

				vici_builder_list_item(b, v->data, v->len);
			}
			vici_builder_list_end(b);
			break;
		}
	}
}

static void fuzz_one(const uint8_t *body, size_t len)
{
	_vici_msg_auto_ struct vici_msg *msg = NULL;
	_vici_msg_auto_ struct vici_msg *again = NULL;
	g_autoptr(GBytes) pkt = NULL;
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *s = NULL;
	struct vici_builder *b;
	const char *why = NULL;
	const uint8_t *p;
	gsize plen;

	if (vici_msg_parse(body, len, &msg, &why) < 0) {
		if (!why)
			__builtin_trap();
		return;
	}
	s = vici_msg_to_string(msg, NULL);
	(void)vici_msg_get_str(msg, "a", "b", "c");
	if (ipsec_drain_scan(msg, NULL, names) > vici_node_count(msg->root))
		__builtin_trap(); /* never more IKE SAs in flight than the event lists */
	(void)ipsec_drain_scan(msg, "l2tpc-office", names);
	b = vici_builder_new(msg->type, msg->name);
	fuzz_rebuild_node(b, msg->root);
	if (vici_builder_finish(b, &pkt, &why) < 0)
		__builtin_trap(); /* a tree we parsed must be buildable */
	p = g_bytes_get_data(pkt, &plen);
	if (vici_msg_parse(p + VICI_HEADER_LEN, plen - VICI_HEADER_LEN, &again, &why) < 0)
		__builtin_trap();
	if (plen - VICI_HEADER_LEN != len || memcmp(p + VICI_HEADER_LEN, body, len) != 0)
		__builtin_trap(); /* the codec is canonical: rebuilding gives the same bytes */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	while (size >= VICI_HEADER_LEN) {
		size_t len;

		if (vici_packet_frame_length(data, &len) < 0 || len > size - VICI_HEADER_LEN)
			return 0;
		fuzz_one(data + VICI_HEADER_LEN, len);
		data += VICI_HEADER_LEN + len;
		size -= VICI_HEADER_LEN + len;
	}
	return 0;
}
