// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpc-editor-fields.c: generic load, store and check over the editor's field table. */
#include "config.h"

#include "l2tpc-editor-fields.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <nma-cert-chooser.h>
#include <nma-ui-utils.h>

#include "l2tpc-editor-validate.h"
#include "profile-keys.h"
#include "l2tpc-gtk-compat.h"

#define MAIN  L2TPC_FIELD_PAGE_MAIN
#define IPSEC L2TPC_FIELD_PAGE_IPSEC
#define PPP   L2TPC_FIELD_PAGE_PPP

const struct l2tpc_field l2tpc_editor_fields[] = {
	{ "gateway", "gateway", L2TPC_FIELD_ENTRY, MAIN },
	{ "user", "user", L2TPC_FIELD_ENTRY, MAIN },
	{ "user-auth-type", "user_auth_type", L2TPC_FIELD_CHOICE, MAIN },
	{ "password", "password", L2TPC_FIELD_SECRET, MAIN },
	{ "user-ca", "user_ca_chooser", L2TPC_FIELD_CERT, MAIN },
	{ "user-cert", "user_cert_chooser", L2TPC_FIELD_CERT, MAIN },
	{ "user-key", "user_cert_chooser", L2TPC_FIELD_CERT_KEY, MAIN },
	{ "user-certpass", "user_cert_chooser", L2TPC_FIELD_CERT_PASS, MAIN },
	{ "domain", "domain", L2TPC_FIELD_ENTRY, MAIN },
	{ "ipsec-enabled", "ipsec_enabled", L2TPC_FIELD_CHECK, MAIN },
	{ "machine-auth-type", "machine_auth_type", L2TPC_FIELD_CHOICE, MAIN },
	{ "ipsec-psk", "ipsec_psk", L2TPC_FIELD_SECRET, MAIN },
	{ "machine-ca", "machine_ca_chooser", L2TPC_FIELD_CERT, MAIN },
	{ "machine-cert", "machine_cert_chooser", L2TPC_FIELD_CERT, MAIN },
	{ "machine-key", "machine_cert_chooser", L2TPC_FIELD_CERT_KEY, MAIN },
	{ "machine-certpass", "machine_cert_chooser", L2TPC_FIELD_CERT_PASS, MAIN },
	{ "ipsec-remote-id", "ipsec_remote_id", L2TPC_FIELD_ENTRY, MAIN },
	{ "ipsec-check-server-name", "ipsec_check_server_name", L2TPC_FIELD_CHECK, MAIN },
	{ "ipsec-local-id", "ipsec_local_id", L2TPC_FIELD_ENTRY, MAIN },
	{ "l2tp-secret", "l2tp_secret", L2TPC_FIELD_SECRET, MAIN },
	{ "l2tp-host-name", "l2tp_host_name", L2TPC_FIELD_ENTRY, MAIN },
	{ "ephemeral-port", "ephemeral_port", L2TPC_FIELD_CHECK, MAIN },
	{ "l2tp-hello-interval", "l2tp_hello_interval", L2TPC_FIELD_ENTRY, MAIN },
	{ "l2tp-retries", "l2tp_retries", L2TPC_FIELD_ENTRY, MAIN },

	/* Proposals have no default in the key table ("unset uses the built-in list"): a line
	 * under each entry shows the lists client/ipsec offers then (l2tpc-editor.c); they are
	 * too long for a placeholder. */
	{ "ipsec-ike", "ipsec_ike", L2TPC_FIELD_ENTRY, IPSEC },
	{ "ipsec-esp", "ipsec_esp", L2TPC_FIELD_ENTRY, IPSEC },
	{ "ipsec-pfs", "ipsec_pfs", L2TPC_FIELD_CHECK, IPSEC },
	{ "ipsec-pfs-group", "ipsec_pfs_group", L2TPC_FIELD_CHOICE, IPSEC },
	{ "ipsec-ipcomp", "ipsec_ipcomp", L2TPC_FIELD_CHECK, IPSEC },
	{ "ipsec-ikelifetime", "ipsec_ikelifetime", L2TPC_FIELD_DURATION, IPSEC },
	{ "ipsec-salifetime", "ipsec_salifetime", L2TPC_FIELD_DURATION, IPSEC },
	{ "ipsec-dpd-delay", "ipsec_dpd_delay", L2TPC_FIELD_ENTRY, IPSEC },
	{ "ipsec-forceencaps", "ipsec_forceencaps", L2TPC_FIELD_CHECK, IPSEC },
	{ "ipsec-ikev2", "ipsec_ikev2", L2TPC_FIELD_CHECK, IPSEC },

	{ "refuse-pap", "allow_pap", L2TPC_FIELD_REFUSE, PPP },
	{ "refuse-chap", "allow_chap", L2TPC_FIELD_REFUSE, PPP },
	{ "refuse-mschap", "allow_mschap", L2TPC_FIELD_REFUSE, PPP },
	{ "refuse-mschapv2", "allow_mschapv2", L2TPC_FIELD_REFUSE, PPP },
	{ "refuse-eap", "allow_eap", L2TPC_FIELD_REFUSE, PPP },
	{ "require-mppe", "require_mppe", L2TPC_FIELD_CHECK, PPP },
	{ "require-mppe-128", "mppe_security", L2TPC_FIELD_FLAG_CHOICE, PPP },
	{ "mppe-stateful", "mppe_stateful", L2TPC_FIELD_CHECK, PPP },
	{ "nobsdcomp", "allow_bsdcomp", L2TPC_FIELD_REFUSE, PPP },
	{ "nodeflate", "allow_deflate", L2TPC_FIELD_REFUSE, PPP },
	{ "no-vj-comp", "allow_vj", L2TPC_FIELD_REFUSE, PPP },
	{ "nopcomp", "allow_pcomp", L2TPC_FIELD_REFUSE, PPP },
	{ "noaccomp", "allow_accomp", L2TPC_FIELD_REFUSE, PPP },
	{ "mtu", "mtu", L2TPC_FIELD_ENTRY, PPP },
	{ "mru", "mru", L2TPC_FIELD_ENTRY, PPP },
	{ "lcp-echo-interval", "lcp_echo_interval", L2TPC_FIELD_ENTRY, PPP },
	{ "lcp-echo-failure", "lcp_echo_failure", L2TPC_FIELD_ENTRY, PPP },
	{ "mrru", "mrru", L2TPC_FIELD_ENTRY, PPP },
	{ "dns", "dns", L2TPC_FIELD_CHECK, PPP },
	{ "ipv6", "ipv6", L2TPC_FIELD_CHECK, PPP },
	{ NULL },
};

static bool fields_on_page(const struct l2tpc_field *f, enum l2tpc_field_page page)
{
	return page == L2TPC_FIELD_PAGE_ALL || f->page == page;
}

static GtkWidget *fields_widget(GtkBuilder *builder, const struct l2tpc_field *f)
{
	GObject *obj = gtk_builder_get_object(builder, f->widget_id);

	g_return_val_if_fail(GTK_IS_WIDGET(obj), NULL);
	return GTK_WIDGET(obj);
}

/* A field the user cannot see or change (PSK while certificates are chosen, the MPPE
 * strength while MPPE is off) is not part of the profile. Only the widgets up to the
 * toplevel count: an advanced dialog that is closed still holds its settings. */
static bool fields_shown(GtkWidget *w)
{
	for (GtkWidget *p = w; p && !GTK_IS_WINDOW(p); p = gtk_widget_get_parent(p))
		if (!gtk_widget_get_visible(p) || !gtk_widget_get_sensitive(p))
			return false;
	return true;
}

static bool fields_is_yes(const char *v)
{
	return v && (g_ascii_strcasecmp(v, "yes") == 0 || g_ascii_strcasecmp(v, "true") == 0 ||
		     strcmp(v, "1") == 0);
}

static const struct l2tpc_profile_key *fields_key(const struct l2tpc_field *f)
{
	const struct l2tpc_profile_key *k = l2tpc_profile_keys_lookup(f->key);

	g_return_val_if_fail(k != NULL, NULL);
	return k;
}

static bool fields_default_on(const struct l2tpc_field *f)
{
	const struct l2tpc_profile_key *k = fields_key(f);

	return k && fields_is_yes(k->def);
}

/* Keys NetworkManager-l2tp reads with another default (ipsec-enabled, refuse-pap) are always
 * written, so the connection means the same to every reader and to later defaults. */
static bool fields_spelt_out(const struct l2tpc_field *f)
{
	const struct l2tpc_profile_key *k = fields_key(f);

	return k && k->nm_default;
}

static void fields_store_bool(NMSettingVpn *s_vpn, const struct l2tpc_field *f, bool shown, bool on)
{
	if (!shown || (on == fields_default_on(f) && !fields_spelt_out(f)))
		nm_setting_vpn_remove_data_item(s_vpn, f->key);
	else
		nm_setting_vpn_add_data_item(s_vpn, f->key, on ? "yes" : "no");
}

/* Numbers show their default; a default of 0 that turns a feature off is left blank. */
static const char *fields_placeholder(const struct l2tpc_field *f)
{
	const struct l2tpc_profile_key *k = fields_key(f);

	if (f->placeholder)
		return f->placeholder;
	if (k && k->type == L2TPC_PROFILE_KEY_UINT && k->def && strcmp(k->def, "0") != 0)
		return k->def;
	return NULL;
}

bool l2tpc_editor_fields_parse_duration(const char *text, unsigned *seconds)
{
	unsigned long parts[3] = { 0 };
	const char *p = text;
	int n = 0;

	while (n < 3) {
		char *end;

		if (!g_ascii_isdigit(*p))
			return false;
		parts[n++] = strtoul(p, &end, 10);
		if (end - p > 5 || (n > 1 && (end - p != 2 || parts[n - 1] > 59)))
			return false;
		p = end;
		if (*p != ':')
			break;
		p++;
	}
	if (*p || n < 2)
		return false;
	*seconds = parts[0] * 3600 + parts[1] * 60 + parts[2];
	return true;
}

char *l2tpc_editor_fields_format_duration(unsigned seconds)
{
	if (seconds % 60)
		return g_strdup_printf("%u:%02u:%02u", seconds / 3600, seconds / 60 % 60,
				       seconds % 60);
	return g_strdup_printf("%u:%02u", seconds / 3600, seconds / 60 % 60);
}

/* A number of seconds from the profile as the entry shows it; other text as it is. */
static char *fields_duration_shown(const char *v)
{
	char *end;
	unsigned long n;

	if (!v || !g_ascii_isdigit(*v))
		return g_strdup(v ? v : "");
	n = strtoul(v, &end, 10);
	return *end || n > G_MAXUINT ? g_strdup(v) : l2tpc_editor_fields_format_duration(n);
}

/* A time's sentence: the key table's range, in the hours:minutes the user typed. */
static char *fields_duration_sentence(const struct l2tpc_field *f)
{
	const struct l2tpc_profile_key *k = fields_key(f);
	g_autofree char *lo = l2tpc_editor_fields_format_duration(k ? k->min : 60);
	g_autofree char *hi = l2tpc_editor_fields_format_duration(k ? k->max : 86400);

	return g_strdup_printf(_("Write the lifetime as hours:minutes from %s to %s, for "
				 "example 1:30."),
			       lo, hi);
}

static bool fields_required(const struct l2tpc_field *f)
{
	const struct l2tpc_profile_key *k = fields_key(f);

	return k && (k->flags & L2TPC_PROFILE_KEY_F_REQUIRED);
}

static NMSettingSecretFlags fields_secret_flags(NMSettingVpn *s_vpn, const char *key)
{
	NMSettingSecretFlags flags = NM_SETTING_SECRET_FLAG_NONE;

	if (s_vpn)
		nm_setting_get_secret_flags(NM_SETTING(s_vpn), key, &flags, NULL);
	return flags;
}

/* The line under a field that says why its value is refused: a row of its own right under
 * the field in a grid, or the last child of the box that holds a certificate chooser. An empty
 * row takes no room in a GtkGrid, so the line costs nothing while it is hidden. */
static void fields_add_error_line(GtkWidget *w)
{
	GtkWidget *parent = gtk_widget_get_parent(w);
	GtkWidget *line;
	int left = 0, top = 0, width = 1;

	if (g_object_get_data(G_OBJECT(w), "l2tpc-error-line") || !parent)
		return;
	line = gtk_label_new(NULL);
	gtk_label_set_xalign(GTK_LABEL(line), 0);
	l2tpc_gtk_label_set_wrap(line);
	gtk_label_set_max_width_chars(GTK_LABEL(line), 40);
	l2tpc_gtk_mark_error(line, true);
	if (GTK_IS_GRID(parent)) {
		l2tpc_gtk_grid_position(parent, w, &left, &top, &width);
		gtk_grid_insert_next_to(GTK_GRID(parent), w, GTK_POS_BOTTOM);
		gtk_grid_attach(GTK_GRID(parent), line, left, top + 1, width, 1);
	} else {
		l2tpc_gtk_box_add(parent, line);
	}
	l2tpc_gtk_set_shown(line, false);
	g_object_set_data(G_OBJECT(w), "l2tpc-error-line", line);
}

/* Fields whose text the validator reads (the others cannot hold a wrong value). */
static bool fields_validated(const struct l2tpc_field *f)
{
	switch (f->kind) {
	case L2TPC_FIELD_ENTRY:
	case L2TPC_FIELD_SECRET:
	case L2TPC_FIELD_DURATION:
	case L2TPC_FIELD_CERT:
	case L2TPC_FIELD_CERT_KEY:
	case L2TPC_FIELD_CERT_PASS:
		return true;
	default:
		return false;
	}
}

void l2tpc_editor_fields_setup(GtkBuilder *builder, NMSettingVpn *s_vpn)
{
	for (const struct l2tpc_field *f = l2tpc_editor_fields; f->key; f++) {
		GtkWidget *w = fields_widget(builder, f);
		NMSetting *setting = s_vpn ? NM_SETTING(s_vpn) : NULL;

		if (fields_validated(f))
			fields_add_error_line(w);
		switch (f->kind) {
		case L2TPC_FIELD_ENTRY:
			if (fields_placeholder(f))
				gtk_entry_set_placeholder_text(GTK_ENTRY(w), fields_placeholder(f));
			break;
		case L2TPC_FIELD_DURATION: {
			g_autofree char *shown = fields_duration_shown(fields_key(f)->def);

			gtk_entry_set_placeholder_text(GTK_ENTRY(w), shown);
			break;
		}
		case L2TPC_FIELD_SECRET:
			nma_utils_setup_password_storage(w, fields_secret_flags(s_vpn, f->key),
							 setting, f->key, false, false);
			break;
		case L2TPC_FIELD_CERT_PASS:
			nma_cert_chooser_setup_key_password_storage(
				NMA_CERT_CHOOSER(w), fields_secret_flags(s_vpn, f->key), setting,
				f->key, false, false);
			break;
		default:
			break;
		}
	}
}

static void fields_load_flag_choice(GtkWidget *combo, NMSettingVpn *s_vpn)
{
	GtkTreeModel *model = gtk_combo_box_get_model(GTK_COMBO_BOX(combo));
	int id_column = gtk_combo_box_get_id_column(GTK_COMBO_BOX(combo));
	GtkTreeIter iter;
	bool more;

	gtk_combo_box_set_active(GTK_COMBO_BOX(combo), 0);
	for (more = gtk_tree_model_get_iter_first(model, &iter); more;
	     more = gtk_tree_model_iter_next(model, &iter)) {
		g_autofree char *id = NULL;

		gtk_tree_model_get(model, &iter, id_column, &id, -1);
		if (id && *id && fields_is_yes(nm_setting_vpn_get_data_item(s_vpn, id)))
			gtk_combo_box_set_active_iter(GTK_COMBO_BOX(combo), &iter);
	}
}

static void fields_store_flag_choice(GtkWidget *combo, NMSettingVpn *s_vpn, bool shown)
{
	GtkTreeModel *model = gtk_combo_box_get_model(GTK_COMBO_BOX(combo));
	int id_column = gtk_combo_box_get_id_column(GTK_COMBO_BOX(combo));
	const char *active = gtk_combo_box_get_active_id(GTK_COMBO_BOX(combo));
	GtkTreeIter iter;
	bool more;

	for (more = gtk_tree_model_get_iter_first(model, &iter); more;
	     more = gtk_tree_model_iter_next(model, &iter)) {
		g_autofree char *id = NULL;

		gtk_tree_model_get(model, &iter, id_column, &id, -1);
		if (id && *id)
			nm_setting_vpn_remove_data_item(s_vpn, id);
	}
	if (shown && active && *active)
		nm_setting_vpn_add_data_item(s_vpn, active, "yes");
}

void l2tpc_editor_fields_load(GtkBuilder *builder, NMSettingVpn *s_vpn, enum l2tpc_field_page page)
{
	for (const struct l2tpc_field *f = l2tpc_editor_fields; f->key; f++) {
		GtkWidget *w = fields_widget(builder, f);
		const char *v;

		if (!fields_on_page(f, page))
			continue;
		v = s_vpn ? nm_setting_vpn_get_data_item(s_vpn, f->key) : NULL;
		switch (f->kind) {
		case L2TPC_FIELD_ENTRY:
			l2tpc_gtk_entry_set_text(w, v ? v : "");
			break;
		case L2TPC_FIELD_DURATION: {
			g_autofree char *shown = fields_duration_shown(v);

			l2tpc_gtk_entry_set_text(w, shown);
			break;
		}
		case L2TPC_FIELD_SECRET:
			v = s_vpn ? nm_setting_vpn_get_secret(s_vpn, f->key) : NULL;
			l2tpc_gtk_entry_set_text(w, v ? v : "");
			break;
		case L2TPC_FIELD_CHECK:
			l2tpc_gtk_check_set_active(w, v ? fields_is_yes(v) : fields_default_on(f));
			break;
		case L2TPC_FIELD_REFUSE:
			l2tpc_gtk_check_set_active(w,
						   v ? !fields_is_yes(v) : !fields_default_on(f));
			break;
		case L2TPC_FIELD_CHOICE:
			if (!v || !gtk_combo_box_set_active_id(GTK_COMBO_BOX(w), v))
				gtk_combo_box_set_active(GTK_COMBO_BOX(w), 0);
			break;
		case L2TPC_FIELD_FLAG_CHOICE:
			if (s_vpn)
				fields_load_flag_choice(w, s_vpn);
			else
				gtk_combo_box_set_active(GTK_COMBO_BOX(w), 0);
			break;
		case L2TPC_FIELD_CERT:
			if (v && *v)
				nma_cert_chooser_set_cert(NMA_CERT_CHOOSER(w), v,
							  NM_SETTING_802_1X_CK_SCHEME_PATH);
			break;
		case L2TPC_FIELD_CERT_KEY:
			if (v && *v)
				nma_cert_chooser_set_key(NMA_CERT_CHOOSER(w), v,
							 NM_SETTING_802_1X_CK_SCHEME_PATH);
			break;
		case L2TPC_FIELD_CERT_PASS:
			v = s_vpn ? nm_setting_vpn_get_secret(s_vpn, f->key) : NULL;
			nma_cert_chooser_set_key_password(NMA_CERT_CHOOSER(w), v ? v : "");
			break;
		}
	}
}

/* The text a field would store, or NULL when it stores no text to validate. */
static char *fields_text(GtkWidget *w, const struct l2tpc_field *f)
{
	NMSetting8021xCKScheme scheme = NM_SETTING_802_1X_CK_SCHEME_UNKNOWN;
	char *path;

	switch (f->kind) {
	case L2TPC_FIELD_ENTRY:
		return g_strstrip(g_strdup(l2tpc_gtk_entry_get_text(w)));
	case L2TPC_FIELD_DURATION: {
		g_autofree char *text = g_strstrip(g_strdup(l2tpc_gtk_entry_get_text(w)));
		unsigned seconds = 0;

		if (!*text)
			return g_strdup("");
		if (!l2tpc_editor_fields_parse_duration(text, &seconds))
			return g_strdup("?"); /* not a time: never a number the validator takes */
		return g_strdup_printf("%u", seconds);
	}
	case L2TPC_FIELD_SECRET:
		return g_strdup(l2tpc_gtk_entry_get_text(w));
	case L2TPC_FIELD_CERT:
		path = nma_cert_chooser_get_cert(NMA_CERT_CHOOSER(w), &scheme);
		break;
	case L2TPC_FIELD_CERT_KEY:
		path = nma_cert_chooser_get_key(NMA_CERT_CHOOSER(w), &scheme);
		break;
	case L2TPC_FIELD_CERT_PASS:
		return g_strdup(nma_cert_chooser_get_key_password(NMA_CERT_CHOOSER(w)));
	default:
		return NULL;
	}
	if (path && scheme != NM_SETTING_802_1X_CK_SCHEME_PATH) {
		/* A PKCS#11 URI: we only take files, the validator says so. */
		char *uri = g_strconcat("pkcs11:", path, NULL);

		g_free(path);
		return uri;
	}
	return path ? path : g_strdup("");
}

static void fields_wipe(char *text)
{
	if (text) {
		explicit_bzero(text, strlen(text));
		g_free(text);
	}
}

/* An invalid field gets the "error" style, the sentence in a line under it and as its tooltip;
 * the tooltip the .ui file gave it comes back once the value is valid. */
static void fields_mark(GtkWidget *w, const char *sentence)
{
	GtkWidget *line = g_object_get_data(G_OBJECT(w), "l2tpc-error-line");

	if (line) {
		gtk_label_set_text(GTK_LABEL(line), sentence ? sentence : "");
		l2tpc_gtk_set_shown(line, sentence != NULL);
	}
	if (!g_object_get_data(G_OBJECT(w), "l2tpc-tooltip")) {
		char *orig = l2tpc_gtk_dup_tooltip(w);

		g_object_set_data_full(G_OBJECT(w), "l2tpc-tooltip", orig ? orig : g_strdup(""),
				       g_free);
	}
	l2tpc_gtk_mark_error(w, sentence != NULL);
	if (sentence) {
		gtk_widget_set_tooltip_text(w, sentence);
	} else {
		const char *orig = g_object_get_data(G_OBJECT(w), "l2tpc-tooltip");

		gtk_widget_set_tooltip_text(w, *orig ? orig : NULL);
	}
}

bool l2tpc_editor_fields_check(GtkBuilder *builder, enum l2tpc_field_page page, char **sentence)
{
	bool all_valid = true;

	for (const struct l2tpc_field *f = l2tpc_editor_fields; f->key; f++) {
		GtkWidget *w = fields_widget(builder, f);
		g_autofree char *why = NULL;
		char *text;
		bool valid = true;

		if (!fields_on_page(f, page))
			continue;
		text = fields_shown(w) ? fields_text(w, f) : NULL;
		if (text && *text && f->kind == L2TPC_FIELD_DURATION &&
		    !l2tpc_editor_validate(f->key, text, NULL)) {
			valid = false;
			why = fields_duration_sentence(f);
		} else if (text && *text) {
			valid = l2tpc_editor_validate(f->key, text, &why);
		} else if (text && fields_required(f))
			valid = l2tpc_editor_validate_missing(f->key, &why);
		fields_wipe(text);
		/* Several rows share one certificate chooser: keep its first error mark. */
		if (f->kind != L2TPC_FIELD_CERT_KEY && f->kind != L2TPC_FIELD_CERT_PASS)
			fields_mark(w, valid ? NULL : why);
		else if (!valid)
			fields_mark(w, why);
		if (!valid && all_valid && sentence)
			*sentence = g_steal_pointer(&why);
		all_valid = all_valid && valid;
	}
	return all_valid;
}

static void fields_store_text(NMSettingVpn *s_vpn, const char *key, const char *text)
{
	if (text && *text)
		nm_setting_vpn_add_data_item(s_vpn, key, text);
	else
		nm_setting_vpn_remove_data_item(s_vpn, key);
}

static void fields_store_secret(NMSettingVpn *s_vpn, const char *key, const char *text,
				NMSettingSecretFlags flags, bool shown)
{
	nm_setting_set_secret_flags(NM_SETTING(s_vpn), key, flags, NULL);
	/* "Ask every time" and "not required" keep the secret out of the profile. */
	if (shown && text && *text &&
	    !(flags & (NM_SETTING_SECRET_FLAG_NOT_SAVED | NM_SETTING_SECRET_FLAG_NOT_REQUIRED)))
		nm_setting_vpn_add_secret(s_vpn, key, text);
	else
		nm_setting_vpn_remove_secret(s_vpn, key);
}

/* A choice is written, default included, for keys NetworkManager-l2tp reads too (so both
 * read the same); an l2tpc-only key at its default is left out, as a check box's is. */
static void fields_store_choice(NMSettingVpn *s_vpn, const struct l2tpc_field *f,
				const char *active)
{
	const struct l2tpc_profile_key *k = fields_key(f);

	if (k && !(k->flags & L2TPC_PROFILE_KEY_F_NM) && g_strcmp0(active, k->def) == 0)
		active = NULL;
	fields_store_text(s_vpn, f->key, active);
}

void l2tpc_editor_fields_store(GtkBuilder *builder, NMSettingVpn *s_vpn, enum l2tpc_field_page page)
{
	for (const struct l2tpc_field *f = l2tpc_editor_fields; f->key; f++) {
		GtkWidget *w = fields_widget(builder, f);
		bool shown = fields_shown(w);
		char *text = NULL;

		if (!fields_on_page(f, page))
			continue;
		switch (f->kind) {
		case L2TPC_FIELD_ENTRY:
		case L2TPC_FIELD_DURATION:
		case L2TPC_FIELD_CERT:
		case L2TPC_FIELD_CERT_KEY:
			text = shown ? fields_text(w, f) : NULL;
			fields_store_text(s_vpn, f->key, text);
			g_free(text);
			break;
		case L2TPC_FIELD_SECRET:
			text = fields_text(w, f);
			fields_store_secret(s_vpn, f->key, text, nma_utils_menu_to_secret_flags(w),
					    shown);
			fields_wipe(text);
			break;
		case L2TPC_FIELD_CERT_PASS:
			text = fields_text(w, f);
			fields_store_secret(
				s_vpn, f->key, text,
				nma_cert_chooser_get_key_password_flags(NMA_CERT_CHOOSER(w)),
				shown);
			fields_wipe(text);
			break;
		case L2TPC_FIELD_CHECK:
			fields_store_bool(s_vpn, f, shown, l2tpc_gtk_check_get_active(w));
			break;
		case L2TPC_FIELD_REFUSE:
			fields_store_bool(s_vpn, f, shown, !l2tpc_gtk_check_get_active(w));
			break;
		case L2TPC_FIELD_CHOICE:
			fields_store_choice(s_vpn, f,
					    shown ? gtk_combo_box_get_active_id(GTK_COMBO_BOX(w))
						  : NULL);
			break;
		case L2TPC_FIELD_FLAG_CHOICE:
			fields_store_flag_choice(w, s_vpn, shown);
			break;
		}
	}
}

static const char *fields_signal(enum l2tpc_field_kind kind)
{
	switch (kind) {
	case L2TPC_FIELD_CHECK:
	case L2TPC_FIELD_REFUSE:
		return "toggled";
	default:
		return "changed";
	}
}

void l2tpc_editor_fields_foreach_widget(GtkBuilder *builder,
					void (*fn)(GObject *widget, const char *signal,
						   void *user_data),
					void *user_data)
{
	for (const struct l2tpc_field *f = l2tpc_editor_fields; f->key; f++) {
		GtkWidget *w = fields_widget(builder, f);
		bool seen = false;

		/* Rows that share a widget (the certificate chooser) report it once. */
		for (const struct l2tpc_field *p = l2tpc_editor_fields; p < f; p++)
			seen = seen || strcmp(p->widget_id, f->widget_id) == 0;
		if (!seen)
			fn(G_OBJECT(w), fields_signal(f->kind), user_data);
	}
}
