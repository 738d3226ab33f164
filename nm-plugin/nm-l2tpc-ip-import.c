// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nm-l2tpc-ip-import: see nm-l2tpc-ip-import.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include <glib/gi18n-lib.h>
#include "nm-l2tpc-ip-import.h"

struct ip_import {
	GKeyFile *kf;
	const char *group;
	int family;
	NMSettingIPConfig *s;
	char **sentence;
};

static int ip_import_bad(struct ip_import *im, const char *key, const char *value, const char *why)
{
	/* Translators: "[ipv4] routes value “10.0.0.0/33” is not valid: <reason>; fix it ..." */
	*im->sentence = g_strdup_printf(_("[%s] %s value “%s” is not valid: %s; fix it in the "
					  "file or remove the line."),
					im->group, key, value, why);
	return -EINVAL;
}

/* As ip_import_bad(), for a value that may not be UTF-8. */
static int ip_import_bad_text(struct ip_import *im, const char *key, const char *value,
			      const char *why)
{
	g_autofree char *valid = g_utf8_make_valid(value, -1);

	return ip_import_bad(im, key, valid, why);
}

static int ip_import_bool(struct ip_import *im, const char *key)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *raw = NULL;
	gboolean v;

	if (!g_key_file_has_key(im->kf, im->group, key, NULL))
		return 0;
	v = g_key_file_get_boolean(im->kf, im->group, key, &err);
	if (err) {
		raw = g_key_file_get_value(im->kf, im->group, key, NULL);
		return ip_import_bad(im, key, raw ? raw : "", _("it takes true or false"));
	}
	g_object_set(im->s, key, v, NULL);
	return 0;
}

static int ip_import_method(struct ip_import *im)
{
	static const char *const methods4[] = { "auto",	  "manual",   "link-local",
						"shared", "disabled", NULL };
	static const char *const methods6[] = { "auto",	  "manual",   "link-local", "shared",
						"ignore", "disabled", "dhcp",	    NULL };
	g_autofree char *v = g_key_file_get_string(im->kf, im->group, "method", NULL);

	if (!v)
		return 0;
	if (!g_strv_contains(im->family == AF_INET ? methods4 : methods6, v))
		return ip_import_bad(im, "method", v, _("it is not a NetworkManager IP method"));
	g_object_set(im->s, NM_SETTING_IP_CONFIG_METHOD, v, NULL);
	return 0;
}

static int ip_import_dns(struct ip_import *im)
{
	g_auto(GStrv) list = g_key_file_get_string_list(im->kf, im->group, "dns", NULL, NULL);

	for (char **v = list; v && *v; v++) {
		g_strstrip(*v);
		if (!**v)
			continue;
		if (!nm_utils_ipaddr_valid(im->family, *v))
			return ip_import_bad(im, "dns", *v,
					     im->family == AF_INET
						     ? _("it is not an IPv4 address")
						     : _("it is not an IPv6 address"));
		nm_setting_ip_config_add_dns(im->s, *v);
	}
	return 0;
}

static int ip_import_dns_search(struct ip_import *im)
{
	g_auto(GStrv) list =
		g_key_file_get_string_list(im->kf, im->group, "dns-search", NULL, NULL);

	for (char **v = list; v && *v; v++) {
		g_strstrip(*v);
		if (!**v)
			continue;
		if (!g_utf8_validate(*v, -1, NULL) || strpbrk(*v, " \t,"))
			return ip_import_bad_text(im, "dns-search", *v,
						  _("it is not a domain name"));
		nm_setting_ip_config_add_dns_search(im->s, *v);
	}
	return 0;
}

/* One route: "DEST/PREFIX [via HOP] [metric N]", words separated by blanks. */
static int ip_import_route(struct ip_import *im, const char *text)
{
	g_auto(GStrv) words = g_strsplit_set(text, " \t", -1);
	g_autoptr(GError) err = NULL;
	const char *dest = NULL, *hop = NULL, *slash;
	g_autofree char *addr = NULL;
	gint64 metric = -1;
	guint64 prefix, m;
	NMIPRoute *route;

	for (char **w = words; *w; w++) {
		if (!**w)
			continue;
		if (!dest) {
			dest = *w;
		} else if (strcmp(*w, "via") == 0 && !hop && w[1]) {
			hop = *++w;
		} else if (strcmp(*w, "metric") == 0 && metric < 0 && w[1]) {
			w++;
			if (!g_ascii_string_to_unsigned(*w, 10, 0, G_MAXUINT32, &m, NULL))
				return ip_import_bad(im, "routes", text,
						     _("the metric is not a number"));
			metric = m;
		} else {
			return ip_import_bad(im, "routes", text,
					     _("a route reads DEST/PREFIX [via HOP] [metric N]"));
		}
	}
	slash = dest ? strchr(dest, '/') : NULL;
	if (!slash)
		return ip_import_bad(im, "routes", text, _("the destination has no /PREFIX"));
	addr = g_strndup(dest, slash - dest);
	if (!g_ascii_string_to_unsigned(slash + 1, 10, 0, im->family == AF_INET ? 32 : 128, &prefix,
					NULL))
		return ip_import_bad(im, "routes", text, _("the prefix length is not valid"));
	route = nm_ip_route_new(im->family, addr, prefix, hop, metric, &err);
	if (!route)
		return ip_import_bad(im, "routes", text, err->message);
	nm_setting_ip_config_add_route(im->s, route);
	nm_ip_route_unref(route);
	return 0;
}

static int ip_import_routes(struct ip_import *im)
{
	g_auto(GStrv) list = g_key_file_get_string_list(im->kf, im->group, "routes", NULL, NULL);
	int r;

	for (char **v = list; v && *v; v++) {
		g_strstrip(*v);
		if (!**v)
			continue;
		if (!g_utf8_validate(*v, -1, NULL))
			return ip_import_bad_text(im, "routes", *v, _("it is not text"));
		r = ip_import_route(im, *v);
		if (r < 0)
			return r;
	}
	return 0;
}

static int ip_import_group(GKeyFile *kf, const char *group, int family, NMConnection *c,
			   char **sentence)
{
	struct ip_import im = { kf, group, family, NULL, sentence };
	static const char *const bools[] = { NM_SETTING_IP_CONFIG_IGNORE_AUTO_ROUTES,
					     NM_SETTING_IP_CONFIG_IGNORE_AUTO_DNS,
					     NM_SETTING_IP_CONFIG_NEVER_DEFAULT,
					     NM_SETTING_IP_CONFIG_DHCP_SEND_HOSTNAME };
	int r;

	if (!g_key_file_has_group(kf, group))
		return 0;
	im.s = family == AF_INET ? nm_connection_get_setting_ip4_config(c)
				 : nm_connection_get_setting_ip6_config(c);
	if (!im.s) {
		im.s = NM_SETTING_IP_CONFIG(family == AF_INET ? nm_setting_ip4_config_new()
							      : nm_setting_ip6_config_new());
		nm_connection_add_setting(c, NM_SETTING(im.s));
	}
	if ((r = ip_import_method(&im)) < 0 || (r = ip_import_dns(&im)) < 0 ||
	    (r = ip_import_dns_search(&im)) < 0 || (r = ip_import_routes(&im)) < 0)
		return r;
	/* dhcp-send-hostname: NetworkManager-l2tp keeps it for IPv4 only */
	for (size_t i = 0; i < G_N_ELEMENTS(bools) - (family == AF_INET ? 0 : 1); i++)
		if ((r = ip_import_bool(&im, bools[i])) < 0)
			return r;
	return 0;
}

int nm_l2tpc_ip_import(GKeyFile *kf, NMConnection *c, char **sentence)
{
	/* [ip4]: what NetworkManager-l2tp wrote before it said [ipv4] */
	const char *g4 = g_key_file_has_group(kf, "ipv4") ? "ipv4" : "ip4";
	int r;

	r = ip_import_group(kf, g4, AF_INET, c, sentence);
	if (r < 0)
		return r;
	return ip_import_group(kf, "ipv6", AF_INET6, c, sentence);
}
