// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The VICI requests of a connection: load-conn keys that charon only accepts as LISTs, the
 * traffic selectors for a fixed or ephemeral L2TP port, default proposals (one combination
 * each), PFS, and a PSK bound to explicit owners, never %any.
 */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "ipsec-conn.h"
#include "vici-msg.h"

static struct vici_msg *parse(GBytes *pkt)
{
	gsize len;
	const uint8_t *d = g_bytes_get_data(pkt, &len);
	struct vici_msg *m = NULL;

	g_assert_cmpint(vici_msg_parse(d + 4, len - 4, &m, NULL), ==, 0);
	return m;
}

static void assert_list(const struct vici_node *n, const char *const *want)
{
	g_assert_nonnull(n);
	g_assert_cmpint(n->type, ==, VICI_NODE_LIST);
	g_assert_cmpuint(vici_node_count(n), ==, g_strv_length((char **)want));
	for (guint i = 0; want[i]; i++)
		g_assert_cmpstr(vici_node_item(n, i), ==, want[i]);
}

static void test_psk_conn(void)
{
	struct ipsec_conn_params p = {
		.profile_id = "office vpn/1",
		.remote_addr = "192.0.2.1",
		.psk = "secret",
		.psk_len = 6,
		.l2tp_local_port = 1701,
		.remote_id = "gw.example.com",
	};
	g_autofree char *name = ipsec_conn_name_for(p.profile_id);
	g_autoptr(GBytes) pkt = NULL;
	_vici_msg_auto_ struct vici_msg *m = NULL;
	const struct vici_node *c;
	static const char *const any[] = { "%any", NULL };
	static const char *const gw[] = { "192.0.2.1", NULL };
	static const char *const ts1701[] = { "dynamic[udp/1701]", NULL };
	static const char *const ts_any[] = { "dynamic[udp]", NULL };

	g_assert_cmpstr(name, ==, "l2tpc-office_vpn_1");
	pkt = ipsec_conn_build_load_conn(&p, name);
	m = parse(pkt);
	g_assert_cmpstr(m->name, ==, "load-conn");
	c = vici_msg_get(m, name);
	g_assert_nonnull(c);
	g_assert_cmpstr(vici_node_get_str(c, "version"), ==, "1");
	g_assert_cmpstr(vici_node_get_str(c, "aggressive"), ==, "no");
	g_assert_cmpstr(vici_node_get_str(c, "encap"), ==, "no");
	assert_list(vici_node_get(c, "local_addrs"), any);
	assert_list(vici_node_get(c, "remote_addrs"), gw);
	g_assert_cmpint(vici_node_get(c, "proposals")->type, ==, VICI_NODE_LIST);
	g_assert_cmpuint(vici_node_count(vici_node_get(c, "proposals")), ==, 22);
	g_assert_cmpstr(vici_node_item(vici_node_get(c, "proposals"), 0), ==,
			"aes256-sha256-modp2048");
	g_assert_cmpstr(vici_node_item(vici_node_get(c, "proposals"), 21), ==, "3des-md5-modp1024");
	g_assert_cmpstr(vici_node_get_str(c, "local", "auth"), ==, "psk");
	g_assert_null(vici_node_get(c, "local", "id"));
	g_assert_cmpstr(vici_node_get_str(c, "remote", "id"), ==, "gw.example.com");
	g_assert_cmpstr(vici_node_get_str(c, "children", "l2tp", "mode"), ==, "transport");
	assert_list(vici_node_get(c, "children", "l2tp", "local_ts"), ts1701);
	/* any server port first (RFC 2661 8.1), udp/1701 only as the strict fallback */
	assert_list(vici_node_get(c, "children", "l2tp", "remote_ts"), ts_any);
	assert_list(vici_node_get(c, "children", "l2tp-1701", "remote_ts"), ts1701);
	assert_list(vici_node_get(c, "children", "l2tp-1701", "local_ts"), ts1701);
	g_assert_cmpstr(vici_node_get_str(c, "children", "l2tp-1701", "mode"), ==, "transport");
	g_assert_cmpstr(vici_node_item(vici_node_get(c, "children", "l2tp", "esp_proposals"), 0),
			==, "aes256-sha1");
	g_assert_cmpstr(vici_node_item(vici_node_get(c, "children", "l2tp", "esp_proposals"), 4),
			==, "3des-sha1");
	g_assert_cmpstr(vici_node_get_str(c, "children", "l2tp", "start_action"), ==, "none");
	g_assert_cmpstr(vici_node_get_str(c, "dpd_delay"), ==, "0s");
}

static void test_options(void)
{
	struct ipsec_conn_params p = {
		.profile_id = "x",
		.remote_addr = "192.0.2.1",
		.local_addr = "192.0.2.2",
		.psk = "k",
		.psk_len = 1,
		.l2tp_local_port = 0,
		.ike_version = 2,
		.aggressive = true,
		.ike_proposals = "aes128-sha1-modp2048, 3des-md5-modp1024",
		.esp_proposals = "aes128-sha1-modp2048",
		.force_encap = true,
		.dpd_delay_s = 10,
		.esp_lifetime_s = 1000,
	};
	g_autoptr(GBytes) pkt = ipsec_conn_build_load_conn(&p, "l2tpc-x");
	_vici_msg_auto_ struct vici_msg *m = parse(pkt);
	static const char *const ts_any[] = { "dynamic[udp]", NULL };
	static const char *const ike[] = { "aes128-sha1-modp2048", "3des-md5-modp1024", NULL };
	static const char *const esp[] = { "aes128-sha1-modp2048", NULL };
	static const char *const local[] = { "192.0.2.2", NULL };

	g_assert_cmpstr(vici_msg_get_str(m, "l2tpc-x", "version"), ==, "2");
	g_assert_cmpstr(vici_msg_get_str(m, "l2tpc-x", "aggressive"), ==, "yes");
	g_assert_cmpstr(vici_msg_get_str(m, "l2tpc-x", "encap"), ==, "yes");
	g_assert_cmpstr(vici_msg_get_str(m, "l2tpc-x", "dpd_delay"), ==, "10s");
	g_assert_cmpstr(vici_msg_get_str(m, "l2tpc-x", "dpd_timeout"), ==, "50s");
	assert_list(vici_msg_get(m, "l2tpc-x", "local_addrs"), local);
	assert_list(vici_msg_get(m, "l2tpc-x", "proposals"), ike);
	assert_list(vici_msg_get(m, "l2tpc-x", "children", "l2tp", "esp_proposals"), esp);
	assert_list(vici_msg_get(m, "l2tpc-x", "children", "l2tp", "local_ts"), ts_any);
	g_assert_cmpstr(vici_msg_get_str(m, "l2tpc-x", "children", "l2tp", "life_time"), ==,
			"1000s");
	g_assert_cmpstr(vici_msg_get_str(m, "l2tpc-x", "children", "l2tp", "rekey_time"), ==,
			"900s");
}

static void test_certificate_conn(void)
{
	g_autoptr(GBytes) cert = g_bytes_new_static("\x30\x82\x01", 3);
	g_autoptr(GBytes) ca = g_bytes_new_static("\x30\x82\x02", 3);
	g_autoptr(GBytes) key = g_bytes_new_static("\x30\x01", 2);
	g_autoptr(GPtrArray) cas = g_ptr_array_new();
	struct ipsec_conn_params p = {
		.profile_id = "c",
		.remote_addr = "192.0.2.1",
		.cert = cert,
		.key = key,
		.cas = cas,
		.local_id = "C=XX, O=l2tpc test, CN=vpnuser",
		.l2tp_local_port = 1701,
	};
	g_autoptr(GBytes) pkt = NULL;
	_vici_msg_auto_ struct vici_msg *m = NULL;
	const struct vici_node *n;

	g_ptr_array_add(cas, ca);
	pkt = ipsec_conn_build_load_conn(&p, "l2tpc-c");
	m = parse(pkt);
	g_assert_cmpstr(vici_msg_get_str(m, "l2tpc-c", "local", "auth"), ==, "pubkey");
	g_assert_cmpstr(vici_msg_get_str(m, "l2tpc-c", "local", "id"), ==,
			"C=XX, O=l2tpc test, CN=vpnuser");
	n = vici_msg_get(m, "l2tpc-c", "local", "certs");
	g_assert_cmpint(n->type, ==, VICI_NODE_LIST);
	g_assert_cmpmem(((struct vici_value *)n->items->pdata[0])->data, 3, "\x30\x82\x01", 3);
	n = vici_msg_get(m, "l2tpc-c", "remote", "cacerts");
	g_assert_cmpint(n->type, ==, VICI_NODE_LIST);
	g_assert_cmpmem(((struct vici_value *)n->items->pdata[0])->data, 3, "\x30\x82\x02", 3);
	g_assert_cmpstr(vici_msg_get_str(m, "l2tpc-c", "remote", "auth"), ==, "pubkey");
}

static void test_shared_owners(void)
{
	struct ipsec_conn_params p = {
		.profile_id = "x",
		.remote_addr = "192.0.2.1",
		.psk = "s3cr3t",
		.psk_len = 6,
	};
	g_autoptr(GBytes) pkt = ipsec_conn_build_load_shared(&p, "l2tpc-x", "192.0.2.2");
	_vici_msg_auto_ struct vici_msg *m = parse(pkt);
	static const char *const owners[] = { "192.0.2.2", "192.0.2.1", NULL };
	static const char *const owners_ids[] = { "client@example.com", "192.0.2.2", "192.0.2.1",
						  NULL };

	g_assert_cmpstr(vici_msg_get_str(m, "id"), ==, "l2tpc-x-psk");
	g_assert_cmpstr(vici_msg_get_str(m, "type"), ==, "IKE");
	g_assert_cmpstr(vici_msg_get_str(m, "data"), ==, "s3cr3t");
	assert_list(vici_msg_get(m, "owners"), owners);
	vici_msg_free(g_steal_pointer(&m));
	g_bytes_unref(pkt);

	/* explicit IDs come first; %any is never an owner; duplicates collapse */
	p.local_id = "client@example.com";
	p.remote_id = "%any";
	pkt = ipsec_conn_build_load_shared(&p, "l2tpc-x", "192.0.2.2");
	m = parse(pkt);
	assert_list(vici_msg_get(m, "owners"), owners_ids);
}

/* The negotiated remote traffic selector, as charon's list-sas prints it. */
static void test_ts_ports(void)
{
	static const struct {
		const char *ts;
		int ret;
		uint16_t lo, hi;
	} rows[] = {
		{ "192.0.2.1/32[udp]", 0, 0, 65535 },
		{ "192.0.2.1/32[udp/1701]", 0, 1701, 1701 },
		{ "192.0.2.1/32[udp/l2f]", 0, 1701, 1701 }, /* netbase's name for 1701 */
		{ "2001:db8::1/128[udp/1000-2000]", 0, 1000, 2000 },
		{ "192.0.2.1/32", -EINVAL, 0, 0 },
		{ "192.0.2.1/32[tcp/80]", -EINVAL, 0, 0 },
		{ "192.0.2.1/32[udp/2000-1000]", -EINVAL, 0, 0 },
		{ "192.0.2.1/32[udp/70000]", -EINVAL, 0, 0 },
		{ "192.0.2.1/32[udp/no-such-service-x]", -EINVAL, 0, 0 },
		{ "192.0.2.1/32[udp/1701", -EINVAL, 0, 0 },
		{ NULL, -EINVAL, 0, 0 },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		uint16_t lo = 0, hi = 0;

		g_assert_cmpint(ipsec_conn_ts_ports(rows[i].ts, &lo, &hi), ==, rows[i].ret);
		if (rows[i].ret == 0) {
			g_assert_cmpuint(lo, ==, rows[i].lo);
			g_assert_cmpuint(hi, ==, rows[i].hi);
		}
	}
}

static void test_bad_params(void)
{
	struct l2tpc_failure f = { 0 };
	struct ipsec_conn_params p = { .profile_id = "x", .remote_addr = "192.0.2.1" };

	g_assert_null(ipsec_conn_new(&p, &f));
	g_assert_cmpint(f.klass, ==, L2TPC_FAILURE_CONFIG);
	g_assert_cmpstr(f.sentence, ==,
			"The profile has neither a pre-shared key nor a certificate for IPsec: "
			"set ipsec-psk or the machine certificate.");
	l2tpc_failure_clear(&f);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ipsec-conn/psk-conn", test_psk_conn);
	g_test_add_func("/ipsec-conn/options", test_options);
	g_test_add_func("/ipsec-conn/certificate-conn", test_certificate_conn);
	g_test_add_func("/ipsec-conn/shared-owners", test_shared_owners);
	g_test_add_func("/ipsec-conn/bad-params", test_bad_params);
	g_test_add_func("/ipsec-conn/ts-ports", test_ts_ports);
	return g_test_run();
}
