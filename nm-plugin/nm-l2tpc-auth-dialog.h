/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nm-l2tpc-auth-dialog.h: what the auth dialog's parts share. The program (main, the agent's
 * protocol, which secrets to ask for) is nm-l2tpc-auth-dialog.c; the window, built for GTK3 or
 * GTK4, is nm-l2tpc-auth-ui.c; secrets kept in the user's keyring are looked up by
 * nm-l2tpc-auth-keyring.c.
 */
#pragma once

#include <stdbool.h>

#include <glib.h>

struct auth_dialog_secret {
	const char *key;
	const char *label;
	char *value;	 /* owned; what the agent or the keyring has, or what the user typed */
	bool should_ask; /* the user must (re)type it */
	void *entry;	 /* the window's entry while it is shown */
};

/** Opens the display; false when there is none. */
bool nm_l2tpc_auth_ui_init(int *argc, char ***argv);

/**
 * Asks for the secrets of @plan (struct auth_dialog_secret) whose should_ask is set, in a
 * window headed by the connection's @name and @message (or our own words when NULL); their
 * values are replaced by what was typed. Returns true when the user pressed Connect.
 */
bool nm_l2tpc_auth_ui_run(GPtrArray *plan, const char *name, const char *message);

/**
 * The secret @key of the connection @uuid as GNOME's keyring holds it for NetworkManager
 * (nm-applet and NetworkManager-l2tp store agent-owned VPN secrets there), or NULL when there
 * is none or no keyring answers. Caller wipes and frees.
 */
char *nm_l2tpc_auth_keyring_lookup(const char *uuid, const char *key);
