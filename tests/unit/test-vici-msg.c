// SPDX-License-Identifier: GPL-2.0-or-later
/* VICI codec: byte vectors for every packet and element type, limits and nesting rules. */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "vici-builder.h"
#include "vici-msg.h"

#define BYTES(...) ((const uint8_t[]){ __VA_ARGS__ }), sizeof((const uint8_t[]){ __VA_ARGS__ })

static void assert_packet(GBytes *pkt, const uint8_t *want, size_t want_len)
{
	gsize len;
	const uint8_t *data = g_bytes_get_data(pkt, &len);

	g_assert_cmpmem(data, len, want, want_len);
}

static GBytes *finish_ok(struct vici_builder *b)
{
	GBytes *pkt = NULL;
	const char *why = NULL;

	g_assert_cmpint(vici_builder_finish(b, &pkt, &why), ==, 0);
	g_assert_nonnull(pkt);
	return pkt;
}

static int finish_err(struct vici_builder *b, const char **why)
{
	GBytes *pkt = NULL;
	int err = vici_builder_finish(b, &pkt, why);

	g_assert_null(pkt);
	g_assert_nonnull(*why);
	return err;
}

/* A request with every element type, byte for byte. */
static void test_build_request(void)
{
	struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, "load-conn");
	g_autoptr(GBytes) pkt = NULL;

	vici_builder_section_start(b, "c");
	vici_builder_add_str(b, "version", "1");
	vici_builder_list_start(b, "ts");
	vici_builder_list_item_str(b, "a");
	vici_builder_list_item_str(b, "");
	vici_builder_list_end(b);
	vici_builder_section_end(b);
	pkt = finish_ok(b);
	assert_packet(pkt,
		      BYTES(0, 0, 0, 39,					/* length */
			    0, 9, 'l', 'o', 'a', 'd', '-', 'c', 'o', 'n', 'n',	/* CMD_REQUEST */
			    1, 1, 'c',						/* SECTION_START */
			    3, 7, 'v', 'e', 'r', 's', 'i', 'o', 'n', 0, 1, '1', /* KEY_VALUE */
			    4, 2, 't', 's',					/* LIST_START */
			    5, 0, 1, 'a',					/* LIST_ITEM */
			    5, 0, 0,						/* LIST_ITEM "" */
			    6,							/* LIST_END */
			    2));						/* SECTION_END */
}

static void test_build_simple_types(void)
{
	static const struct {
		enum vici_packet_type type;
		const char *name;
		uint8_t want[16];
		size_t want_len;
	} cases[] = {
		{ VICI_CMD_RESPONSE, NULL, { 0, 0, 0, 1, 1 }, 5 },
		{ VICI_CMD_UNKNOWN, NULL, { 0, 0, 0, 1, 2 }, 5 },
		{ VICI_EVENT_REGISTER, "log", { 0, 0, 0, 5, 3, 3, 'l', 'o', 'g' }, 9 },
		{ VICI_EVENT_UNREGISTER, "log", { 0, 0, 0, 5, 4, 3, 'l', 'o', 'g' }, 9 },
		{ VICI_EVENT_CONFIRM, NULL, { 0, 0, 0, 1, 5 }, 5 },
		{ VICI_EVENT_UNKNOWN, NULL, { 0, 0, 0, 1, 6 }, 5 },
		{ VICI_EVENT, "x", { 0, 0, 0, 3, 7, 1, 'x' }, 7 },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GBytes) pkt = finish_ok(vici_builder_new(cases[i].type, cases[i].name));

		assert_packet(pkt, cases[i].want, cases[i].want_len);
	}
}

static void test_build_misuse(void)
{
	struct vici_builder *b;
	const char *why = NULL;
	char big[VICI_VALUE_MAX + 1];
	char longname[VICI_NAME_MAX + 2];

	/* nested list */
	b = vici_builder_new(VICI_CMD_REQUEST, "x");
	vici_builder_list_start(b, "a");
	vici_builder_list_start(b, "b");
	g_assert_cmpint(finish_err(b, &why), ==, -EINVAL);

	/* section inside a list */
	b = vici_builder_new(VICI_CMD_REQUEST, "x");
	vici_builder_list_start(b, "a");
	vici_builder_section_start(b, "s");
	g_assert_cmpint(finish_err(b, &why), ==, -EINVAL);

	/* unbalanced sections */
	b = vici_builder_new(VICI_CMD_REQUEST, "x");
	vici_builder_section_start(b, "s");
	g_assert_cmpint(finish_err(b, &why), ==, -EINVAL);
	g_assert_cmpstr(why, ==, "a section is not closed");
	b = vici_builder_new(VICI_CMD_REQUEST, "x");
	vici_builder_section_end(b);
	g_assert_cmpint(finish_err(b, &why), ==, -EINVAL);

	/* unclosed list, item outside a list */
	b = vici_builder_new(VICI_CMD_REQUEST, "x");
	vici_builder_list_start(b, "a");
	g_assert_cmpint(finish_err(b, &why), ==, -EINVAL);
	b = vici_builder_new(VICI_CMD_REQUEST, "x");
	vici_builder_list_item_str(b, "a");
	g_assert_cmpint(finish_err(b, &why), ==, -EINVAL);

	/* elements in a message-less packet; named type without a name */
	b = vici_builder_new(VICI_EVENT_REGISTER, "x");
	vici_builder_add_str(b, "k", "v");
	g_assert_cmpint(finish_err(b, &why), ==, -EINVAL);
	b = vici_builder_new(VICI_CMD_REQUEST, NULL);
	g_assert_cmpint(finish_err(b, &why), ==, -EINVAL);

	/* limits: value 65536, name 256, packet > 512 KiB */
	memset(big, 'v', sizeof(big));
	b = vici_builder_new(VICI_CMD_REQUEST, "x");
	vici_builder_add(b, "k", big, sizeof(big));
	g_assert_cmpint(finish_err(b, &why), ==, -EINVAL);
	memset(longname, 'n', sizeof(longname));
	longname[VICI_NAME_MAX + 1] = '\0';
	b = vici_builder_new(VICI_CMD_REQUEST, "x");
	vici_builder_add_str(b, longname, "v");
	g_assert_cmpint(finish_err(b, &why), ==, -EINVAL);
	longname[VICI_NAME_MAX] = '\0'; /* exactly 255 is fine */
	b = vici_builder_new(VICI_CMD_REQUEST, "x");
	vici_builder_add(b, longname, big, VICI_VALUE_MAX);
	g_bytes_unref(finish_ok(b));
	b = vici_builder_new(VICI_CMD_REQUEST, "x");
	for (int i = 0; i < 9; i++)
		vici_builder_add(b, "k", big, VICI_VALUE_MAX);
	g_assert_cmpint(finish_err(b, &why), ==, -EMSGSIZE);
}

static struct vici_msg *parse_ok(const uint8_t *body, size_t len)
{
	struct vici_msg *msg = NULL;
	const char *why = NULL;
	int err = vici_msg_parse(body, len, &msg, &why);

	if (err)
		g_error("unexpected parse error: %s", why);
	return msg;
}

/* A list-sa style event: nested sections, values, a list, lookups by path. */
static void test_parse_event(void)
{
	_vici_msg_auto_ struct vici_msg *msg = parse_ok(BYTES(
		7, 7, 'l', 'i', 's', 't', '-', 's', 'a', /* EVENT list-sa */
		1, 2, 'c', '1',				 /* section c1 */
		3, 5, 's', 't', 'a', 't', 'e', 0, 11, 'E', 'S', 'T', 'A', 'B', 'L', 'I', 'S', 'H',
		'E', 'D', 1, 9, 'c', 'h', 'i', 'l', 'd', '-', 's', 'a', 's', /* section child-sas */
		1, 1, 'l',						     /* section l */
		3, 4, 'm', 'o', 'd', 'e', 0, 9, 'T', 'R', 'A', 'N', 'S', 'P', 'O', 'R', 'T', 4, 2,
		't', 's', 5, 0, 1, 'x', 5, 0, 2, 'y', 'z', 6, 2, 2, 2, 3, 2, 'u', 'p', 0, 3, 'y',
		'e', 's'));
	const struct vici_node *l;

	g_assert_cmpint(msg->type, ==, VICI_EVENT);
	g_assert_cmpstr(msg->name, ==, "list-sa");
	g_assert_cmpstr(vici_msg_get_str(msg, "c1", "state"), ==, "ESTABLISHED");
	g_assert_cmpstr(vici_msg_get_str(msg, "c1", "child-sas", "l", "mode"), ==, "TRANSPORT");
	g_assert_null(vici_msg_get_str(msg, "c1", "child-sas", "l")); /* a section, not a value */
	g_assert_null(vici_msg_get_str(msg, "c1", "nope", "mode"));
	g_assert_null(vici_msg_get_str(msg, "c1", "state", "deeper"));
	g_assert_true(vici_node_is_yes(vici_msg_get(msg, "up")));
	l = vici_msg_get(msg, "c1", "child-sas", "l", "ts");
	g_assert_nonnull(l);
	g_assert_cmpint(l->type, ==, VICI_NODE_LIST);
	g_assert_cmpuint(vici_node_count(l), ==, 2);
	g_assert_cmpstr(vici_node_item(l, 0), ==, "x");
	g_assert_cmpstr(vici_node_item(l, 1), ==, "yz");
	g_assert_null(vici_node_item(l, 2));
	g_assert_cmpuint(vici_node_count(msg->root), ==, 2);
	g_assert_cmpstr(vici_node_child(msg->root, 0)->name, ==, "c1");
	g_assert_cmpstr(vici_node_get_str(vici_msg_get(msg, "c1"), "state"), ==, "ESTABLISHED");
}

static void test_parse_simple_types(void)
{
	static const uint8_t types[] = { VICI_CMD_UNKNOWN, VICI_EVENT_CONFIRM, VICI_EVENT_UNKNOWN };

	for (size_t i = 0; i < G_N_ELEMENTS(types); i++) {
		_vici_msg_auto_ struct vici_msg *msg = parse_ok(&types[i], 1);

		g_assert_cmpint(msg->type, ==, types[i]);
		g_assert_null(msg->name);
		g_assert_cmpuint(vici_node_count(msg->root), ==, 0);
	}
	{
		_vici_msg_auto_ struct vici_msg *msg = parse_ok(BYTES(3, 3, 'l', 'o', 'g'));

		g_assert_cmpint(msg->type, ==, VICI_EVENT_REGISTER);
		g_assert_cmpstr(msg->name, ==, "log");
	}
	{
		_vici_msg_auto_ struct vici_msg *msg = parse_ok(BYTES(4, 1, 'z'));

		g_assert_cmpint(msg->type, ==, VICI_EVENT_UNREGISTER);
	}
	{
		/* a response with a value that has an inner NUL */
		_vici_msg_auto_ struct vici_msg *msg =
			parse_ok(BYTES(1, 3, 1, 'k', 0, 3, 'a', 0, 'b'));
		const struct vici_node *k = vici_msg_get(msg, "k");

		g_assert_cmpint(msg->type, ==, VICI_CMD_RESPONSE);
		g_assert_cmpuint(k->value.len, ==, 3);
		g_assert_cmpmem(k->value.data, 3, "a\0b", 3);
	}
}

static void test_parse_errors(void)
{
	static const struct {
		const char *what;
		uint8_t body[12];
		size_t len;
	} cases[] = {
		{ "empty", { 0 }, 0 },
		{ "unknown packet type", { 8 }, 1 },
		{ "request without name", { 0 }, 1 },
		{ "name truncated", { 0, 5, 'a' }, 3 },
		{ "empty name", { 7, 0 }, 2 },
		{ "trailing bytes on CONFIRM", { 5, 1 }, 2 },
		{ "unknown element", { 1, 9 }, 2 },
		{ "section end at top", { 1, 2 }, 2 },
		{ "section not closed", { 1, 1, 1, 's' }, 4 },
		{ "section name truncated", { 1, 1, 4, 's' }, 4 },
		{ "value length truncated", { 1, 3, 1, 'k', 0 }, 5 },
		{ "value truncated", { 1, 3, 1, 'k', 0, 4, 'a' }, 7 },
		{ "list not closed", { 1, 4, 1, 'l', 5, 0, 0 }, 7 },
		{ "nested list", { 1, 4, 1, 'l', 4, 1, 'm', 6, 6 }, 9 },
		{ "section in list", { 1, 4, 1, 'l', 1, 1, 's', 2, 6 }, 9 },
		{ "kv in list", { 1, 4, 1, 'l', 3, 1, 'k', 0, 0, 6 }, 10 },
		{ "item outside list", { 1, 5, 0, 0 }, 4 },
		{ "list end outside list", { 1, 6 }, 2 },
		{ "NUL in name", { 1, 3, 2, 'a', 0, 0, 0 }, 7 },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct vici_msg *msg = (struct vici_msg *)1;
		const char *why = NULL;

		g_test_message("case: %s", cases[i].what);
		g_assert_cmpint(vici_msg_parse(cases[i].body, cases[i].len, &msg, &why), ==,
				-EBADMSG);
		g_assert_null(msg);
		g_assert_nonnull(why);
	}
}

static void test_parse_depth_and_size(void)
{
	g_autofree uint8_t *deep = g_malloc(1 + 3 * 40 + 40);
	size_t n = 0;
	struct vici_msg *msg = NULL;
	const char *why = NULL;

	deep[n++] = VICI_CMD_RESPONSE;
	for (int i = 0; i < 40; i++) {
		deep[n++] = VICI_SECTION_START;
		deep[n++] = 1;
		deep[n++] = 's';
	}
	for (int i = 0; i < 40; i++)
		deep[n++] = VICI_SECTION_END;
	g_assert_cmpint(vici_msg_parse(deep, n, &msg, &why), ==, -EBADMSG);
	g_assert_cmpstr(why, ==, "sections nested too deeply");

	/* VICI_DEPTH_MAX levels are accepted */
	n = 1;
	for (int i = 0; i < VICI_DEPTH_MAX; i++) {
		deep[n++] = VICI_SECTION_START;
		deep[n++] = 1;
		deep[n++] = 's';
	}
	for (int i = 0; i < VICI_DEPTH_MAX; i++)
		deep[n++] = VICI_SECTION_END;
	g_assert_cmpint(vici_msg_parse(deep, n, &msg, &why), ==, 0);
	vici_msg_free(msg);

	g_assert_cmpint(vici_msg_parse(deep, VICI_PACKET_MAX + 1, &msg, &why), ==, -EMSGSIZE);
}

static void test_frame_length(void)
{
	size_t len = 0;

	g_assert_cmpint(vici_packet_frame_length((const uint8_t[]){ 0, 0, 1, 2 }, &len), ==, 0);
	g_assert_cmpuint(len, ==, 258);
	g_assert_cmpint(vici_packet_frame_length((const uint8_t[]){ 0, 8, 0, 0 }, &len), ==, 0);
	g_assert_cmpuint(len, ==, VICI_PACKET_MAX);
	g_assert_cmpint(vici_packet_frame_length((const uint8_t[]){ 0, 8, 0, 1 }, &len), ==,
			-EMSGSIZE);
	g_assert_cmpint(vici_packet_frame_length((const uint8_t[]){ 0, 0, 0, 0 }, &len), ==,
			-EBADMSG);
	g_assert_cmpint(vici_packet_frame_length((const uint8_t[]){ 0xff, 0, 0, 0 }, &len), ==,
			-EMSGSIZE);
}

/* What the builder writes, the parser reads back; secrets are hidden in the debug string. */
static void test_roundtrip_and_render(void)
{
	struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, "load-shared");
	g_autoptr(GBytes) pkt = NULL;
	_vici_msg_auto_ struct vici_msg *msg = NULL;
	g_autofree char *s = NULL;
	const char *why = NULL;
	static const char *const secret[] = { "data", NULL };
	gsize len;
	const uint8_t *data;

	vici_builder_add_str(b, "type", "IKE");
	vici_builder_add_str(b, "data", "hunter2");
	vici_builder_list_start(b, "owners");
	vici_builder_list_item_str(b, "192.0.2.1");
	vici_builder_list_item_str(b, "192.0.2.2");
	vici_builder_list_end(b);
	vici_builder_add_printf(b, "n", "%d\t", 42);
	pkt = finish_ok(b);
	data = g_bytes_get_data(pkt, &len);
	g_assert_cmpint(vici_msg_parse(data + 4, len - 4, &msg, &why), ==, 0);
	g_assert_cmpstr(vici_msg_get_str(msg, "data"), ==, "hunter2");
	s = vici_msg_to_string(msg, secret);
	g_assert_cmpstr(s, ==,
			"CMD_REQUEST load-shared {type=IKE data=<7 bytes> "
			"owners=[192.0.2.1 192.0.2.2] n=42\\x09}");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/vici-msg/build/request", test_build_request);
	g_test_add_func("/vici-msg/build/simple-types", test_build_simple_types);
	g_test_add_func("/vici-msg/build/misuse", test_build_misuse);
	g_test_add_func("/vici-msg/parse/event", test_parse_event);
	g_test_add_func("/vici-msg/parse/simple-types", test_parse_simple_types);
	g_test_add_func("/vici-msg/parse/errors", test_parse_errors);
	g_test_add_func("/vici-msg/parse/depth-and-size", test_parse_depth_and_size);
	g_test_add_func("/vici-msg/frame-length", test_frame_length);
	g_test_add_func("/vici-msg/roundtrip", test_roundtrip_and_render);
	return g_test_run();
}
