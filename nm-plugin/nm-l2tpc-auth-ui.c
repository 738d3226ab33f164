// SPDX-License-Identifier: GPL-2.0-or-later
/* nm-l2tpc-auth-ui.c: the auth dialog's window, built against GTK3 or GTK4.
 *
 * A heading with the VPN icon names the connection; under it the service's message (or ours)
 * and one hidden entry per secret to ask, "Show secrets", and Connect styled as the suggested
 * action. The two toolkits differ in a handful of calls, kept in the helpers at the top.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>

#include "nm-l2tpc-auth-dialog.h"

#if GTK_CHECK_VERSION(4, 0, 0)

static const char *ui_entry_get(GtkWidget *e)
{
	return gtk_editable_get_text(GTK_EDITABLE(e));
}

static void ui_entry_set(GtkWidget *e, const char *text)
{
	gtk_editable_set_text(GTK_EDITABLE(e), text);
}

static bool ui_check_get(GtkWidget *c)
{
	return gtk_check_button_get_active(GTK_CHECK_BUTTON(c));
}

static void ui_add_class(GtkWidget *w, const char *name)
{
	gtk_widget_add_css_class(w, name);
}

static void ui_wrap(GtkWidget *label)
{
	gtk_label_set_wrap(GTK_LABEL(label), true);
}

static void ui_box_add(GtkWidget *box, GtkWidget *child)
{
	gtk_box_append(GTK_BOX(box), child);
}

static GtkWidget *ui_icon(const char *name)
{
	GtkWidget *icon = gtk_image_new_from_icon_name(name);

	gtk_image_set_pixel_size(GTK_IMAGE(icon), 48);
	return icon;
}

bool nm_l2tpc_auth_ui_init(int *argc, char ***argv)
{
	return gtk_init_check();
}

struct ui_wait {
	GMainLoop *loop;
	int response;
};

static void ui_on_response(GtkDialog *dialog, int response, void *data)
{
	struct ui_wait *w = data;

	w->response = response;
	g_main_loop_quit(w->loop);
}

/* GTK4 has no gtk_dialog_run(): wait in a loop of our own for the answer. */
static int ui_run(GtkWidget *dialog)
{
	struct ui_wait w = { g_main_loop_new(NULL, false), GTK_RESPONSE_NONE };

	g_signal_connect(dialog, "response", G_CALLBACK(ui_on_response), &w);
	gtk_window_present(GTK_WINDOW(dialog));
	g_main_loop_run(w.loop);
	g_main_loop_unref(w.loop);
	return w.response;
}

static void ui_destroy(GtkWidget *dialog)
{
	gtk_window_destroy(GTK_WINDOW(dialog));
}

#else /* GTK3 */

static const char *ui_entry_get(GtkWidget *e)
{
	return gtk_entry_get_text(GTK_ENTRY(e));
}

static void ui_entry_set(GtkWidget *e, const char *text)
{
	gtk_entry_set_text(GTK_ENTRY(e), text);
}

static bool ui_check_get(GtkWidget *c)
{
	return gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(c));
}

static void ui_add_class(GtkWidget *w, const char *name)
{
	gtk_style_context_add_class(gtk_widget_get_style_context(w), name);
}

static void ui_wrap(GtkWidget *label)
{
	gtk_label_set_line_wrap(GTK_LABEL(label), true);
}

static void ui_box_add(GtkWidget *box, GtkWidget *child)
{
	gtk_box_pack_start(GTK_BOX(box), child, true, true, 0);
}

static GtkWidget *ui_icon(const char *name)
{
	return gtk_image_new_from_icon_name(name, GTK_ICON_SIZE_DIALOG);
}

bool nm_l2tpc_auth_ui_init(int *argc, char ***argv)
{
	return gtk_init_check(argc, argv);
}

static int ui_run(GtkWidget *dialog)
{
	gtk_window_set_position(GTK_WINDOW(dialog), GTK_WIN_POS_CENTER);
	gtk_widget_show_all(dialog);
	return gtk_dialog_run(GTK_DIALOG(dialog));
}

static void ui_destroy(GtkWidget *dialog)
{
	gtk_widget_destroy(dialog);
}

#endif

static void ui_on_show(GtkWidget *check, void *data)
{
	GPtrArray *plan = data;

	for (guint i = 0; i < plan->len; i++) {
		struct auth_dialog_secret *s = plan->pdata[i];

		if (s->entry)
			gtk_entry_set_visibility(GTK_ENTRY(s->entry), ui_check_get(check));
	}
}

/* The icon and the heading over the message: which VPN asks, at a glance. */
static GtkWidget *ui_header(const char *name, const char *message)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
	GtkWidget *text = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	GtkWidget *icon = ui_icon("network-vpn-symbolic");
	g_autofree char *title = g_strdup_printf(_("Connect to “%s”"), name);
	g_autofree char *markup = g_markup_printf_escaped("<big><b>%s</b></big>", title);
	g_autofree char *body = message ? g_strdup(message)
					: g_strdup_printf(_("The L2TP/IPsec VPN “%s” needs "
							    "these to connect."),
							  name);
	GtkWidget *heading = gtk_label_new(NULL);
	GtkWidget *label = gtk_label_new(body);

	gtk_widget_set_valign(icon, GTK_ALIGN_START);
	gtk_widget_set_name(heading, "heading");
	gtk_label_set_markup(GTK_LABEL(heading), markup);
	gtk_label_set_xalign(GTK_LABEL(heading), 0);
	ui_wrap(heading);
	gtk_label_set_xalign(GTK_LABEL(label), 0);
	gtk_label_set_max_width_chars(GTK_LABEL(label), 50);
	ui_wrap(label);
	ui_box_add(text, heading);
	ui_box_add(text, label);
	ui_box_add(box, icon);
	ui_box_add(box, text);
	return box;
}

bool nm_l2tpc_auth_ui_run(GPtrArray *plan, const char *name, const char *message)
{
	GtkWidget *dialog, *outer, *grid, *show, *connect;
	int row = 0, response;

	dialog = gtk_dialog_new_with_buttons(_("Authenticate VPN"), NULL, 0, _("_Cancel"),
					     GTK_RESPONSE_CANCEL, _("C_onnect"), GTK_RESPONSE_OK,
					     NULL);
	gtk_dialog_set_default_response(GTK_DIALOG(dialog), GTK_RESPONSE_OK);
	connect = gtk_dialog_get_widget_for_response(GTK_DIALOG(dialog), GTK_RESPONSE_OK);
	ui_add_class(connect, "suggested-action");
	gtk_window_set_resizable(GTK_WINDOW(dialog), false);
	outer = gtk_box_new(GTK_ORIENTATION_VERTICAL, 18);
	gtk_widget_set_margin_start(outer, 18);
	gtk_widget_set_margin_end(outer, 18);
	gtk_widget_set_margin_top(outer, 18);
	gtk_widget_set_margin_bottom(outer, 12);
	ui_box_add(outer, ui_header(name, message));
	grid = gtk_grid_new();
	gtk_grid_set_row_spacing(GTK_GRID(grid), 6);
	gtk_grid_set_column_spacing(GTK_GRID(grid), 12);
	for (guint i = 0; i < plan->len; i++) {
		struct auth_dialog_secret *s = plan->pdata[i];
		GtkWidget *label, *entry;

		if (!s->should_ask)
			continue;
		label = gtk_label_new_with_mnemonic(s->label);
		gtk_label_set_xalign(GTK_LABEL(label), 1);
		entry = gtk_entry_new();
		s->entry = entry;
		/* Hidden until the user asks: the PSK is a shared secret worth shoulder-guarding.
		 */
		gtk_entry_set_visibility(GTK_ENTRY(entry), false);
		gtk_entry_set_activates_default(GTK_ENTRY(entry), true);
		gtk_widget_set_hexpand(entry, true);
		ui_entry_set(entry, s->value);
		gtk_label_set_mnemonic_widget(GTK_LABEL(label), entry);
		gtk_grid_attach(GTK_GRID(grid), label, 0, row, 1, 1);
		gtk_grid_attach(GTK_GRID(grid), entry, 1, row, 1, 1);
		row++;
	}
	show = gtk_check_button_new_with_mnemonic(_("_Show secrets"));
	g_signal_connect(show, "toggled", G_CALLBACK(ui_on_show), plan);
	gtk_grid_attach(GTK_GRID(grid), show, 1, row, 1, 1);
	ui_box_add(outer, grid);
	ui_box_add(gtk_dialog_get_content_area(GTK_DIALOG(dialog)), outer);
	response = ui_run(dialog);
	for (guint i = 0; i < plan->len; i++) {
		struct auth_dialog_secret *s = plan->pdata[i];

		if (!s->entry)
			continue;
		explicit_bzero(s->value, strlen(s->value));
		g_free(s->value);
		s->value = g_strdup(ui_entry_get(s->entry));
		s->entry = NULL;
	}
	ui_destroy(dialog);
	return response == GTK_RESPONSE_OK;
}
