/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ui: driving GTK3 and GTK4 widgets alike from a test — finding them by GtkBuilder id, reading
 * and setting entries and check buttons, windows, dialogs and PNG screenshots — so the editor
 * test reads the same for both toolkits.
 */
#pragma once

#include <stdbool.h>

#include <gtk/gtk.h>

#if GTK_CHECK_VERSION(4, 0, 0)
#define TOOLKIT "gtk4"
#else
#define TOOLKIT "gtk3"
#endif

/** The widget under @root with GtkBuilder id @id, or NULL. */
GtkWidget *ui_find_widget(GtkWidget *root, const char *id);
/** The @nth widget (from 0) of type @type_name under @root, or NULL; *@seen counts from 0. */
GtkWidget *ui_find_type(GtkWidget *root, const char *type_name, int nth, int *seen);
/** ui_find_widget(), failing the test when there is none. */
GtkWidget *ui_must_find(GtkWidget *root, const char *id);
/** The text of the entry @id. */
const char *ui_entry_text(GtkWidget *root, const char *id);
/** Sets the text of the entry @id. */
void ui_set_entry(GtkWidget *root, const char *id, const char *text);
/** Whether the check button @id is active. */
bool ui_check_active(GtkWidget *root, const char *id);
/** Sets the check button @id. */
void ui_set_check(GtkWidget *root, const char *id, bool active);
/** Whether the widget @id is marked invalid (the "error" style class). */
bool ui_has_error(GtkWidget *root, const char *id);
/** A shown toplevel window holding @child. */
GtkWidget *ui_window_new(GtkWidget *child, const char *title);
/** Destroys a window from ui_window_new(). */
void ui_window_destroy(GtkWidget *window);
/** Lets the toolkit map, lay out and draw for @ms milliseconds. */
void ui_pump(unsigned ms);
/** Saves @window as SCREENSHOT_DIR/@name-<toolkit>.png. */
void ui_screenshot(GtkWidget *window, const char *name);
/** The shown dialog titled @title; fails the test when there is none. */
GtkWidget *ui_find_dialog(const char *title);
/** Clicks @button under @page and returns the dialog titled @title it opened. */
GtkWidget *ui_open_dialog(GtkWidget *page, const char *button, const char *title);
/** Whether @dialog's OK button can be pressed. */
bool ui_ok_sensitive(GtkWidget *dialog);
