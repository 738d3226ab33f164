// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "gateway-lock.h"

static char *make_rundir(void)
{
	g_autoptr(GError) err = NULL;
	char *dir = g_dir_make_tmp("l2tpc-gw-XXXXXX", &err);

	g_assert_no_error(err);
	return dir;
}

static void remove_rundir(const char *rundir)
{
	g_autofree char *gws = g_build_filename(rundir, "gateways", NULL);

	g_assert_cmpint(g_rmdir(gws), ==, 0); /* fails if a lock file was left behind */
	g_assert_cmpint(g_rmdir(rundir), ==, 0);
}

static void test_second_connection_refused(void)
{
	g_autofree char *rundir = make_rundir();
	g_autofree char *holder = NULL;
	int fd, fd2;

	fd = gateway_lock_take(rundir, "192.0.2.1", "office", NULL);
	g_assert_cmpint(fd, >=, 0);
	/* another profile to the same gateway is refused, and told who holds it */
	g_assert_cmpint(gateway_lock_take(rundir, "192.0.2.1", "office-2", &holder), ==, -EBUSY);
	g_assert_cmpstr(holder, ==, "office");
	/* another gateway is not affected */
	fd2 = gateway_lock_take(rundir, "203.0.113.1", "lab", NULL);
	g_assert_cmpint(fd2, >=, 0);
	gateway_lock_release(rundir, "203.0.113.1", fd2);

	/* once office is down, the gateway is free again and nothing is left behind */
	gateway_lock_release(rundir, "192.0.2.1", fd);
	fd = gateway_lock_take(rundir, "192.0.2.1", "office-2", NULL);
	g_assert_cmpint(fd, >=, 0);
	gateway_lock_release(rundir, "192.0.2.1", fd);
	gateway_lock_release(rundir, "192.0.2.1", -1); /* nothing held: nothing done */
	remove_rundir(rundir);
}

static void test_dead_owner_frees_the_gateway(void)
{
	g_autofree char *rundir = make_rundir();
	g_autofree char *path = g_build_filename(rundir, "gateways", "2001:db8::1.lock", NULL);
	struct stat st;
	int fd;

	fd = gateway_lock_take(rundir, "2001:db8::1", "office", NULL);
	g_assert_cmpint(fd, >=, 0);
	g_assert_cmpint(stat(path, &st), ==, 0);
	g_assert_cmpint(st.st_mode & 0777, ==, 0600); /* root only: run-dir.h */
	/* the owner is killed: its file stays, its lock goes with the process */
	close(fd);
	fd = gateway_lock_take(rundir, "2001:db8::1", "lab", NULL);
	g_assert_cmpint(fd, >=, 0);
	gateway_lock_release(rundir, "2001:db8::1", fd);
	remove_rundir(rundir);
}

static void test_released_while_waiting(void)
{
	g_autofree char *rundir = make_rundir();
	g_autofree char *path = g_build_filename(rundir, "gateways", "192.0.2.1.lock", NULL);
	int fd, fd2;

	/* A release unlinks the file; a connection that locks the unlinked copy must notice and
	 * take the new file, or two connections would both think they own the gateway. */
	fd = gateway_lock_take(rundir, "192.0.2.1", "office", NULL);
	g_assert_cmpint(fd, >=, 0);
	g_assert_cmpint(g_unlink(path), ==, 0);
	fd2 = gateway_lock_take(rundir, "192.0.2.1", "lab", NULL);
	g_assert_cmpint(fd2, >=, 0);
	g_assert_cmpint(gateway_lock_take(rundir, "192.0.2.1", "third", NULL), ==, -EBUSY);
	close(fd);
	gateway_lock_release(rundir, "192.0.2.1", fd2);
	remove_rundir(rundir);
}

static void test_no_escape_from_the_directory(void)
{
	g_autofree char *rundir = make_rundir();
	g_autofree char *inside = g_build_filename(rundir, "gateways", ".._x.lock", NULL);
	int fd = gateway_lock_take(rundir, "../x", "office", NULL);

	g_assert_cmpint(fd, >=, 0);
	g_assert_true(g_file_test(inside, G_FILE_TEST_EXISTS));
	gateway_lock_release(rundir, "../x", fd);
	remove_rundir(rundir);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/gateway-lock/second-connection-refused", test_second_connection_refused);
	g_test_add_func("/gateway-lock/dead-owner-frees-the-gateway",
			test_dead_owner_frees_the_gateway);
	g_test_add_func("/gateway-lock/released-while-waiting", test_released_while_waiting);
	g_test_add_func("/gateway-lock/no-escape", test_no_escape_from_the_directory);
	return g_test_run();
}
