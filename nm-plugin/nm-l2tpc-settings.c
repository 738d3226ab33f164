// SPDX-License-Identifier: GPL-2.0-or-later
/* nm-l2tpc-settings: NMConnection -> profile, engine results -> NetworkManager's dictionaries. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "config.h"
#include <glib/gi18n-lib.h>
#include "nm-l2tpc-settings.h"

struct settings_walk {
	struct l2tpc_profile *p;
	GPtrArray *warnings;
	char *sentence; /* the first error */
};

static void settings_apply(struct settings_walk *w, const char *key, const char *value)
{
	g_autofree char *sentence = NULL;
	int ret;

	if (w->sentence)
		return;
	ret = l2tpc_profile_set(w->p, key, value, &sentence);
	if (ret == -ENOENT) {
		if (w->warnings)
			g_ptr_array_add(w->warnings, g_steal_pointer(&sentence));
	} else if (ret < 0) {
		w->sentence = g_steal_pointer(&sentence);
	}
}

static void settings_data_item(const char *key, const char *value, gpointer ud)
{
	/* service-type is NetworkManager's, not a data item a profile stores. */
	if (strcmp(key, "service-type") != 0)
		settings_apply(ud, key, value);
}

static void settings_secret(const char *key, const char *value, gpointer ud)
{
	settings_apply(ud, key, value);
}

int nm_l2tpc_settings_to_profile(NMConnection *connection, struct l2tpc_profile **out,
				 GPtrArray *warnings, char **sentence)
{
	NMSettingVpn *s_vpn = nm_connection_get_setting_vpn(connection);
	NMSettingIPConfig *s_ip4 = nm_connection_get_setting_ip4_config(connection);
	NMSettingIPConfig *s_ip6 = nm_connection_get_setting_ip6_config(connection);
	g_autoptr(l2tpc_profile) p = l2tpc_profile_new();
	struct settings_walk w = { .p = p, .warnings = warnings };
	const char *id = nm_connection_get_id(connection);
	const char *uuid = nm_connection_get_uuid(connection);
	const char *user_name;

	if (!s_vpn) {
		*sentence = g_strdup(_("The connection has no VPN settings: recreate it with "
				       "'nmcli connection add type vpn vpn-type l2tpc ...'."));
		return -EINVAL;
	}
	g_free(p->id);
	p->id = g_strdup(id && *id ? id : "l2tpc");
	g_free(p->uuid);
	p->uuid = g_strdup(uuid);

	nm_setting_vpn_foreach_data_item(s_vpn, settings_data_item, &w);
	nm_setting_vpn_foreach_secret(s_vpn, settings_secret, &w);
	if (w.sentence) {
		*sentence = w.sentence;
		return -EINVAL;
	}
	/* vpn.persistent is NetworkManager's own switch for "stay connected across outages" */
	if (nm_setting_vpn_get_persistent(s_vpn))
		p->persistent = true;
	user_name = nm_setting_vpn_get_user_name(s_vpn);
	if (!p->user && user_name && *user_name)
		settings_apply(&w, "user", user_name);
	if (s_ip4) {
		p->never_default = nm_setting_ip_config_get_never_default(s_ip4);
		if (nm_setting_ip_config_get_ignore_auto_dns(s_ip4))
			p->dns = false;
	}
	if (s_ip6) {
		const char *m = nm_setting_ip_config_get_method(s_ip6);

		if (g_strcmp0(m, NM_SETTING_IP6_CONFIG_METHOD_IGNORE) == 0 ||
		    g_strcmp0(m, NM_SETTING_IP6_CONFIG_METHOD_DISABLED) == 0)
			p->ipv6 = false;
	}
	if (w.sentence) {
		*sentence = w.sentence;
		return -EINVAL;
	}
	if (l2tpc_profile_check(p, warnings, sentence) < 0)
		return -EINVAL;
	*out = g_steal_pointer(&p);
	return 0;
}

NMVpnPluginFailure nm_l2tpc_settings_failure_reason(enum l2tpc_failure_class klass)
{
	switch (klass) {
	case L2TPC_FAILURE_IPSEC_AUTH:
	case L2TPC_FAILURE_PPP_AUTH:
		return NM_VPN_PLUGIN_FAILURE_LOGIN_FAILED;
	case L2TPC_FAILURE_IP_CONFIG:
		return NM_VPN_PLUGIN_FAILURE_BAD_IP_CONFIG;
	default:
		return NM_VPN_PLUGIN_FAILURE_CONNECT_FAILED;
	}
}

const char *nm_l2tpc_settings_secret_label(const char *key)
{
	static const struct {
		const char *key, *label;
	} labels[] = {
		{ "password", N_("Password") },
		{ "ipsec-psk", N_("IPsec pre-shared key") },
		{ "machine-certpass", N_("Machine certificate password") },
		{ "user-certpass", N_("User certificate password") },
		{ "l2tp-secret", N_("L2TP tunnel secret") },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(labels); i++)
		if (strcmp(labels[i].key, key) == 0)
			return _(labels[i].label);
	return key;
}

GVariant *nm_l2tpc_settings_config(const struct l2tpc_ip_config *ip)
{
	GVariantBuilder b;

	g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
	g_variant_builder_add(&b, "{sv}", NM_VPN_PLUGIN_CONFIG_TUNDEV,
			      g_variant_new_string(ip->ifname));
	if (ip->gateway[0]) {
		struct in_addr a4;
		struct in6_addr a6;

		/* NetworkManager pins its host route to the gateway from this. */
		if (inet_pton(AF_INET, ip->gateway, &a4) == 1)
			g_variant_builder_add(&b, "{sv}", NM_VPN_PLUGIN_CONFIG_EXT_GATEWAY,
					      g_variant_new_uint32(a4.s_addr));
		else if (inet_pton(AF_INET6, ip->gateway, &a6) == 1)
			g_variant_builder_add(
				&b, "{sv}", NM_VPN_PLUGIN_CONFIG_EXT_GATEWAY,
				g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, &a6, 16, 1));
	}
	if (ip->mtu)
		g_variant_builder_add(&b, "{sv}", NM_VPN_PLUGIN_CONFIG_MTU,
				      g_variant_new_uint32(ip->mtu));
	g_variant_builder_add(&b, "{sv}", NM_VPN_PLUGIN_CONFIG_HAS_IP4,
			      g_variant_new_boolean(ip->local4[0] != 0));
	g_variant_builder_add(&b, "{sv}", NM_VPN_PLUGIN_CONFIG_HAS_IP6,
			      g_variant_new_boolean(ip->local6[0] != 0));
	return g_variant_builder_end(&b);
}

GVariant *nm_l2tpc_settings_ip4_config(const struct l2tpc_ip_config *ip, bool never_default)
{
	struct in_addr local, peer, dns;
	GVariantBuilder b, d;
	bool any_dns = false;

	if (!ip->local4[0] || inet_pton(AF_INET, ip->local4, &local) != 1)
		return NULL;
	g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
	g_variant_builder_add(&b, "{sv}", NM_VPN_PLUGIN_IP4_CONFIG_ADDRESS,
			      g_variant_new_uint32(local.s_addr));
	if (ip->peer4[0] && inet_pton(AF_INET, ip->peer4, &peer) == 1)
		g_variant_builder_add(&b, "{sv}", NM_VPN_PLUGIN_IP4_CONFIG_PTP,
				      g_variant_new_uint32(peer.s_addr));
	g_variant_builder_add(&b, "{sv}", NM_VPN_PLUGIN_IP4_CONFIG_PREFIX,
			      g_variant_new_uint32(32));
	g_variant_builder_init(&d, G_VARIANT_TYPE("au"));
	for (size_t i = 0; i < G_N_ELEMENTS(ip->dns); i++) {
		if (ip->dns[i][0] && inet_pton(AF_INET, ip->dns[i], &dns) == 1) {
			g_variant_builder_add(&d, "u", dns.s_addr);
			any_dns = true;
		}
	}
	if (any_dns)
		g_variant_builder_add(&b, "{sv}", NM_VPN_PLUGIN_IP4_CONFIG_DNS,
				      g_variant_builder_end(&d));
	else
		g_variant_builder_clear(&d);
	g_variant_builder_add(&b, "{sv}", NM_VPN_PLUGIN_IP4_CONFIG_NEVER_DEFAULT,
			      g_variant_new_boolean(never_default));
	return g_variant_builder_end(&b);
}

GVariant *nm_l2tpc_settings_ip6_config(const struct l2tpc_ip_config *ip, bool never_default)
{
	struct in6_addr local, peer;
	GVariantBuilder b;

	if (!ip->local6[0] || inet_pton(AF_INET6, ip->local6, &local) != 1)
		return NULL;
	g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
	g_variant_builder_add(&b, "{sv}", NM_VPN_PLUGIN_IP6_CONFIG_ADDRESS,
			      g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, &local, 16, 1));
	if (ip->peer6[0] && inet_pton(AF_INET6, ip->peer6, &peer) == 1)
		g_variant_builder_add(&b, "{sv}", NM_VPN_PLUGIN_IP6_CONFIG_PTP,
				      g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, &peer, 16, 1));
	/* IPV6CP only agrees on interface identifiers: the link-local /64 (RFC 5072 4.1). */
	g_variant_builder_add(&b, "{sv}", NM_VPN_PLUGIN_IP6_CONFIG_PREFIX,
			      g_variant_new_uint32(64));
	g_variant_builder_add(&b, "{sv}", NM_VPN_PLUGIN_IP6_CONFIG_NEVER_DEFAULT,
			      g_variant_new_boolean(never_default));
	return g_variant_builder_end(&b);
}

/* Copies one group of the profile's keyfile form into data items or secrets. */
static void settings_copy_group(GKeyFile *kf, const char *group, NMSettingVpn *s_vpn, bool secret)
{
	g_auto(GStrv) keys = g_key_file_get_keys(kf, group, NULL, NULL);

	for (size_t i = 0; keys && keys[i]; i++) {
		g_autofree char *v = g_key_file_get_string(kf, group, keys[i], NULL);

		if (!v || strcmp(keys[i], "service-type") == 0)
			continue;
		if (secret)
			nm_setting_vpn_add_secret(s_vpn, keys[i], v);
		else
			nm_setting_vpn_add_data_item(s_vpn, keys[i], v);
		explicit_bzero(v, strlen(v));
	}
}

NMConnection *nm_l2tpc_settings_from_profile(const struct l2tpc_profile *p, bool with_secrets)
{
	NMConnection *c = nm_simple_connection_new();
	NMSetting *s_con = nm_setting_connection_new();
	NMSetting *s_vpn = nm_setting_vpn_new();
	NMSetting *s_ip4 = nm_setting_ip4_config_new();
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autofree char *uuid = p->uuid ? g_strdup(p->uuid) : nm_utils_uuid_generate();
	size_t len = 0;
	char *text = l2tpc_profile_keyfile_text(p, with_secrets, &len);

	g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, NULL);
	explicit_bzero(text, len);
	g_free(text);

	g_object_set(s_con, NM_SETTING_CONNECTION_ID, p->id, NM_SETTING_CONNECTION_UUID, uuid,
		     NM_SETTING_CONNECTION_TYPE, NM_SETTING_VPN_SETTING_NAME, NULL);
	g_object_set(s_vpn, NM_SETTING_VPN_SERVICE_TYPE, L2TPC_PROFILE_NM_SERVICE_L2TPC, NULL);
	settings_copy_group(kf, "vpn", NM_SETTING_VPN(s_vpn), false);
	if (with_secrets)
		settings_copy_group(kf, "vpn-secrets", NM_SETTING_VPN(s_vpn), true);
	g_object_set(s_ip4, NM_SETTING_IP_CONFIG_METHOD, NM_SETTING_IP4_CONFIG_METHOD_AUTO,
		     NM_SETTING_IP_CONFIG_NEVER_DEFAULT, p->never_default,
		     NM_SETTING_IP_CONFIG_IGNORE_AUTO_DNS, !p->dns, NULL);
	nm_connection_add_setting(c, s_con);
	nm_connection_add_setting(c, s_vpn);
	nm_connection_add_setting(c, s_ip4);
	return c;
}
