// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A probe the auth-dialog GUI test loads into nm-l2tpc-auth-dialog: with GTK3 as a GTK module
 * (GTK3_MODULES), with GTK4, which has no modules, through LD_PRELOAD (a constructor). Once the
 * dialog has been on screen for a moment it checks the heading (names the connection), the
 * icon, that Connect is the suggested action and that every secret entry hides its text, saves
 * a screenshot, types a password into the empty entries, ticks "Show secrets", checks the
 * entries now show their text, and presses Connect. Verdicts go to $AUTH_PROBE_OUT as
 * "ok NAME" / "not ok NAME" lines; the screenshot to $AUTH_PROBE_PNG. The dialog itself is not
 * changed for the test.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

static FILE *out;
static gint64 seen_at;

static void verdict(const char *name, gboolean ok)
{
	fprintf(out, "%s %s\n", ok ? "ok" : "not ok", name);
	fflush(out);
}

static void collect(GtkWidget *w, GPtrArray *all)
{
	g_ptr_array_add(all, w);
#if GTK_CHECK_VERSION(4, 0, 0)
	for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c))
		collect(c, all);
#else
	if (GTK_IS_CONTAINER(w))
		gtk_container_forall(GTK_CONTAINER(w), (GtkCallback)collect, all);
#endif
}

static GtkWidget *find_dialog(void)
{
	GtkWidget *d = NULL;
#if GTK_CHECK_VERSION(4, 0, 0)
	GListModel *tops = gtk_window_get_toplevels();

	for (guint i = 0; i < g_list_model_get_n_items(tops); i++) {
		g_autoptr(GtkWidget) w = g_list_model_get_item(tops, i);

		if (GTK_IS_DIALOG(w) && gtk_widget_get_mapped(w))
			d = w;
	}
#else
	GList *tops = gtk_window_list_toplevels();

	for (GList *l = tops; l; l = l->next)
		if (GTK_IS_DIALOG(l->data) && gtk_widget_get_mapped(l->data))
			d = l->data;
	g_list_free(tops);
#endif
	return d;
}

static bool has_class(GtkWidget *w, const char *name)
{
#if GTK_CHECK_VERSION(4, 0, 0)
	return gtk_widget_has_css_class(w, name);
#else
	return gtk_style_context_has_class(gtk_widget_get_style_context(w), name);
#endif
}

static bool save_png(GtkWidget *dialog, const char *png)
{
#if GTK_CHECK_VERSION(4, 0, 0)
	int w = gtk_widget_get_width(dialog), h = gtk_widget_get_height(dialog);
	g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new(dialog);
	GtkSnapshot *snapshot = gtk_snapshot_new();
	g_autoptr(GskRenderNode) node = NULL;
	g_autoptr(GdkTexture) texture = NULL;

	gdk_paintable_snapshot(paintable, GDK_SNAPSHOT(snapshot), w, h);
	node = gtk_snapshot_free_to_node(snapshot);
	if (!node)
		return false;
	texture = gsk_renderer_render_texture(gtk_native_get_renderer(GTK_NATIVE(dialog)), node,
					      &GRAPHENE_RECT_INIT(0, 0, w, h));
	return texture && gdk_texture_save_to_png(texture, png);
#else
	GdkWindow *win = gtk_widget_get_window(dialog);
	g_autoptr(GdkPixbuf) shot = gdk_pixbuf_get_from_window(win, 0, 0, gdk_window_get_width(win),
							       gdk_window_get_height(win));

	return shot && gdk_pixbuf_save(shot, png, "png", NULL, NULL);
#endif
}

static const char *entry_text(GtkWidget *e)
{
#if GTK_CHECK_VERSION(4, 0, 0)
	return gtk_editable_get_text(GTK_EDITABLE(e));
#else
	return gtk_entry_get_text(GTK_ENTRY(e));
#endif
}

static void entry_set(GtkWidget *e, const char *text)
{
#if GTK_CHECK_VERSION(4, 0, 0)
	gtk_editable_set_text(GTK_EDITABLE(e), text);
#else
	gtk_entry_set_text(GTK_ENTRY(e), text);
#endif
}

static void check_set(GtkWidget *c)
{
#if GTK_CHECK_VERSION(4, 0, 0)
	gtk_check_button_set_active(GTK_CHECK_BUTTON(c), true);
#else
	gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(c), true);
#endif
}

static gboolean probe(gpointer data)
{
	GtkWidget *dialog = find_dialog(), *show = NULL, *heading = NULL, *connect;
	g_autoptr(GPtrArray) all = g_ptr_array_new();
	guint entries = 0, hidden = 0, shown = 0, icons = 0;
	const char *png = g_getenv("AUTH_PROBE_PNG");
	const char *name = g_getenv("AUTH_PROBE_NAME");
	const char *message = g_getenv("AUTH_PROBE_MESSAGE");
	bool message_shown = false;

	if (!dialog)
		return G_SOURCE_CONTINUE; /* not on screen yet */
	/* let it lay out and draw before looking at it */
	if (!seen_at)
		seen_at = g_get_monotonic_time();
	if (g_get_monotonic_time() - seen_at < 700 * 1000)
		return G_SOURCE_CONTINUE;
	collect(dialog, all);
	for (guint i = 0; i < all->len; i++) {
		GtkWidget *w = all->pdata[i];

		if (GTK_IS_ENTRY(w)) {
			entries++;
			hidden += !gtk_entry_get_visibility(GTK_ENTRY(w));
		} else if (GTK_IS_CHECK_BUTTON(w)) {
			show = w;
		} else if (GTK_IS_IMAGE(w) && gtk_widget_get_mapped(w)) {
			icons++;
		} else if (GTK_IS_LABEL(w) && g_strcmp0(gtk_widget_get_name(w), "heading") == 0) {
			heading = w;
		}
		if (GTK_IS_LABEL(w) && message && gtk_widget_get_mapped(w) &&
		    strstr(gtk_label_get_text(GTK_LABEL(w)), message))
			message_shown = true;
	}
	connect = gtk_dialog_get_widget_for_response(GTK_DIALOG(dialog), GTK_RESPONSE_OK);
	verdict("the dialog asks for at least one secret", entries >= 1);
	verdict("every secret is hidden at first", entries > 0 && hidden == entries);
	verdict("a 'Show secrets' check box exists", show != NULL);
	verdict("a heading names the connection",
		heading && name && strstr(gtk_label_get_text(GTK_LABEL(heading)), name));
	verdict("an icon stands by the heading", icons >= 1);
	if (message)
		verdict("the service's x-vpn-message is shown under the heading", message_shown);
	verdict("Connect is styled as the suggested action",
		connect && has_class(connect, "suggested-action"));
	if (png)
		verdict("screenshot saved", save_png(dialog, png));
	for (guint i = 0; i < all->len; i++)
		if (GTK_IS_ENTRY(all->pdata[i]) && !*entry_text(all->pdata[i]))
			entry_set(all->pdata[i], "typed-by-probe");
	if (show) {
		check_set(show);
		for (guint i = 0; i < all->len; i++)
			if (GTK_IS_ENTRY(all->pdata[i]))
				shown += gtk_entry_get_visibility(GTK_ENTRY(all->pdata[i]));
		verdict("'Show secrets' reveals every secret", shown == entries);
	}
	gtk_dialog_response(GTK_DIALOG(dialog), GTK_RESPONSE_OK);
	return G_SOURCE_REMOVE;
}

static void probe_start(void)
{
	const char *path = g_getenv("AUTH_PROBE_OUT");

	out = path ? fopen(path, "w") : stderr;
	if (!out)
		out = stderr;
	g_timeout_add(100, probe, NULL);
}

#if GTK_CHECK_VERSION(4, 0, 0)
/* LD_PRELOAD: the timeout waits in the default context for the dialog's main loop. */
__attribute__((constructor)) static void probe_preload(void)
{
	if (g_getenv("AUTH_PROBE_OUT"))
		probe_start();
}
#else
void gtk_module_init(gint *argc, gchar ***argv);

void gtk_module_init(gint *argc, gchar ***argv)
{
	probe_start();
}
#endif
