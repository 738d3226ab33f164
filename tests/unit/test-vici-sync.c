// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vici-sync: the blocking exchange, against bytes charon would send, put in one end of a socket
 * pair before the call: events before the reply go to the handler, and each way it can fail
 * (closed, silent, not VICI) gives its -errno.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "vici-builder.h"
#include "vici-sync.h"

static GBytes *request(void)
{
	struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, "list-sas");
	GBytes *pkt = NULL;

	g_assert_cmpint(vici_builder_finish(b, &pkt, NULL), ==, 0);
	return pkt;
}

static void put(int fd, struct vici_builder *b)
{
	g_autoptr(GBytes) pkt = NULL;
	gsize len;
	const void *p;

	g_assert_cmpint(vici_builder_finish(b, &pkt, NULL), ==, 0);
	p = g_bytes_get_data(pkt, &len);
	g_assert_cmpint(write(fd, p, len), ==, (ssize_t)len);
}

static void on_event(const struct vici_msg *event, void *data)
{
	g_string_append_printf(data, "%s ", event->name);
}

/* Runs one call on a pair whose far end got @setup's bytes; returns its result. */
static int call(void (*setup)(int fd), gint64 timeout_ms, GString *events, struct vici_msg **reply)
{
	g_autoptr(GBytes) req = request();
	int sv[2];
	int r;

	g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv), ==,
			0);
	setup(sv[1]);
	r = vici_sync_call(sv[0], req, g_get_monotonic_time() + timeout_ms * 1000, on_event, events,
			   reply);
	close(sv[0]);
	if (sv[1] >= 0)
		close(sv[1]);
	return r;
}

static void setup_events_then_reply(int fd)
{
	put(fd, vici_builder_new(VICI_EVENT, "list-sa"));
	put(fd, vici_builder_new(VICI_EVENT, "list-sa"));
	put(fd, vici_builder_new(VICI_CMD_RESPONSE, NULL));
}

static void setup_nothing(int fd)
{
}

static void setup_closed(int fd)
{
	shutdown(fd, SHUT_WR);
}

static void setup_zero_length(int fd)
{
	static const uint8_t zero[VICI_HEADER_LEN] = { 0 };

	g_assert_cmpint(write(fd, zero, sizeof(zero)), ==, sizeof(zero));
}

static void setup_bad_body(int fd)
{
	/* a 2-byte body: type CMD_RESPONSE, then an element type that does not exist */
	static const uint8_t bad[] = { 0, 0, 0, 2, VICI_CMD_RESPONSE, 9 };

	g_assert_cmpint(write(fd, bad, sizeof(bad)), ==, sizeof(bad));
}

static void setup_half_frame(int fd)
{
	static const uint8_t half[] = { 0, 0, 0, 8, VICI_CMD_RESPONSE };

	g_assert_cmpint(write(fd, half, sizeof(half)), ==, sizeof(half));
	shutdown(fd, SHUT_WR);
}

static void test_call(void)
{
	g_autoptr(GString) events = g_string_new(NULL);
	struct vici_msg *reply = NULL;

	g_assert_cmpint(call(setup_events_then_reply, 1000, events, &reply), ==, 0);
	g_assert_nonnull(reply);
	g_assert_cmpint(reply->type, ==, VICI_CMD_RESPONSE);
	g_assert_cmpstr(events->str, ==, "list-sa list-sa ");
	vici_msg_free(reply);
}

static void test_failures(void)
{
	struct vici_msg *reply = NULL;

	g_assert_cmpint(call(setup_nothing, 50, NULL, &reply), ==, -ETIMEDOUT);
	g_assert_cmpint(call(setup_closed, 1000, NULL, &reply), ==, -ECONNRESET);
	g_assert_cmpint(call(setup_half_frame, 1000, NULL, &reply), ==, -ECONNRESET);
	g_assert_cmpint(call(setup_zero_length, 1000, NULL, &reply), ==, -EBADMSG);
	g_assert_cmpint(call(setup_bad_body, 1000, NULL, &reply), ==, -EBADMSG);
	g_assert_null(reply);
}

static void test_connect(void)
{
	g_autofree char *dir = g_dir_make_tmp("l2tpc-vici-sync-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "charon.vici", NULL);
	g_autofree char *uri = g_strconcat("unix://", path, NULL);
	g_autofree char *long_path = g_strnfill(200, 'x');

	g_assert_cmpint(vici_sync_connect(path), ==, -ENOENT);
	g_assert_cmpint(vici_sync_connect(uri), ==, -ENOENT);
	g_assert_cmpint(vici_sync_connect(long_path), ==, -ENAMETOOLONG);
	g_rmdir(dir);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/vici-sync/call", test_call);
	g_test_add_func("/vici-sync/failures", test_failures);
	g_test_add_func("/vici-sync/connect", test_connect);
	return g_test_run();
}
