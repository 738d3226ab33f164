// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cli-cmds.h"
#include "cli-profile.h"
#include "l2tp-dataplane.h"
#include "profile-load.h"
#include "profile.h"
#include "l2tpc-i18n.h"

static char *find_profile(const char *arg)
{
	const char *dirs[2] = { NULL, "/etc/l2tpc" };
	g_autofree char *user_dir = g_build_filename(g_get_user_config_dir(), "l2tpc", NULL);

	if (strchr(arg, '/') || g_file_test(arg, G_FILE_TEST_EXISTS))
		return g_strdup(arg);
	dirs[0] = user_dir;
	for (unsigned i = 0; i < G_N_ELEMENTS(dirs); i++) {
		g_autofree char *plain = g_build_filename(dirs[i], arg, NULL);
		g_autofree char *conf = g_strconcat(plain, ".conf", NULL);

		if (g_file_test(plain, G_FILE_TEST_IS_REGULAR))
			return g_steal_pointer(&plain);
		if (g_file_test(conf, G_FILE_TEST_IS_REGULAR))
			return g_steal_pointer(&conf);
	}
	return NULL;
}

int cli_profile_load(const char *arg, struct l2tpc_profile **out)
{
	g_autofree char *path = find_profile(arg);
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *sentence = NULL;

	if (!path) {
		fprintf(stderr,
			_("l2tpc: error: No profile '%s' found (not a file, nor in %s/l2tpc or "
			  "/etc/l2tpc): give the path of a profile file.\n"),
			arg, g_get_user_config_dir());
		return L2TPC_FAILURE_CONFIG;
	}
	if (l2tpc_profile_load_file(path, out, warnings, &sentence) < 0) {
		fprintf(stderr, "l2tpc: error: %s\n", sentence);
		return L2TPC_FAILURE_CONFIG;
	}
	for (guint i = 0; i < warnings->len; i++)
		fprintf(stderr, "l2tpc: warning: %s\n", (char *)warnings->pdata[i]);
	return 0;
}

const char *cli_profile_secret_label(const char *key)
{
	static const struct {
		const char *key, *label;
	} labels[] = {
		{ "password", N_("Password") },
		{ "ipsec-psk", N_("IPsec pre-shared key") },
		{ "machine-certpass", N_("Password of the machine certificate key") },
		{ "user-certpass", N_("Password of the user certificate key") },
		{ "l2tp-secret", N_("L2TP tunnel secret") },
	};

	for (unsigned i = 0; i < G_N_ELEMENTS(labels); i++)
		if (!strcmp(labels[i].key, key))
			return _(labels[i].label);
	return key;
}

int cli_profile_parse_dataplane(const char *s, int *out)
{
	/* the words of --dataplane, not l2tp_dataplane_kind_name()'s descriptions */
	static const struct {
		const char *name;
		int kind;
	} names[] = {
		{ "netlink", L2TP_DATAPLANE_NETLINK },
		{ "legacy", L2TP_DATAPLANE_LEGACY },
		{ "userspace", L2TP_DATAPLANE_USERSPACE },
	};

	if (!strcmp(s, "auto")) {
		*out = -1;
		return 0;
	}
	for (unsigned i = 0; i < G_N_ELEMENTS(names); i++) {
		if (!strcmp(s, names[i].name)) {
			*out = names[i].kind;
			return 0;
		}
	}
	return -EINVAL;
}
