// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-nm-user-files: nm-l2tpc-user-files reads a private connection's files as its user
 * (CVE-2025-9615). Needs root (it switches to the user "nobody"): skipped otherwise.
 */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "nm-l2tpc-user-files.h"

static char *dir;

static NMConnection *connection_for(const char *user)
{
	NMConnection *c = nm_simple_connection_new();
	NMSettingConnection *s_con = NM_SETTING_CONNECTION(nm_setting_connection_new());

	g_object_set(s_con, NM_SETTING_CONNECTION_ID, "office", NULL);
	if (user)
		nm_setting_connection_add_permission(s_con, "user", user, NULL);
	nm_connection_add_setting(c, NM_SETTING(s_con));
	return c;
}

static struct l2tpc_profile *profile_with(const char *key_path)
{
	struct l2tpc_profile *p = l2tpc_profile_new();

	p->id = g_strdup("office");
	p->machine_key = g_strdup(key_path);
	return p;
}

static char *write_file(const char *name, const char *text, mode_t mode, uid_t owner)
{
	char *path = g_build_filename(dir, name, NULL);

	g_assert_true(g_file_set_contents(path, text, -1, NULL));
	g_assert_cmpint(chmod(path, mode), ==, 0);
	g_assert_cmpint(chown(path, owner, (gid_t)-1), ==, 0);
	return path;
}

/* A root-only file is refused with a sentence naming setting, file, user and reason. */
static void test_root_only_refused(void)
{
	g_autofree char *path = write_file("root-only.pem", "KEY", 0600, 0);
	g_autoptr(NMConnection) c = connection_for("nobody");
	struct l2tpc_profile *p = profile_with(path);
	struct nm_l2tpc_user_files *uf = NULL;
	g_autofree char *sentence = NULL;
	g_autofree char *want = NULL;

	g_assert_cmpint(nm_l2tpc_user_files_read(c, p, &uf, &sentence), ==, -EACCES);
	g_assert_null(uf);
	want = g_strdup_printf("machine-key %s cannot be read by nobody, the user the connection "
			       "'office' is restricted to (Permission denied)",
			       path);
	g_assert_true(g_str_has_prefix(sentence, want));
	l2tpc_profile_free(p);
}

/* A file the user owns is read, and the engine's hook hands out its bytes. */
static void test_user_file_read(void)
{
	struct passwd *pw = getpwnam("nobody");
	g_autofree char *path = write_file("user.pem", "KEY BYTES", 0600, pw->pw_uid);
	g_autoptr(NMConnection) c = connection_for("nobody");
	struct l2tpc_profile *p = profile_with(path);
	struct nm_l2tpc_user_files *uf = NULL;
	struct l2tpc_failure f = { 0 };
	g_autofree char *sentence = NULL;
	g_autofree uint8_t *data = NULL;
	size_t len = 0;

	g_assert_cmpint(nm_l2tpc_user_files_read(c, p, &uf, &sentence), ==, 0);
	g_assert_nonnull(uf);
	g_assert_cmpint(nm_l2tpc_user_files_get(path, "machine-key", &data, &len, &f, uf), ==, 0);
	g_assert_cmpmem(data, len, "KEY BYTES", 9);
	nm_l2tpc_user_files_free(uf);
	l2tpc_profile_free(p);
}

/* A connection for all users is the service's to read: no set, no child. */
static void test_system_connection(void)
{
	g_autoptr(NMConnection) c = connection_for(NULL);
	struct l2tpc_profile *p = profile_with("/nonexistent/key.pem");
	struct nm_l2tpc_user_files *uf = (void *)1;
	g_autofree char *sentence = NULL;

	g_assert_cmpint(nm_l2tpc_user_files_read(c, p, &uf, &sentence), ==, 0);
	g_assert_null(uf);
	l2tpc_profile_free(p);
}

/* A user who does not exist is named. */
static void test_unknown_user(void)
{
	g_autoptr(NMConnection) c = connection_for("no-such-user-l2tpc");
	struct l2tpc_profile *p = profile_with("/etc/hostname");
	struct nm_l2tpc_user_files *uf = NULL;
	g_autofree char *sentence = NULL;

	g_assert_cmpint(nm_l2tpc_user_files_read(c, p, &uf, &sentence), ==, -ENOENT);
	g_assert_nonnull(strstr(sentence, "no-such-user-l2tpc, who does not exist"));
	l2tpc_profile_free(p);
}

int main(int argc, char **argv)
{
	int r;

	g_test_init(&argc, &argv, NULL);
	if (geteuid() != 0 || !getpwnam("nobody")) {
		g_test_skip("needs root and the user nobody");
		return 77;
	}
	dir = g_dir_make_tmp("test-nm-user-files-XXXXXX", NULL);
	g_assert_nonnull(dir);
	g_assert_cmpint(chmod(dir, 0755), ==, 0);
	g_test_add_func("/nm-user-files/root-only-refused", test_root_only_refused);
	g_test_add_func("/nm-user-files/user-file-read", test_user_file_read);
	g_test_add_func("/nm-user-files/system-connection", test_system_connection);
	g_test_add_func("/nm-user-files/unknown-user", test_unknown_user);
	r = g_test_run();
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", dir);
	(void)!system(cmd);
	return r;
}
