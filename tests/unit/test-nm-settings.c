// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The NetworkManager side: NMConnection <-> profile (nm-plugin/nm-l2tpc-settings.c), the
 * dictionaries the service sends, the failure reasons, and import/export through the real
 * libnm editor plugin (loaded from the build tree as NetworkManager's clients load it).
 */
#include <arpa/inet.h>
#include <string.h>

#include <glib/gstdio.h>

#include "nm-l2tpc-settings.h"

static NMConnection *test_connection(const char *const *data, const char *const *secrets)
{
	NMConnection *c = nm_simple_connection_new();
	NMSetting *s_con = nm_setting_connection_new();
	NMSetting *s_vpn = nm_setting_vpn_new();
	NMSetting *s_ip4 = nm_setting_ip4_config_new();

	g_object_set(s_con, NM_SETTING_CONNECTION_ID, "office", NM_SETTING_CONNECTION_UUID,
		     "6f1e5a2c-3b1d-4c55-9d7e-0a1b2c3d4e5f", NM_SETTING_CONNECTION_TYPE, "vpn",
		     NULL);
	g_object_set(s_vpn, NM_SETTING_VPN_SERVICE_TYPE, L2TPC_PROFILE_NM_SERVICE_L2TPC, NULL);
	for (size_t i = 0; data && data[i]; i += 2)
		nm_setting_vpn_add_data_item(NM_SETTING_VPN(s_vpn), data[i], data[i + 1]);
	for (size_t i = 0; secrets && secrets[i]; i += 2)
		nm_setting_vpn_add_secret(NM_SETTING_VPN(s_vpn), secrets[i], secrets[i + 1]);
	g_object_set(s_ip4, NM_SETTING_IP_CONFIG_METHOD, "auto", NULL);
	nm_connection_add_setting(c, s_con);
	nm_connection_add_setting(c, s_vpn);
	nm_connection_add_setting(c, s_ip4);
	return c;
}

static void test_to_profile(void)
{
	const char *const data[] = { "gateway", "192.0.2.1",	  "user", "alice", "ipsec-enabled",
				     "yes",	"password-flags", "2",	  "mtu",   "1300",
				     NULL };
	const char *const secrets[] = { "ipsec-psk", "sekrit", NULL };
	g_autoptr(NMConnection) c = test_connection(data, secrets);
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(l2tpc_profile) p = NULL;
	g_autofree char *sentence = NULL;
	g_auto(GStrv) missing = NULL;

	g_object_set(nm_connection_get_setting_ip4_config(c), NM_SETTING_IP_CONFIG_NEVER_DEFAULT,
		     TRUE, NM_SETTING_IP_CONFIG_IGNORE_AUTO_DNS, TRUE, NULL);
	g_assert_cmpint(nm_l2tpc_settings_to_profile(c, &p, w, &sentence), ==, 0);
	g_assert_cmpstr(p->id, ==, "office");
	g_assert_cmpstr(p->uuid, ==, "6f1e5a2c-3b1d-4c55-9d7e-0a1b2c3d4e5f");
	g_assert_cmpstr(p->gateway, ==, "192.0.2.1");
	g_assert_cmpstr(p->user, ==, "alice");
	g_assert_cmpuint(p->mtu, ==, 1300);
	g_assert_true(p->ipsec_enabled);
	g_assert_true(p->never_default);
	g_assert_false(p->dns);
	g_assert_cmpuint(p->password_flags, ==, L2TPC_PROFILE_SECRET_NOT_SAVED);
	g_assert_cmpstr(p->secrets.ipsec_psk, ==, "sekrit");
	/* The password is not saved and not given: it is the one hint. */
	missing = l2tpc_profile_missing_secrets(p);
	g_assert_cmpuint(g_strv_length(missing), ==, 1);
	g_assert_cmpstr(missing[0], ==, "password");
}

static void test_to_profile_user_name_and_unknown(void)
{
	const char *const data[] = { "gateway", "vpn.example.org", "frobnicate", "1", NULL };
	g_autoptr(NMConnection) c = test_connection(data, NULL);
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(l2tpc_profile) p = NULL;
	g_autofree char *sentence = NULL;

	g_object_set(nm_connection_get_setting_vpn(c), NM_SETTING_VPN_USER_NAME, "bob", NULL);
	g_assert_cmpint(nm_l2tpc_settings_to_profile(c, &p, w, &sentence), ==, 0);
	g_assert_cmpstr(p->user, ==, "bob");
	g_assert_cmpuint(w->len, >=, 1);
	g_assert_nonnull(strstr(w->pdata[0], "frobnicate"));
}

static void test_to_profile_bad(void)
{
	const char *const bad_mtu[] = { "gateway", "192.0.2.1", "mtu", "lots", NULL };
	const char *const no_gw[] = { "user", "alice", NULL };
	g_autoptr(NMConnection) c1 = test_connection(bad_mtu, NULL);
	g_autoptr(NMConnection) c2 = test_connection(no_gw, NULL);
	struct l2tpc_profile *p = NULL;
	g_autofree char *s1 = NULL, *s2 = NULL;

	g_assert_cmpint(nm_l2tpc_settings_to_profile(c1, &p, NULL, &s1), ==, -EINVAL);
	g_assert_null(p);
	g_assert_nonnull(strstr(s1, "mtu"));
	g_assert_cmpint(nm_l2tpc_settings_to_profile(c2, &p, NULL, &s2), ==, -EINVAL);
	g_assert_nonnull(strstr(s2, "gateway"));
}

static void test_failure_reason(void)
{
	g_assert_cmpint(nm_l2tpc_settings_failure_reason(L2TPC_FAILURE_PPP_AUTH), ==,
			NM_VPN_PLUGIN_FAILURE_LOGIN_FAILED);
	g_assert_cmpint(nm_l2tpc_settings_failure_reason(L2TPC_FAILURE_IPSEC_AUTH), ==,
			NM_VPN_PLUGIN_FAILURE_LOGIN_FAILED);
	g_assert_cmpint(nm_l2tpc_settings_failure_reason(L2TPC_FAILURE_IP_CONFIG), ==,
			NM_VPN_PLUGIN_FAILURE_BAD_IP_CONFIG);
	g_assert_cmpint(nm_l2tpc_settings_failure_reason(L2TPC_FAILURE_IPSEC_UNREACHABLE), ==,
			NM_VPN_PLUGIN_FAILURE_CONNECT_FAILED);
	g_assert_cmpint(nm_l2tpc_settings_failure_reason(L2TPC_FAILURE_L2TP), ==,
			NM_VPN_PLUGIN_FAILURE_CONNECT_FAILED);
}

static struct l2tpc_ip_config test_ip(void)
{
	struct l2tpc_ip_config ip = { .mtu = 1400 };

	strcpy(ip.ifname, "ppp0");
	strcpy(ip.local4, "10.10.0.12");
	strcpy(ip.peer4, "10.10.0.1");
	strcpy(ip.dns[0], "192.0.2.53");
	strcpy(ip.dns[1], "192.0.2.54");
	strcpy(ip.gateway, "192.0.2.1");
	return ip;
}

static guint32 test_addr(const char *s)
{
	struct in_addr a;

	g_assert_cmpint(inet_pton(AF_INET, s, &a), ==, 1);
	return a.s_addr;
}

static void test_config_dicts(void)
{
	struct l2tpc_ip_config ip = test_ip();
	g_autoptr(GVariant) cfg = g_variant_ref_sink(nm_l2tpc_settings_config(&ip));
	g_autoptr(GVariant) ip4 = g_variant_ref_sink(nm_l2tpc_settings_ip4_config(&ip, true));
	g_autoptr(GVariant) dns = NULL;
	const char *tundev = NULL;
	guint32 u = 0;
	gboolean b = FALSE;
	gsize n = 0;
	const guint32 *servers;

	g_assert_true(g_variant_lookup(cfg, NM_VPN_PLUGIN_CONFIG_TUNDEV, "&s", &tundev));
	g_assert_cmpstr(tundev, ==, "ppp0");
	g_assert_true(g_variant_lookup(cfg, NM_VPN_PLUGIN_CONFIG_EXT_GATEWAY, "u", &u));
	g_assert_cmpuint(u, ==, test_addr("192.0.2.1"));
	g_assert_true(g_variant_lookup(cfg, NM_VPN_PLUGIN_CONFIG_MTU, "u", &u));
	g_assert_cmpuint(u, ==, 1400);
	g_assert_true(g_variant_lookup(cfg, NM_VPN_PLUGIN_CONFIG_HAS_IP4, "b", &b));
	g_assert_true(b);
	g_assert_true(g_variant_lookup(cfg, NM_VPN_PLUGIN_CONFIG_HAS_IP6, "b", &b));
	g_assert_false(b);

	g_assert_true(g_variant_lookup(ip4, NM_VPN_PLUGIN_IP4_CONFIG_ADDRESS, "u", &u));
	g_assert_cmpuint(u, ==, test_addr("10.10.0.12"));
	g_assert_true(g_variant_lookup(ip4, NM_VPN_PLUGIN_IP4_CONFIG_PTP, "u", &u));
	g_assert_cmpuint(u, ==, test_addr("10.10.0.1"));
	g_assert_true(g_variant_lookup(ip4, NM_VPN_PLUGIN_IP4_CONFIG_PREFIX, "u", &u));
	g_assert_cmpuint(u, ==, 32);
	g_assert_true(g_variant_lookup(ip4, NM_VPN_PLUGIN_IP4_CONFIG_NEVER_DEFAULT, "b", &b));
	g_assert_true(b);
	dns = g_variant_lookup_value(ip4, NM_VPN_PLUGIN_IP4_CONFIG_DNS, G_VARIANT_TYPE("au"));
	g_assert_nonnull(dns);
	servers = g_variant_get_fixed_array(dns, &n, sizeof(guint32));
	g_assert_cmpuint(n, ==, 2);
	g_assert_cmpuint(servers[0], ==, test_addr("192.0.2.53"));
	g_assert_cmpuint(servers[1], ==, test_addr("192.0.2.54"));
	/* No IPV6CP: no Ip6Config. */
	g_assert_null(nm_l2tpc_settings_ip6_config(&ip, false));
}

static void test_config_ip6_only(void)
{
	struct l2tpc_ip_config ip = test_ip();
	g_autoptr(GVariant) ip6 = NULL;
	g_autoptr(GVariant) addr = NULL;
	struct in6_addr want;

	ip.local4[0] = ip.peer4[0] = 0;
	strcpy(ip.local6, "fe80::1:2");
	strcpy(ip.peer6, "fe80::3:4");
	g_assert_null(nm_l2tpc_settings_ip4_config(&ip, false));
	ip6 = g_variant_ref_sink(nm_l2tpc_settings_ip6_config(&ip, false));
	addr = g_variant_lookup_value(ip6, NM_VPN_PLUGIN_IP6_CONFIG_ADDRESS, G_VARIANT_TYPE("ay"));
	g_assert_nonnull(addr);
	g_assert_cmpuint(g_variant_get_size(addr), ==, 16);
	inet_pton(AF_INET6, "fe80::1:2", &want);
	g_assert_cmpmem(g_variant_get_data(addr), 16, &want, 16);
}

static void test_from_profile_round_trip(void)
{
	const char *const data[] = {
		"gateway", "192.0.2.1",	 "user", "alice", "ipsec-enabled", "yes", "ipsec-psk-flags",
		"1",	   "refuse-pap", "yes",	 NULL
	};
	const char *const secrets[] = { "password", "pw", NULL };
	g_autoptr(NMConnection) c = test_connection(data, secrets);
	g_autoptr(NMConnection) back = NULL;
	g_autoptr(l2tpc_profile) p = NULL, q = NULL;
	g_autofree char *s = NULL;
	NMSettingVpn *s_vpn;

	g_assert_cmpint(nm_l2tpc_settings_to_profile(c, &p, NULL, &s), ==, 0);
	back = nm_l2tpc_settings_from_profile(p, false);
	g_assert_true(nm_connection_verify(back, NULL));
	s_vpn = nm_connection_get_setting_vpn(back);
	g_assert_cmpstr(nm_setting_vpn_get_service_type(s_vpn), ==, L2TPC_PROFILE_NM_SERVICE_L2TPC);
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "gateway"), ==, "192.0.2.1");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "ipsec-psk-flags"), ==, "1");
	g_assert_null(nm_setting_vpn_get_secret(s_vpn, "password"));
	g_assert_cmpstr(nm_connection_get_uuid(back), ==, p->uuid);
	g_assert_cmpint(nm_l2tpc_settings_to_profile(back, &q, NULL, &s), ==, 0);
	/* Equal but for the secret left out. */
	l2tpc_profile_secrets_clear(&p->secrets);
	g_assert_true(l2tpc_profile_equal(p, q));
}

static NMVpnEditorPlugin *test_load_plugin(void)
{
	const char *path = g_getenv("L2TPC_NM_PLUGIN");
	g_autoptr(GError) err = NULL;
	NMVpnEditorPlugin *plugin;

	g_assert_nonnull(path);
	plugin = nm_vpn_editor_plugin_load_from_file(path, L2TPC_PROFILE_NM_SERVICE_L2TPC, -1, NULL,
						     NULL, &err);
	g_assert_no_error(err);
	return plugin;
}

static void test_import_kde(void)
{
	g_autoptr(NMVpnEditorPlugin) plugin = test_load_plugin();
	g_autofree char *path = g_build_filename(TEST_SRCDIR, "fixtures", "profile-import",
						 "kde-certificates.conf", NULL);
	g_autoptr(GError) err = NULL;
	g_autoptr(NMConnection) c = nm_vpn_editor_plugin_import(plugin, path, &err);
	NMSettingVpn *s_vpn;

	g_assert_no_error(err);
	g_assert_true(nm_connection_verify(c, NULL));
	g_assert_cmpstr(nm_connection_get_id(c), ==, "Plasma cert VPN");
	s_vpn = nm_connection_get_setting_vpn(c);
	g_assert_cmpstr(nm_setting_vpn_get_service_type(s_vpn), ==, L2TPC_PROFILE_NM_SERVICE_L2TPC);
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "machine-auth-type"), ==, "tls");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "machine-ca"), ==,
			"/home/carol/.local/share/networkmanagement/certificates/ca.pem");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "machine-key"), ==,
			"/home/carol/.local/share/networkmanagement/certificates/carol.key");
	g_assert_null(nm_setting_vpn_get_data_item(s_vpn, "use-cert"));
}

/* A file that names neither ipsec-enabled nor refuse-pap (NetworkManager-l2tp writes them only
 * when yes) becomes a connection with IPsec on and PAP refused, both written out. */
static void test_import_absent_keys(void)
{
	g_autoptr(NMVpnEditorPlugin) plugin = test_load_plugin();
	g_autofree char *path = g_build_filename(TEST_SRCDIR, "fixtures", "profile-import",
						 "no-ipsec-key.conf", NULL);
	g_autoptr(GError) err = NULL;
	g_autoptr(NMConnection) c = nm_vpn_editor_plugin_import(plugin, path, &err);
	NMSettingVpn *s_vpn;

	g_assert_no_error(err);
	s_vpn = nm_connection_get_setting_vpn(c);
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "gateway"), ==, "vpn.example.net");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "ipsec-enabled"), ==, "yes");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "refuse-pap"), ==, "yes");
}

static void test_import_bad(void)
{
	g_autoptr(NMVpnEditorPlugin) plugin = test_load_plugin();
	g_autofree char *path = g_build_filename(TEST_SRCDIR, "fixtures", "profile-import",
						 "openvpn-export.conf", NULL);
	g_autoptr(GError) err = NULL;
	g_autoptr(NMConnection) c = nm_vpn_editor_plugin_import(plugin, path, &err);

	g_assert_null(c);
	g_assert_nonnull(err);
	g_assert_nonnull(strstr(err->message, "openvpn-export.conf"));
}

/* The IP settings NetworkManager-l2tp's importer keeps are kept: DNS servers, search domains,
 * routes, the ignore-auto flags, never-default, the methods. */
static void test_import_ip_settings(void)
{
	g_autoptr(NMVpnEditorPlugin) plugin = test_load_plugin();
	g_autofree char *path = g_build_filename(TEST_SRCDIR, "fixtures", "profile-import",
						 "office-export.conf", NULL);
	g_autoptr(GError) err = NULL;
	g_autoptr(NMConnection) c = nm_vpn_editor_plugin_import(plugin, path, &err);
	NMSettingIPConfig *s4, *s6;
	NMIPRoute *r;

	g_assert_no_error(err);
	g_assert_true(nm_connection_verify(c, NULL));
	s4 = nm_connection_get_setting_ip4_config(c);
	g_assert_cmpstr(nm_setting_ip_config_get_method(s4), ==, "auto");
	g_assert_cmpuint(nm_setting_ip_config_get_num_dns(s4), ==, 2);
	g_assert_cmpstr(nm_setting_ip_config_get_dns(s4, 0), ==, "10.0.0.53");
	g_assert_cmpstr(nm_setting_ip_config_get_dns(s4, 1), ==, "10.0.0.54");
	g_assert_cmpuint(nm_setting_ip_config_get_num_dns_searches(s4), ==, 1);
	g_assert_cmpstr(nm_setting_ip_config_get_dns_search(s4, 0), ==, "corp.example.com");
	g_assert_cmpuint(nm_setting_ip_config_get_num_routes(s4), ==, 1);
	r = nm_setting_ip_config_get_route(s4, 0);
	g_assert_cmpstr(nm_ip_route_get_dest(r), ==, "10.0.0.0");
	g_assert_cmpuint(nm_ip_route_get_prefix(r), ==, 8);
	g_assert_cmpstr(nm_ip_route_get_next_hop(r), ==, "10.255.255.1");
	g_assert_cmpint(nm_ip_route_get_metric(r), ==, 10);
	g_assert_true(nm_setting_ip_config_get_ignore_auto_routes(s4));
	g_assert_true(nm_setting_ip_config_get_ignore_auto_dns(s4));
	g_assert_true(nm_setting_ip_config_get_never_default(s4));
	s6 = nm_connection_get_setting_ip6_config(c);
	g_assert_cmpstr(nm_setting_ip_config_get_method(s6), ==, "ignore");
}

/* A bad route is refused with a sentence naming it, not dropped. */
static void test_import_bad_route(void)
{
	g_autoptr(NMVpnEditorPlugin) plugin = test_load_plugin();
	g_autofree char *path =
		g_build_filename(TEST_SRCDIR, "fixtures", "profile-import", "bad-route.conf", NULL);
	g_autoptr(GError) err = NULL;
	g_autoptr(NMConnection) c = nm_vpn_editor_plugin_import(plugin, path, &err);

	g_assert_null(c);
	g_assert_nonnull(err);
	g_assert_nonnull(
		strstr(err->message, "[ipv4] routes value “10.0.0.0/33 via 10.255.255.1”"));
}

static void test_export_import(void)
{
	g_autoptr(NMVpnEditorPlugin) plugin = test_load_plugin();
	const char *const data[] = { "gateway",
				     "vpn.example.org",
				     "user",
				     "alice",
				     "ipsec-enabled",
				     "yes",
				     "ipsec-ike",
				     "aes256-sha2_256-modp2048",
				     "password-flags",
				     "1",
				     NULL };
	const char *const secrets[] = { "password", "do-not-export", NULL };
	g_autoptr(NMConnection) c = test_connection(data, secrets);
	g_autoptr(NMConnection) back = NULL;
	g_autoptr(GError) err = NULL;
	g_autofree char *dir = g_dir_make_tmp("l2tpc-nm-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "office.conf", NULL);
	g_autofree char *text = NULL;
	GStatBuf st;
	NMSettingVpn *s_vpn;

	g_assert_true(nm_vpn_editor_plugin_export(plugin, path, c, &err));
	g_assert_no_error(err);
	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	g_assert_null(strstr(text, "do-not-export"));
	g_assert_nonnull(strstr(text, "service-type=" L2TPC_PROFILE_NM_SERVICE_L2TPC));
	g_assert_cmpint(g_stat(path, &st), ==, 0);
	g_assert_cmpuint(st.st_mode & 0077, ==, 0);

	back = nm_vpn_editor_plugin_import(plugin, path, &err);
	g_assert_no_error(err);
	s_vpn = nm_connection_get_setting_vpn(back);
	g_assert_cmpstr(nm_connection_get_id(back), ==, "office");
	g_assert_cmpstr(nm_connection_get_uuid(back), !=, nm_connection_get_uuid(c));
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "gateway"), ==, "vpn.example.org");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "ipsec-ike"), ==,
			"aes256-sha2_256-modp2048");
	g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "password-flags"), ==, "1");
	g_assert_null(nm_setting_vpn_get_secret(s_vpn, "password"));
	g_unlink(path);
	g_rmdir(dir);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nm-settings/to-profile", test_to_profile);
	g_test_add_func("/nm-settings/to-profile-user-name", test_to_profile_user_name_and_unknown);
	g_test_add_func("/nm-settings/to-profile-bad", test_to_profile_bad);
	g_test_add_func("/nm-settings/failure-reason", test_failure_reason);
	g_test_add_func("/nm-settings/config-dicts", test_config_dicts);
	g_test_add_func("/nm-settings/config-ip6-only", test_config_ip6_only);
	g_test_add_func("/nm-settings/from-profile-round-trip", test_from_profile_round_trip);
	g_test_add_func("/nm-settings/import-kde", test_import_kde);
	g_test_add_func("/nm-settings/import-absent-keys", test_import_absent_keys);
	g_test_add_func("/nm-settings/import-bad", test_import_bad);
	g_test_add_func("/nm-settings/import-ip-settings", test_import_ip_settings);
	g_test_add_func("/nm-settings/import-bad-route", test_import_bad_route);
	g_test_add_func("/nm-settings/export-import", test_export_import);
	return g_test_run();
}
