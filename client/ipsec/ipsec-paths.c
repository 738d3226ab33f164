// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where strongSwan lives on this distribution (see ipsec-paths.h).
 */
#include <glib.h>

#include "ipsec-paths.h"

static const char *const charons[] = {
	"/usr/lib/ipsec/charon",	  /* Debian, Ubuntu, openSUSE */
	"/usr/libexec/strongswan/charon", /* Fedora, RHEL */
	"/usr/lib/strongswan/charon",	  /* Arch */
	"/usr/libexec/ipsec/charon",	  /* strongSwan's default prefix */
	NULL,
};
/* The folders holding libcharon.so.0 and plugins/ */
static const char *const libdirs[] = {
	"/usr/lib/ipsec",	 /* Debian, Ubuntu, Arch, strongSwan's default */
	"/usr/lib64/strongswan", /* Fedora, RHEL */
	"/usr/lib64/ipsec",	 /* openSUSE */
	"/usr/lib/strongswan",	 NULL,
};

static bool ipsec_paths_exists(const char *path)
{
	return g_file_test(path, G_FILE_TEST_EXISTS);
}

void ipsec_paths_find_with(const char *configured, bool (*exists)(const char *path),
			   struct ipsec_paths *p)
{
	const char *charon = configured && *configured ? configured : NULL;
	const char *lib = NULL;

	for (int i = 0; !charon && charons[i]; i++)
		if (exists(charons[i]))
			charon = charons[i];
	for (int i = 0; !lib && libdirs[i]; i++) {
		g_autofree char *plugins = g_build_filename(libdirs[i], "plugins", NULL);

		if (exists(plugins))
			lib = libdirs[i];
	}
	p->charon = g_strdup(charon ? charon : charons[0]);
	p->plugin_dir = g_build_filename(lib ? lib : libdirs[0], "plugins", NULL);
	p->libcharon = g_build_filename(lib ? lib : libdirs[0], "libcharon.so.0", NULL);
}

void ipsec_paths_find(const char *configured, struct ipsec_paths *p)
{
	ipsec_paths_find_with(configured, ipsec_paths_exists, p);
}

void ipsec_paths_clear(struct ipsec_paths *p)
{
	g_clear_pointer(&p->charon, g_free);
	g_clear_pointer(&p->plugin_dir, g_free);
	g_clear_pointer(&p->libcharon, g_free);
}
