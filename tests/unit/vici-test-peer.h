/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The wire side of the in-process VICI peers the unit tests run in a thread of their own
 * (test-vici-client, test-ipsec-conn-steps, test-ipsec-drain): one message in, one message
 * out, through the real codec. Header-only on purpose.
 */
#pragma once

/* Header-only helpers: not every includer uses every one. */
#pragma GCC diagnostic ignored "-Wunused-function"

#include <errno.h>
#include <stdbool.h>

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>

#include "vici-builder.h"
#include "vici-msg.h"
#include "vici-packet.h"

/* vici_peer_listen: a listening unix socket charon.vici in a new folder made from
 * @dir_template; the folder and the socket's path in *@dir and *@path (owned). */
static GSocket *vici_peer_listen(const char *dir_template, char **dir, char **path)
{
	g_autoptr(GSocketAddress) addr = NULL;
	GSocket *listener;

	*dir = g_dir_make_tmp(dir_template, NULL);
	*path = g_build_filename(*dir, "charon.vici", NULL);
	addr = g_unix_socket_address_new(*path);
	listener = g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, 0, NULL);
	g_assert_true(g_socket_bind(listener, addr, TRUE, NULL));
	g_assert_true(g_socket_listen(listener, NULL));
	return listener;
}

static bool vici_peer_read_exact(GSocket *s, void *buf, size_t len)
{
	for (size_t got = 0; got < len;) {
		gssize n = g_socket_receive(s, (char *)buf + got, len - got, NULL, NULL);

		if (n <= 0)
			return false;
		got += (size_t)n;
	}
	return true;
}

/*
 * vici_peer_recv: the next message on @s in *@out, and 1; 0 when the stream ends between two
 * messages; -EPIPE when it ends inside one; -EBADMSG for a frame or message the codec refuses.
 */
static int vici_peer_recv(GSocket *s, struct vici_msg **out)
{
	uint8_t hdr[VICI_HEADER_LEN];
	g_autofree uint8_t *body = NULL;
	size_t len;

	*out = NULL;
	if (!vici_peer_read_exact(s, hdr, sizeof(hdr)))
		return 0;
	if (vici_packet_frame_length(hdr, &len) < 0)
		return -EBADMSG;
	body = g_malloc(len);
	if (!vici_peer_read_exact(s, body, len))
		return -EPIPE;
	return vici_msg_parse(body, len, out, NULL) < 0 ? -EBADMSG : 1;
}

/* vici_peer_read: the next message on @s, or NULL at the end of the stream; asserts that what
 * came is a whole message the codec takes. */
static struct vici_msg *vici_peer_read(GSocket *s)
{
	struct vici_msg *msg;

	g_assert_cmpint(vici_peer_recv(s, &msg), >=, 0);
	return msg;
}

/* vici_peer_try_send: builds @b (asserting the codec does) and sends it; false unless all of it
 * went, e.g. when the other side has gone. */
static bool vici_peer_try_send(GSocket *s, struct vici_builder *b)
{
	g_autoptr(GBytes) pkt = NULL;
	gsize len;
	const char *data;

	g_assert_cmpint(vici_builder_finish(b, &pkt, NULL), ==, 0);
	data = g_bytes_get_data(pkt, &len);
	return g_socket_send(s, data, len, NULL, NULL) == (gssize)len;
}

/* vici_peer_send: vici_peer_try_send, asserting that all of it went. */
static void vici_peer_send(GSocket *s, struct vici_builder *b)
{
	g_assert_true(vici_peer_try_send(s, b));
}
