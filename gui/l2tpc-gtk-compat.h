/* l2tpc-gtk-compat.h: the few GTK calls that differ between GTK3 and GTK4.
 *
 * The editor sources are compiled twice, once against GTK3 + libnma and once against
 * GTK4 + libnma-gtk4. Everything that is spelled differently in the two toolkits goes
 * through these helpers so the editor code itself has no #if.
 */
#pragma once

#include <stdbool.h>

#include <gtk/gtk.h>

#if GTK_CHECK_VERSION(4, 0, 0)

static inline const char *l2tpc_gtk_entry_get_text(GtkWidget *entry)
{
	return gtk_editable_get_text(GTK_EDITABLE(entry));
}

static inline void l2tpc_gtk_entry_set_text(GtkWidget *entry, const char *text)
{
	gtk_editable_set_text(GTK_EDITABLE(entry), text);
}

static inline bool l2tpc_gtk_check_get_active(GtkWidget *check)
{
	return gtk_check_button_get_active(GTK_CHECK_BUTTON(check));
}

static inline void l2tpc_gtk_check_set_active(GtkWidget *check, bool active)
{
	gtk_check_button_set_active(GTK_CHECK_BUTTON(check), active);
}

static inline void l2tpc_gtk_mark_error(GtkWidget *widget, bool error)
{
	if (error)
		gtk_widget_add_css_class(widget, "error");
	else
		gtk_widget_remove_css_class(widget, "error");
}

static inline bool l2tpc_gtk_has_error(GtkWidget *widget)
{
	return gtk_widget_has_css_class(widget, "error");
}

static inline void l2tpc_gtk_box_add(GtkWidget *box, GtkWidget *child)
{
	gtk_box_append(GTK_BOX(box), child);
}

static inline GtkWindow *l2tpc_gtk_toplevel(GtkWidget *widget)
{
	GtkRoot *root = gtk_widget_get_root(widget);

	return GTK_IS_WINDOW(root) ? GTK_WINDOW(root) : NULL;
}

static inline void l2tpc_gtk_destroy_window(GtkWidget *window)
{
	gtk_window_destroy(GTK_WINDOW(window));
}

static inline void l2tpc_gtk_show(GtkWidget *widget)
{
	gtk_widget_set_visible(widget, true);
}

static inline void l2tpc_gtk_set_shown(GtkWidget *widget, bool shown)
{
	gtk_widget_set_visible(widget, shown);
}

static inline void l2tpc_gtk_label_set_wrap(GtkWidget *label)
{
	gtk_label_set_wrap(GTK_LABEL(label), true);
	gtk_label_set_wrap_mode(GTK_LABEL(label), PANGO_WRAP_WORD_CHAR);
}

static inline void l2tpc_gtk_grid_position(GtkWidget *grid, GtkWidget *child, int *left, int *top,
					   int *width)
{
	gtk_grid_query_child(GTK_GRID(grid), child, left, top, width, NULL);
}

#else /* GTK3 */

static inline const char *l2tpc_gtk_entry_get_text(GtkWidget *entry)
{
	return gtk_entry_get_text(GTK_ENTRY(entry));
}

static inline void l2tpc_gtk_entry_set_text(GtkWidget *entry, const char *text)
{
	gtk_entry_set_text(GTK_ENTRY(entry), text);
}

static inline bool l2tpc_gtk_check_get_active(GtkWidget *check)
{
	return gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(check));
}

static inline void l2tpc_gtk_check_set_active(GtkWidget *check, bool active)
{
	gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(check), active);
}

static inline void l2tpc_gtk_mark_error(GtkWidget *widget, bool error)
{
	GtkStyleContext *style = gtk_widget_get_style_context(widget);

	if (error)
		gtk_style_context_add_class(style, "error");
	else
		gtk_style_context_remove_class(style, "error");
}

static inline bool l2tpc_gtk_has_error(GtkWidget *widget)
{
	return gtk_style_context_has_class(gtk_widget_get_style_context(widget), "error");
}

static inline void l2tpc_gtk_box_add(GtkWidget *box, GtkWidget *child)
{
	gtk_box_pack_start(GTK_BOX(box), child, true, true, 0);
}

static inline GtkWindow *l2tpc_gtk_toplevel(GtkWidget *widget)
{
	GtkWidget *top = gtk_widget_get_toplevel(widget);

	return GTK_IS_WINDOW(top) ? GTK_WINDOW(top) : NULL;
}

static inline void l2tpc_gtk_destroy_window(GtkWidget *window)
{
	gtk_widget_destroy(window);
}

static inline void l2tpc_gtk_show(GtkWidget *widget)
{
	gtk_widget_show_all(widget);
}

/* A row the editor hides or shows by state: nm-connection-editor's gtk_widget_show_all() on
 * the page must not show it again. */
static inline void l2tpc_gtk_set_shown(GtkWidget *widget, bool shown)
{
	gtk_widget_set_no_show_all(widget, true);
	gtk_widget_set_visible(widget, shown);
}

static inline void l2tpc_gtk_children_add(GtkWidget *child, gpointer list)
{
	*(GList **)list = g_list_prepend(*(GList **)list, child);
}

static inline void l2tpc_gtk_label_set_wrap(GtkWidget *label)
{
	gtk_label_set_line_wrap(GTK_LABEL(label), true);
	gtk_label_set_line_wrap_mode(GTK_LABEL(label), PANGO_WRAP_WORD_CHAR);
}

static inline void l2tpc_gtk_grid_position(GtkWidget *grid, GtkWidget *child, int *left, int *top,
					   int *width)
{
	gtk_container_child_get(GTK_CONTAINER(grid), child, "left-attach", left, "top-attach", top,
				"width", width, NULL);
}

#endif

/* The children of @widget, internal ones included; free the list with g_list_free(). */
static inline GList *l2tpc_gtk_children(GtkWidget *widget)
{
#if GTK_CHECK_VERSION(4, 0, 0)
	GList *list = NULL;

	for (GtkWidget *c = gtk_widget_get_last_child(widget); c;
	     c = gtk_widget_get_prev_sibling(c))
		list = g_list_prepend(list, c);
	return list;
#else
	GList *list = NULL;

	gtk_container_forall(GTK_CONTAINER(widget), l2tpc_gtk_children_add, &list);
	return g_list_reverse(list);
#endif
}

/* Closing an advanced dialog hides it: it holds its widgets for the editor's lifetime. */
static inline void l2tpc_gtk_window_hide_on_close(GtkWidget *window)
{
#if GTK_CHECK_VERSION(4, 0, 0)
	gtk_window_set_hide_on_close(GTK_WINDOW(window), true);
#else
	g_signal_connect(window, "delete-event", G_CALLBACK(gtk_widget_hide_on_delete), NULL);
#endif
}

/* A copy of the widget's tooltip (GTK3 returns a copy, GTK4 its own string). */
static inline char *l2tpc_gtk_dup_tooltip(GtkWidget *widget)
{
#if GTK_CHECK_VERSION(4, 0, 0)
	return g_strdup(gtk_widget_get_tooltip_text(widget));
#else
	return gtk_widget_get_tooltip_text(widget);
#endif
}
