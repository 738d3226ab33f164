// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-stale's lock file: one l2tpc per connection name, the key id it records for the
 * cleanup after a crash, and what a crashed run of the same name left being read back.
 */
#include <errno.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "ipsec-stale.h"

static void test_lock(void)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *dir = g_dir_make_tmp("l2tpc-stale-XXXXXX", &err);
	g_autofree char *path = g_build_filename(dir, "ipsec-l2tpc-office.lock", NULL);
	g_autofree char *text = NULL;
	struct ipsec_stale_lock a = { 0 }, b = { 0 };

	g_assert_no_error(err);
	g_assert_cmpint(ipsec_stale_lock_take(&a, dir, "l2tpc-office"), ==, 0);
	g_assert_null(a.dead_key);
	/* a second l2tpc with the same profile is refused */
	g_assert_cmpint(ipsec_stale_lock_take(&b, dir, "l2tpc-office"), ==, -EBUSY);
	ipsec_stale_lock_clear(&b);
	g_assert_true(g_file_test(path, G_FILE_TEST_EXISTS));
	/* the key id goes into the file, for whoever cleans up after a crash */
	ipsec_stale_lock_note(&a, "0a1b2c");
	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	g_assert_cmpstr(text, ==, "key=0a1b2c\n");
	ipsec_stale_lock_drop(&a);
	g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	ipsec_stale_lock_clear(&a);

	/* a crashed run left its file: the next run of the profile reads the key and starts
	 * with an empty file */
	g_assert_true(g_file_set_contents(path, "key=0a1b2c\n", -1, NULL));
	g_assert_cmpint(ipsec_stale_lock_take(&a, dir, "l2tpc-office"), ==, 0);
	g_assert_cmpstr(a.dead_key, ==, "0a1b2c");
	g_clear_pointer(&text, g_free);
	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	g_assert_cmpstr(text, ==, "");
	ipsec_stale_lock_drop(&a);
	ipsec_stale_lock_clear(&a);
	g_assert_cmpint(g_rmdir(dir), ==, 0); /* nothing left behind */
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ipsec-stale/lock", test_lock);
	return g_test_run();
}
