/* l2tpc-editor-plugin.h: libnm-vpn-plugin-l2tpc.so, the GTK-free half of the editor.
 *
 * NetworkManager clients (nm-connection-editor, GNOME Settings, nmcli) load this module
 * through the [libnm] plugin= path of the service's .name file. It describes the VPN type,
 * imports and exports files, and on get_editor() opens the GTK3 or the GTK4 editor module
 * from its own directory, whichever matches the toolkit already loaded in the process.
 */
#pragma once

#include <NetworkManager.h>

#define L2TPC_TYPE_EDITOR_PLUGIN (l2tpc_editor_plugin_get_type())
G_DECLARE_FINAL_TYPE(L2tpcEditorPlugin, l2tpc_editor_plugin, L2TPC, EDITOR_PLUGIN, GObject)

/** The entry point libnm looks up (nm_vpn_editor_plugin_load_from_file). */
NMVpnEditorPlugin *nm_vpn_editor_plugin_factory(GError **error);
