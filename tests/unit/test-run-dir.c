// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The run dir holds who connects where, locks and the private charon's files: folders 0700,
 * files 0600, whatever the umask, and also when an older version left the folder 0755.
 */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "conn-record.h"
#include "gateway-lock.h"
#include "run-dir.h"

static unsigned int mode_of(const char *dir, const char *name)
{
	g_autofree char *path = name ? g_build_filename(dir, name, NULL) : g_strdup(dir);
	struct stat st;

	g_assert_cmpint(lstat(path, &st), ==, 0);
	return st.st_mode & 07777;
}

static void test_modes(void)
{
	g_autofree char *tmp = g_dir_make_tmp("l2tpc-rundir-XXXXXX", NULL);
	g_autofree char *run = g_build_filename(tmp, "run", NULL);
	struct conn_record r = { .name = (char *)"office", .pid = getpid(), .phase = (char *)"up" };
	mode_t old = umask(0); /* the loosest umask: the modes must not depend on it */
	int lock, gw;

	/* an older version's run dir, world-readable */
	g_assert_cmpint(g_mkdir(run, 0755), ==, 0);
	lock = conn_record_lock(run, "office");
	g_assert_cmpint(lock, >=, 0);
	g_assert_cmpint(conn_record_write(run, &r), ==, 0);
	conn_record_mark_held(run, "office");
	gw = gateway_lock_take(run, "192.0.2.1", "office", NULL);
	g_assert_cmpint(gw, >=, 0);
	umask(old);

	g_assert_cmpuint(mode_of(run, NULL), ==, 0700);
	g_assert_cmpuint(mode_of(run, "conns"), ==, 0700);
	g_assert_cmpuint(mode_of(run, "gateways"), ==, 0700);
	g_assert_cmpuint(mode_of(run, "conns/office.lock"), ==, 0600);
	g_assert_cmpuint(mode_of(run, "conns/office.conn"), ==, 0600);
	g_assert_cmpuint(mode_of(run, "conns/office.held"), ==, 0600);
	{
		g_autofree char *gws = g_build_filename(run, "gateways", NULL);
		g_autoptr(GDir) g = g_dir_open(gws, 0, NULL);
		const char *n;

		while ((n = g_dir_read_name(g)))
			g_assert_cmpuint(mode_of(gws, n), ==, 0600);
	}
	gateway_lock_release(run, "192.0.2.1", gw);
	{
		g_autofree char *held = g_build_filename(run, "conns/office.held", NULL);

		g_unlink(held);
	}
	conn_record_remove(run, "office");
	close(lock);
}

static void test_refusals(void)
{
	g_autofree char *tmp = g_dir_make_tmp("l2tpc-rundir-XXXXXX", NULL);
	g_autofree char *file = g_build_filename(tmp, "file", NULL);
	g_autofree char *link = g_build_filename(tmp, "link", NULL);
	g_autofree char *fresh = g_build_filename(tmp, "a/b", NULL);

	g_assert_true(g_file_set_contents(file, "", 0, NULL));
	g_assert_cmpint(symlink(tmp, link), ==, 0);
	g_assert_cmpint(run_dir_make(link), ==, -ENOTDIR); /* never follow a planted symlink */
	g_assert_cmpint(run_dir_make(file), <, 0);
	g_assert_cmpint(run_dir_make(fresh), ==, 0);
	g_assert_cmpuint(mode_of(fresh, NULL), ==, 0700);
	unlink(link);
	unlink(file);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/run-dir/modes", test_modes);
	g_test_add_func("/run-dir/refusals", test_refusals);
	return g_test_run();
}
