// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpc-import-export.c: PENDING. The nm-plugin work replaces the bodies of import and
 * export with the real reader and writer; the plugin already advertises both, so the menu
 * entries exist and say clearly why they do not work yet. */
#include "config.h"

#include "l2tpc-import-export.h"

#include <glib/gi18n-lib.h>

NMConnection *l2tpc_import_export_import(const char *path, GError **error)
{
	g_set_error(
		error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_FAILED,
		_("Importing “%s” failed: this build of the l2tpc plugin cannot import files yet; "
		  "create the connection by hand or with nmcli."),
		path);
	return NULL;
}

gboolean l2tpc_import_export_export(const char *path, NMConnection *connection, GError **error)
{
	g_set_error(
		error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_FAILED,
		_("Exporting to “%s” failed: this build of the l2tpc plugin cannot export files "
		  "yet; copy its file from /etc/NetworkManager/system-connections instead."),
		path);
	return FALSE;
}

char *l2tpc_import_export_suggested_filename(NMConnection *connection)
{
	const char *id = connection ? nm_connection_get_id(connection) : NULL;
	g_autofree char *safe = g_strdup(id && *id ? id : "l2tpc");

	/* A connection name may hold a slash; a file name may not. */
	g_strdelimit(safe, "/", '-');
	return g_strdup_printf("%s (l2tpc).conf", safe);
}
