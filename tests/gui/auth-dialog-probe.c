// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A GTK3 module the auth-dialog GUI test loads into nm-l2tpc-auth-dialog (GTK3_MODULES): once
 * the dialog is on screen it checks that every secret entry hides its text, saves a screenshot,
 * types a password, ticks "Show secrets", checks the entries now show their text, and presses
 * Connect. Verdicts go to $AUTH_PROBE_OUT as "ok NAME" / "not ok NAME" lines; the screenshot to
 * $AUTH_PROBE_PNG. The dialog itself is not changed for the test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

void gtk_module_init(gint *argc, gchar ***argv);

static FILE *out;

static void verdict(const char *name, gboolean ok)
{
	fprintf(out, "%s %s\n", ok ? "ok" : "not ok", name);
	fflush(out);
}

static void collect(GtkWidget *w, gpointer data)
{
	GPtrArray *all = data;

	g_ptr_array_add(all, w);
	if (GTK_IS_CONTAINER(w))
		gtk_container_forall(GTK_CONTAINER(w), collect, all);
}

static GtkWidget *find_dialog(void)
{
	GList *tops = gtk_window_list_toplevels();
	GtkWidget *d = NULL;

	for (GList *l = tops; l; l = l->next)
		if (GTK_IS_DIALOG(l->data) && gtk_widget_get_mapped(l->data))
			d = l->data;
	g_list_free(tops);
	return d;
}

static gboolean probe(gpointer data)
{
	GtkWidget *dialog = find_dialog();
	g_autoptr(GPtrArray) all = g_ptr_array_new();
	GtkToggleButton *show = NULL;
	guint entries = 0, hidden = 0, shown = 0;
	const char *png = g_getenv("AUTH_PROBE_PNG");

	if (!dialog)
		return G_SOURCE_CONTINUE; /* not on screen yet */
	gtk_container_forall(GTK_CONTAINER(dialog), collect, all);
	for (guint i = 0; i < all->len; i++) {
		GtkWidget *w = all->pdata[i];

		if (GTK_IS_ENTRY(w)) {
			entries++;
			hidden += !gtk_entry_get_visibility(GTK_ENTRY(w));
			if (!*gtk_entry_get_text(GTK_ENTRY(w)))
				gtk_entry_set_text(GTK_ENTRY(w), "typed-by-probe");
		} else if (GTK_IS_CHECK_BUTTON(w)) {
			show = GTK_TOGGLE_BUTTON(w);
		}
	}
	verdict("the dialog asks for at least two secrets", entries >= 2);
	verdict("every secret is hidden at first", entries > 0 && hidden == entries);
	verdict("a 'Show secrets' check box exists", show != NULL);
	if (png) {
		GdkWindow *win = gtk_widget_get_window(dialog);
		g_autoptr(GdkPixbuf) shot = gdk_pixbuf_get_from_window(
			win, 0, 0, gdk_window_get_width(win), gdk_window_get_height(win));

		verdict("screenshot saved", shot && gdk_pixbuf_save(shot, png, "png", NULL, NULL));
	}
	if (show) {
		gtk_toggle_button_set_active(show, TRUE);
		for (guint i = 0; i < all->len; i++)
			if (GTK_IS_ENTRY(all->pdata[i]))
				shown += gtk_entry_get_visibility(GTK_ENTRY(all->pdata[i]));
		verdict("'Show secrets' reveals every secret", shown == entries);
	}
	gtk_dialog_response(GTK_DIALOG(dialog), GTK_RESPONSE_OK);
	return G_SOURCE_REMOVE;
}

void gtk_module_init(gint *argc, gchar ***argv)
{
	const char *path = g_getenv("AUTH_PROBE_OUT");

	out = path ? fopen(path, "w") : stderr;
	if (!out)
		out = stderr;
	/* give the window manager-less Xvfb a moment to map the dialog */
	g_timeout_add(300, probe, NULL);
}
