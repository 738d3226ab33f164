// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpc-editor-dialog.c: a modal OK/Cancel dialog around one page of editor fields. */
#include "config.h"

#include "l2tpc-editor-dialog.h"

#include <glib/gi18n-lib.h>

#include "l2tpc-gtk-compat.h"

struct l2tpc_editor_dialog {
	GtkBuilder *builder;
	GtkWidget *window;
	enum l2tpc_field_page page;
	NMSettingVpn *saved; /* the values when the dialog opened, for Cancel */
};

static void dialog_response(GtkDialog *window, int response, void *user_data)
{
	struct l2tpc_editor_dialog *d = user_data;

	if (response != GTK_RESPONSE_OK && d->saved)
		l2tpc_editor_fields_load(d->builder, d->saved, d->page);
	g_clear_object(&d->saved);
	gtk_widget_set_visible(GTK_WIDGET(window), false);
}

struct l2tpc_editor_dialog *l2tpc_editor_dialog_new(GtkBuilder *builder, const char *content_id,
						    const char *title, enum l2tpc_field_page page)
{
	struct l2tpc_editor_dialog *d = g_new0(struct l2tpc_editor_dialog, 1);
	GtkWidget *content = GTK_WIDGET(gtk_builder_get_object(builder, content_id));

	d->builder = g_object_ref(builder);
	d->page = page;
	d->window = gtk_dialog_new_with_buttons(
		title, NULL, GTK_DIALOG_MODAL | GTK_DIALOG_USE_HEADER_BAR, _("_Cancel"),
		GTK_RESPONSE_CANCEL, _("_OK"), GTK_RESPONSE_OK, NULL);
	gtk_dialog_set_default_response(GTK_DIALOG(d->window), GTK_RESPONSE_OK);
	/* Wide enough for the proposal lists; GTK4 would size the window to their full length. */
	gtk_window_set_default_size(GTK_WINDOW(d->window), 520, -1);
	l2tpc_gtk_box_add(gtk_dialog_get_content_area(GTK_DIALOG(d->window)), content);
	l2tpc_gtk_window_hide_on_close(d->window);
	g_signal_connect(d->window, "response", G_CALLBACK(dialog_response), d);
	return d;
}

void l2tpc_editor_dialog_free(struct l2tpc_editor_dialog *d)
{
	if (!d)
		return;
	g_signal_handlers_disconnect_by_data(d->window, d);
	l2tpc_gtk_destroy_window(d->window);
	g_clear_object(&d->saved);
	g_object_unref(d->builder);
	g_free(d);
}

void l2tpc_editor_dialog_present(struct l2tpc_editor_dialog *d, GtkWidget *parent)
{
	g_clear_object(&d->saved);
	d->saved = NM_SETTING_VPN(nm_setting_vpn_new());
	l2tpc_editor_fields_store(d->builder, d->saved, d->page);
	gtk_window_set_transient_for(GTK_WINDOW(d->window), l2tpc_gtk_toplevel(parent));
	gtk_window_present(GTK_WINDOW(d->window));
}

void l2tpc_editor_dialog_set_valid(struct l2tpc_editor_dialog *d, bool valid)
{
	gtk_dialog_set_response_sensitive(GTK_DIALOG(d->window), GTK_RESPONSE_OK, valid);
}
