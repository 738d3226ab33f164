// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "conn-record.h"

static char *make_rundir(void)
{
	g_autoptr(GError) err = NULL;
	char *dir = g_dir_make_tmp("l2tpc-rec-XXXXXX", &err);

	g_assert_no_error(err);
	return dir;
}

static void test_lock_write_list_remove(void)
{
	g_autofree char *rundir = make_rundir();
	struct conn_record r = { 0 };
	g_autoptr(GArray) list = NULL;
	g_autoptr(GArray) alive = NULL;
	int fd;

	fd = conn_record_lock(rundir, "office");
	g_assert_cmpint(fd, >=, 0);
	/* A second `l2tpc up office` while the first runs is refused. */
	g_assert_cmpint(conn_record_lock(rundir, "office"), ==, -EBUSY);

	r.name = g_strdup("office");
	r.pid = getpid();
	r.phase = g_strdup("connected");
	r.ifname = g_strdup("ppp0");
	r.local = g_strdup("10.10.0.10");
	r.started = 1700000000;
	r.gateway_addr = g_strdup("192.0.2.1");
	r.local_addr = g_strdup("192.0.2.2");
	g_assert_cmpint(conn_record_write(rundir, &r), ==, 0);

	list = conn_record_list(rundir, &alive);
	g_assert_cmpuint(list->len, ==, 1);
	g_assert_cmpstr(g_array_index(list, struct conn_record, 0).ifname, ==, "ppp0");
	g_assert_cmpint(g_array_index(list, struct conn_record, 0).started, ==, 1700000000);
	/* the pair of addresses a cleanup removes kernel IPsec state between */
	g_assert_cmpstr(g_array_index(list, struct conn_record, 0).gateway_addr, ==, "192.0.2.1");
	g_assert_cmpstr(g_array_index(list, struct conn_record, 0).local_addr, ==, "192.0.2.2");
	g_assert_true(g_array_index(alive, gboolean, 0));

	/* The owner goes away (as after kill -9): the record is now stale. */
	close(fd);
	g_clear_pointer(&list, g_array_unref);
	g_clear_pointer(&alive, g_array_unref);
	list = conn_record_list(rundir, &alive);
	g_assert_cmpuint(list->len, ==, 1);
	g_assert_false(g_array_index(alive, gboolean, 0));

	conn_record_remove(rundir, "office");
	g_clear_pointer(&list, g_array_unref);
	list = conn_record_list(rundir, NULL);
	g_assert_cmpuint(list->len, ==, 0);
	conn_record_clear(&r);
	g_autofree char *conns = g_build_filename(rundir, "conns", NULL);
	g_rmdir(conns);
	g_rmdir(rundir);
}

/* The mark a cleanup leaves: young, it says "use an ephemeral port"; old, it goes away. */
static void test_held_mark(void)
{
	g_autofree char *rundir = make_rundir();
	g_autofree char *conns = g_build_filename(rundir, "conns", NULL);
	g_autofree char *held = g_build_filename(conns, "office.held", NULL);
	struct utimbuf old = { .actime = time(NULL) - CONN_RECORD_HELD_S - 5,
			       .modtime = time(NULL) - CONN_RECORD_HELD_S - 5 };
	int fd = conn_record_lock(rundir, "office"); /* makes conns/ */

	g_assert_false(conn_record_held(rundir, "office"));
	conn_record_mark_held(rundir, "office");
	g_assert_true(conn_record_held(rundir, "office"));
	/* not a record: status does not list it */
	g_autoptr(GArray) list = conn_record_list(rundir, NULL);
	g_assert_cmpuint(list->len, ==, 0);
	g_assert_cmpint(utime(held, &old), ==, 0);
	g_assert_false(conn_record_held(rundir, "office"));
	g_assert_false(g_file_test(held, G_FILE_TEST_EXISTS));
	conn_record_remove(rundir, "office");
	close(fd);
	g_rmdir(conns);
	g_rmdir(rundir);
}

static void test_parse_rejects_garbage(void)
{
	struct conn_record r;

	g_assert_cmpint(conn_record_parse("not a keyfile\x01", 14, &r), ==, -EINVAL);
	g_assert_cmpint(conn_record_parse("[connection]\npid=3\n", 19, &r), ==, -EINVAL);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/conn-record/lifecycle", test_lock_write_list_remove);
	g_test_add_func("/conn-record/parse-garbage", test_parse_rejects_garbage);
	g_test_add_func("/conn-record/held-mark", test_held_mark);
	return g_test_run();
}
