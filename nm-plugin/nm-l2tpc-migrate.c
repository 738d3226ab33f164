// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nm-l2tpc-migrate: turns NetworkManager-l2tp connections (service type
 * org.freedesktop.NetworkManager.l2tp) into l2tpc connections, in place.
 *
 * The data keys are the same, so a connection only changes its service type; the uuid, the id,
 * the IP settings and the stored (system-owned) secrets stay. Secrets an agent keeps
 * (agent-owned: GNOME keyring, KWallet) are stored under the connection's uuid, which does not
 * change, so they keep working. Each connection is first read as the service will read it: one
 * that l2tpc cannot use is left alone with a sentence saying why. Keys whose default differs
 * (ipsec-enabled, refuse-pap) are written out so the connection keeps its behaviour.
 *
 *   nm-l2tpc-migrate [--dry-run] [ID|UUID...]     (no names: every NetworkManager-l2tp one)
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include <glib/gi18n-lib.h>
#include "nm-l2tpc-settings.h"

struct migrate_ctx {
	GMainLoop *loop;
	int pending;
	int failed;
};

static void migrate_on_updated(GObject *src, GAsyncResult *res, gpointer ud)
{
	struct migrate_ctx *c = ud;
	NMRemoteConnection *rc = NM_REMOTE_CONNECTION(src);
	g_autoptr(GError) err = NULL;
	g_autoptr(GVariant) ret = nm_remote_connection_update2_finish(rc, res, &err);

	if (!ret) {
		fprintf(stderr,
			_("nm-l2tpc-migrate: NetworkManager refused the change of '%s': "
			  "%s; run as root (or with polkit rights to modify system "
			  "connections).\n"),
			nm_connection_get_id(NM_CONNECTION(rc)), err->message);
		c->failed++;
	} else {
		/* stays English in every language: scripts match it, like l2tpc's connected: */
		printf("migrated: %s (%s)\n", nm_connection_get_id(NM_CONNECTION(rc)),
		       nm_connection_get_uuid(NM_CONNECTION(rc)));
	}
	if (--c->pending == 0)
		g_main_loop_quit(c->loop);
}

static bool migrate_wanted(NMConnection *nc, char **names)
{
	if (!names || !names[0])
		return true;
	for (char **n = names; *n; n++)
		if (g_strcmp0(*n, nm_connection_get_id(nc)) == 0 ||
		    g_strcmp0(*n, nm_connection_get_uuid(nc)) == 0)
			return true;
	return false;
}

static bool migrate_is_yes(const char *v)
{
	return v && (g_ascii_strcasecmp(v, "yes") == 0 || g_ascii_strcasecmp(v, "true") == 0 ||
		     strcmp(v, "1") == 0);
}

/*
 * NetworkManager-l2tp reads a missing ipsec-enabled or refuse-pap as "no"; l2tpc reads both as
 * "yes" (docs/profile-keys.md). A converted connection keeps what it did: IPsec stays off where
 * it was off, and PAP stays allowed where IPsec protects it. PAP without IPsec, which sends the
 * password in clear, is not carried over. Each change is said on stdout.
 */
static void migrate_spell_defaults(NMConnection *nc, NMSettingVpn *s_vpn)
{
	bool ipsec = migrate_is_yes(nm_setting_vpn_get_data_item(s_vpn, "ipsec-enabled"));

	if (!ipsec) {
		nm_setting_vpn_add_data_item(s_vpn, "ipsec-enabled", "no");
		printf(_("note: %s: IPsec stays off (ipsec-enabled=no), as it was: the login and "
			 "all traffic cross the network unprotected; turn IPsec on in the "
			 "connection's settings if the server offers it.\n"),
		       nm_connection_get_id(nc));
	}
	if (nm_setting_vpn_get_data_item(s_vpn, "refuse-pap"))
		return;
	if (ipsec) {
		nm_setting_vpn_add_data_item(s_vpn, "refuse-pap", "no");
	} else {
		nm_setting_vpn_add_data_item(s_vpn, "refuse-pap", "yes");
		printf(_("note: %s: PAP is now refused (refuse-pap=yes): without IPsec it would "
			 "send the password in clear; set refuse-pap=no only if the server accepts "
			 "nothing else.\n"),
		       nm_connection_get_id(nc));
	}
}

/* Returns the migrated copy (secrets included), or NULL with a sentence printed. */
static NMConnection *migrate_convert(NMRemoteConnection *rc)
{
	NMConnection *nc = NM_CONNECTION(rc);
	g_autoptr(NMConnection) copy = nm_simple_connection_new_clone(nc);
	g_autoptr(GError) err = NULL;
	g_autoptr(GVariant) secrets = NULL;
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(l2tpc_profile) p = NULL;
	g_autofree char *sentence = NULL;

	secrets = nm_remote_connection_get_secrets(rc, NM_SETTING_VPN_SETTING_NAME, NULL, &err);
	if (!secrets ||
	    !nm_connection_update_secrets(copy, NM_SETTING_VPN_SETTING_NAME, secrets, &err)) {
		fprintf(stderr,
			_("nm-l2tpc-migrate: cannot read the stored secrets of '%s': %s; "
			  "run as root so they are kept.\n"),
			nm_connection_get_id(nc), err->message);
		return NULL;
	}
	g_object_set(nm_connection_get_setting_vpn(copy), NM_SETTING_VPN_SERVICE_TYPE,
		     L2TPC_PROFILE_NM_SERVICE_L2TPC, NULL);
	migrate_spell_defaults(nc, nm_connection_get_setting_vpn(copy));
	if (nm_l2tpc_settings_to_profile(copy, &p, warnings, &sentence) < 0) {
		fprintf(stderr, _("nm-l2tpc-migrate: '%s' is left as it is: %s\n"),
			nm_connection_get_id(nc), sentence);
		return NULL;
	}
	for (guint i = 0; i < warnings->len; i++)
		printf(_("note: %s: %s\n"), nm_connection_get_id(nc), (char *)warnings->pdata[i]);
	return g_steal_pointer(&copy);
}

int main(int argc, char **argv)
{
	gboolean dry_run = FALSE;
	g_auto(GStrv) names = NULL;
	GOptionEntry entries[] = {
		{ "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
		  N_("Only say what would be migrated"), NULL },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &names, NULL,
		  "[ID|UUID...]" },
		{ NULL },
	};
	/* no parameter string: the G_OPTION_REMAINING entry puts [ID|UUID...] in the usage */
	g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
	g_autoptr(GError) err = NULL;
	g_autoptr(NMClient) client = NULL;
	struct migrate_ctx c = { 0 };
	const GPtrArray *all;
	int seen = 0;
	const char *localedir = g_getenv("L2TPC_LOCALEDIR");

	/* L2TPC_LOCALEDIR, as for l2tpc: the tests read the build tree's catalogs. */
	setlocale(LC_ALL, "");
	bindtextdomain(GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	g_option_context_set_summary(ctx, _("Turns NetworkManager-l2tp connections into l2tpc "
					    "connections in place, keeping their secrets."));
	g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		fprintf(stderr, _("nm-l2tpc-migrate: %s: see --help.\n"), err->message);
		return 2;
	}
	client = nm_client_new(NULL, &err);
	if (!client) {
		fprintf(stderr,
			_("nm-l2tpc-migrate: cannot talk to NetworkManager: %s; is it "
			  "running?\n"),
			err->message);
		return 1;
	}
	c.loop = g_main_loop_new(NULL, FALSE);
	all = nm_client_get_connections(client);
	for (guint i = 0; i < all->len; i++) {
		NMRemoteConnection *rc = all->pdata[i];
		NMConnection *nc = NM_CONNECTION(rc);
		NMSettingVpn *s_vpn = nm_connection_get_setting_vpn(nc);
		g_autoptr(NMConnection) copy = NULL;
		g_autoptr(GVariant) dict = NULL;

		if (!s_vpn ||
		    g_strcmp0(nm_setting_vpn_get_service_type(s_vpn),
			      L2TPC_PROFILE_NM_SERVICE_L2TP) != 0 ||
		    !migrate_wanted(nc, names))
			continue;
		seen++;
		copy = migrate_convert(rc);
		if (!copy) {
			c.failed++;
			continue;
		}
		if (dry_run) {
			/* English in every language, like "migrated:" */
			printf("would migrate: %s (%s)\n", nm_connection_get_id(nc),
			       nm_connection_get_uuid(nc));
			continue;
		}
		dict = g_variant_ref_sink(nm_connection_to_dbus(copy, NM_CONNECTION_SERIALIZE_ALL));
		c.pending++;
		nm_remote_connection_update2(rc, dict, NM_SETTINGS_UPDATE2_FLAG_NONE, NULL, NULL,
					     migrate_on_updated, &c);
	}
	if (c.pending)
		g_main_loop_run(c.loop);
	g_main_loop_unref(c.loop);
	if (seen == 0 && names && names[0])
		printf(_("nothing to migrate: no NetworkManager-l2tp connection with that name "
			 "found.\n"));
	else if (seen == 0)
		printf(_("nothing to migrate: no NetworkManager-l2tp connection found.\n"));
	return c.failed ? 1 : 0;
}
