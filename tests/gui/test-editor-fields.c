// SPDX-License-Identifier: GPL-2.0-or-later
/* test-editor-fields: the fields NetworkManager-l2tp users expect (EAP-TLS, the PFS group,
 * IPComp, lifetimes in hours and minutes, multilink, L2TP keepalive, IPv6, DNS), the reason
 * of an invalid field as a line of text under it, mnemonics that do not clash, placeholders
 * that fit their entry. Part of test-editor (same binary, same toolkit). */
#include <libintl.h>
#include <string.h>

#include <glib/gstdio.h>
#include <nma-cert-chooser.h>

#include "editor-harness.h"
#include "ui.h"

static GtkWidget *chooser_in(GtkWidget *page, const char *box)
{
	int seen = 0;
	GtkWidget *c = ui_find_type(ui_must_find(page, box), "NMACertChooser", 0, &seen);

	g_assert_nonnull(c);
	return c;
}

/* A label of @chooser whose words contain @words, or NULL. */
static GtkWidget *chooser_label(GtkWidget *chooser, const char *words)
{
	GtkWidget *found = NULL;
#if GTK_CHECK_VERSION(4, 0, 0)
	for (GtkWidget *c = gtk_widget_get_first_child(chooser); c && !found;
	     c = gtk_widget_get_next_sibling(c))
		if (GTK_IS_LABEL(c) && strstr(gtk_label_get_text(GTK_LABEL(c)), words))
			found = c;
#else
	GList *children = gtk_container_get_children(GTK_CONTAINER(chooser));

	for (GList *l = children; l && !found; l = l->next)
		if (GTK_IS_LABEL(l->data) && strstr(gtk_label_get_text(l->data), words))
			found = l->data;
	g_list_free(children);
#endif
	return found;
}

/* The line under @id that says why its value is refused, or NULL when none is shown. */
static const char *error_line(GtkWidget *root, const char *id)
{
	GtkWidget *line = g_object_get_data(G_OBJECT(ui_must_find(root, id)), "l2tpc-error-line");

	g_assert_nonnull(line);
	return gtk_widget_is_visible(line) ? gtk_label_get_text(GTK_LABEL(line)) : NULL;
}

static void test_eap_tls(void)
{
	struct fixture fx = { 0 };
	g_autoptr(NMConnection) out = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *ca = g_build_filename(tmpdir, "server-ca.pem", NULL);
	g_autofree char *cert = g_build_filename(tmpdir, "user.pem", NULL);
	g_autofree char *key = g_build_filename(tmpdir, "user.key", NULL);
	GtkWidget *user, *machine, *dialog;
	NMSettingVpn *s;

	g_assert_true(g_file_set_contents(ca, "-----BEGIN CERTIFICATE-----\n", -1, NULL));
	g_assert_true(g_file_set_contents(cert, "-----BEGIN CERTIFICATE-----\n", -1, NULL));
	g_assert_true(g_file_set_contents(key, "-----BEGIN PRIVATE KEY-----\n", -1, NULL));
	fixture_open(&fx, connection_new());
	g_assert_cmpstr(
		gtk_combo_box_get_active_id(GTK_COMBO_BOX(ui_must_find(fx.page, "user_auth_type"))),
		==, "password");
	g_assert_false(shown(fx.page, "user_cert_box"));
	gtk_combo_box_set_active_id(GTK_COMBO_BOX(ui_must_find(fx.page, "user_auth_type")), "tls");
	gtk_combo_box_set_active_id(GTK_COMBO_BOX(ui_must_find(fx.page, "machine_auth_type")),
				    "tls");
	g_assert_false(shown(fx.page, "password"));
	g_assert_true(shown(fx.page, "user_ca_box"));
	g_assert_true(shown(fx.page, "user_cert_box"));
	user = chooser_in(fx.page, "user_cert_box");
	machine = chooser_in(fx.page, "machine_cert_box");
	/* The certificate password (PKCS#11 only) never stands greyed above the key's. */
	g_assert_nonnull(chooser_label(machine, "Machine certificate password"));
	g_assert_false(gtk_widget_is_visible(chooser_label(machine, "certificate password")));
	g_assert_false(gtk_widget_is_visible(gtk_label_get_mnemonic_widget(
		GTK_LABEL(chooser_label(machine, "certificate password")))));
	g_assert_true(gtk_widget_is_visible(chooser_label(machine, "key password")));
	g_assert_false(gtk_widget_is_visible(chooser_label(user, "certificate password")));
	nma_cert_chooser_set_cert(NMA_CERT_CHOOSER(chooser_in(fx.page, "user_ca_box")), ca,
				  NM_SETTING_802_1X_CK_SCHEME_PATH);
	nma_cert_chooser_set_cert(NMA_CERT_CHOOSER(user), cert, NM_SETTING_802_1X_CK_SCHEME_PATH);
	nma_cert_chooser_set_key(NMA_CERT_CHOOSER(user), key, NM_SETTING_802_1X_CK_SCHEME_PATH);
	nma_cert_chooser_set_key_password(NMA_CERT_CHOOSER(user), "key-pass");
	ui_screenshot(fx.window, "editor-eap-tls");
	gtk_combo_box_set_active_id(GTK_COMBO_BOX(ui_must_find(fx.page, "machine_auth_type")),
				    "psk");

	/* EAP-TLS is EAP: the PPP dialog shows EAP allowed, and the user cannot refuse it. */
	dialog = ui_open_dialog(fx.page, "ppp_advanced_button", "PPP Settings");
	g_assert_true(ui_check_active(dialog, "allow_eap"));
	g_assert_false(gtk_widget_get_sensitive(ui_must_find(dialog, "allow_eap")));
	gtk_dialog_response(GTK_DIALOG(dialog), GTK_RESPONSE_OK);

	s = save(&fx, &out, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "user-auth-type"), ==, "tls");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "user-ca"), ==, ca);
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "user-cert"), ==, cert);
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "user-key"), ==, key);
	g_assert_cmpstr(nm_setting_vpn_get_secret(s, "user-certpass"), ==, "key-pass");
	g_assert_null(nm_setting_vpn_get_secret(s, "password"));
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "refuse-eap"), !=, "yes");
	fixture_close(&fx);
	g_unlink(ca);
	g_unlink(cert);
	g_unlink(key);
}

static void test_new_fields(void)
{
	struct fixture fx = { 0 }, again = { 0 };
	g_autoptr(NMConnection) c = connection_new();
	g_autoptr(NMConnection) out = NULL, out2 = NULL;
	g_autoptr(GError) error = NULL;
	GtkWidget *dialog;
	NMSettingVpn *s;

	nm_setting_vpn_add_data_item(nm_connection_get_setting_vpn(c), "ipsec-salifetime", "5400");
	fixture_open(&fx, g_object_ref(c));
	/* The existing key l2tp-hello-interval=45 of connection_new() now has a field. */
	g_assert_cmpstr(ui_entry_text(fx.page, "l2tp_hello_interval"), ==, "45");
	g_assert_cmpstr(
		gtk_entry_get_placeholder_text(GTK_ENTRY(ui_must_find(fx.page, "l2tp_retries"))),
		==, "5");
	ui_set_entry(fx.page, "l2tp_hello_interval", "30");
	ui_set_entry(fx.page, "l2tp_retries", "3");

	dialog = ui_open_dialog(fx.page, "ipsec_advanced_button", "IPsec Settings");
	g_assert_cmpstr(ui_entry_text(dialog, "ipsec_salifetime"), ==, "1:30");
	g_assert_true(gtk_widget_is_sensitive(ui_must_find(dialog, "ipsec_pfs_group")));
	g_assert_cmpstr(
		gtk_combo_box_get_active_id(GTK_COMBO_BOX(ui_must_find(dialog, "ipsec_pfs_group"))),
		==, "ike");
	gtk_combo_box_set_active_id(GTK_COMBO_BOX(ui_must_find(dialog, "ipsec_pfs_group")),
				    "modp3072");
	ui_set_check(dialog, "ipsec_ipcomp", true);
	/* A lifetime that is not hours:minutes is refused, with the reason under the field. */
	ui_set_entry(dialog, "ipsec_ikelifetime", "90");
	g_assert_true(ui_has_error(dialog, "ipsec_ikelifetime"));
	g_assert_false(ui_ok_sensitive(dialog));
	g_assert_nonnull(strstr(error_line(dialog, "ipsec_ikelifetime"), "1:30"));
	ui_set_entry(dialog, "ipsec_salifetime", "30:00");
	g_assert_nonnull(strstr(error_line(dialog, "ipsec_salifetime"), "24:00"));
	ui_screenshot(dialog, "ipsec-dialog-invalid");
	ui_set_entry(dialog, "ipsec_ikelifetime", "8:00");
	ui_set_entry(dialog, "ipsec_salifetime", "");
	g_assert_null(error_line(dialog, "ipsec_ikelifetime"));
	g_assert_true(ui_ok_sensitive(dialog));
	ui_screenshot(dialog, "ipsec-dialog-new");
	gtk_dialog_response(GTK_DIALOG(dialog), GTK_RESPONSE_OK);

	dialog = ui_open_dialog(fx.page, "ppp_advanced_button", "PPP Settings");
	g_assert_true(ui_check_active(dialog, "dns"));
	g_assert_false(ui_check_active(dialog, "ipv6"));
	g_assert_cmpstr(gtk_entry_get_placeholder_text(GTK_ENTRY(ui_must_find(dialog, "mrru"))), ==,
			"off");
	ui_set_check(dialog, "dns", false);
	ui_set_check(dialog, "ipv6", true);
	ui_set_entry(dialog, "mrru", "99");
	g_assert_nonnull(error_line(dialog, "mrru"));
	ui_set_entry(dialog, "mrru", "1600");
	g_assert_null(error_line(dialog, "mrru"));
	ui_screenshot(dialog, "ppp-dialog-new");
	gtk_dialog_response(GTK_DIALOG(dialog), GTK_RESPONSE_OK);

	s = save(&fx, &out, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "l2tp-hello-interval"), ==, "30");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "l2tp-retries"), ==, "3");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "ipsec-ikelifetime"), ==, "28800");
	g_assert_null(nm_setting_vpn_get_data_item(s, "ipsec-salifetime"));
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "ipsec-pfs-group"), ==, "modp3072");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "ipsec-ipcomp"), ==, "yes");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "dns"), ==, "no");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "ipv6"), ==, "yes");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s, "mrru"), ==, "1600");

	/* Without PFS the group is greyed out and not kept. */
	fixture_open(&again, g_object_ref(out));
	dialog = ui_open_dialog(again.page, "ipsec_advanced_button", "IPsec Settings");
	g_assert_cmpstr(ui_entry_text(dialog, "ipsec_ikelifetime"), ==, "8:00");
	ui_set_check(dialog, "ipsec_pfs", false);
	g_assert_false(gtk_widget_is_sensitive(ui_must_find(dialog, "ipsec_pfs_group")));
	gtk_dialog_response(GTK_DIALOG(dialog), GTK_RESPONSE_OK);
	s = save(&again, &out2, &error);
	g_assert_no_error(error);
	g_assert_null(nm_setting_vpn_get_data_item(s, "ipsec-pfs-group"));
	fixture_close(&again);
	fixture_close(&fx);
}

static void test_error_line(void)
{
	struct fixture fx = { 0 };
	g_autoptr(NMConnection) out = NULL;
	g_autoptr(GError) error = NULL;

	fixture_open(&fx, connection_new());
	g_assert_null(error_line(fx.page, "gateway"));
	ui_set_entry(fx.page, "gateway", "not a host name!");
	g_assert_null(save(&fx, &out, &error));
	/* The sentence update_connection() reports is the one the window shows. */
	g_assert_cmpstr(error_line(fx.page, "gateway"), ==, error->message);
	ui_set_entry(fx.page, "l2tp_retries", "50");
	g_assert_nonnull(error_line(fx.page, "l2tp_retries"));
	ui_screenshot(fx.window, "editor-error-lines");
	ui_set_entry(fx.page, "gateway", "vpn.example.com");
	g_assert_null(error_line(fx.page, "gateway"));
	fixture_close(&fx);
}

/* --- mnemonics and placeholders --------------------------------------------------------- */

static void collect_mnemonics(GtkWidget *w, GString *keys, GString *who)
{
	if (!gtk_widget_get_visible(w))
		return;
	if (GTK_IS_LABEL(w) && gtk_label_get_use_underline(GTK_LABEL(w))) {
		guint key = gtk_label_get_mnemonic_keyval(GTK_LABEL(w));

		if (key != GDK_KEY_VoidSymbol) {
			g_string_append_unichar(keys,
						g_unichar_tolower(gdk_keyval_to_unicode(key)));
			g_string_append_printf(who, "%s|", gtk_label_get_label(GTK_LABEL(w)));
		}
	}
#if GTK_CHECK_VERSION(4, 0, 0)
	for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c))
		collect_mnemonics(c, keys, who);
#else
	if (GTK_IS_CONTAINER(w)) {
		GList *children = gtk_container_get_children(GTK_CONTAINER(w));

		for (GList *l = children; l; l = l->next)
			collect_mnemonics(l->data, keys, who);
		g_list_free(children);
	}
#endif
}

/* No two visible mnemonics of @root share a letter, nor with the host's @host letters. */
static void assert_mnemonics_unique(GtkWidget *root, const char *host, const char *state)
{
	g_autoptr(GString) keys = g_string_new(host);
	g_autoptr(GString) who = g_string_new(NULL);
	const char *p;

	collect_mnemonics(root, keys, who);
	for (p = keys->str; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		/* by character: a byte would match any other Cyrillic or Greek letter */
		if (g_utf8_strchr(g_utf8_next_char(p), -1, c))
			g_error("%s: mnemonic '%.*s' used twice (host %s): %s", state,
				(int)(g_utf8_next_char(p) - p), p, host, who->str);
	}
	g_test_message("%s: mnemonics %s", state, keys->str);
}

/* Every visible placeholder of @root fits its entry, in the current language. */
static void assert_placeholders_fit(GtkWidget *w, const char *state)
{
	if (!gtk_widget_get_visible(w))
		return;
	if (GTK_IS_ENTRY(w) && gtk_entry_get_placeholder_text(GTK_ENTRY(w))) {
		const char *ph = gtk_entry_get_placeholder_text(GTK_ENTRY(w));
		g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout(w, ph);
		int text_w, entry_w;

		pango_layout_get_pixel_size(layout, &text_w, NULL);
#if GTK_CHECK_VERSION(4, 0, 0)
		entry_w = gtk_widget_get_width(w);
#else
		entry_w = gtk_widget_get_allocated_width(w);
#endif
		/* padding on both sides and room for a password-storage icon */
		if (text_w + 48 > entry_w)
			g_error("%s: placeholder \"%s\" (%d px) is cut off in its %d px entry",
				state, ph, text_w, entry_w);
	}
#if GTK_CHECK_VERSION(4, 0, 0)
	for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c))
		assert_placeholders_fit(c, state);
#else
	if (GTK_IS_CONTAINER(w)) {
		GList *children = gtk_container_get_children(GTK_CONTAINER(w));

		for (GList *l = children; l; l = l->next)
			assert_placeholders_fit(l->data, state);
		g_list_free(children);
	}
#endif
}

/* The editor in @language, which the process already uses ("en": untranslated): no mnemonic
 * letter twice on a page or dialog, no placeholder cut off. */
void editor_check_layout(const char *language)
{
	struct fixture fx = { 0 };
	GtkWidget *dialog;
	g_autofree char *state = NULL;
	g_autofree char *ipsec_state = g_strdup_printf("%s IPsec dialog", language);
	g_autofree char *ppp_state = g_strdup_printf("%s PPP dialog", language);
	bool en = strcmp(language, "en") == 0;
	/* nm-connection-editor's own: Connection _name, _Cancel, _Save, _Export (in English;
	 * its catalogs, not ours, choose them in other languages). */
	const char *host = en ? "ncse" : "";

	fixture_open(&fx, connection_blank());
	ui_pump(200);
	for (int mode = 0; mode < 4; mode++) {
		gtk_combo_box_set_active_id(
			GTK_COMBO_BOX(ui_must_find(fx.page, "machine_auth_type")),
			mode & 1 ? "tls" : "psk");
		gtk_combo_box_set_active_id(GTK_COMBO_BOX(ui_must_find(fx.page, "user_auth_type")),
					    mode & 2 ? "tls" : "password");
		ui_pump(100);
		g_free(state);
		state = g_strdup_printf("%s main page, machine %s, user %s", language,
					mode & 1 ? "tls" : "psk", mode & 2 ? "tls" : "password");
		assert_mnemonics_unique(fx.page, host, state);
		assert_placeholders_fit(fx.page, state);
	}
	dialog = ui_open_dialog(fx.page, "ipsec_advanced_button",
				dgettext("l2tpc", "IPsec Settings"));
	ui_pump(200);
	assert_mnemonics_unique(dialog, "", ipsec_state);
	assert_placeholders_fit(dialog, ipsec_state);
	if (strcmp(language, "de") == 0)
		ui_screenshot(dialog, "ipsec-dialog-de");
	gtk_dialog_response(GTK_DIALOG(dialog), GTK_RESPONSE_CANCEL);
	dialog = ui_open_dialog(fx.page, "ppp_advanced_button", dgettext("l2tpc", "PPP Settings"));
	ui_pump(200);
	assert_mnemonics_unique(dialog, "", ppp_state);
	assert_placeholders_fit(dialog, ppp_state);
	gtk_dialog_response(GTK_DIALOG(dialog), GTK_RESPONSE_CANCEL);
	fixture_close(&fx);
}

static void test_layout_english(void)
{
	editor_check_layout("en");
}

void editor_fields_tests_add(void)
{
	g_test_add_func("/editor/eap-tls", test_eap_tls);
	g_test_add_func("/editor/new-fields", test_new_fields);
	g_test_add_func("/editor/error-line", test_error_line);
	g_test_add_func("/editor/layout", test_layout_english);
}
