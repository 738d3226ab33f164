// SPDX-License-Identifier: GPL-2.0-or-later
/* test-editor: loads the l2tpc editor the way NetworkManager clients do and drives it.
 *
 * Built twice, against GTK3 and GTK4: the GTK-free plugin must pick the matching editor
 * module by itself. Each case shows the editor in a real window (under Xvfb), saves a PNG
 * screenshot into the build directory, finds widgets by their GtkBuilder id, edits them and
 * checks what update_connection() writes, including that invalid input is marked and
 * blocks saving.
 */
#include <stdbool.h>
#include <string.h>

#include <NetworkManager.h>
#include <glib/gstdio.h>
#include <libintl.h>
#include <gtk/gtk.h>
#include <nma-cert-chooser.h>

#include "editor-harness.h"
#include "ipsec-proposals.h"
#include "ui.h"

/* --- cases ----------------------------------------------------------------------------- */

static void test_plugin_info(void)
{
	g_autofree char *name = NULL, *desc = NULL, *service = NULL;
	g_autoptr(NMConnection) c = connection_new();
	g_autoptr(GError) error = NULL;
	g_autofree char *file = NULL;
	g_autofree char *missing = g_build_filename(tmpdir, "missing.conf", NULL);

	g_object_get(plugin, NM_VPN_EDITOR_PLUGIN_NAME, &name, NM_VPN_EDITOR_PLUGIN_DESCRIPTION,
		     &desc, NM_VPN_EDITOR_PLUGIN_SERVICE, &service, NULL);
	g_assert_cmpstr(service, ==, SERVICE);
	g_assert_true(strstr(name, "L2TP") != NULL);
	g_assert_cmpuint(strlen(desc), >, 10);
	g_assert_cmpuint(nm_vpn_editor_plugin_get_capabilities(plugin), ==,
			 NM_VPN_EDITOR_PLUGIN_CAPABILITY_IMPORT |
				 NM_VPN_EDITOR_PLUGIN_CAPABILITY_EXPORT |
				 NM_VPN_EDITOR_PLUGIN_CAPABILITY_IPV6);
	file = nm_vpn_editor_plugin_get_suggested_filename(plugin, c);
	g_assert_cmpstr(file, ==, "Office (l2tpc).conf");
	/* A file that does not exist never imports; the error is a sentence naming it. */
	g_assert_null(nm_vpn_editor_plugin_import(plugin, missing, &error));
	g_assert_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_FAILED);
	g_assert_true(strstr(error->message, "missing.conf") != NULL);
}

static void test_load_and_screenshot(void)
{
	struct fixture fx = { 0 };

	fixture_open(&fx, connection_new());
	/* The editor of the matching toolkit was loaded. */
	g_assert_true(GTK_IS_WIDGET(fx.page));
	g_assert_cmpstr(ui_entry_text(fx.page, "gateway"), ==, "vpn.example.com");
	g_assert_cmpstr(ui_entry_text(fx.page, "user"), ==, "alice");
	g_assert_cmpstr(ui_entry_text(fx.page, "password"), ==, "s3cret-pw");
	g_assert_cmpstr(ui_entry_text(fx.page, "domain"), ==, "CORP");
	g_assert_cmpstr(ui_entry_text(fx.page, "ipsec_psk"), ==, "s3cret-psk");
	g_assert_cmpstr(ui_entry_text(fx.page, "ipsec_remote_id"), ==, "@vpn.example.com");
	g_assert_cmpstr(ui_entry_text(fx.page, "l2tp_host_name"), ==, "laptop");
	g_assert_true(ui_check_active(fx.page, "ipsec_enabled"));
	g_assert_true(ui_check_active(fx.page, "ephemeral_port"));
	g_assert_true(gtk_widget_get_visible(ui_must_find(fx.page, "ipsec_psk")));
	g_assert_false(gtk_widget_get_visible(ui_must_find(fx.page, "machine_cert_box")));
	g_assert_false(ui_has_error(fx.page, "gateway"));
	ui_screenshot(fx.window, "editor");
	fixture_close(&fx);
}

static void test_round_trip(void)
{
	struct fixture fx = { 0 }, again = { 0 };
	g_autoptr(NMConnection) out = NULL;
	g_autoptr(GError) error = NULL;
	NMSettingVpn *s;
	NMSettingSecretFlags flags = 99;

	fixture_open(&fx, connection_new());
	ui_set_entry(fx.page, "gateway", "  vpn2.example.com ");
	ui_set_entry(fx.page, "user", "bob");
	ui_set_entry(fx.page, "domain", "");
	ui_set_check(fx.page, "ephemeral_port", false);
	ui_set_entry(fx.page, "l2tp_secret", "tunnel-secret");
	g_assert_cmpuint(fx.changed, >=, 5);

	s = save(&fx, &out, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(nm_setting_vpn_get_service_type(s), ==, SERVICE);
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "gateway"), ==, "vpn2.example.com");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "user"), ==, "bob");
	g_assert_null(nm_setting_vpn_get_data_item(s, "domain"));
	g_assert_null(nm_setting_vpn_get_data_item(s, "ephemeral-port"));
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "ipsec-enabled"), ==, "yes");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "machine-auth-type"), ==, "psk");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "refuse-pap"), ==, "yes");
	g_assert_null(nm_setting_vpn_get_data_item(s, "refuse-chap"));
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "mtu"), ==, "1300");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "l2tp-hello-interval"), ==, "45");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "l2tp-rx-speed-avp"), ==, "no");
	g_assert_cmpstr(nm_setting_vpn_get_secret(s, "password"), ==, "s3cret-pw");
	g_assert_cmpstr(nm_setting_vpn_get_secret(s, "ipsec-psk"), ==, "s3cret-psk");
	g_assert_cmpstr(nm_setting_vpn_get_secret(s, "l2tp-secret"), ==, "tunnel-secret");
	g_assert_true(nm_setting_get_secret_flags(NM_SETTING(s), "password", &flags, NULL));
	g_assert_cmpint(flags, ==, NM_SETTING_SECRET_FLAG_NONE);

	/* And back: a second editor on the saved connection shows the same values. */
	fixture_open(&again, g_object_ref(out));
	g_assert_cmpstr(ui_entry_text(again.page, "gateway"), ==, "vpn2.example.com");
	g_assert_cmpstr(ui_entry_text(again.page, "user"), ==, "bob");
	g_assert_cmpstr(ui_entry_text(again.page, "domain"), ==, "");
	g_assert_cmpstr(ui_entry_text(again.page, "l2tp_secret"), ==, "tunnel-secret");
	g_assert_false(ui_check_active(again.page, "ephemeral_port"));
	fixture_close(&again);
	fixture_close(&fx);
}

static void test_certificates(void)
{
	struct fixture fx = { 0 };
	g_autoptr(NMConnection) out = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *ca = g_build_filename(tmpdir, "ca.pem", NULL);
	g_autofree char *p12 = g_build_filename(tmpdir, "machine.p12", NULL);
	NMSettingVpn *s;
	GtkWidget *ca_chooser, *cert_chooser;
	int seen = 0;

	g_assert_true(g_file_set_contents(ca, "-----BEGIN CERTIFICATE-----\n", -1, NULL));
	g_assert_true(g_file_set_contents(p12, "not really", -1, NULL));
	fixture_open(&fx, connection_new());
	gtk_combo_box_set_active_id(GTK_COMBO_BOX(ui_must_find(fx.page, "machine_auth_type")),
				    "tls");
	g_assert_false(gtk_widget_get_visible(ui_must_find(fx.page, "ipsec_psk")));
	g_assert_true(gtk_widget_get_visible(ui_must_find(fx.page, "machine_cert_box")));
	ca_chooser =
		ui_find_type(ui_must_find(fx.page, "machine_ca_box"), "NMACertChooser", 0, &seen);
	seen = 0;
	cert_chooser =
		ui_find_type(ui_must_find(fx.page, "machine_cert_box"), "NMACertChooser", 0, &seen);
	g_assert_nonnull(ca_chooser);
	g_assert_nonnull(cert_chooser);
	nma_cert_chooser_set_cert(NMA_CERT_CHOOSER(ca_chooser), ca,
				  NM_SETTING_802_1X_CK_SCHEME_PATH);
	nma_cert_chooser_set_cert(NMA_CERT_CHOOSER(cert_chooser), p12,
				  NM_SETTING_802_1X_CK_SCHEME_PATH);
	nma_cert_chooser_set_key(NMA_CERT_CHOOSER(cert_chooser), p12,
				 NM_SETTING_802_1X_CK_SCHEME_PATH);
	nma_cert_chooser_set_key_password(NMA_CERT_CHOOSER(cert_chooser), "p12-pass");
	ui_screenshot(fx.window, "editor-certificates");

	s = save(&fx, &out, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "machine-auth-type"), ==, "tls");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "machine-ca"), ==, ca);
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "machine-cert"), ==, p12);
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "machine-key"), ==, p12);
	g_assert_cmpstr(nm_setting_vpn_get_secret(s, "machine-certpass"), ==, "p12-pass");
	/* The PSK is hidden now and is not kept in the profile. */
	g_assert_null(nm_setting_vpn_get_secret(s, "ipsec-psk"));
	fixture_close(&fx);
	g_unlink(ca);
	g_unlink(p12);
}

/* @text names every proposal of the comma-separated @list. */
static void assert_lists(const char *text, const char *list)
{
	g_auto(GStrv) items = g_strsplit(list, ",", -1);

	for (char **i = items; *i; i++)
		g_assert_nonnull(strstr(text, *i));
}

static void test_ipsec_dialog(void)
{
	struct fixture fx = { 0 };
	g_autoptr(NMConnection) out = NULL;
	g_autoptr(GError) error = NULL;
	GtkWidget *dialog;
	NMSettingVpn *s;

	fixture_open(&fx, connection_new());
	dialog = ui_open_dialog(fx.page, "ipsec_advanced_button", "IPsec Settings");
	g_assert_cmpstr(ui_entry_text(dialog, "ipsec_ike"), ==, "aes256-sha256-modp2048");
	g_assert_cmpstr(ui_entry_text(dialog, "ipsec_dpd_delay"), ==, "20");
	/* An unset list says so; the line under it shows the very lists client/ipsec offers. */
	g_assert_cmpstr(ui_entry_text(dialog, "ipsec_esp"), ==, "");
	g_assert_cmpstr(
		gtk_entry_get_placeholder_text(GTK_ENTRY(ui_must_find(dialog, "ipsec_esp"))), ==,
		"built-in list");
	g_assert_true(shown(dialog, "ipsec_esp_default"));
	assert_lists(gtk_label_get_text(GTK_LABEL(ui_must_find(dialog, "ipsec_esp_default"))),
		     ipsec_proposals_default_esp());
	assert_lists(gtk_label_get_text(GTK_LABEL(ui_must_find(dialog, "ipsec_ike_default"))),
		     ipsec_proposals_default_ike());
	/* Lifetimes in hours and minutes, the default (10800 s) as placeholder. */
	g_assert_cmpstr(gtk_entry_get_placeholder_text(
				GTK_ENTRY(ui_must_find(dialog, "ipsec_ikelifetime"))),
			==, "3:00");
	g_assert_cmpstr(
		gtk_entry_get_placeholder_text(GTK_ENTRY(ui_must_find(dialog, "ipsec_salifetime"))),
		==, "1:00");
	g_assert_true(ui_check_active(dialog, "ipsec_pfs"));
	ui_set_entry(dialog, "ipsec_ikelifetime", "2:00");
	ui_set_check(dialog, "ipsec_ikev2", true);
	ui_set_check(dialog, "ipsec_forceencaps", true);
	ui_set_check(dialog, "ipsec_pfs", false);
	ui_screenshot(dialog, "ipsec-dialog");
	gtk_dialog_response(GTK_DIALOG(dialog), GTK_RESPONSE_OK);
	ui_pump(50);
	g_assert_false(gtk_widget_get_visible(dialog));

	/* Cancel puts back what was there when the dialog opened. */
	dialog = ui_open_dialog(fx.page, "ipsec_advanced_button", "IPsec Settings");
	ui_set_entry(dialog, "ipsec_salifetime", "999");
	ui_set_check(dialog, "ipsec_ikev2", false);
	gtk_dialog_response(GTK_DIALOG(dialog), GTK_RESPONSE_CANCEL);
	g_assert_cmpstr(ui_entry_text(dialog, "ipsec_salifetime"), ==, "");
	g_assert_true(ui_check_active(dialog, "ipsec_ikev2"));

	s = save(&fx, &out, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "ipsec-ikelifetime"), ==, "7200");
	g_assert_null(nm_setting_vpn_get_data_item(s, "ipsec-salifetime"));
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "ipsec-ikev2"), ==, "yes");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "ipsec-forceencaps"), ==, "yes");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "ipsec-pfs"), ==, "no");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "ipsec-ike"), ==, "aes256-sha256-modp2048");
	fixture_close(&fx);
}

static void test_ppp_dialog(void)
{
	struct fixture fx = { 0 };
	g_autoptr(NMConnection) out = NULL;
	g_autoptr(GError) error = NULL;
	GtkWidget *dialog;
	NMSettingVpn *s;

	fixture_open(&fx, connection_new());
	dialog = ui_open_dialog(fx.page, "ppp_advanced_button", "PPP Settings");
	g_assert_false(ui_check_active(dialog, "allow_pap"));
	g_assert_true(ui_check_active(dialog, "allow_mschapv2"));
	g_assert_cmpstr(ui_entry_text(dialog, "mtu"), ==, "1300");
	g_assert_false(gtk_widget_get_sensitive(ui_must_find(dialog, "mppe_security")));
	/* Under IPsec MPPE is pointless: greyed out, and the dialog says why. */
	g_assert_false(gtk_widget_get_sensitive(ui_must_find(dialog, "require_mppe")));
	g_assert_true(shown(dialog, "mppe_ipsec_note"));
	ui_set_check(fx.page, "ipsec_enabled", false);
	g_assert_true(gtk_widget_get_sensitive(ui_must_find(dialog, "require_mppe")));
	g_assert_false(shown(dialog, "mppe_ipsec_note"));
	/* compression is refused by default (profile-keys.md) */
	g_assert_false(ui_check_active(dialog, "allow_bsdcomp"));
	g_assert_false(ui_check_active(dialog, "allow_deflate"));
	g_assert_false(ui_check_active(dialog, "allow_vj"));
	ui_set_check(dialog, "allow_eap", false);
	ui_set_check(dialog, "allow_deflate", true);
	ui_set_check(dialog, "require_mppe", true);
	g_assert_true(gtk_widget_get_sensitive(ui_must_find(dialog, "mppe_security")));
	gtk_combo_box_set_active_id(GTK_COMBO_BOX(ui_must_find(dialog, "mppe_security")),
				    "require-mppe-128");
	ui_set_entry(dialog, "mtu", "1280");
	ui_set_entry(dialog, "lcp_echo_interval", "10");
	ui_screenshot(dialog, "ppp-dialog");
	gtk_dialog_response(GTK_DIALOG(dialog), GTK_RESPONSE_OK);

	s = save(&fx, &out, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "refuse-eap"), ==, "yes");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "refuse-pap"), ==, "yes");
	/* written although it is our default: NetworkManager-l2tp's default differs */
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "nobsdcomp"), ==, "yes");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "nodeflate"), ==, "no");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "require-mppe"), ==, "yes");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "require-mppe-128"), ==, "yes");
	g_assert_null(nm_setting_vpn_get_data_item(s, "require-mppe-40"));
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "mtu"), ==, "1280");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "lcp-echo-interval"), ==, "10");
	fixture_close(&fx);
}

static void test_invalid_input(void)
{
	struct fixture fx = { 0 };
	g_autoptr(NMConnection) out = NULL;
	g_autoptr(NMConnection) out2 = NULL;
	g_autoptr(NMConnection) out3 = NULL;
	g_autoptr(NMConnection) out4 = NULL;
	g_autoptr(GError) error = NULL;
	GtkWidget *dialog;
	unsigned before;

	fixture_open(&fx, connection_new());
	before = fx.changed;
	ui_set_entry(fx.page, "gateway", "not a host name!");
	g_assert_cmpuint(fx.changed, >, before);
	g_assert_true(ui_has_error(fx.page, "gateway"));
	g_assert_false(ui_has_error(fx.page, "user"));
	g_assert_null(save(&fx, &out, &error));
	g_assert_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_INVALID_PROPERTY);
	g_assert_true(strstr(error->message, "gateway") != NULL);
	g_test_message("gateway sentence: %s", error->message);
	ui_screenshot(fx.window, "editor-invalid");
	g_clear_error(&error);

	/* Empty is invalid too: the gateway is required. */
	ui_set_entry(fx.page, "gateway", "");
	g_assert_true(ui_has_error(fx.page, "gateway"));
	g_assert_null(save(&fx, &out2, &error));
	g_assert_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_INVALID_PROPERTY);
	g_clear_error(&error);
	ui_set_entry(fx.page, "gateway", "192.0.2.1");
	g_assert_false(ui_has_error(fx.page, "gateway"));

	/* An invalid value in a dialog is marked, keeps OK greyed out and blocks saving. */
	dialog = ui_open_dialog(fx.page, "ppp_advanced_button", "PPP Settings");
	g_assert_true(ui_ok_sensitive(dialog));
	ui_set_entry(dialog, "mtu", "abc");
	g_assert_true(ui_has_error(dialog, "mtu"));
	g_assert_false(ui_ok_sensitive(dialog));
	ui_set_entry(dialog, "mru", "99999");
	g_assert_true(ui_has_error(dialog, "mru"));
	ui_screenshot(dialog, "ppp-dialog-invalid");
	gtk_dialog_response(GTK_DIALOG(dialog), GTK_RESPONSE_OK);
	g_assert_null(save(&fx, &out3, &error));
	g_assert_error(error, NM_CONNECTION_ERROR, NM_CONNECTION_ERROR_INVALID_PROPERTY);
	g_test_message("mtu sentence: %s", error->message);
	g_clear_error(&error);

	ui_set_entry(dialog, "mtu", "1400");
	ui_set_entry(dialog, "mru", "");
	g_assert_false(ui_has_error(dialog, "mtu"));
	g_assert_true(ui_ok_sensitive(dialog));
	g_assert_nonnull(save(&fx, &out4, &error));
	g_assert_no_error(error);
	fixture_close(&fx);
}

static void test_new_connection(void)
{
	struct fixture fx = { 0 };
	g_autoptr(NMConnection) out = NULL, out2 = NULL;
	g_autoptr(GError) error = NULL;
	GtkWidget *dialog;
	NMSettingVpn *s;

	fixture_open(&fx, connection_blank());
	/* libnma's password-storage setup has written its *-flags keys into the setting. */
	g_assert_cmpuint(
		nm_setting_vpn_get_num_data_items(nm_connection_get_setting_vpn(fx.connection)), >,
		0);
#if !GTK_CHECK_VERSION(4, 0, 0)
	/* nm-connection-editor shows its pages with gtk_widget_show_all(). */
	gtk_widget_show_all(fx.window);
	ui_pump(100);
#endif
	g_assert_true(ui_check_active(fx.page, "ipsec_enabled"));
	g_assert_false(shown(fx.page, "ipsec_off_warning"));
	g_assert_true(shown(fx.page, "ipsec_psk"));
	g_assert_false(shown(fx.page, "machine_ca_box"));
	g_assert_false(shown(fx.page, "machine_cert_box"));
	g_assert_false(shown(fx.page, "ipsec_check_server_name"));
	g_assert_false(shown(fx.page, "check_server_name_warning"));
	ui_set_entry(fx.page, "gateway", "vpn.example.com");
	ui_set_entry(fx.page, "user", "alice");
	ui_screenshot(fx.window, "editor-new");

	s = save(&fx, &out, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "gateway"), ==, "vpn.example.com");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "ipsec-enabled"), ==, "yes");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "refuse-pap"), ==, "yes");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "machine-auth-type"), ==, "psk");
	g_assert_null(nm_setting_vpn_get_data_item(s, "machine-ca"));
	g_assert_null(nm_setting_vpn_get_data_item(s, "ipsec-check-server-name"));
	dialog = ui_open_dialog(fx.page, "ppp_advanced_button", "PPP Settings");
	g_assert_false(ui_check_active(dialog, "allow_pap"));
	g_assert_true(ui_check_active(dialog, "allow_mschapv2"));
	gtk_dialog_response(GTK_DIALOG(dialog), GTK_RESPONSE_CANCEL);

	/* Without IPsec the window says, in words, what crosses the network unprotected. */
	ui_set_check(fx.page, "ipsec_enabled", false);
	g_assert_true(shown(fx.page, "ipsec_off_warning"));
	g_assert_true(strstr(gtk_label_get_text(
				     GTK_LABEL(ui_must_find(fx.page, "ipsec_off_warning_label"))),
			     "password") != NULL);
	ui_screenshot(fx.window, "editor-no-ipsec");
	s = save(&fx, &out2, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "ipsec-enabled"), ==, "no");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "refuse-pap"), ==, "yes");

	/* Certificates: the server's name is checked unless turned off, which is said
	 * unsafe. */
	ui_set_check(fx.page, "ipsec_enabled", true);
	g_assert_false(shown(fx.page, "ipsec_off_warning"));
	gtk_combo_box_set_active_id(GTK_COMBO_BOX(ui_must_find(fx.page, "machine_auth_type")),
				    "tls");
	g_assert_false(shown(fx.page, "ipsec_psk"));
	g_assert_true(shown(fx.page, "machine_cert_box"));
	g_assert_true(shown(fx.page, "ipsec_check_server_name"));
	g_assert_true(ui_check_active(fx.page, "ipsec_check_server_name"));
	g_assert_false(shown(fx.page, "check_server_name_warning"));
	/* An empty remote ID now means the gateway's name, not "any". */
	g_assert_cmpstr(
		gtk_entry_get_placeholder_text(GTK_ENTRY(ui_must_find(fx.page, "ipsec_remote_id"))),
		==, "the gateway's name");
	ui_set_check(fx.page, "ipsec_check_server_name", false);
	g_assert_true(shown(fx.page, "check_server_name_warning"));
	g_assert_cmpstr(
		gtk_entry_get_placeholder_text(GTK_ENTRY(ui_must_find(fx.page, "ipsec_remote_id"))),
		==, "any");
	g_assert_true(strstr(gtk_label_get_text(GTK_LABEL(
				     ui_must_find(fx.page, "check_server_name_warning_label"))),
			     "Unsafe") != NULL);
	ui_screenshot(fx.window, "editor-no-name-check");
	/* An explicit remote ID replaces the name check: the row greys out, the warning
	 * goes. */
	ui_set_entry(fx.page, "ipsec_remote_id", "@vpn.example.com");
	g_assert_false(gtk_widget_is_sensitive(ui_must_find(fx.page, "ipsec_check_server_name")));
	g_assert_false(shown(fx.page, "check_server_name_warning"));
	fixture_close(&fx);
}

static void test_check_server_name_saved(void)
{
	struct fixture fx = { 0 }, again = { 0 };
	g_autoptr(NMConnection) c = connection_new();
	g_autoptr(NMConnection) out = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *p12 = g_build_filename(tmpdir, "machine.p12", NULL);
	GtkWidget *cert_chooser;
	NMSettingVpn *s;
	int seen = 0;

	g_assert_true(g_file_set_contents(p12, "not really", -1, NULL));
	nm_setting_vpn_remove_data_item(nm_connection_get_setting_vpn(c), "ipsec-remote-id");
	fixture_open(&fx, g_object_ref(c));
	gtk_combo_box_set_active_id(GTK_COMBO_BOX(ui_must_find(fx.page, "machine_auth_type")),
				    "tls");
	cert_chooser =
		ui_find_type(ui_must_find(fx.page, "machine_cert_box"), "NMACertChooser", 0, &seen);
	nma_cert_chooser_set_cert(NMA_CERT_CHOOSER(cert_chooser), p12,
				  NM_SETTING_802_1X_CK_SCHEME_PATH);
	ui_set_check(fx.page, "ipsec_check_server_name", false);
	s = save(&fx, &out, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "ipsec-check-server-name"), ==, "no");

	fixture_open(&again, g_object_ref(out));
	g_assert_false(ui_check_active(again.page, "ipsec_check_server_name"));
	g_assert_true(shown(again.page, "check_server_name_warning"));
	fixture_close(&again);
	fixture_close(&fx);
	g_unlink(p12);
}

/* Debug chatter of the libraries (GdkPixbuf, GIO) would bury the TAP lines. */
static void drop_debug(const char *domain, GLogLevelFlags level, const char *message, void *data)
{
}

/* The catalogs built in this tree translate the editor: German labels are longer, so this
 * also shows that the layout holds. Runs last: it switches the language of the process. */
static void test_translated(void)
{
	struct fixture fx = { 0 };
	GtkWidget *dialog;

	g_setenv("LANGUAGE", "de", true);
	/* Rebinding also makes gettext forget what it looked up in English. */
	bindtextdomain("l2tpc", LOCALE_DIR);
	bind_textdomain_codeset("l2tpc", "UTF-8");
	fixture_open(&fx, connection_new());
	g_assert_cmpstr(gtk_label_get_label(GTK_LABEL(ui_must_find(fx.page, "user_label"))), ==,
			"Ben_utzername");
	g_assert_cmpstr(gtk_label_get_label(GTK_LABEL(ui_must_find(fx.page, "ipsec_heading"))), ==,
			"IPsec");
	ui_screenshot(fx.window, "editor-de");
	dialog = ui_open_dialog(fx.page, "ppp_advanced_button", "PPP-Einstellungen");
	g_assert_cmpstr(gtk_label_get_label(GTK_LABEL(ui_must_find(dialog, "link_heading"))), ==,
			"Verbindung");
	ui_screenshot(dialog, "ppp-dialog-de");
	gtk_dialog_response(GTK_DIALOG(dialog), GTK_RESPONSE_CANCEL);
	/* German words are longer: an invalid field's line and the placeholders still fit.
	 */
	ui_set_entry(fx.page, "gateway", "kein Rechnername!");
	ui_screenshot(fx.window, "editor-invalid-de");
	fixture_close(&fx);
	editor_check_layout("de");
	g_unsetenv("LANGUAGE");
}

/* Every other catalog: its mnemonics do not clash and its placeholders fit (po/LINGUAS). */
static void test_translated_layouts(void)
{
	static const char *const languages[] = { "cs", "es",	"fr", "it", "ja", "ko", "nl",
						 "pl", "pt_BR", "ru", "sv", "tr", "uk", "zh_CN" };

	for (size_t i = 0; i < G_N_ELEMENTS(languages); i++) {
		g_setenv("LANGUAGE", languages[i], true);
		/* textdomain() tells gettext that the catalogs changed, so it looks again. */
		textdomain(textdomain(NULL));
		editor_check_layout(languages[i]);
	}
	g_unsetenv("LANGUAGE");
}

int main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	int ret;

	g_setenv("GSETTINGS_BACKEND", "memory", true);
	g_test_init(&argc, &argv, NULL);
	g_log_set_handler(NULL, G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO, drop_debug, NULL);
	g_log_set_handler("GdkPixbuf", G_LOG_LEVEL_DEBUG, drop_debug, NULL);
	g_log_set_handler("GLib-GIO", G_LOG_LEVEL_DEBUG, drop_debug, NULL);
#if GTK_CHECK_VERSION(4, 0, 0)
	gtk_init();
#else
	gtk_init(&argc, &argv);
#endif
	g_assert_nonnull(g_mkdtemp(tmpdir));
	/* As nm-connection-editor does: the .name file's plugin path, checked for the
	 * service. */
	plugin = nm_vpn_editor_plugin_load_from_file(PLUGIN_PATH, SERVICE, -1, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(plugin);

	g_test_add_func("/editor/plugin-info", test_plugin_info);
	g_test_add_func("/editor/load-and-screenshot", test_load_and_screenshot);
	g_test_add_func("/editor/round-trip", test_round_trip);
	g_test_add_func("/editor/certificates", test_certificates);
	g_test_add_func("/editor/ipsec-dialog", test_ipsec_dialog);
	g_test_add_func("/editor/ppp-dialog", test_ppp_dialog);
	g_test_add_func("/editor/invalid-input", test_invalid_input);
	g_test_add_func("/editor/new-connection", test_new_connection);
	g_test_add_func("/editor/check-server-name", test_check_server_name_saved);
	editor_fields_tests_add();
	g_test_add_func("/editor/translated", test_translated);
	g_test_add_func("/editor/translated-layouts", test_translated_layouts);
	ret = g_test_run();
	g_object_unref(plugin);
	g_rmdir(tmpdir);
	return ret;
}
