// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * profile-import: NetworkManager-l2tp export files (see profile-import.h).
 */
#include <errno.h>
#include <string.h>

#include "profile-import.h"
#include "profile-private.h"
#include "l2tpc-i18n.h"

/* IP groups NetworkManager-l2tp has written over the years. */
static const char *const import_ip_groups[] = { "ipv4", "ip4", "ipv6" };

static bool import_is_ipv4(const char *group)
{
	return strcmp(group, "ipv6") != 0;
}

/* Keys an l2tpc profile carries itself, or that only repeat the default. */
static bool import_ip_key_kept(GKeyFile *kf, const char *group, const char *key)
{
	g_autofree char *v = NULL;

	if (import_is_ipv4(group) &&
	    (strcmp(key, "never-default") == 0 || strcmp(key, "ignore-auto-dns") == 0))
		return true;
	if (strcmp(key, "method") != 0)
		return false;
	v = g_key_file_get_string(kf, group, key, NULL);
	/* IPv6 "ignore" matches ipv6=no, the default; "auto" is what a VPN gets anyway. */
	return v &&
	       (strcmp(v, "auto") == 0 || (!import_is_ipv4(group) && strcmp(v, "ignore") == 0));
}

static void import_ip_warnings(GKeyFile *kf, const char *group, GPtrArray *warnings)
{
	g_auto(GStrv) names = g_key_file_get_keys(kf, group, NULL, NULL);

	for (size_t i = 0; names && names[i]; i++) {
		if (import_ip_key_kept(kf, group, names[i]))
			continue;
		l2tpc_profile_value_warn(
			warnings,
			_("[%s] %s was not imported: an l2tpc profile does not hold it; "
			  "set it with NetworkManager (nmcli connection modify ... "
			  "%s.%s) if you need it."),
			group, names[i], import_is_ipv4(group) ? "ipv4" : "ipv6", names[i]);
	}
}

static int import_connection(struct l2tpc_profile *p, GKeyFile *kf, char **sentence)
{
	static const char *const id_keys[] = { "id", "name" };

	for (size_t i = 0; i < G_N_ELEMENTS(id_keys); i++) {
		g_autoptr(GError) err = NULL;
		char *v;

		if (!g_key_file_has_key(kf, "connection", id_keys[i], NULL))
			continue;
		v = g_key_file_get_string(kf, "connection", id_keys[i], &err);
		if (err) {
			g_free(v);
			*sentence = g_strdup_printf(_("%s in [connection] cannot be read (a bad \\ "
						      "escape or not UTF-8): fix the name in the "
						      "file."),
						    id_keys[i]);
			return -EINVAL;
		}
		p->id = v;
		return 0;
	}
	return 0;
}

int l2tpc_profile_import_nm_conf(const char *data, size_t len, struct l2tpc_profile **out,
				 GPtrArray *warnings, char **sentence)
{
	g_autoptr(GKeyFile) kf = NULL;
	g_autoptr(l2tpc_profile) p = NULL;
	g_autofree char *local = NULL;
	char **s = sentence ? sentence : &local;
	int r;

	*out = NULL;
	kf = l2tpc_profile_keyfile_load(data, len, "The file", s);
	if (!kf)
		return -EINVAL;
	if (!g_key_file_has_key(kf, "vpn", "gateway", NULL)) {
		*s = g_strdup(
			_("The file does not look like a NetworkManager-l2tp export: it has no "
			  "[vpn] group with a gateway key."));
		return -EINVAL;
	}
	p = l2tpc_profile_new();
	if ((r = import_connection(p, kf, s)) < 0 ||
	    (r = l2tpc_profile_keyfile_apply_group(p, kf, "vpn", false, warnings, s)) < 0 ||
	    (r = l2tpc_profile_keyfile_apply_group(p, kf, "vpn-secrets", true, warnings, s)) < 0)
		return r;
	for (size_t i = 0; i < G_N_ELEMENTS(import_ip_groups); i++) {
		const char *g = import_ip_groups[i];

		if (!g_key_file_has_group(kf, g))
			continue;
		if (import_is_ipv4(g) && (r = l2tpc_profile_keyfile_apply_ipv4(p, kf, g, s)) < 0)
			return r;
		import_ip_warnings(kf, g, warnings);
	}
	if ((r = l2tpc_profile_check(p, warnings, s)) < 0)
		return r;
	*out = g_steal_pointer(&p);
	return 0;
}
