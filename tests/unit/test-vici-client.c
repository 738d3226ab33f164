// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VICI client against an in-process VICI peer: a thread that accepts on a unix socket in a
 * temporary folder and plays a script with the same codec, byte-exact on the wire. Covers the
 * queue (one request on the wire), events between replies, (un)registration, unknown commands,
 * timeouts, the daemon going away, malformed packets and freeing from a callback.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "vici-client.h"
#include "vici-test-peer.h"

struct peer;
typedef void (*peer_script_fn)(struct peer *p, GSocket *s);

struct peer {
	char *dir;
	char *path;
	GSocket *listener;
	GThread *thread;
	peer_script_fn script;
	bool second_request_early; /* set if a request arrived while one was unanswered */
};

static void peer_send_raw(GSocket *s, const void *data, size_t len)
{
	g_assert_cmpint(g_socket_send(s, data, len, NULL, NULL), ==, (gssize)len);
}

static gpointer peer_main(gpointer data)
{
	struct peer *p = data;
	g_autoptr(GSocket) s = g_socket_accept(p->listener, NULL, NULL);

	if (s)
		p->script(p, s);
	return NULL;
}

static struct peer *peer_start(peer_script_fn script)
{
	struct peer *p = g_new0(struct peer, 1);

	p->listener = vici_peer_listen("vici-test-XXXXXX", &p->dir, &p->path);
	p->script = script;
	p->thread = g_thread_new("vici-peer", peer_main, p);
	return p;
}

static void peer_stop(struct peer *p)
{
	g_thread_join(p->thread);
	g_object_unref(p->listener);
	g_unlink(p->path);
	g_rmdir(p->dir);
	g_free(p->path);
	g_free(p->dir);
	g_free(p);
}

/* ---- client side helpers ---- */

struct result {
	GMainLoop *loop;
	int pending;
	GPtrArray *log; /* strings, in the order things happened */
	struct vici_client *free_in_callback;
};

static void result_note(struct result *r, char *line)
{
	g_ptr_array_add(r->log, line);
	if (--r->pending == 0)
		g_main_loop_quit(r->loop);
}

static void on_reply(struct vici_client *c, const struct vici_msg *reply, const char *error,
		     void *data)
{
	struct result *r = data;

	g_assert_true((reply == NULL) || (error == NULL));
	if (error)
		result_note(r, g_strdup_printf("error: %s", error));
	else if (reply)
		result_note(r, g_strdup_printf("reply: %s", vici_msg_get_str(reply, "v")));
	else
		result_note(r, g_strdup("ok"));
	if (r->free_in_callback == c) {
		r->free_in_callback = NULL;
		vici_client_free(c);
	}
}

static void on_event(struct vici_client *c, const struct vici_msg *ev, void *data)
{
	struct result *r = data;

	g_ptr_array_add(r->log,
			g_strdup_printf("event %s: %s", ev->name, vici_msg_get_str(ev, "msg")));
}

static void on_closed(struct vici_client *c, const char *reason, void *data)
{
	struct result *r = data;

	result_note(r, g_strdup_printf("closed: %s", reason));
}

static void result_init(struct result *r, int pending)
{
	r->loop = g_main_loop_new(NULL, FALSE);
	r->pending = pending;
	r->log = g_ptr_array_new_with_free_func(g_free);
	r->free_in_callback = NULL;
}

static gboolean result_guard(gpointer loop)
{
	g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

static void result_run(struct result *r)
{
	guint guard = g_timeout_add_seconds(10, result_guard, r->loop);

	g_main_loop_run(r->loop);
	g_source_remove(guard);
	g_assert_cmpint(r->pending, ==, 0);
}

static void result_expect(struct result *r, const char *const *want)
{
	guint n = g_strv_length((char **)want);

	for (guint i = 0; i < r->log->len; i++)
		g_test_message("log[%u] %s", i, (char *)r->log->pdata[i]);
	g_assert_cmpuint(r->log->len, ==, n);
	for (guint i = 0; i < n; i++) {
		const char *got = r->log->pdata[i];

		if (g_str_has_suffix(want[i], "*")) {
			g_autofree char *prefix = g_strndup(want[i], strlen(want[i]) - 1);

			g_assert_true(g_str_has_prefix(got, prefix));
		} else
			g_assert_cmpstr(got, ==, want[i]);
	}
}

static void result_clear(struct result *r)
{
	g_main_loop_unref(r->loop);
	g_ptr_array_unref(r->log);
}

static GBytes *request(const char *name, const char *key, const char *value)
{
	struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, name);
	GBytes *pkt = NULL;

	if (key)
		vici_builder_add_str(b, key, value);
	g_assert_cmpint(vici_builder_finish(b, &pkt, NULL), ==, 0);
	return pkt;
}

static struct vici_builder *response(const char *v)
{
	struct vici_builder *b = vici_builder_new(VICI_CMD_RESPONSE, NULL);

	vici_builder_add_str(b, "v", v);
	return b;
}

/* ---- scripts and tests ---- */

static void script_queue(struct peer *p, GSocket *s)
{
	for (int i = 0; i < 2; i++) {
		struct vici_msg *m = vici_peer_read(s);

		g_assert_nonnull(m);
		g_assert_cmpint(m->type, ==, VICI_CMD_REQUEST);
		/* Nothing else may be on the wire before we answer. */
		g_usleep(50000);
		if (g_socket_condition_check(s, G_IO_IN) & G_IO_IN)
			p->second_request_early = true;
		vici_peer_send(s, response(vici_msg_get_str(m, "arg")));
		vici_msg_free(m);
	}
}

static void test_queue_one_on_the_wire(void)
{
	struct peer *p = peer_start(script_queue);
	struct vici_client *c = vici_client_new(p->path);
	struct result r;
	static const char *const want[] = { "ok", "reply: first", "reply: second", NULL };

	result_init(&r, 3);
	vici_client_connect(c, 2000, on_reply, &r);
	vici_client_call(c, request("a", "arg", "first"), 2000, on_reply, &r);
	vici_client_call(c, request("b", "arg", "second"), 2000, on_reply, &r);
	result_run(&r);
	result_expect(&r, want);
	g_assert_false(p->second_request_early);
	vici_client_free(c);
	peer_stop(p);
	result_clear(&r);
}

/* register → confirm; a request answered after two events; unregister; unknown event. */
static void script_events(struct peer *p, GSocket *s)
{
	struct vici_msg *m;
	struct vici_builder *ev;

	m = vici_peer_read(s);
	g_assert_cmpint(m->type, ==, VICI_EVENT_REGISTER);
	g_assert_cmpstr(m->name, ==, "control-log");
	vici_msg_free(m);
	vici_peer_send(s, vici_builder_new(VICI_EVENT_CONFIRM, NULL));

	m = vici_peer_read(s);
	g_assert_cmpstr(m->name, ==, "initiate");
	vici_msg_free(m);
	for (int i = 0; i < 2; i++) {
		ev = vici_builder_new(VICI_EVENT, "control-log");
		vici_builder_add_printf(ev, "msg", "line %d", i);
		vici_peer_send(s, ev);
	}
	ev = vici_builder_new(VICI_EVENT, "ike-updown"); /* not registered: dropped */
	vici_peer_send(s, ev);
	vici_peer_send(s, response("done"));

	m = vici_peer_read(s);
	g_assert_cmpint(m->type, ==, VICI_EVENT_UNREGISTER);
	vici_msg_free(m);
	/* An event still in flight after the unregister request must not reach the handler. */
	ev = vici_builder_new(VICI_EVENT, "control-log");
	vici_builder_add_str(ev, "msg", "late");
	vici_peer_send(s, ev);
	vici_peer_send(s, vici_builder_new(VICI_EVENT_CONFIRM, NULL));

	m = vici_peer_read(s);
	g_assert_cmpint(m->type, ==, VICI_EVENT_REGISTER);
	vici_msg_free(m);
	vici_peer_send(s, vici_builder_new(VICI_EVENT_UNKNOWN, NULL));

	m = vici_peer_read(s);
	g_assert_cmpstr(m->name, ==, "nonesuch");
	vici_msg_free(m);
	vici_peer_send(s, vici_builder_new(VICI_CMD_UNKNOWN, NULL));
	/* stays open until the client hangs up */
	g_assert_null(vici_peer_read(s));
}

static void test_events_and_registration(void)
{
	struct peer *p = peer_start(script_events);
	struct vici_client *c = vici_client_new(p->path);
	struct result r;
	static const char *const want[] = {
		"ok",
		"ok",
		"event control-log: line 0",
		"event control-log: line 1",
		"reply: done",
		"ok",
		"error: charon does not know the VICI event 'newfangled' (its vici plugin is too "
		"old).",
		"error: charon does not know the VICI command 'nonesuch' (its vici plugin is too "
		"old).",
		NULL,
	};

	result_init(&r, 3);
	vici_client_connect(c, 2000, on_reply, &r);
	vici_client_register(c, "control-log", on_event, &r, 2000, on_reply, &r);
	vici_client_call(c, request("initiate", NULL, NULL), 2000, on_reply, &r);
	result_run(&r);
	/* The handler goes at once: the "late" event is not delivered. */
	r.pending = 3;
	vici_client_unregister(c, "control-log", 2000, on_reply, &r);
	vici_client_register(c, "newfangled", on_event, &r, 2000, on_reply, &r);
	vici_client_command(c, "nonesuch", 2000, on_reply, &r);
	result_run(&r);
	result_expect(&r, want);
	vici_client_free(c);
	peer_stop(p);
	result_clear(&r);
}

static void script_silent(struct peer *p, GSocket *s)
{
	struct vici_msg *m = vici_peer_read(s);

	vici_msg_free(m);
	/* never answers; waits for the client to hang up */
	g_assert_null(vici_peer_read(s));
}

static void test_timeout_kills_connection(void)
{
	struct peer *p = peer_start(script_silent);
	struct vici_client *c = vici_client_new(p->path);
	struct result r;
	static const char *const want[] = {
		"ok",
		"error: charon did not answer the VICI request 'list-sas' within 1 s*",
		"error: charon did not answer the VICI request 'list-sas' within 1 s*",
		"closed: charon did not answer*",
		"error: The VICI connection to charon is closed; 'version' was not sent.",
		NULL,
	};

	result_init(&r, 4);
	vici_client_set_closed_handler(c, on_closed, &r);
	vici_client_connect(c, 2000, on_reply, &r);
	vici_client_command(c, "list-sas", 300, on_reply, &r);
	vici_client_command(c, "list-conns", 5000, on_reply, &r);
	result_run(&r);
	g_assert_false(vici_client_is_connected(c));
	r.pending = 1;
	vici_client_command(c, "version", 1000, on_reply, &r);
	result_run(&r);
	result_expect(&r, want);
	vici_client_free(c);
	peer_stop(p);
	result_clear(&r);
}

static void script_goes_away(struct peer *p, GSocket *s)
{
	struct vici_msg *m = vici_peer_read(s);

	vici_msg_free(m);
	g_socket_close(s, NULL);
}

static void test_daemon_goes_away(void)
{
	struct peer *p = peer_start(script_goes_away);
	struct vici_client *c = vici_client_new(p->path);
	struct result r;
	static const char *const want[] = {
		"ok",
		"error: charon closed the VICI connection (the daemon stopped or restarted).",
		"error: charon closed the VICI connection (the daemon stopped or restarted).",
		"closed: charon closed the VICI connection (the daemon stopped or restarted).",
		NULL,
	};

	result_init(&r, 4);
	vici_client_set_closed_handler(c, on_closed, &r);
	vici_client_connect(c, 2000, on_reply, &r);
	vici_client_command(c, "version", 5000, on_reply, &r);
	vici_client_command(c, "list-sas", 5000, on_reply, &r);
	result_run(&r);
	result_expect(&r, want);
	vici_client_free(c);
	peer_stop(p);
	result_clear(&r);
}

static void script_garbage(struct peer *p, GSocket *s)
{
	struct vici_msg *m = vici_peer_read(s);

	vici_msg_free(m);
	/* a response whose list never ends */
	peer_send_raw(s, (const uint8_t[]){ 0, 0, 0, 4, 1, 4, 1, 'l' }, 8);
	g_assert_null(vici_peer_read(s));
}

static void test_malformed_reply(void)
{
	struct peer *p = peer_start(script_garbage);
	struct vici_client *c = vici_client_new(p->path);
	struct result r;
	static const char *const want[] = {
		"ok",
		"error: charon sent a malformed VICI packet (a list is not closed).",
		NULL,
	};

	result_init(&r, 2);
	vici_client_connect(c, 2000, on_reply, &r);
	vici_client_command(c, "version", 5000, on_reply, &r);
	result_run(&r);
	result_expect(&r, want);
	vici_client_free(c);
	peer_stop(p);
	result_clear(&r);
}

static void script_two_replies(struct peer *p, GSocket *s)
{
	for (int i = 0; i < 2; i++) {
		struct vici_msg *m = vici_peer_read(s);

		if (!m)
			return;
		vici_msg_free(m);
		vici_peer_send(s, response("x"));
	}
}

/* Freeing the client inside a reply callback drops the rest quietly and does not crash. */
static void test_free_in_callback(void)
{
	struct peer *p = peer_start(script_two_replies);
	struct vici_client *c = vici_client_new(p->path);
	struct result r;
	static const char *const want[] = { "ok", "reply: x", NULL };

	result_init(&r, 1);
	vici_client_connect(c, 2000, on_reply, &r);
	result_run(&r);
	r.pending = 1;
	vici_client_command(c, "version", 5000, on_reply, &r);
	vici_client_command(c, "list-sas", 5000, on_reply, &r);
	r.free_in_callback = c;
	result_run(&r);
	/* let the cancelled reads finish on a freed client */
	for (int i = 0; i < 20; i++)
		g_main_context_iteration(NULL, FALSE);
	result_expect(&r, want);
	peer_stop(p);
	result_clear(&r);
}

static void test_no_socket(void)
{
	g_autofree char *dir = g_dir_make_tmp("vici-test-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "missing.vici", NULL);
	g_autofree char *uri = g_strconcat("unix://", path, NULL);
	struct vici_client *c = vici_client_new(uri);
	struct result r;
	g_autofree char *want0 = g_strdup_printf(
		"error: No VICI socket at %s (charon or its vici plugin is not running).", path);
	const char *const want[] = { want0, NULL };

	g_assert_cmpstr(vici_client_get_path(c), ==, path);
	result_init(&r, 1);
	vici_client_connect(c, 2000, on_reply, &r);
	result_run(&r);
	result_expect(&r, want);
	vici_client_free(c);
	g_rmdir(dir);
	result_clear(&r);
}

static void test_reply_error(void)
{
	struct vici_builder *b = vici_builder_new(VICI_CMD_RESPONSE, NULL);
	g_autoptr(GBytes) pkt = NULL;
	struct vici_msg *m = NULL;
	gsize len;
	const uint8_t *d;

	vici_builder_add_str(b, "success", "no");
	vici_builder_add_str(b, "errmsg", "config 'x' not found");
	g_assert_cmpint(vici_builder_finish(b, &pkt, NULL), ==, 0);
	d = g_bytes_get_data(pkt, &len);
	g_assert_cmpint(vici_msg_parse(d + 4, len - 4, &m, NULL), ==, 0);
	g_assert_cmpstr(vici_client_reply_error(m), ==, "config 'x' not found");
	vici_msg_free(m);
	g_assert_cmpint(vici_msg_parse((const uint8_t[]){ 1, 3, 7, 's', 'u', 'c', 'c', 'e', 's',
							  's', 0, 3, 'y', 'e', 's' },
				       15, &m, NULL),
			==, 0);
	g_assert_null(vici_client_reply_error(m));
	vici_msg_free(m);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/vici-client/queue", test_queue_one_on_the_wire);
	g_test_add_func("/vici-client/events", test_events_and_registration);
	g_test_add_func("/vici-client/timeout", test_timeout_kills_connection);
	g_test_add_func("/vici-client/daemon-goes-away", test_daemon_goes_away);
	g_test_add_func("/vici-client/malformed", test_malformed_reply);
	g_test_add_func("/vici-client/free-in-callback", test_free_in_callback);
	g_test_add_func("/vici-client/no-socket", test_no_socket);
	g_test_add_func("/vici-client/reply-error", test_reply_error);
	return g_test_run();
}
