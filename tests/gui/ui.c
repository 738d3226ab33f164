// SPDX-License-Identifier: GPL-2.0-or-later
/* ui (see ui.h): where GTK3 and GTK4 differ, both spellings. */
#include "ui.h"

static const char *widget_id(GtkWidget *w)
{
#if GTK_CHECK_VERSION(4, 0, 0)
	return gtk_buildable_get_buildable_id(GTK_BUILDABLE(w));
#else
	return gtk_buildable_get_name(GTK_BUILDABLE(w));
#endif
}

GtkWidget *ui_find_widget(GtkWidget *root, const char *id)
{
	GtkWidget *found = NULL;

	if (g_strcmp0(widget_id(root), id) == 0)
		return root;
#if GTK_CHECK_VERSION(4, 0, 0)
	for (GtkWidget *c = gtk_widget_get_first_child(root); c && !found;
	     c = gtk_widget_get_next_sibling(c))
		found = ui_find_widget(c, id);
#else
	if (GTK_IS_CONTAINER(root)) {
		GList *children = gtk_container_get_children(GTK_CONTAINER(root));

		for (GList *l = children; l && !found; l = l->next)
			found = ui_find_widget(l->data, id);
		g_list_free(children);
	}
#endif
	return found;
}

GtkWidget *ui_find_type(GtkWidget *root, const char *type_name, int nth, int *seen)
{
	GtkWidget *found = NULL;

	if (g_strcmp0(G_OBJECT_TYPE_NAME(root), type_name) == 0 && (*seen)++ == nth)
		return root;
#if GTK_CHECK_VERSION(4, 0, 0)
	for (GtkWidget *c = gtk_widget_get_first_child(root); c && !found;
	     c = gtk_widget_get_next_sibling(c))
		found = ui_find_type(c, type_name, nth, seen);
#else
	if (GTK_IS_CONTAINER(root)) {
		GList *children = gtk_container_get_children(GTK_CONTAINER(root));

		for (GList *l = children; l && !found; l = l->next)
			found = ui_find_type(l->data, type_name, nth, seen);
		g_list_free(children);
	}
#endif
	return found;
}

GtkWidget *ui_must_find(GtkWidget *root, const char *id)
{
	GtkWidget *w = ui_find_widget(root, id);

	if (!w)
		g_error("widget %s not found", id);
	return w;
}

const char *ui_entry_text(GtkWidget *root, const char *id)
{
#if GTK_CHECK_VERSION(4, 0, 0)
	return gtk_editable_get_text(GTK_EDITABLE(ui_must_find(root, id)));
#else
	return gtk_entry_get_text(GTK_ENTRY(ui_must_find(root, id)));
#endif
}

void ui_set_entry(GtkWidget *root, const char *id, const char *text)
{
#if GTK_CHECK_VERSION(4, 0, 0)
	gtk_editable_set_text(GTK_EDITABLE(ui_must_find(root, id)), text);
#else
	gtk_entry_set_text(GTK_ENTRY(ui_must_find(root, id)), text);
#endif
}

bool ui_check_active(GtkWidget *root, const char *id)
{
#if GTK_CHECK_VERSION(4, 0, 0)
	return gtk_check_button_get_active(GTK_CHECK_BUTTON(ui_must_find(root, id)));
#else
	return gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(ui_must_find(root, id)));
#endif
}

void ui_set_check(GtkWidget *root, const char *id, bool active)
{
#if GTK_CHECK_VERSION(4, 0, 0)
	gtk_check_button_set_active(GTK_CHECK_BUTTON(ui_must_find(root, id)), active);
#else
	gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(ui_must_find(root, id)), active);
#endif
}

bool ui_has_error(GtkWidget *root, const char *id)
{
#if GTK_CHECK_VERSION(4, 0, 0)
	return gtk_widget_has_css_class(ui_must_find(root, id), "error");
#else
	return gtk_style_context_has_class(gtk_widget_get_style_context(ui_must_find(root, id)),
					   "error");
#endif
}

GtkWidget *ui_window_new(GtkWidget *child, const char *title)
{
	GtkWidget *window;

#if GTK_CHECK_VERSION(4, 0, 0)
	window = gtk_window_new();
	gtk_window_set_child(GTK_WINDOW(window), child);
#else
	window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
	gtk_container_add(GTK_CONTAINER(window), child);
#endif
	gtk_window_set_title(GTK_WINDOW(window), title);
	gtk_window_set_default_size(GTK_WINDOW(window), 560, -1);
	gtk_window_present(GTK_WINDOW(window));
	return window;
}

void ui_window_destroy(GtkWidget *window)
{
#if GTK_CHECK_VERSION(4, 0, 0)
	gtk_window_destroy(GTK_WINDOW(window));
#else
	gtk_widget_destroy(window);
#endif
}

void ui_pump(unsigned ms)
{
	gint64 until = g_get_monotonic_time() + ms * 1000;

	while (g_get_monotonic_time() < until) {
		while (g_main_context_pending(NULL))
			g_main_context_iteration(NULL, false);
		g_usleep(10000);
	}
}

void ui_screenshot(GtkWidget *window, const char *name)
{
	g_autofree char *path = g_strdup_printf("%s/%s-%s.png", SCREENSHOT_DIR, name, TOOLKIT);
	int w, h;

	ui_pump(400);
#if GTK_CHECK_VERSION(4, 0, 0)
	w = gtk_widget_get_width(window);
	h = gtk_widget_get_height(window);
#else
	w = gtk_widget_get_allocated_width(window);
	h = gtk_widget_get_allocated_height(window);
#endif
	g_assert_cmpint(w, >, 100);
	g_assert_cmpint(h, >, 100);
#if GTK_CHECK_VERSION(4, 0, 0)
	{
		g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new(window);
		GtkSnapshot *snapshot = gtk_snapshot_new();
		g_autoptr(GskRenderNode) node = NULL;
		g_autoptr(GdkTexture) texture = NULL;

		gdk_paintable_snapshot(paintable, GDK_SNAPSHOT(snapshot), w, h);
		node = gtk_snapshot_free_to_node(snapshot);
		g_assert_nonnull(node);
		texture = gsk_renderer_render_texture(gtk_native_get_renderer(GTK_NATIVE(window)),
						      node, &GRAPHENE_RECT_INIT(0, 0, w, h));
		g_assert_true(gdk_texture_save_to_png(texture, path));
	}
#else
	{
		g_autoptr(GdkPixbuf) pixbuf =
			gdk_pixbuf_get_from_window(gtk_widget_get_window(window), 0, 0, w, h);
		g_autoptr(GError) error = NULL;

		g_assert_nonnull(pixbuf);
		g_assert_true(gdk_pixbuf_save(pixbuf, path, "png", &error, NULL));
		g_assert_no_error(error);
	}
#endif
	g_test_message("screenshot: %s", path);
}

GtkWidget *ui_find_dialog(const char *title)
{
	GtkWidget *found = NULL;
#if GTK_CHECK_VERSION(4, 0, 0)
	GListModel *tops = gtk_window_get_toplevels();

	for (guint i = 0; i < g_list_model_get_n_items(tops) && !found; i++) {
		g_autoptr(GtkWindow) win = g_list_model_get_item(tops, i);

		if (GTK_IS_DIALOG(win) && g_strcmp0(gtk_window_get_title(win), title) == 0 &&
		    gtk_widget_get_visible(GTK_WIDGET(win)))
			found = GTK_WIDGET(win);
	}
#else
	GList *tops = gtk_window_list_toplevels();

	for (GList *l = tops; l && !found; l = l->next)
		if (GTK_IS_DIALOG(l->data) &&
		    g_strcmp0(gtk_window_get_title(l->data), title) == 0 &&
		    gtk_widget_get_visible(l->data))
			found = l->data;
	g_list_free(tops);
#endif
	if (!found)
		g_error("dialog \"%s\" is not shown", title);
	return found;
}

GtkWidget *ui_open_dialog(GtkWidget *page, const char *button, const char *title)
{
	g_signal_emit_by_name(ui_must_find(page, button), "clicked");
	ui_pump(100);
	return ui_find_dialog(title);
}

bool ui_ok_sensitive(GtkWidget *dialog)
{
	return gtk_widget_get_sensitive(
		gtk_dialog_get_widget_for_response(GTK_DIALOG(dialog), GTK_RESPONSE_OK));
}
