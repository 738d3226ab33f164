// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nm-l2tpc-auth-dialog: asks the user for an l2tpc connection's secrets on behalf of a
 * NetworkManager secret agent (nm-applet, GNOME Shell, nm-connection-editor).
 *
 * The agent runs us with -u UUID -n NAME -s SERVICE [-i] [-r] [-t HINT]... and writes the
 * connection's data items and known secrets on stdin (DATA_KEY=/DATA_VAL=, SECRET_KEY=/
 * SECRET_VAL=, DONE). Which secrets to ask for: the service's hints when there are any (they
 * name exactly what is missing), otherwise what the profile says is missing (its secret flags:
 * agent-owned and not-saved are asked for, not-required never). An agent-owned secret the agent
 * did not send is looked up in the user's keyring first, as NetworkManager-l2tp does
 * (nm-l2tpc-auth-keyring.c). The service's hint x-l2tpc-ask-again says the server refused the
 * hinted secrets: they are asked for, empty, whatever the agent or the keyring has (the refused
 * value); its x-vpn-message says why. With --external-ui-mode we only describe the fields as a
 * keyfile on stdout and GNOME Shell draws them; otherwise a window (GTK3 or GTK4,
 * nm-l2tpc-auth-ui.c) asks, with every secret hidden until the user ticks "Show secrets". Answers
 * go to stdout as "key\nvalue\n" pairs ended by an empty line; we then wait for the agent's QUIT.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <NetworkManager.h>
#include <glib/gi18n-lib.h>

#include "nm-l2tpc-auth-dialog.h"
#include "nm-l2tpc-reprompt.h"
#include "profile.h"

#define AUTH_DIALOG_HINT_MESSAGE "x-vpn-message:"

static const struct {
	const char *key, *label;
} auth_dialog_labels[] = {
	{ "password", N_("Password") },
	{ "ipsec-psk", N_("IPsec pre-shared key") },
	{ "machine-certpass", N_("Machine certificate password") },
	{ "user-certpass", N_("User certificate password") },
	{ "l2tp-secret", N_("L2TP tunnel secret") },
};

static const char *auth_dialog_label(const char *key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(auth_dialog_labels); i++)
		if (strcmp(auth_dialog_labels[i].key, key) == 0)
			return auth_dialog_labels[i].label;
	return NULL;
}

/* The secrets this connection needs given its data items, as l2tpc_profile_missing_secrets()
 * sees them with no secret known (so a reprompt asks for all of them). */
static char **auth_dialog_needed(GHashTable *data)
{
	g_autoptr(l2tpc_profile) p = l2tpc_profile_new();
	GHashTableIter it;
	gpointer k, v;

	g_hash_table_iter_init(&it, data);
	while (g_hash_table_iter_next(&it, &k, &v))
		l2tpc_profile_set(p, k, v, NULL); /* bad values are the service's to report */
	return l2tpc_profile_missing_secrets(p);
}

/* An agent-owned secret the agent did not send may be in the user's keyring; not-saved and
 * not-required ones never are. */
static char *auth_dialog_from_keyring(GHashTable *data, const char *uuid, const char *key)
{
	g_autofree char *flags_key = g_strconcat(key, "-flags", NULL);
	const char *flags = g_hash_table_lookup(data, flags_key);
	guint64 f = flags ? g_ascii_strtoull(flags, NULL, 10) : 0;

	if (f & (NM_SETTING_SECRET_FLAG_NOT_SAVED | NM_SETTING_SECRET_FLAG_NOT_REQUIRED))
		return NULL;
	return nm_l2tpc_auth_keyring_lookup(uuid, key);
}

static GPtrArray *auth_dialog_plan(GHashTable *data, GHashTable *secrets, const char *uuid,
				   char **hints, bool reprompt, char **message)
{
	GPtrArray *plan = g_ptr_array_new();
	g_auto(GStrv) needed = NULL;
	g_autoptr(GPtrArray) keys = g_ptr_array_new();
	bool refused = false, hints_named;

	for (char **h = hints; h && *h; h++) {
		if (strcmp(*h, NM_L2TPC_REPROMPT_HINT) == 0) {
			refused = true;
		} else if (g_str_has_prefix(*h, AUTH_DIALOG_HINT_MESSAGE)) {
			g_free(*message);
			*message = g_strdup(*h + strlen(AUTH_DIALOG_HINT_MESSAGE));
		} else if (auth_dialog_label(*h)) {
			g_ptr_array_add(keys, *h);
		}
	}
	hints_named = keys->len > 0;
	if (!hints_named) {
		needed = auth_dialog_needed(data);
		for (char **n = needed; *n; n++)
			g_ptr_array_add(keys, *n);
	}
	for (guint i = 0; i < keys->len; i++) {
		struct auth_dialog_secret *s = g_new0(struct auth_dialog_secret, 1);
		const char *have = g_hash_table_lookup(secrets, keys->pdata[i]);

		/* Every key here has a label: hints were filtered, and the profile only
		 * names the secrets of the table. */
		for (size_t j = 0; j < G_N_ELEMENTS(auth_dialog_labels); j++) {
			if (strcmp(auth_dialog_labels[j].key, keys->pdata[i]) == 0) {
				s->key = auth_dialog_labels[j].key;
				s->label = _(auth_dialog_labels[j].label);
			}
		}
		if (refused && hints_named)
			s->value = NULL; /* the server refused what the agent has */
		else if (have && *have)
			s->value = g_strdup(have);
		else
			s->value = auth_dialog_from_keyring(data, uuid, keys->pdata[i]);
		if (!s->value)
			s->value = g_strdup("");
		s->should_ask = reprompt || !*s->value;
		g_ptr_array_add(plan, s);
	}
	return plan;
}

static void auth_dialog_secret_free(gpointer data)
{
	struct auth_dialog_secret *s = data;

	if (s->value)
		explicit_bzero(s->value, strlen(s->value));
	g_free(s->value);
	g_free(s);
}

/* GNOME Shell's external UI: describe the fields, draw nothing. */
static void auth_dialog_external(GPtrArray *plan, const char *name, const char *message)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autofree char *desc = NULL, *text = NULL;
	gsize len = 0;

	desc = message ? g_strdup(message)
		       : g_strdup_printf(_("The L2TP/IPsec VPN “%s” needs these to connect."),
					 name);
	g_key_file_set_integer(kf, "VPN Plugin UI", "Version", 2);
	g_key_file_set_string(kf, "VPN Plugin UI", "Description", desc);
	g_key_file_set_string(kf, "VPN Plugin UI", "Title", _("Authenticate VPN"));
	for (guint i = 0; i < plan->len; i++) {
		struct auth_dialog_secret *s = plan->pdata[i];

		g_key_file_set_string(kf, s->key, "Value", s->value);
		g_key_file_set_string(kf, s->key, "Label", s->label);
		g_key_file_set_boolean(kf, s->key, "IsSecret", TRUE);
		g_key_file_set_boolean(kf, s->key, "ShouldAsk", s->should_ask);
	}
	text = g_key_file_to_data(kf, &len, NULL);
	fwrite(text, 1, len, stdout);
	fflush(stdout);
	explicit_bzero(text, len);
}

/* The agent reads "key\nvalue\n" pairs up to an empty line, then says QUIT. */
static void auth_dialog_answer(GPtrArray *plan)
{
	char line[64];

	for (guint i = 0; i < plan->len; i++) {
		struct auth_dialog_secret *s = plan->pdata[i];

		if (*s->value)
			printf("%s\n%s\n", s->key, s->value);
	}
	printf("\n\n");
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin))
		if (strncmp(line, "QUIT", 4) == 0)
			break;
}

static void auth_dialog_make_utf8(char **s)
{
	char *valid;

	if (g_utf8_validate(*s, -1, NULL))
		return;
	valid = g_utf8_make_valid(*s, -1);
	g_free(*s);
	*s = valid;
}

int main(int argc, char **argv)
{
	g_autofree char *uuid = NULL, *name = NULL, *service = NULL, *message = NULL;
	g_auto(GStrv) hints = NULL;
	gboolean allow_interaction = FALSE, reprompt = FALSE, external = FALSE;
	GOptionEntry entries[] = {
		{ "uuid", 'u', 0, G_OPTION_ARG_STRING, &uuid, N_("UUID of the connection"),
		  N_("UUID") },
		/* FILENAME: GLib takes it byte for byte; STRING would convert it from the locale's
		 * charset, which fails on a UTF-8 name or x-vpn-message hint in a C locale. */
		{ "name", 'n', 0, G_OPTION_ARG_FILENAME, &name, N_("Name of the connection"),
		  N_("NAME") },
		{ "service", 's', 0, G_OPTION_ARG_STRING, &service, N_("VPN service type"),
		  N_("NAME") },
		{ "allow-interaction", 'i', 0, G_OPTION_ARG_NONE, &allow_interaction,
		  N_("The user may be asked"), NULL },
		{ "reprompt", 'r', 0, G_OPTION_ARG_NONE, &reprompt,
		  N_("Ask again for every secret"), NULL },
		{ "hint", 't', 0, G_OPTION_ARG_FILENAME_ARRAY, &hints, N_("A secret to ask for"),
		  N_("KEY") },
		{ "external-ui-mode", 0, 0, G_OPTION_ARG_NONE, &external,
		  N_("Describe the fields for the caller to draw"), NULL },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = NULL;
	g_autoptr(GError) err = NULL;
	g_autoptr(GHashTable) data = NULL, secrets = NULL;
	g_autoptr(GPtrArray) plan = NULL;
	bool any_ask = false;
	const char *localedir = g_getenv("L2TPC_LOCALEDIR");

	/* L2TPC_LOCALEDIR, as for l2tpc: the tests read the build tree's catalogs. */
	setlocale(LC_ALL, "");
	bindtextdomain(GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	ctx = g_option_context_new(_("- l2tpc VPN secrets"));
	g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		fprintf(stderr,
			_("nm-l2tpc-auth-dialog: %s: NetworkManager's secret agents run "
			  "this program; see --help.\n"),
			err->message);
		return 1;
	}
	if (!uuid || !name || g_strcmp0(service, L2TPC_PROFILE_NM_SERVICE_L2TPC) != 0) {
		fprintf(stderr,
			_("nm-l2tpc-auth-dialog: give -u UUID -n NAME -s %s (the agent "
			  "passes them).\n"),
			L2TPC_PROFILE_NM_SERVICE_L2TPC);
		return 1;
	}
	/* Taken byte for byte (above): whatever is not UTF-8 is replaced, never passed on. */
	auth_dialog_make_utf8(&name);
	for (char **h = hints; h && *h; h++)
		auth_dialog_make_utf8(h);
	if (!nm_vpn_service_plugin_read_vpn_details(STDIN_FILENO, &data, &secrets)) {
		fprintf(stderr, _("nm-l2tpc-auth-dialog: the connection details on stdin were cut "
				  "short or malformed; the agent must end them with DONE.\n"));
		return 1;
	}
	plan = auth_dialog_plan(data, secrets, uuid, hints, reprompt, &message);
	g_ptr_array_set_free_func(plan, auth_dialog_secret_free);
	for (guint i = 0; i < plan->len; i++)
		any_ask |= ((struct auth_dialog_secret *)plan->pdata[i])->should_ask;

	if (external) {
		auth_dialog_external(plan, name, message);
		return 0;
	}
	if (any_ask && allow_interaction) {
		if (!nm_l2tpc_auth_ui_init(&argc, &argv)) {
			fprintf(stderr,
				_("nm-l2tpc-auth-dialog: no display to ask on; connect "
				  "with 'nmcli --ask connection up \"%s\"' instead.\n"),
				name);
			return 1;
		}
		if (!nm_l2tpc_auth_ui_run(plan, name, message))
			return 1; /* cancelled: the agent reports it */
	}
	auth_dialog_answer(plan);
	return 0;
}
