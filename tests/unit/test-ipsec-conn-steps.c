// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-conn's steps against an in-process charon: a thread that answers VICI on a unix socket
 * (every connection in a thread of its own) and notes each request it gets. The test checks
 * the order of the requests for up and down, a dead owner's leftovers removed first, and a down
 * asked for while an up step is in flight.
 */
#include <string.h>

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "ipsec-conn.h"
#include "vici-test-peer.h"

#define NAME "l2tpc-steps"

struct fake {
	char *dir;
	char *path;
	GSocket *listener;
	GThread *thread;
	GMutex lock;
	GPtrArray *seen;      /* "request" or "register:event", in order */
	const char *leftover; /* a connection get-conns lists besides ours, or NULL */
};

static void fake_note(struct fake *f, const char *what, const char *name)
{
	g_mutex_lock(&f->lock);
	g_ptr_array_add(f->seen, g_strconcat(what, name, NULL));
	g_mutex_unlock(&f->lock);
}

/* The list-sa event of an established transport SA, as charon 5.9 streams it. */
static void fake_list_sa(GSocket *s)
{
	struct vici_builder *ev = vici_builder_new(VICI_EVENT, "list-sa");

	vici_builder_section_start(ev, NAME);
	vici_builder_add_str(ev, "remote-id", "192.0.2.1");
	vici_builder_section_start(ev, "child-sas");
	vici_builder_section_start(ev, "l2tp-1");
	vici_builder_add_str(ev, "name", IPSEC_CONN_CHILD);
	vici_builder_add_str(ev, "state", "INSTALLED");
	vici_builder_add_str(ev, "mode", "TRANSPORT");
	vici_builder_add_str(ev, "protocol", "ESP");
	vici_builder_add_str(ev, "encr-alg", "AES_CBC");
	vici_builder_add_str(ev, "reqid", "7");
	vici_builder_list_start(ev, "remote-ts");
	vici_builder_list_item_str(ev, "192.0.2.1/32[udp/1701]");
	vici_builder_list_end(ev);
	vici_builder_section_end(ev);
	vici_builder_section_end(ev);
	vici_builder_section_end(ev);
	vici_peer_try_send(s, ev);
}

static gpointer fake_serve(gpointer data)
{
	g_autoptr(GSocket) s = data;
	struct fake *f = g_object_get_data(G_OBJECT(s), "fake");
	struct vici_msg *m;

	while (vici_peer_recv(s, &m) > 0) {
		struct vici_builder *b;

		if (m->type == VICI_EVENT_REGISTER || m->type == VICI_EVENT_UNREGISTER) {
			fake_note(f, "register:", m->name);
			vici_peer_try_send(s, vici_builder_new(VICI_EVENT_CONFIRM, NULL));
			vici_msg_free(m);
			continue;
		}
		fake_note(f, "", m->name);
		if (strcmp(m->name, "list-sas") == 0)
			fake_list_sa(s);
		b = vici_builder_new(VICI_CMD_RESPONSE, NULL);
		if (strcmp(m->name, "version") == 0) {
			vici_builder_add_str(b, "daemon", "charon");
			vici_builder_add_str(b, "version", "5.9.13");
		} else if (strcmp(m->name, "get-conns") == 0) {
			vici_builder_list_start(b, "conns");
			vici_builder_list_item_str(b, "foreign");
			if (f->leftover)
				vici_builder_list_item_str(b, f->leftover);
			vici_builder_list_end(b);
		} else {
			vici_builder_add_str(b, "success", "yes");
		}
		vici_peer_try_send(s, b);
		vici_msg_free(m);
	}
	return NULL;
}

static gpointer fake_main(gpointer data)
{
	struct fake *f = data;
	GSocket *s;

	while ((s = g_socket_accept(f->listener, NULL, NULL))) {
		g_object_set_data(G_OBJECT(s), "fake", f);
		g_thread_unref(g_thread_new("fake-charon-conn", fake_serve, s));
	}
	return NULL;
}

static struct fake *fake_start(const char *leftover)
{
	struct fake *f = g_new0(struct fake, 1);

	f->listener = vici_peer_listen("l2tpc-steps-XXXXXX", &f->dir, &f->path);
	f->seen = g_ptr_array_new_with_free_func(g_free);
	f->leftover = leftover;
	g_mutex_init(&f->lock);
	f->thread = g_thread_new("fake-charon", fake_main, f);
	return f;
}

/* Removes the socket and its directory; the threads stay blocked until the test exits (the
 * struct stays for them). */
static void fake_stop(struct fake *f)
{
	g_unlink(f->path);
	g_rmdir(f->dir);
}

/* The requests seen, joined by spaces; the probe's `version` first. */
static char *fake_seen(struct fake *f)
{
	g_autofree char **v = NULL;
	char *s;

	g_mutex_lock(&f->lock);
	g_ptr_array_add(f->seen, NULL);
	v = (char **)g_ptr_array_free(f->seen, FALSE);
	s = g_strjoinv(" ", v);
	g_strfreev(g_steal_pointer(&v));
	f->seen = g_ptr_array_new_with_free_func(g_free);
	g_mutex_unlock(&f->lock);
	return s;
}

/* ---- the connection ---- */

struct outcome {
	GMainLoop *loop;
	int calls;
	char *failure;
};

static void on_done(struct ipsec_conn *c, const struct l2tpc_failure *f, void *data)
{
	struct outcome *o = data;

	o->calls++;
	g_free(o->failure);
	o->failure = f ? g_strdup(f->sentence) : NULL;
	g_main_loop_quit(o->loop);
}

static struct ipsec_conn *conn_new(struct fake *f, struct ipsec_charon_options *opts,
				   const char **sockets)
{
	struct ipsec_conn_params p = {
		.profile_id = "steps",
		.remote_addr = "192.0.2.1",
		.local_addr = "192.0.2.2",
		.psk = "secret",
		.psk_len = 6,
		.l2tp_local_port = 1701,
		.charon = opts,
	};
	struct l2tpc_failure fail = { 0 };
	struct ipsec_conn *c;

	sockets[0] = f->path;
	sockets[1] = NULL;
	*opts = (struct ipsec_charon_options){ .run_dir = f->dir,
					       .system_sockets = sockets,
					       .libcharon = "/nonexistent/libcharon.so" };
	c = ipsec_conn_new(&p, &fail);
	g_assert_nonnull(c);
	return c;
}

static void run(struct outcome *o)
{
	g_main_loop_run(o->loop);
}

static void test_up_down(void)
{
	struct fake *f = fake_start(NULL);
	struct ipsec_charon_options opts;
	const char *sockets[2];
	struct ipsec_conn *c = conn_new(f, &opts, sockets);
	struct outcome o = { .loop = g_main_loop_new(NULL, FALSE) };
	g_autofree char *lock = g_build_filename(f->dir, "ipsec-" NAME ".lock", NULL);
	g_autofree char *up = NULL, *down = NULL;
	uint16_t lo, hi;

	ipsec_conn_up(c, on_done, &o);
	run(&o);
	g_assert_cmpint(o.calls, ==, 1);
	g_assert_null(o.failure);
	g_assert_cmpuint(ipsec_conn_reqid(c), ==, 7);
	ipsec_conn_remote_ports(c, &lo, &hi);
	g_assert_cmpuint(lo, ==, 1701);
	g_assert_cmpuint(hi, ==, 1701);
	g_assert_true(g_file_test(lock, G_FILE_TEST_EXISTS));
	up = fake_seen(f);
	g_assert_cmpstr(up, ==,
			"version register:ike-updown register:child-updown register:list-sa "
			"get-conns load-shared load-conn register:control-log initiate list-sas");

	ipsec_conn_down(c, on_done, &o);
	run(&o);
	g_assert_cmpint(o.calls, ==, 2);
	g_assert_null(o.failure);
	g_assert_cmpuint(ipsec_conn_reqid(c), ==, 0);
	g_assert_false(g_file_test(lock, G_FILE_TEST_EXISTS));
	down = fake_seen(f);
	g_assert_cmpstr(down, ==, "terminate unload-conn unload-shared");
	ipsec_conn_free(c);
	fake_stop(f);
	g_main_loop_unref(o.loop);
}

/* A connection of a killed l2tpc (no lock held) goes before ours is loaded; "foreign" is
 * someone else's and stays. */
static void test_dead_owner(void)
{
	struct fake *f = fake_start("l2tpc-ghost");
	struct ipsec_charon_options opts;
	const char *sockets[2];
	struct ipsec_conn *c = conn_new(f, &opts, sockets);
	struct outcome o = { .loop = g_main_loop_new(NULL, FALSE) };
	g_autofree char *seen = NULL;

	ipsec_conn_up(c, on_done, &o);
	run(&o);
	g_assert_null(o.failure);
	seen = fake_seen(f);
	/* the drain (its own connection) asks for the dead one's IKE SAs before the terminate */
	g_assert_nonnull(strstr(seen, "get-conns register:list-sa list-sas terminate unload-conn "
				      "unload-shared version load-shared"));
	ipsec_conn_down(c, on_done, &o);
	run(&o);
	ipsec_conn_free(c);
	fake_stop(f);
	g_main_loop_unref(o.loop);
}

/* Down while the first step (charon) is in flight: it lands, nothing more is loaded, the
 * teardown reports to down's caller only. */
static void test_down_in_flight(void)
{
	struct fake *f = fake_start(NULL);
	struct ipsec_charon_options opts;
	const char *sockets[2];
	struct ipsec_conn *c = conn_new(f, &opts, sockets);
	struct outcome up = { .loop = g_main_loop_new(NULL, FALSE) };
	struct outcome down = { .loop = up.loop };
	g_autofree char *seen = NULL;

	ipsec_conn_up(c, on_done, &up);
	ipsec_conn_down(c, on_done, &down);
	run(&down);
	g_assert_cmpint(up.calls, ==, 0);
	g_assert_cmpint(down.calls, ==, 1);
	g_assert_null(down.failure);
	seen = fake_seen(f);
	g_assert_cmpstr(seen, ==, "version");
	ipsec_conn_free(c);
	fake_stop(f);
	g_main_loop_unref(up.loop);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ipsec-conn-steps/up-down", test_up_down);
	g_test_add_func("/ipsec-conn-steps/dead-owner", test_dead_owner);
	g_test_add_func("/ipsec-conn-steps/down-in-flight", test_down_in_flight);
	return g_test_run();
}
