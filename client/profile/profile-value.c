// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * profile-value: checks and converts one value for one key (the single validator behind the
 * parser, l2tpc_profile_set() and the editors' per-field checks).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec-proposals.h"
#include "profile-private.h"
#include "l2tpc-i18n.h"

#define ECHO_MAX 64 /* characters of a bad value quoted in a sentence */

void l2tpc_profile_value_secret_free(char *s)
{
	if (!s)
		return;
	explicit_bzero(s, strlen(s));
	g_free(s);
}

void l2tpc_profile_value_warn(GPtrArray *warnings, const char *fmt, ...)
{
	va_list ap;

	if (!warnings)
		return;
	va_start(ap, fmt);
	g_ptr_array_add(warnings, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

void l2tpc_profile_value_clear(struct l2tpc_profile_value *v)
{
	if (v->key && v->key->type == L2TPC_PROFILE_KEY_SECRET)
		l2tpc_profile_value_secret_free(v->str);
	else
		g_free(v->str);
	memset(v, 0, sizeof(*v));
}

char *l2tpc_profile_value_echo(const char *text)
{
	bool utf8 = g_utf8_validate(text, -1, NULL);
	GString *out = g_string_new(NULL);
	glong chars = 0;

	/* Control bytes (and any byte of text that is not UTF-8) are shown as \xNN so a sentence
	 * stays one printable line; long values are cut. */
	for (const char *c = text; *c; chars++) {
		unsigned char b = (unsigned char)*c;

		if (chars == ECHO_MAX) {
			g_string_append(out, "...");
			break;
		}
		if (b < 0x20 || b == 0x7f || (!utf8 && b >= 0x80)) {
			g_string_append_printf(out, "\\x%02x", b);
			c++;
		} else if (b == '\\') {
			g_string_append(out, "\\\\");
			c++;
		} else if (b < 0x80) {
			g_string_append_c(out, (char)b);
			c++;
		} else {
			const char *next = g_utf8_next_char(c);

			g_string_append_len(out, c, next - c);
			c = next;
		}
	}
	return g_string_free(out, FALSE);
}

char *l2tpc_profile_value_strip(const struct l2tpc_profile_key *k, const char *text)
{
	if (k->type == L2TPC_PROFILE_KEY_SECRET)
		return g_strdup(text);
	return g_strstrip(g_strdup(text));
}

static int profile_value_reject(const struct l2tpc_profile_key *k, const char *text,
				char **sentence)
{
	g_autofree char *allowed = l2tpc_profile_keys_allowed_text(k);

	if (!sentence)
		return -EINVAL;
	if (k->type == L2TPC_PROFILE_KEY_SECRET) {
		*sentence = g_strdup_printf(_("%s is not valid: %s takes %s and no control "
					      "characters."),
					    k->name, k->name, allowed);
	} else {
		g_autofree char *echo = l2tpc_profile_value_echo(text);

		*sentence = g_strdup_printf(_("%s=%s is not valid: %s takes %s."), k->name, echo,
					    k->name, allowed);
	}
	return -EINVAL;
}

static bool profile_value_has_control(const char *s)
{
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c < 0x20 || *c == 0x7f)
			return true;
	}
	return false;
}

/* One line of valid UTF-8 text of at most max characters. */
static bool profile_value_text_ok(const char *s, unsigned max)
{
	return g_utf8_validate(s, -1, NULL) && !profile_value_has_control(s) &&
	       g_utf8_strlen(s, -1) <= (glong)max;
}

static bool profile_value_parse_uint(const char *s, unsigned *out)
{
	unsigned long long v;
	size_t n = strlen(s);

	if (n == 0 || n > 10 || strspn(s, "0123456789") != n)
		return false;
	v = strtoull(s, NULL, 10);
	if (v > G_MAXUINT)
		return false;
	*out = (unsigned)v;
	return true;
}

static bool profile_value_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "yes", "true", "1", "on" };
	static const char *const no[] = { "no", "false", "0", "off" };

	for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
		if (g_ascii_strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (g_ascii_strcasecmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* RFC 1123 host name: dot-separated labels of letters, digits, '-' (and '_', seen in the
 * wild), no label starting or ending with '-', and a last label that is not all digits (so a
 * mistyped address like 10.0.0.300 is not taken for a name). */
static bool profile_value_hostname_ok(const char *s)
{
	g_auto(GStrv) labels = NULL;
	size_t n = strlen(s), count;

	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 0 || n > 253)
		return false;
	g_autofree char *name = g_strndup(s, n);
	labels = g_strsplit(name, ".", -1);
	count = g_strv_length(labels);
	for (size_t i = 0; i < count; i++) {
		const char *l = labels[i];
		size_t len = strlen(l);

		if (len == 0 || len > 63 || l[0] == '-' || l[len - 1] == '-')
			return false;
		for (size_t j = 0; j < len; j++) {
			if (!g_ascii_isalnum(l[j]) && l[j] != '-' && l[j] != '_')
				return false;
		}
	}
	return strspn(labels[count - 1], "0123456789") != strlen(labels[count - 1]);
}

/* Stores the host in out->str without [brackets]; names in Unicode become their ASCII form. */
static bool profile_value_host(const char *s, struct l2tpc_profile_value *out)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		g_autofree char *inner = g_strndup(s + 1, n - 2);
		struct in6_addr a6;

		if (inet_pton(AF_INET6, inner, &a6) != 1)
			return false;
		out->str = g_steal_pointer(&inner);
		return true;
	}
	if (g_hostname_is_ip_address(s)) {
		out->str = g_strdup(s);
		return true;
	}
	if (!g_utf8_validate(s, -1, NULL) || profile_value_has_control(s))
		return false;
	if (g_hostname_is_non_ascii(s)) {
		g_autofree char *ascii = g_hostname_to_ascii(s);

		if (!ascii || !profile_value_hostname_ok(ascii))
			return false;
		out->str = g_steal_pointer(&ascii);
		return true;
	}
	if (!profile_value_hostname_ok(s))
		return false;
	out->str = g_strdup(s);
	return true;
}

/* Anything ipsec-proposals can turn into charon's syntax: strongSwan's, with ipsec.conf's
 * trailing '!', or libreswan's ("aes256-sha1;modp1024", "aes128-sha2_256"). */
static bool profile_value_proposals_ok(const struct l2tpc_profile_key *k, const char *s)
{
	g_autofree char *norm = NULL;
	enum ipsec_proposals_kind kind = l2tpc_profile_keys_proposals_kind(k);

	return *s && strlen(s) <= k->max && ipsec_proposals_normalize(s, kind, &norm, NULL) == 0;
}

int l2tpc_profile_value_parse(const struct l2tpc_profile_key *k, const char *text,
			      struct l2tpc_profile_value *out, char **sentence)
{
	memset(out, 0, sizeof(*out));
	out->key = k;

	switch (k->type) {
	case L2TPC_PROFILE_KEY_STRING:
	case L2TPC_PROFILE_KEY_IDENTITY:
		if (!profile_value_text_ok(text, k->max))
			return profile_value_reject(k, text, sentence);
		out->str = g_strdup(text);
		return 0;
	case L2TPC_PROFILE_KEY_SECRET:
		/* Bytes as they are (pppd takes any), but one line and bounded. */
		if (profile_value_has_control(text) || strlen(text) > k->max)
			return profile_value_reject(k, text, sentence);
		out->str = g_strdup(text);
		return 0;
	case L2TPC_PROFILE_KEY_BOOL:
		if (!profile_value_parse_bool(text, &out->b))
			return profile_value_reject(k, text, sentence);
		return 0;
	case L2TPC_PROFILE_KEY_UINT:
	case L2TPC_PROFILE_KEY_FLAGS:
		if (!profile_value_parse_uint(text, &out->u))
			return profile_value_reject(k, text, sentence);
		if (out->u == 0 && (k->flags & L2TPC_PROFILE_KEY_F_ZERO_OFF))
			return 0;
		if (out->u < k->min || out->u > k->max)
			return profile_value_reject(k, text, sentence);
		return 0;
	case L2TPC_PROFILE_KEY_ENUM:
		for (int i = 0; k->values[i]; i++) {
			if (g_ascii_strcasecmp(text, k->values[i]) == 0) {
				out->idx = i;
				return 0;
			}
		}
		return profile_value_reject(k, text, sentence);
	case L2TPC_PROFILE_KEY_PROPOSALS:
		if (!profile_value_proposals_ok(k, text))
			return profile_value_reject(k, text, sentence);
		out->str = g_strdup(text);
		return 0;
	case L2TPC_PROFILE_KEY_FILE:
		if (text[0] != '/' || strlen(text) > k->max || profile_value_has_control(text))
			return profile_value_reject(k, text, sentence);
		out->str = g_strdup(text);
		return 0;
	case L2TPC_PROFILE_KEY_HOST:
		if (strlen(text) > k->max || !profile_value_host(text, out))
			return profile_value_reject(k, text, sentence);
		return 0;
	case L2TPC_PROFILE_KEY_IPV4: {
		struct in_addr a4;

		if (inet_pton(AF_INET, text, &a4) != 1)
			return profile_value_reject(k, text, sentence);
		out->str = g_strdup(text);
		return 0;
	}
	}
	return profile_value_reject(k, text, sentence);
}

bool l2tpc_profile_value_validate(const char *key, const char *value, char **sentence)
{
	const struct l2tpc_profile_key *k = l2tpc_profile_keys_lookup(key);
	struct l2tpc_profile_value v;
	g_autofree char *text = NULL;
	int r;

	if (!k) {
		if (sentence) {
			g_autofree char *echo = l2tpc_profile_value_echo(key ? key : "");

			*sentence =
				g_strdup_printf(_("%s is not a key l2tpc knows: 'man 5 l2tpc.conf' "
						  "lists them."),
						echo);
		}
		return false;
	}
	text = l2tpc_profile_value_strip(k, value ? value : "");
	if (!text[0]) {
		if (!(k->flags & L2TPC_PROFILE_KEY_F_REQUIRED))
			return true;
		if (sentence) {
			g_autofree char *allowed = l2tpc_profile_keys_allowed_text(k);

			*sentence = g_strdup_printf(_("%s is empty: %s takes %s."), k->name,
						    k->name, allowed);
		}
		return false;
	}
	r = l2tpc_profile_value_parse(k, text, &v, sentence);
	l2tpc_profile_value_clear(&v);
	if (k->type == L2TPC_PROFILE_KEY_SECRET)
		explicit_bzero(text, strlen(text));
	return r == 0;
}
