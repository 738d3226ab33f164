/* l2tpc-import-export.h: import and export of connection files for the libnm plugin.
 *
 * The GTK-free plugin (libnm-vpn-plugin-l2tpc.so) calls these three functions for
 * nm-connection-editor's and GNOME Settings' "Import from file…" and "Export…". They are
 * the one hook the nm-plugin work fills in (reading and writing NetworkManager-l2tp's .conf
 * format through client/profile); until then import and export fail with a sentence.
 */
#pragma once

#include <NetworkManager.h>

/** Reads @path into a new connection, or returns NULL with @error (NM_CONNECTION_ERROR). */
NMConnection *l2tpc_import_export_import(const char *path, GError **error);

/** Writes @connection to @path (no secrets), or returns false with @error. */
gboolean l2tpc_import_export_export(const char *path, NMConnection *connection, GError **error);

/** The file name offered when exporting @connection (newly allocated). */
char *l2tpc_import_export_suggested_filename(NMConnection *connection);
