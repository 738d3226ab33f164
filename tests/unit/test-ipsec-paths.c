// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipsec-paths: charon, its plugins and libcharon found where each distribution puts them.
 */
#include <string.h>

#include <glib.h>

#include "ipsec-paths.h"

static const char *const *present; /* what the fake file system holds */

static bool fake_exists(const char *path)
{
	return g_strv_contains(present, path);
}

static void test_find(void)
{
	static const char *const debian[] = { "/usr/lib/ipsec/charon", "/usr/lib/ipsec/plugins",
					      NULL };
	static const char *const fedora[] = { "/usr/libexec/strongswan/charon",
					      "/usr/lib64/strongswan/plugins", NULL };
	static const char *const arch[] = { "/usr/lib/strongswan/charon", "/usr/lib/ipsec/plugins",
					    NULL };
	static const char *const suse[] = { "/usr/lib/ipsec/charon", "/usr/lib64/ipsec/plugins",
					    NULL };
	static const char *const none[] = { NULL };
	static const struct {
		const char *const *fs;
		const char *configured;
		const char *charon, *plugins, *lib;
	} t[] = {
		{ debian, "", "/usr/lib/ipsec/charon", "/usr/lib/ipsec/plugins",
		  "/usr/lib/ipsec/libcharon.so.0" },
		{ fedora, NULL, "/usr/libexec/strongswan/charon", "/usr/lib64/strongswan/plugins",
		  "/usr/lib64/strongswan/libcharon.so.0" },
		{ arch, "", "/usr/lib/strongswan/charon", "/usr/lib/ipsec/plugins",
		  "/usr/lib/ipsec/libcharon.so.0" },
		{ suse, "", "/usr/lib/ipsec/charon", "/usr/lib64/ipsec/plugins",
		  "/usr/lib64/ipsec/libcharon.so.0" },
		/* the build-time path wins even where another charon is installed */
		{ debian, "/opt/strongswan/charon", "/opt/strongswan/charon",
		  "/usr/lib/ipsec/plugins", "/usr/lib/ipsec/libcharon.so.0" },
		/* nothing installed: Debian's names, so the sentence names a real path */
		{ none, "", "/usr/lib/ipsec/charon", "/usr/lib/ipsec/plugins",
		  "/usr/lib/ipsec/libcharon.so.0" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
		struct ipsec_paths p;

		present = t[i].fs;
		ipsec_paths_find_with(t[i].configured, fake_exists, &p);
		g_assert_cmpstr(p.charon, ==, t[i].charon);
		g_assert_cmpstr(p.plugin_dir, ==, t[i].plugins);
		g_assert_cmpstr(p.libcharon, ==, t[i].lib);
		ipsec_paths_clear(&p);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ipsec-paths/find", test_find);
	return g_test_run();
}
