// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpc-editor.c: the NMVpnEditor that nm-connection-editor and GNOME Settings embed. */
#include "config.h"

#include "l2tpc-editor.h"

#include <gmodule.h>
#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>
#include <nma-cert-chooser.h>

#include "ipsec-proposals.h"
#include "l2tpc-editor-dialog.h"
#include "l2tpc-editor-fields.h"
#include "l2tpc-gtk-compat.h"

#define L2TPC_EDITOR_UI_DIR "/org/freedesktop/network-manager-l2tpc/"

/* The main page, then the content of the IPsec and PPP dialogs, all in one builder. */
static const char *const editor_ui_files[] = { "l2tpc-editor.ui", "l2tpc-editor-ipsec.ui",
					       "l2tpc-editor-ppp.ui" };

#define L2TPC_TYPE_EDITOR (l2tpc_editor_get_type())
G_DECLARE_FINAL_TYPE(L2tpcEditor, l2tpc_editor, L2TPC, EDITOR, GObject)

struct _L2tpcEditor {
	GObject parent;
	GtkBuilder *builder;
	GtkWidget *widget;	/* the page, l2tpc_editor in the .ui */
	NMSettingVpn *original; /* keys the editor does not show survive a save */
	struct l2tpc_editor_dialog *ipsec_dialog;
	struct l2tpc_editor_dialog *ppp_dialog;
	bool ready; /* no "changed" while the widgets are being filled */
};

static void l2tpc_editor_interface_init(NMVpnEditorInterface *iface);

G_DEFINE_TYPE_WITH_CODE(L2tpcEditor, l2tpc_editor, G_TYPE_OBJECT,
			G_IMPLEMENT_INTERFACE(NM_TYPE_VPN_EDITOR, l2tpc_editor_interface_init))

static GtkWidget *editor_widget(L2tpcEditor *self, const char *id)
{
	return GTK_WIDGET(gtk_builder_get_object(self->builder, id));
}

/* Labels of the main page line up across its sections, certificate choosers included. */
static const char *const editor_main_labels[] = {
	"gateway_label",	"user_auth_label",
	"user_label",		"password_label",
	"domain_label",		"machine_auth_label",
	"ipsec_psk_label",	"ipsec_remote_id_label",
	"ipsec_local_id_label", "l2tp_secret_label",
	"l2tp_host_name_label", "l2tp_hello_interval_label",
	"l2tp_retries_label",	NULL,
};
static const char *const editor_ipsec_labels[] = {
	"ipsec_ike_label",
	"ipsec_esp_label",
	"ipsec_pfs_group_label",
	"ipsec_ikelifetime_label",
	"ipsec_salifetime_label",
	"ipsec_dpd_delay_label",
	NULL,
};
static const char *const editor_ppp_labels[] = {
	"mppe_security_label",	  "mtu_label",	"mru_label", "lcp_echo_interval_label",
	"lcp_echo_failure_label", "mrru_label", NULL,
};

static GtkSizeGroup *editor_size_group(L2tpcEditor *self, const char *const *ids)
{
	GtkSizeGroup *group = gtk_size_group_new(GTK_SIZE_GROUP_HORIZONTAL);

	for (; *ids; ids++)
		gtk_size_group_add_widget(group, editor_widget(self, *ids));
	return group;
}

static void editor_set_shown(L2tpcEditor *self, const char *const *ids, bool shown)
{
	for (; *ids; ids++)
		l2tpc_gtk_set_shown(editor_widget(self, *ids), shown);
}

static void editor_set_sensitive(L2tpcEditor *self, const char *const *ids, bool sensitive)
{
	for (; *ids; ids++)
		gtk_widget_set_sensitive(editor_widget(self, *ids), sensitive);
}

/* Rows that only make sense in some states are hidden or greyed out; a hidden or greyed
 * out field is not saved (see l2tpc-editor-fields.c). Hidden rows stay hidden through the
 * host's gtk_widget_show_all() (l2tpc_gtk_set_shown). */
static void editor_update_states(L2tpcEditor *self)
{
	static const char *const psk_rows[] = { "ipsec_psk_label", "ipsec_psk", "show_psk", NULL };
	static const char *const cert_rows[] = { "machine_ca_box", "machine_cert_box",
						 "ipsec_check_server_name", NULL };
	static const char *const ipsec_rows[] = {
		"machine_auth_label",
		"machine_auth_type",
		"ipsec_psk_label",
		"ipsec_psk",
		"show_psk",
		"machine_ca_box",
		"machine_cert_box",
		"ipsec_remote_id_label",
		"ipsec_remote_id",
		"ipsec_local_id",
		"ipsec_local_id_label",
		"ipsec_advanced_button",
		NULL,
	};
	static const char *const ipsec_off_rows[] = { "ipsec_off_warning", NULL };
	static const char *const name_rows[] = { "ipsec_check_server_name", NULL };
	static const char *const name_off_rows[] = { "check_server_name_warning", NULL };
	static const char *const mppe_rows[] = { "mppe_security_label", "mppe_security",
						 "mppe_stateful", NULL };
	static const char *const password_rows[] = { "password_label", "password", "show_password",
						     NULL };
	static const char *const user_cert_rows[] = { "user_ca_box", "user_cert_box", NULL };
	static const char *const pfs_rows[] = { "ipsec_pfs_group_label", "ipsec_pfs_group", NULL };
	const char *auth = gtk_combo_box_get_active_id(
		GTK_COMBO_BOX(editor_widget(self, "machine_auth_type")));
	const char *user_auth =
		gtk_combo_box_get_active_id(GTK_COMBO_BOX(editor_widget(self, "user_auth_type")));
	bool tls = g_strcmp0(auth, "tls") == 0;
	bool eap_tls = g_strcmp0(user_auth, "tls") == 0;
	bool ipsec = l2tpc_gtk_check_get_active(editor_widget(self, "ipsec_enabled"));
	bool mppe = l2tpc_gtk_check_get_active(editor_widget(self, "require_mppe"));
	/* An explicit remote ID replaces the check of the gateway's name. */
	bool by_name = !*l2tpc_gtk_entry_get_text(editor_widget(self, "ipsec_remote_id"));
	bool check_name =
		l2tpc_gtk_check_get_active(editor_widget(self, "ipsec_check_server_name"));

	/* What an empty remote ID means: with certificates the gateway's name is checked. */
	gtk_entry_set_placeholder_text(GTK_ENTRY(editor_widget(self, "ipsec_remote_id")),
				       tls && check_name ? _("the gateway's name") : _("any"));
	editor_set_shown(self, psk_rows, !tls);
	editor_set_shown(self, cert_rows, tls);
	editor_set_sensitive(self, ipsec_rows, ipsec);
	editor_set_sensitive(self, name_rows, ipsec && by_name);
	/* Said in the window, not in a tooltip: nobody hovers over a check box before saving. */
	editor_set_shown(self, ipsec_off_rows, !ipsec);
	editor_set_shown(self, name_off_rows, ipsec && tls && by_name && !check_name);
	editor_set_shown(self, password_rows, !eap_tls);
	editor_set_shown(self, user_cert_rows, eap_tls);
	/* EAP-TLS is EAP: the profile turns refuse-eap off for it, the check box shows that. */
	if (eap_tls)
		l2tpc_gtk_check_set_active(editor_widget(self, "allow_eap"), true);
	gtk_widget_set_sensitive(editor_widget(self, "allow_eap"), !eap_tls);
	editor_set_sensitive(self, pfs_rows,
			     l2tpc_gtk_check_get_active(editor_widget(self, "ipsec_pfs")));
	/* IPsec already encrypts everything MPPE would: greyed out, and said why. */
	gtk_widget_set_sensitive(editor_widget(self, "require_mppe"), !ipsec);
	editor_set_sensitive(self, mppe_rows, mppe && !ipsec);
	l2tpc_gtk_set_shown(editor_widget(self, "mppe_ipsec_note"), ipsec);
}

static void editor_changed(GObject *widget, void *user_data)
{
	L2tpcEditor *self = L2TPC_EDITOR(user_data);

	if (!self->ready)
		return;
	editor_update_states(self);
	l2tpc_editor_fields_check(self->builder, L2TPC_FIELD_PAGE_MAIN, NULL);
	l2tpc_editor_dialog_set_valid(
		self->ipsec_dialog,
		l2tpc_editor_fields_check(self->builder, L2TPC_FIELD_PAGE_IPSEC, NULL));
	l2tpc_editor_dialog_set_valid(
		self->ppp_dialog,
		l2tpc_editor_fields_check(self->builder, L2TPC_FIELD_PAGE_PPP, NULL));
	g_signal_emit_by_name(self, "changed");
}

static void editor_watch(GObject *widget, const char *signal, void *user_data)
{
	g_signal_connect(widget, signal, G_CALLBACK(editor_changed), user_data);
}

static void editor_show_secret(GObject *check, void *user_data)
{
	gtk_entry_set_visibility(GTK_ENTRY(user_data),
				 l2tpc_gtk_check_get_active(GTK_WIDGET(check)));
}

static void editor_open_ipsec(GtkButton *button, void *user_data)
{
	L2tpcEditor *self = L2TPC_EDITOR(user_data);

	l2tpc_editor_dialog_present(self->ipsec_dialog, self->widget);
}

static void editor_open_ppp(GtkButton *button, void *user_data)
{
	L2tpcEditor *self = L2TPC_EDITOR(user_data);

	l2tpc_editor_dialog_present(self->ppp_dialog, self->widget);
}

/* libnma's own labels take letters the page needs (_certificate clashes with the host's
 * _Cancel, key _password with _PPP Settings): they keep their words, without mnemonics. */
static void editor_chooser_plain(GObject *w)
{
	g_autofree char *text = NULL;
	g_auto(GStrv) parts = NULL;
	g_autofree char *plain = NULL;

	g_object_get(w, "label", &text, NULL);
	if (!text)
		return;
	parts = g_strsplit(text, "_", -1);
	plain = g_strjoinv("", parts);
	g_object_set(w, "use-underline", FALSE, "label", plain, NULL);
}

static void editor_add_chooser(L2tpcEditor *self, const char *box, const char *id,
			       const char *title, NMACertChooserFlags flags, GtkSizeGroup *labels)
{
	GtkWidget *chooser = nma_cert_chooser_new(title, flags);
	/* libnma's words for the row of the certificate's own password */
	g_autofree char *cert_password =
		g_strdup_printf(g_dgettext("libnma", "%s certificate _password"), title);
	GList *children = l2tpc_gtk_children(chooser);

	for (GList *l = children; l; l = l->next) {
		/* That password is for PKCS#11 tokens, which we do not take: the row would only
		 * ever stand greyed out above the key's password. */
		if (GTK_IS_LABEL(l->data) &&
		    g_strcmp0(gtk_label_get_label(l->data), cert_password) == 0) {
			l2tpc_gtk_set_shown(l->data, false);
			l2tpc_gtk_set_shown(gtk_label_get_mnemonic_widget(l->data), false);
		}
		if (GTK_IS_LABEL(l->data) || GTK_IS_CHECK_BUTTON(l->data))
			editor_chooser_plain(l->data);
	}
	g_list_free(children);
	gtk_widget_set_visible(chooser, true);
	nma_cert_chooser_add_to_size_group(NMA_CERT_CHOOSER(chooser), labels);
	l2tpc_gtk_box_add(editor_widget(self, box), chooser);
	gtk_builder_expose_object(self->builder, id, G_OBJECT(chooser));
}

/* The built-in proposal lists, under their entries: an empty entry offers them. */
static void editor_show_default(L2tpcEditor *self, const char *id, const char *list)
{
	g_auto(GStrv) items = g_strsplit(list, ",", -1);
	g_autofree char *spaced = g_strjoinv(", ", items);
	g_autofree char *text = g_strdup_printf(_("Built-in: %s"), spaced);

	gtk_label_set_text(GTK_LABEL(editor_widget(self, id)), text);
}

static void editor_show_defaults(L2tpcEditor *self)
{
	editor_show_default(self, "ipsec_ike_default", ipsec_proposals_default_ike());
	editor_show_default(self, "ipsec_esp_default", ipsec_proposals_default_esp());
}

static bool editor_build(L2tpcEditor *self, NMConnection *connection, GError **error)
{
	NMSettingVpn *s_vpn = connection ? nm_connection_get_setting_vpn(connection) : NULL;
	g_autoptr(GtkSizeGroup) main_labels = NULL;
	g_autoptr(GtkSizeGroup) ipsec_labels = NULL;
	g_autoptr(GtkSizeGroup) ppp_labels = NULL;

	self->builder = gtk_builder_new();
	for (size_t i = 0; i < G_N_ELEMENTS(editor_ui_files); i++) {
		g_autofree char *path = g_strconcat(L2TPC_EDITOR_UI_DIR, editor_ui_files[i], NULL);

		/* again for each file: a file's interface domain replaces the builder's */
		gtk_builder_set_translation_domain(self->builder, GETTEXT_PACKAGE);
		if (!gtk_builder_add_from_resource(self->builder, path, error))
			return false;
	}
	self->widget = g_object_ref_sink(editor_widget(self, "l2tpc_editor"));
	self->original = s_vpn ? NM_SETTING_VPN(nm_setting_duplicate(NM_SETTING(s_vpn)))
			       : NM_SETTING_VPN(nm_setting_vpn_new());

	main_labels = editor_size_group(self, editor_main_labels);
	ipsec_labels = editor_size_group(self, editor_ipsec_labels);
	ppp_labels = editor_size_group(self, editor_ppp_labels);
	editor_add_chooser(self, "machine_ca_box", "machine_ca_chooser", _("CA"),
			   NMA_CERT_CHOOSER_FLAG_CERT | NMA_CERT_CHOOSER_FLAG_NO_PASSWORDS,
			   main_labels);
	editor_add_chooser(self, "machine_cert_box", "machine_cert_chooser", _("Machine"),
			   NMA_CERT_CHOOSER_FLAG_NONE, main_labels);
	/* pppd reads only PEM files for EAP-TLS (profile-keys.md, user-cert). */
	editor_add_chooser(self, "user_ca_box", "user_ca_chooser", _("Server CA"),
			   NMA_CERT_CHOOSER_FLAG_CERT | NMA_CERT_CHOOSER_FLAG_PEM |
				   NMA_CERT_CHOOSER_FLAG_NO_PASSWORDS,
			   main_labels);
	editor_add_chooser(self, "user_cert_box", "user_cert_chooser", _("User"),
			   NMA_CERT_CHOOSER_FLAG_PEM, main_labels);
	editor_show_defaults(self);

	self->ipsec_dialog = l2tpc_editor_dialog_new(self->builder, "ipsec_advanced",
						     _("IPsec Settings"), L2TPC_FIELD_PAGE_IPSEC);
	self->ppp_dialog = l2tpc_editor_dialog_new(self->builder, "ppp_advanced", _("PPP Settings"),
						   L2TPC_FIELD_PAGE_PPP);

	l2tpc_editor_fields_setup(self->builder, s_vpn);
	l2tpc_editor_fields_load(self->builder, s_vpn, L2TPC_FIELD_PAGE_ALL);
	/* A new connection gets IPsec and no PAP from the key table's defaults: nothing here may
	 * look at how many items the setting holds, since libnma's password-storage setup above
	 * has already written *-flags keys into the empty setting nm-connection-editor passes. */

	l2tpc_editor_fields_foreach_widget(self->builder, editor_watch, self);
	g_signal_connect(editor_widget(self, "show_password"), "toggled",
			 G_CALLBACK(editor_show_secret), editor_widget(self, "password"));
	g_signal_connect(editor_widget(self, "show_psk"), "toggled", G_CALLBACK(editor_show_secret),
			 editor_widget(self, "ipsec_psk"));
	g_signal_connect(editor_widget(self, "ipsec_advanced_button"), "clicked",
			 G_CALLBACK(editor_open_ipsec), self);
	g_signal_connect(editor_widget(self, "ppp_advanced_button"), "clicked",
			 G_CALLBACK(editor_open_ppp), self);

	self->ready = true;
	editor_update_states(self);
	/* Fields of an existing profile that are invalid are marked at once. */
	if (s_vpn)
		editor_changed(NULL, self);
	return true;
}

static GObject *editor_get_widget(NMVpnEditor *editor)
{
	return G_OBJECT(L2TPC_EDITOR(editor)->widget);
}

static gboolean editor_update_connection(NMVpnEditor *editor, NMConnection *connection,
					 GError **error)
{
	L2tpcEditor *self = L2TPC_EDITOR(editor);
	g_autofree char *sentence = NULL;
	NMSettingVpn *s_vpn;

	if (!l2tpc_editor_fields_check(self->builder, L2TPC_FIELD_PAGE_ALL, &sentence)) {
		g_set_error_literal(error, NM_CONNECTION_ERROR,
				    NM_CONNECTION_ERROR_INVALID_PROPERTY, sentence);
		return false;
	}
	s_vpn = NM_SETTING_VPN(nm_setting_duplicate(NM_SETTING(self->original)));
	g_object_set(s_vpn, NM_SETTING_VPN_SERVICE_TYPE, L2TPC_EDITOR_SERVICE, NULL);
	l2tpc_editor_fields_store(self->builder, s_vpn, L2TPC_FIELD_PAGE_ALL);
	nm_connection_add_setting(connection, NM_SETTING(s_vpn));
	return true;
}

static void l2tpc_editor_interface_init(NMVpnEditorInterface *iface)
{
	iface->get_widget = editor_get_widget;
	iface->update_connection = editor_update_connection;
}

static void l2tpc_editor_init(L2tpcEditor *self)
{
}

static void l2tpc_editor_dispose(GObject *object)
{
	L2tpcEditor *self = L2TPC_EDITOR(object);

	self->ready = false;
	g_clear_pointer(&self->ipsec_dialog, l2tpc_editor_dialog_free);
	g_clear_pointer(&self->ppp_dialog, l2tpc_editor_dialog_free);
	g_clear_object(&self->widget);
	g_clear_object(&self->builder);
	g_clear_object(&self->original);
	G_OBJECT_CLASS(l2tpc_editor_parent_class)->dispose(object);
}

static void l2tpc_editor_class_init(L2tpcEditorClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = l2tpc_editor_dispose;
}

G_MODULE_EXPORT NMVpnEditor *l2tpc_editor_factory(NMVpnEditorPlugin *plugin,
						  NMConnection *connection, GError **error)
{
	g_autoptr(L2tpcEditor) self = NULL;

	static gsize bound;

	/* Once: a host (or a test) that bound the domain elsewhere afterwards keeps its choice. */
	if (g_once_init_enter(&bound)) {
		bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
		bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
		g_once_init_leave(&bound, 1);
	}
	self = g_object_new(L2TPC_TYPE_EDITOR, NULL);
	if (!editor_build(self, connection, error))
		return NULL;
	return NM_VPN_EDITOR(g_steal_pointer(&self));
}
