// SPDX-License-Identifier: GPL-2.0-or-later
/* editor-harness.c: the editor under test, shared by test-editor.c and test-editor-fields.c:
 * the connections it opens, an editor in a window, saving. */
#include "editor-harness.h"

#include "ui.h"

NMVpnEditorPlugin *plugin;
char tmpdir[] = "/tmp/l2tpc-test-editor-XXXXXX";

/* --- the connection under test -------------------------------------------------------- */

NMConnection *connection_new(void)
{
	NMConnection *c = nm_simple_connection_new();
	NMSettingConnection *s_con = NM_SETTING_CONNECTION(nm_setting_connection_new());
	NMSettingVpn *s_vpn = NM_SETTING_VPN(nm_setting_vpn_new());
	g_autofree char *uuid = nm_utils_uuid_generate();
	static const char *const data[][2] = {
		{ "gateway", "vpn.example.com" },
		{ "user", "alice" },
		{ "domain", "CORP" },
		{ "ipsec-enabled", "yes" },
		{ "machine-auth-type", "psk" },
		{ "ipsec-remote-id", "@vpn.example.com" },
		{ "l2tp-host-name", "laptop" },
		{ "ephemeral-port", "yes" },
		{ "ipsec-ike", "aes256-sha256-modp2048" },
		{ "ipsec-dpd-delay", "20" },
		{ "refuse-pap", "yes" },
		{ "mtu", "1300" },
		{ "l2tp-hello-interval", "45" },
		/* Not shown by the editor: must survive a save untouched. */
		{ "l2tp-rx-speed-avp", "no" },
	};

	g_object_set(s_con, NM_SETTING_CONNECTION_ID, "Office", NM_SETTING_CONNECTION_UUID, uuid,
		     NM_SETTING_CONNECTION_TYPE, NM_SETTING_VPN_SETTING_NAME, NULL);
	g_object_set(s_vpn, NM_SETTING_VPN_SERVICE_TYPE, SERVICE, NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(data); i++)
		nm_setting_vpn_add_data_item(s_vpn, data[i][0], data[i][1]);
	nm_setting_vpn_add_secret(s_vpn, "password", "s3cret-pw");
	nm_setting_vpn_add_secret(s_vpn, "ipsec-psk", "s3cret-psk");
	nm_connection_add_setting(c, NM_SETTING(s_con));
	nm_connection_add_setting(c, NM_SETTING(s_vpn));
	return c;
}

static void on_changed(NMVpnEditor *editor, void *user_data)
{
	((struct fixture *)user_data)->changed++;
}

void fixture_open(struct fixture *fx, NMConnection *connection)
{
	g_autoptr(GError) error = NULL;

	fx->connection = connection;
	fx->editor = nm_vpn_editor_plugin_get_editor(plugin, connection, &error);
	g_assert_no_error(error);
	g_assert_nonnull(fx->editor);
	g_signal_connect(fx->editor, "changed", G_CALLBACK(on_changed), fx);
	fx->page = GTK_WIDGET(nm_vpn_editor_get_widget(fx->editor));
	fx->window = ui_window_new(fx->page, "Office (l2tpc)");
	ui_pump(100);
}

void fixture_close(struct fixture *fx)
{
	ui_window_destroy(fx->window);
	g_clear_object(&fx->editor);
	g_clear_object(&fx->connection);
	ui_pump(50);
}

/* update_connection() into a fresh connection; returns its vpn setting or NULL + error. */
NMSettingVpn *save(struct fixture *fx, NMConnection **out, GError **error)
{
	*out = nm_simple_connection_new();
	if (!nm_vpn_editor_update_connection(fx->editor, *out, error))
		return NULL;
	return nm_connection_get_setting_vpn(*out);
}

/* A connection as nm-connection-editor and GNOME Settings create one for "Add VPN": a
 * connection setting and an empty VPN setting that only names the service. */
NMConnection *connection_blank(void)
{
	NMConnection *c = nm_simple_connection_new();
	NMSettingConnection *s_con = NM_SETTING_CONNECTION(nm_setting_connection_new());
	NMSettingVpn *s_vpn = NM_SETTING_VPN(nm_setting_vpn_new());
	g_autofree char *uuid = nm_utils_uuid_generate();

	g_object_set(s_con, NM_SETTING_CONNECTION_ID, "VPN connection 1",
		     NM_SETTING_CONNECTION_UUID, uuid, NM_SETTING_CONNECTION_TYPE,
		     NM_SETTING_VPN_SETTING_NAME, NULL);
	g_object_set(s_vpn, NM_SETTING_VPN_SERVICE_TYPE, SERVICE, NULL);
	nm_connection_add_setting(c, NM_SETTING(s_con));
	nm_connection_add_setting(c, NM_SETTING(s_vpn));
	return c;
}

/* Visible on screen: the widget and all its parents are shown. */
bool shown(GtkWidget *root, const char *id)
{
	return gtk_widget_is_visible(ui_must_find(root, id));
}
