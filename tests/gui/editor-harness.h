/* SPDX-License-Identifier: GPL-2.0-or-later */
/* editor-harness.h: the editor under test (test-editor*.c, built once per toolkit): the
 * plugin loaded as NetworkManager clients load it, connections, an editor in a window. */
#pragma once

#include <stdbool.h>

#include <NetworkManager.h>
#include <gtk/gtk.h>

#define SERVICE "org.freedesktop.NetworkManager.l2tpc"

extern NMVpnEditorPlugin *plugin;
extern char tmpdir[];

struct fixture {
	NMConnection *connection;
	NMVpnEditor *editor;
	GtkWidget *page;
	GtkWidget *window;
	unsigned changed;
};

/** The profile most cases start from: PSK, a password, a few advanced keys. */
NMConnection *connection_new(void);
/** A connection as "Add VPN" creates one: only the service is named. */
NMConnection *connection_blank(void);
/** Opens the editor for @connection (taken) in a window. */
void fixture_open(struct fixture *fx, NMConnection *connection);
void fixture_close(struct fixture *fx);
/** update_connection() into a fresh *@out; its VPN setting, or NULL and @error. */
NMSettingVpn *save(struct fixture *fx, NMConnection **out, GError **error);
/** Visible on screen: the widget and all its parents are shown. */
bool shown(GtkWidget *root, const char *id);

/** Adds the cases of test-editor-fields.c. */
void editor_fields_tests_add(void);
/** Mnemonics (English only) and placeholders of every page, in the current @language. */
void editor_check_layout(const char *language);
