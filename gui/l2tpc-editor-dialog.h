/* l2tpc-editor-dialog.h: the editor's advanced dialogs (IPsec, PPP).
 *
 * A dialog wraps one content box (l2tpc-editor-ipsec.ui, l2tpc-editor-ppp.ui). It is built
 * once and only hidden when closed, so its widgets keep the settings; the editor reads them
 * like any other field. OK keeps the edits, Cancel (or closing the window) puts back what was
 * there when it opened.
 */
#pragma once

#include <stdbool.h>

#include <gtk/gtk.h>

#include "l2tpc-editor-fields.h"

struct l2tpc_editor_dialog;

/** Builds the dialog around the object @content_id of @builder (the dialog takes a ref). */
struct l2tpc_editor_dialog *l2tpc_editor_dialog_new(GtkBuilder *builder, const char *content_id,
						    const char *title, enum l2tpc_field_page page);

/** Destroys the window and frees @d; NULL is fine. */
void l2tpc_editor_dialog_free(struct l2tpc_editor_dialog *d);

/** Remembers the current values (for Cancel) and shows the dialog over @parent's window. */
void l2tpc_editor_dialog_present(struct l2tpc_editor_dialog *d, GtkWidget *parent);

/** Lets OK be pressed only while every field of the dialog is valid. */
void l2tpc_editor_dialog_set_valid(struct l2tpc_editor_dialog *d, bool valid);
