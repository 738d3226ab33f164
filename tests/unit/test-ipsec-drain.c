// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-drain: reading list-sa events row by row, and the whole drain against an in-process
 * charon (a thread on a unix socket) whose IKE SA is CONNECTING for two rounds of list-sas and
 * then ESTABLISHED: the drain waits, then terminates it by name. The blocking exchange of
 * vici-sync.c is what talks to it.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "ipsec-drain.h"
#include "vici-sync.h"
#include "vici-test-peer.h"

/* ---- ipsec_drain_scan(), one event per row ---- */

struct sa {
	const char *name;
	const char *state; /* NULL: no state key; "=" a value named @name instead of a section */
};

struct scan_row {
	const char *what;
	const char *event; /* event name */
	const char *filter;
	struct sa sas[3];
	guint connecting;
	const char *names; /* the names added, joined by spaces */
};

static const struct scan_row scan_rows[] = {
	{ "ours, in flight",
	  "list-sa",
	  "l2tpc-office",
	  { { "l2tpc-office", "CONNECTING" } },
	  1,
	  "l2tpc-office" },
	{ "ours, done",
	  "list-sa",
	  "l2tpc-office",
	  { { "l2tpc-office", "ESTABLISHED" } },
	  0,
	  "l2tpc-office" },
	{ "another profile", "list-sa", "l2tpc-office", { { "l2tpc-home", "CONNECTING" } }, 0, "" },
	{ "any of ours",
	  "list-sa",
	  NULL,
	  { { "l2tpc-a", "CONNECTING" }, { "site", "CONNECTING" }, { "l2tpc-b", "DELETING" } },
	  1,
	  "l2tpc-a l2tpc-b" },
	{ "two SAs of one name",
	  "list-sa",
	  NULL,
	  { { "l2tpc-a", "CONNECTING" }, { "l2tpc-a", "CONNECTING" } },
	  2,
	  "l2tpc-a" },
	{ "no state", "list-sa", NULL, { { "l2tpc-a", NULL } }, 0, "l2tpc-a" },
	{ "a value, not a section", "list-sa", NULL, { { "l2tpc-a", "=" } }, 0, "" },
	{ "another event", "list-conn", NULL, { { "l2tpc-a", "CONNECTING" } }, 0, "" },
};

static struct vici_msg *build_parse(struct vici_builder *b)
{
	g_autoptr(GBytes) pkt = NULL;
	struct vici_msg *m = NULL;
	gsize len;
	const uint8_t *p;

	g_assert_cmpint(vici_builder_finish(b, &pkt, NULL), ==, 0);
	p = g_bytes_get_data(pkt, &len);
	g_assert_cmpint(vici_msg_parse(p + VICI_HEADER_LEN, len - VICI_HEADER_LEN, &m, NULL), ==,
			0);
	return m;
}

static struct vici_msg *list_sa_event(const char *event, const struct sa *sas)
{
	struct vici_builder *b = vici_builder_new(VICI_EVENT, event);

	for (guint i = 0; i < 3 && sas[i].name; i++) {
		if (g_strcmp0(sas[i].state, "=") == 0) {
			vici_builder_add_str(b, sas[i].name, "x");
			continue;
		}
		vici_builder_section_start(b, sas[i].name);
		vici_builder_add_str(b, "version", "1");
		if (sas[i].state)
			vici_builder_add_str(b, "state", sas[i].state);
		vici_builder_section_end(b);
	}
	return build_parse(b);
}

static void test_scan(void)
{
	for (guint i = 0; i < G_N_ELEMENTS(scan_rows); i++) {
		const struct scan_row *row = &scan_rows[i];
		_vici_msg_auto_ struct vici_msg *ev = list_sa_event(row->event, row->sas);
		g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
		g_autofree char *joined = NULL;

		g_test_message("%s", row->what);
		g_assert_cmpuint(ipsec_drain_scan(ev, row->filter, names), ==, row->connecting);
		g_ptr_array_add(names, NULL);
		joined = g_strjoinv(" ", (char **)names->pdata);
		g_assert_cmpstr(joined, ==, row->names);
	}
	g_assert_cmpuint(ipsec_drain_scan(NULL, NULL, NULL), ==, 0);
}

/* ---- the drain against a fake charon ---- */

struct fake {
	int listener;
	char *dir;
	char *path;
	int lists;	    /* list-sas answered so far */
	int connecting_for; /* list-sas rounds that show the SA CONNECTING */
	GString *seen;	    /* the requests, in order */
};

static void fake_answer(struct fake *f, GSocket *s, const struct vici_msg *m)
{
	struct vici_builder *b;

	g_string_append_printf(f->seen, "%s%s", f->seen->len ? " " : "", m->name);
	if (m->type == VICI_EVENT_REGISTER) {
		vici_peer_send(s, vici_builder_new(VICI_EVENT_CONFIRM, NULL));
		return;
	}
	if (strcmp(m->name, "list-sas") == 0) {
		const char *state = f->lists++ < f->connecting_for ? "CONNECTING" : "ESTABLISHED";

		g_assert_cmpstr(vici_msg_get_str(m, "ike"), ==, "l2tpc-office");
		b = vici_builder_new(VICI_EVENT, "list-sa");
		vici_builder_section_start(b, "l2tpc-office");
		vici_builder_add_str(b, "state", state);
		vici_builder_section_end(b);
		vici_peer_send(s, b);
		/* list-sas ends with an empty response: no "success" to look for */
		vici_peer_send(s, vici_builder_new(VICI_CMD_RESPONSE, NULL));
		return;
	}
	g_assert_cmpstr(m->name, ==, "terminate");
	g_assert_cmpstr(vici_msg_get_str(m, "ike"), ==, "l2tpc-office");
	g_assert_cmpstr(vici_msg_get_str(m, "force"), ==, "yes");
	b = vici_builder_new(VICI_CMD_RESPONSE, NULL);
	vici_builder_add_str(b, "success", "yes");
	vici_peer_send(s, b);
}

static gpointer fake_serve(gpointer data)
{
	struct fake *f = data;
	int fd = accept(f->listener, NULL, NULL);
	g_autoptr(GSocket) s = fd >= 0 ? g_socket_new_from_fd(fd, NULL) : NULL;
	struct vici_msg *m = NULL;

	while (s && vici_peer_recv(s, &m) > 0) {
		fake_answer(f, s, m);
		g_clear_pointer(&m, vici_msg_free);
	}
	return NULL;
}

static void test_drain(void)
{
	struct fake f = { .connecting_for = 2, .seen = g_string_new(NULL) };
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	GThread *t;

	f.dir = g_dir_make_tmp("l2tpc-drain-XXXXXX", NULL);
	f.path = g_build_filename(f.dir, "charon.vici", NULL);
	g_strlcpy(sa.sun_path, f.path, sizeof(sa.sun_path));
	f.listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	g_assert_cmpint(bind(f.listener, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
	g_assert_cmpint(listen(f.listener, 1), ==, 0);
	t = g_thread_new("fake-charon", fake_serve, &f);

	/* waits two rounds (IPSEC_DRAIN_POLL_MS each), then terminates the one connection */
	g_assert_cmpint(ipsec_drain(f.path, "l2tpc-office", true), ==, 1);
	g_thread_join(t);
	g_assert_cmpstr(f.seen->str, ==, "list-sa list-sas list-sas list-sas terminate");

	/* nobody at the socket: the cleanup goes on with its SIGTERM */
	close(f.listener);
	g_unlink(f.path);
	g_assert_cmpint(ipsec_drain(f.path, NULL, true), ==, -ENOENT);
	g_rmdir(f.dir);
	g_free(f.path);
	g_free(f.dir);
	g_string_free(f.seen, TRUE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ipsec-drain/scan", test_scan);
	g_test_add_func("/ipsec-drain/drain", test_drain);
	return g_test_run();
}
