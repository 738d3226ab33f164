// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * profile-keyfile: the profile's keyfile form, NetworkManager's connection layout.
 * Pure: bytes in and out, no file access.
 */
#include <errno.h>
#include <string.h>

#include "profile-private.h"
#include "l2tpc-i18n.h"

#define GROUP_CONNECTION "connection"
#define GROUP_VPN	 "vpn"
#define GROUP_SECRETS	 "vpn-secrets"
#define GROUP_IPV4	 "ipv4"

/* Points at the first line GKeyFile cannot take (not blank, comment, [group] or key=value),
 * so the sentence can name it; 0 when the problem is elsewhere (encoding, escapes). */
static unsigned profile_keyfile_bad_line(const char *data, size_t len)
{
	unsigned line = 1;
	size_t i = 0;

	while (i < len) {
		size_t end = i;

		while (end < len && data[end] != '\n')
			end++;
		size_t s = i;
		while (s < end && (data[s] == ' ' || data[s] == '\t'))
			s++;
		if (s < end && data[s] != '#' && data[s] != '[' && data[s] != '\r' &&
		    !memchr(data + s, '=', end - s))
			return line;
		if (s < end && data[s] == '[' && !memchr(data + s, ']', end - s))
			return line;
		line++;
		i = end + 1;
	}
	return 0;
}

GKeyFile *l2tpc_profile_keyfile_load(const char *data, size_t len, const char *what,
				     char **sentence)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) err = NULL;
	unsigned line;

	/* Never quote GKeyFile's message: it repeats the offending line, which may hold a
	 * secret. */
	if (g_key_file_load_from_data(kf, data ? data : "", len, G_KEY_FILE_NONE, &err))
		return g_steal_pointer(&kf);
	if (!sentence)
		return NULL;
	if (g_error_matches(err, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_UNKNOWN_ENCODING) ||
	    !g_utf8_validate(data ? data : "", (gssize)len, NULL))
		*sentence = g_strdup_printf(_("%s is not UTF-8 text: save it as UTF-8."), what);
	else if ((line = profile_keyfile_bad_line(data, len)) > 0)
		*sentence = g_strdup_printf(_("%s cannot be read as a keyfile: line %u is not a "
					      "[group], a key=value line or a # comment."),
					    what, line);
	else
		*sentence =
			g_strdup_printf(_("%s cannot be read as a keyfile: every line must be a "
					  "[group], a key=value line or a # comment."),
					what);
	return NULL;
}

/* Reads a value with GKeyFile's unescaping; the sentence never quotes the value. */
static char *profile_keyfile_value(GKeyFile *kf, const char *group, const char *key,
				   char **sentence)
{
	g_autoptr(GError) err = NULL;
	char *v = g_key_file_get_string(kf, group, key, &err);

	/* GKeyFile returns the raw text and an error for a bad escape: treat it as bad. */
	if (err && v) {
		l2tpc_profile_value_secret_free(v);
		v = NULL;
	}
	if (!v && sentence)
		*sentence = g_strdup_printf(_("%s in [%s] cannot be read (a bad \\ escape or not "
					      "UTF-8): write a backslash as \\\\."),
					    key, group);
	return v;
}

static bool profile_keyfile_in_group(GKeyFile *kf, const char *group, const char *key)
{
	return key && g_key_file_has_key(kf, group, key, NULL);
}

int l2tpc_profile_keyfile_apply_group(struct l2tpc_profile *p, GKeyFile *kf, const char *group,
				      bool secrets_group, GPtrArray *warnings, char **sentence)
{
	g_auto(GStrv) names = g_key_file_get_keys(kf, group, NULL, NULL);

	if (!names)
		return 0;
	/* Two passes: real keys first, then old names whose key was not given. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; names[i]; i++) {
			const char *name = names[i];
			const struct l2tpc_profile_key *k = l2tpc_profile_keys_lookup(name);
			bool alias = k && k->alias_of;
			char *value;
			int r;

			if (strcmp(name, "service-type") == 0 && !secrets_group)
				continue;
			if (!k) {
				const char *guess = l2tpc_profile_keys_suggest(name);

				if (pass == 0 && guess)
					l2tpc_profile_value_warn(
						warnings,
						_("Unknown key %s in [%s] is ignored; "
						  "if you meant %s, correct its name."),
						name, group, guess);
				else if (pass == 0)
					l2tpc_profile_value_warn(
						warnings,
						_("Unknown key %s in [%s] is ignored; "
						  "'man 5 l2tpc.conf' lists the keys "
						  "l2tpc knows."),
						name, group);
				continue;
			}
			if (alias != (pass == 1))
				continue;
			if (secrets_group && k->type != L2TPC_PROFILE_KEY_SECRET &&
			    strcmp(name, "no-secret") != 0) {
				l2tpc_profile_value_warn(
					warnings,
					_("%s in [%s] is not a secret and is ignored; "
					  "move it to [vpn]."),
					name, group);
				continue;
			}
			/* A secret in both groups: [vpn-secrets] wins. */
			if (!secrets_group && k->type == L2TPC_PROFILE_KEY_SECRET &&
			    profile_keyfile_in_group(kf, GROUP_SECRETS, name))
				continue;
			if (alias && (profile_keyfile_in_group(kf, GROUP_VPN, k->alias_of) ||
				      profile_keyfile_in_group(kf, GROUP_SECRETS, k->alias_of))) {
				l2tpc_profile_value_warn(warnings,
							 _("%s is ignored because %s is also set."),
							 name, k->alias_of);
				continue;
			}
			value = profile_keyfile_value(kf, group, name, sentence);
			if (!value)
				return -EINVAL;
			r = l2tpc_profile_set(p, name, value, sentence);
			if (k->type == L2TPC_PROFILE_KEY_SECRET)
				l2tpc_profile_value_secret_free(value);
			else
				g_free(value);
			if (r < 0)
				return r;
			if (alias)
				l2tpc_profile_value_warn(warnings,
							 _("%s is an old name: write %s instead."),
							 name, k->alias_of);
			else if ((k->flags & L2TPC_PROFILE_KEY_F_IGNORED) &&
				 !(k->flags & L2TPC_PROFILE_KEY_F_QUIET))
				l2tpc_profile_value_warn(
					warnings,
					_("%s has no effect in l2tpc and is ignored; you "
					  "may remove it."),
					name);
		}
	}
	return 0;
}

static int profile_keyfile_connection(struct l2tpc_profile *p, GKeyFile *kf, char **sentence)
{
	g_autofree char *type = NULL;

	if (!g_key_file_has_group(kf, GROUP_CONNECTION))
		return 0;
	if (profile_keyfile_in_group(kf, GROUP_CONNECTION, "type")) {
		type = profile_keyfile_value(kf, GROUP_CONNECTION, "type", sentence);
		if (!type)
			return -EINVAL;
		if (strcmp(type, "vpn") != 0) {
			g_autofree char *echo = l2tpc_profile_value_echo(type);

			*sentence =
				g_strdup_printf(_("This is a %s connection, not a VPN connection: "
						  "[connection] type must be vpn."),
						echo);
			return -EINVAL;
		}
	}
	if (profile_keyfile_in_group(kf, GROUP_CONNECTION, "id") &&
	    !(p->id = profile_keyfile_value(kf, GROUP_CONNECTION, "id", sentence)))
		return -EINVAL;
	if (profile_keyfile_in_group(kf, GROUP_CONNECTION, "uuid") &&
	    !(p->uuid = profile_keyfile_value(kf, GROUP_CONNECTION, "uuid", sentence)))
		return -EINVAL;
	if (p->uuid && !g_uuid_string_is_valid(p->uuid)) {
		g_autofree char *echo = l2tpc_profile_value_echo(p->uuid);

		*sentence =
			g_strdup_printf(_("uuid=%s is not valid: [connection] uuid takes a UUID "
					  "such as 0f6b6b5e-6c1e-4a38-9d0e-6f1f2b7f3c44."),
					echo);
		return -EINVAL;
	}
	return 0;
}

static int profile_keyfile_service_type(struct l2tpc_profile *p, GKeyFile *kf, char **sentence)
{
	if (!profile_keyfile_in_group(kf, GROUP_VPN, "service-type"))
		return 0;
	p->service_type = profile_keyfile_value(kf, GROUP_VPN, "service-type", sentence);
	if (!p->service_type)
		return -EINVAL;
	if (strcmp(p->service_type, L2TPC_PROFILE_NM_SERVICE_L2TP) != 0 &&
	    strcmp(p->service_type, L2TPC_PROFILE_NM_SERVICE_L2TPC) != 0) {
		g_autofree char *echo = l2tpc_profile_value_echo(p->service_type);

		*sentence = g_strdup_printf(_("service-type=%s is not an L2TP VPN: l2tpc reads "
					      "connections of %s."),
					    echo, L2TPC_PROFILE_NM_SERVICE_L2TP);
		return -EINVAL;
	}
	return 0;
}

int l2tpc_profile_keyfile_apply_ipv4(struct l2tpc_profile *p, GKeyFile *kf, const char *group,
				     char **sentence)
{
	if (profile_keyfile_in_group(kf, group, "never-default") &&
	    !profile_keyfile_in_group(kf, GROUP_VPN, "never-default")) {
		g_autofree char *v = profile_keyfile_value(kf, group, "never-default", sentence);

		if (!v || l2tpc_profile_set(p, "never-default", v, sentence) < 0)
			return -EINVAL;
	}
	if (profile_keyfile_in_group(kf, group, "ignore-auto-dns") &&
	    !profile_keyfile_in_group(kf, GROUP_VPN, "dns")) {
		g_autofree char *v = profile_keyfile_value(kf, group, "ignore-auto-dns", sentence);
		const struct l2tpc_profile_key *dns = l2tpc_profile_keys_lookup("dns");
		struct l2tpc_profile_value parsed;

		if (!v)
			return -EINVAL;
		if (l2tpc_profile_value_parse(dns, v, &parsed, NULL) < 0) {
			g_autofree char *echo = l2tpc_profile_value_echo(v);

			*sentence = g_strdup_printf(_("ignore-auto-dns=%s in [%s] is not valid: it "
						      "takes true or false."),
						    echo, group);
			return -EINVAL;
		}
		p->dns = !parsed.b;
	}
	return 0;
}

int l2tpc_profile_keyfile_parse(const char *data, size_t len, struct l2tpc_profile **out,
				GPtrArray *warnings, char **sentence)
{
	g_autoptr(GKeyFile) kf = NULL;
	g_autoptr(l2tpc_profile) p = NULL;
	g_autofree char *local = NULL;
	char **s = sentence ? sentence : &local;
	int r;

	*out = NULL;
	kf = l2tpc_profile_keyfile_load(data, len, "The profile", s);
	if (!kf)
		return -EINVAL;
	if (!g_key_file_has_group(kf, GROUP_VPN)) {
		*s = g_strdup(_("The profile has no [vpn] group: put the connection's keys "
				"(gateway=... and the others) below a [vpn] line."));
		return -EINVAL;
	}
	p = l2tpc_profile_new();
	if ((r = profile_keyfile_connection(p, kf, s)) < 0 ||
	    (r = profile_keyfile_service_type(p, kf, s)) < 0 ||
	    (r = l2tpc_profile_keyfile_apply_group(p, kf, GROUP_VPN, false, warnings, s)) < 0 ||
	    (r = l2tpc_profile_keyfile_apply_group(p, kf, GROUP_SECRETS, true, warnings, s)) < 0 ||
	    (r = l2tpc_profile_keyfile_apply_ipv4(p, kf, GROUP_IPV4, s)) < 0 ||
	    (r = l2tpc_profile_check(p, warnings, s)) < 0)
		return r;
	*out = g_steal_pointer(&p);
	return 0;
}

static bool profile_keyfile_should_write(const struct l2tpc_profile_key *k, const char *value)
{
	if (!value)
		return false;
	/* Our default differs from NetworkManager-l2tp's: write it so both read the same. */
	if (k->nm_default)
		return true;
	return !k->def || strcmp(value, k->def) != 0;
}

char *l2tpc_profile_keyfile_text(const struct l2tpc_profile *p, bool with_secrets, size_t *len)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	size_t n;
	const struct l2tpc_profile_key *keys = l2tpc_profile_keys(&n);
	gsize length = 0;
	char *text;

	if (p->id)
		g_key_file_set_string(kf, GROUP_CONNECTION, "id", p->id);
	if (p->uuid)
		g_key_file_set_string(kf, GROUP_CONNECTION, "uuid", p->uuid);
	g_key_file_set_string(kf, GROUP_CONNECTION, "type", "vpn");
	if (p->service_type)
		g_key_file_set_string(kf, GROUP_VPN, "service-type", p->service_type);
	for (size_t i = 0; i < n; i++) {
		const struct l2tpc_profile_key *k = &keys[i];
		g_autofree char *value = l2tpc_profile_get(p, k->name);

		if (!profile_keyfile_should_write(k, value))
			continue;
		if (k->type == L2TPC_PROFILE_KEY_SECRET) {
			if (with_secrets)
				g_key_file_set_string(kf, GROUP_SECRETS, k->name, value);
			explicit_bzero(value, strlen(value));
		} else if (strcmp(k->group, GROUP_IPV4) == 0) {
			/* NetworkManager writes its own booleans as true/false. */
			g_key_file_set_string(kf, GROUP_IPV4, k->name,
					      strcmp(value, "yes") == 0 ? "true" : "false");
		} else {
			g_key_file_set_string(kf, GROUP_VPN, k->name, value);
		}
	}
	text = g_key_file_to_data(kf, &length, NULL);
	if (len)
		*len = length;
	return text;
}
