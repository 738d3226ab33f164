// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpc-import-export.c: the libnm plugin's file import and export.
 *
 * Import reads what NetworkManager-l2tp's "Export..." writes (booleans true/false, [ipv4] or
 * the old [ip4], plasma-nm's use-cert/cert-ca/cert-pub/cert-key) and what our own export
 * writes, through client/profile's importer, so every value is validated as the service will
 * use it. Export writes the profile keyfile form without secrets (mode 0600 all the same: it
 * names the user and the gateway).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "l2tpc-import-export.h"
#include "nm-l2tpc-ip-import.h"
#include "nm-l2tpc-settings.h"
#include "profile-import.h"

NMConnection *l2tpc_import_export_import(const char *path, GError **error)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(l2tpc_profile) p = NULL;
	g_autofree char *data = NULL, *sentence = NULL;
	g_autoptr(GKeyFile) kf = NULL;
	gsize len = 0;
	NMConnection *c;

	if (!g_file_get_contents(path, &data, &len, &err)) {
		g_set_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_FAILED,
			    _("Cannot read “%s”: %s."), path, err->message);
		return NULL;
	}
	if (l2tpc_profile_import_nm_conf(data, len, &p, NULL, &sentence) < 0) {
		explicit_bzero(data, len);
		g_set_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_INVALID_PROPERTY,
			    _("“%s” is not an L2TP connection file l2tpc can import: %s"), path,
			    sentence);
		return NULL;
	}
	/* A new connection: never collide with the one the file was exported from. */
	g_clear_pointer(&p->uuid, g_free);
	c = nm_l2tpc_settings_from_profile(p, true);
	/* The IP settings NetworkManager-l2tp's importer keeps (the profile parser read the file
	 * already, so it loads). */
	kf = g_key_file_new();
	if (!g_key_file_load_from_data(kf, data, len, G_KEY_FILE_NONE, NULL) ||
	    nm_l2tpc_ip_import(kf, c, &sentence) < 0) {
		explicit_bzero(data, len);
		g_set_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_INVALID_PROPERTY,
			    _("“%s” is not an L2TP connection file l2tpc can import: %s"), path,
			    sentence ? sentence : _("it is not a keyfile."));
		g_object_unref(c);
		return NULL;
	}
	explicit_bzero(data, len);
	return c;
}

gboolean l2tpc_import_export_export(const char *path, NMConnection *connection, GError **error)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(l2tpc_profile) p = NULL;
	g_autofree char *sentence = NULL, *text = NULL;
	size_t len = 0;

	if (nm_l2tpc_settings_to_profile(connection, &p, NULL, &sentence) < 0) {
		g_set_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_INVALID_PROPERTY,
			    _("Exporting “%s” failed: %s"), nm_connection_get_id(connection),
			    sentence);
		return FALSE;
	}
	g_free(p->service_type);
	p->service_type = g_strdup(L2TPC_PROFILE_NM_SERVICE_L2TPC);
	text = l2tpc_profile_keyfile_text(p, false, &len);
	if (!g_file_set_contents_full(path, text, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
				      &err)) {
		g_set_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_FAILED,
			    _("Cannot write “%s”: %s; choose another folder."), path, err->message);
		return FALSE;
	}
	return TRUE;
}

char *l2tpc_import_export_suggested_filename(NMConnection *connection)
{
	const char *id = connection ? nm_connection_get_id(connection) : NULL;
	g_autofree char *safe = g_strdup(id && *id ? id : "l2tpc");

	/* A connection name may hold a slash; a file name may not. */
	g_strdelimit(safe, "/", '-');
	return g_strdup_printf("%s (l2tpc).conf", safe);
}
