// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nm_l2tpc_fail(): the failure reasons a starting service signals when it ends an attempt. A
 * plugin without a bus connection: libnm's state machine and its "failure" signal are real.
 */
#include <NetworkManager.h>

#include "l2tpc-failure.h"
#include "nm-l2tpc-fail.h"
#include "nm-l2tpc-settings.h"

typedef struct {
	NMVpnServicePlugin parent;
	GArray *heard; /* the reasons signalled, in order */
} TestPlugin;

typedef struct {
	NMVpnServicePluginClass parent;
} TestPluginClass;

GType test_plugin_get_type(void);
G_DEFINE_TYPE(TestPlugin, test_plugin, NM_TYPE_VPN_SERVICE_PLUGIN)

static gboolean test_plugin_connect(NMVpnServicePlugin *plugin, NMConnection *connection,
				    GError **error)
{
	return TRUE;
}

static gboolean test_plugin_disconnect(NMVpnServicePlugin *plugin, GError **error)
{
	return TRUE;
}

static void test_plugin_on_failure(NMVpnServicePlugin *plugin, guint reason, gpointer ud)
{
	g_array_append_val(((TestPlugin *)plugin)->heard, reason);
}

static void test_plugin_init(TestPlugin *t)
{
	t->heard = g_array_new(FALSE, FALSE, sizeof(guint));
	g_signal_connect(t, "failure", G_CALLBACK(test_plugin_on_failure), NULL);
}

static void test_plugin_finalize(GObject *o)
{
	g_array_unref(((TestPlugin *)o)->heard);
	G_OBJECT_CLASS(test_plugin_parent_class)->finalize(o);
}

static void test_plugin_class_init(TestPluginClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = test_plugin_finalize;
	NM_VPN_SERVICE_PLUGIN_CLASS(klass)->connect = test_plugin_connect;
	NM_VPN_SERVICE_PLUGIN_CLASS(klass)->disconnect = test_plugin_disconnect;
}

/* A plugin in the state ConnectInteractive leaves it in while the engine runs. */
static TestPlugin *starting_plugin(void)
{
	TestPlugin *t =
		g_object_new(test_plugin_get_type(), NM_VPN_SERVICE_PLUGIN_DBUS_SERVICE_NAME,
			     "org.example.test", NULL);

	g_object_set(t, NM_VPN_SERVICE_PLUGIN_STATE, NM_VPN_SERVICE_STATE_STARTING, NULL);
	return t;
}

static guint heard(const TestPlugin *t, guint i)
{
	return g_array_index(t->heard, guint, i);
}

static NMVpnServiceState state_of(TestPlugin *t)
{
	NMVpnServiceState state;

	g_object_get(t, NM_VPN_SERVICE_PLUGIN_STATE, &state, NULL);
	return state;
}

/* NetworkManager keeps the last failure it hears: the engine's reason is the only one. */
static void check_only(enum l2tpc_failure_class klass, NMVpnPluginFailure want)
{
	g_autoptr(GObject) o = NULL;
	TestPlugin *t = starting_plugin();

	o = G_OBJECT(t);
	nm_l2tpc_fail(NM_VPN_SERVICE_PLUGIN(t), nm_l2tpc_settings_failure_reason(klass));
	g_assert_cmpuint(t->heard->len, ==, 1);
	g_assert_cmpuint(heard(t, 0), ==, want);
	g_assert_cmpint(state_of(t), ==, NM_VPN_SERVICE_STATE_STOPPED);
}

static void test_ppp_auth(void)
{
	check_only(L2TPC_FAILURE_PPP_AUTH, NM_VPN_PLUGIN_FAILURE_LOGIN_FAILED);
}

static void test_ipsec_auth(void)
{
	check_only(L2TPC_FAILURE_IPSEC_AUTH, NM_VPN_PLUGIN_FAILURE_LOGIN_FAILED);
}

static void test_ip_config(void)
{
	check_only(L2TPC_FAILURE_IP_CONFIG, NM_VPN_PLUGIN_FAILURE_BAD_IP_CONFIG);
}

/* Any other class is CONNECT_FAILED, once. */
static void test_connect_failed(void)
{
	check_only(L2TPC_FAILURE_PEER_DISCONNECT, NM_VPN_PLUGIN_FAILURE_CONNECT_FAILED);
	check_only(L2TPC_FAILURE_RESOLVE, NM_VPN_PLUGIN_FAILURE_CONNECT_FAILED);
	check_only(L2TPC_FAILURE_IPSEC_UNREACHABLE, NM_VPN_PLUGIN_FAILURE_CONNECT_FAILED);
	check_only(L2TPC_FAILURE_IPSEC_PROPOSAL, NM_VPN_PLUGIN_FAILURE_CONNECT_FAILED);
	check_only(L2TPC_FAILURE_L2TP, NM_VPN_PLUGIN_FAILURE_CONNECT_FAILED);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/nm-fail/ppp-auth", test_ppp_auth);
	g_test_add_func("/nm-fail/ipsec-auth", test_ipsec_auth);
	g_test_add_func("/nm-fail/ip-config", test_ip_config);
	g_test_add_func("/nm-fail/connect-failed", test_connect_failed);
	return g_test_run();
}
