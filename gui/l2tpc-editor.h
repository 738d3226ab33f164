/* l2tpc-editor.h: the connection editor, built once for GTK3 and once for GTK4.
 *
 * The GTK-free plugin (l2tpc-editor-plugin.c) opens one of the two editor modules and
 * calls the factory below; this header holds nothing toolkit-specific so both sides can
 * include it.
 */
#pragma once

#include <NetworkManager.h>

/* The editor modules, installed next to the plugin. */
#define L2TPC_EDITOR_MODULE_GTK3 "libnm-vpn-plugin-l2tpc-editor.so"
#define L2TPC_EDITOR_MODULE_GTK4 "libnm-gtk4-vpn-plugin-l2tpc-editor.so"
#define L2TPC_EDITOR_FACTORY	 "l2tpc_editor_factory"

/* The VPN service the editor writes into vpn.service-type. */
#define L2TPC_EDITOR_SERVICE "org.freedesktop.NetworkManager.l2tpc"

typedef NMVpnEditor *(*L2tpcEditorFactory)(NMVpnEditorPlugin *plugin, NMConnection *connection,
					   GError **error);

/**
 * Creates the editor for @connection (its vpn setting may be missing for a new connection).
 * Exported by both editor modules; returns NULL with @error set when the UI cannot be built.
 */
NMVpnEditor *l2tpc_editor_factory(NMVpnEditorPlugin *plugin, NMConnection *connection,
				  GError **error);
