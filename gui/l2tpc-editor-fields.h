/* l2tpc-editor-fields.h: the table that ties editor widgets to profile keys.
 *
 * Every control of the editor and of its two advanced dialogs is one row here: the
 * profile key it edits, the GtkBuilder id of its widget and how the widget's state maps
 * to the key's value. Defaults, required keys and the rules for values come from the
 * client's profile key table (client/profile/profile-keys.h), so the editor and the client
 * agree. Loading, storing and validating are generic walks over this table; adding a key to
 * the editor is one row plus one widget in l2tpc-editor*.ui.
 */
#pragma once

#include <stdbool.h>

#include <NetworkManager.h>
#include <gtk/gtk.h>

enum l2tpc_field_page {
	L2TPC_FIELD_PAGE_MAIN,
	L2TPC_FIELD_PAGE_IPSEC,
	L2TPC_FIELD_PAGE_PPP,
	L2TPC_FIELD_PAGE_ALL,
};

enum l2tpc_field_kind {
	L2TPC_FIELD_ENTRY,	 /* text; an empty entry removes the key */
	L2TPC_FIELD_SECRET,	 /* password entry with libnma's storage menu; a VPN secret */
	L2TPC_FIELD_CHECK,	 /* "yes"/"no", written when it differs from the default or when
				  * NetworkManager-l2tp's default differs (nm_default) */
	L2TPC_FIELD_REFUSE,	 /* "Allow X" check; unchecked means key=yes, written as CHECK is */
	L2TPC_FIELD_CHOICE,	 /* combo box whose ids are the key's values */
	L2TPC_FIELD_FLAG_CHOICE, /* combo box whose ids are keys that are set to "yes" */
	L2TPC_FIELD_CERT,	 /* NMACertChooser: certificate path */
	L2TPC_FIELD_CERT_KEY,	 /* NMACertChooser: private key path */
	L2TPC_FIELD_CERT_PASS,	 /* NMACertChooser: key password (secret with storage menu) */
	L2TPC_FIELD_DURATION,	 /* seconds shown and typed as hours:minutes */
};

struct l2tpc_field {
	const char *key;
	const char *widget_id;
	enum l2tpc_field_kind kind;
	enum l2tpc_field_page page;
	/* Shown greyed out in an empty entry; NULL: the default of the profile key table. */
	const char *placeholder;
};

/** The table, terminated by a row whose key is NULL. */
extern const struct l2tpc_field l2tpc_editor_fields[];

/** Sets placeholders and the password-storage menus; call once after building the UI. */
void l2tpc_editor_fields_setup(GtkBuilder *builder, NMSettingVpn *s_vpn);

/** Shows the values of @s_vpn (data and secrets) in the widgets of @page. */
void l2tpc_editor_fields_load(GtkBuilder *builder, NMSettingVpn *s_vpn, enum l2tpc_field_page page);

/** Parses "H:MM" (or "H:MM:SS") into seconds; false when @text is not such a time. */
bool l2tpc_editor_fields_parse_duration(const char *text, unsigned *seconds);

/** Formats @seconds as "H:MM" ("H:MM:SS" when not whole minutes); caller frees. */
char *l2tpc_editor_fields_format_duration(unsigned seconds);

/**
 * Checks every shown field of @page with the profile validator and marks invalid ones with
 * the "error" style class and their sentence in a line of text under the field. Returns true when
 * all are valid; otherwise false and, when
 * @sentence is not NULL, the first field's sentence (caller frees).
 */
bool l2tpc_editor_fields_check(GtkBuilder *builder, enum l2tpc_field_page page, char **sentence);

/**
 * Writes the widgets of @page into @s_vpn: keys of fields that are hidden or insensitive,
 * or empty, are removed. Does not validate; call l2tpc_editor_fields_check() first.
 */
void l2tpc_editor_fields_store(GtkBuilder *builder, NMSettingVpn *s_vpn,
			       enum l2tpc_field_page page);

/** Calls @fn(widget, signal-name, user_data) for every field widget, to watch for edits. */
void l2tpc_editor_fields_foreach_widget(GtkBuilder *builder,
					void (*fn)(GObject *widget, const char *signal,
						   void *user_data),
					void *user_data);
