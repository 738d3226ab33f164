// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-nm-service: Disconnect answers at once and the engine's teardown finishes in the main
 * loop; a Connect that arrives during the teardown waits for it and then starts; a quit waits
 * for the teardown. The service's own code (included below) with a fake engine: the functions
 * of the supervisor that runs it (persist.h), the engine's the service calls and the early
 * charon start's are defined here, and the fake reports "stopped" only when the test says so.
 * libnm's plugin state machine is real; there is no bus. A nested main loop in Disconnect would
 * wait for a "stopped" that never comes: alarm() turns that hang into a failure.
 *
 * A refused secret: an interactive activation whose attempt ends in ppp-auth or ipsec-auth asks
 * the agent again (SecretsRequired, recorded here: libnm sends it only after a real
 * ConnectInteractive over the bus) for a secret that is not saved, with the failure's sentence,
 * at most NM_L2TPC_REPROMPT_TRIES attempts; NewSecrets starts a fresh attempt with the secrets
 * the server did not refuse kept; the refused value again, a saved secret, or a plain Connect
 * end as login-failed.
 */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <NetworkManager.h>

int nm_l2tpc_service_main(int argc, char **argv);
static void test_secrets_required(NMVpnServicePlugin *plugin, const char *message,
				  const char **hints);
#define main				       nm_l2tpc_service_main
#define nm_vpn_service_plugin_secrets_required test_secrets_required
#include "nm-l2tpc-service.c"
#undef nm_vpn_service_plugin_secrets_required
#undef main

/* What the service asked the agent for last, and how often. */
static struct {
	unsigned count;
	char *message;
	char *hints;
} asked;

static void test_secrets_required(NMVpnServicePlugin *plugin, const char *message,
				  const char **hints)
{
	asked.count++;
	g_free(asked.message);
	asked.message = g_strdup(message);
	g_free(asked.hints);
	asked.hints = g_strjoinv(",", (char **)hints);
}

/* The fake reconnect supervisor (client/persist/persist.h), which runs the engine for the
 * service: it records what the service asks and reports only what the test makes it report. */
struct l2tpc_persist {
	const struct l2tpc_persist_ops *ops;
	void *ud;
	char *gateway;
	bool started, stop_requested;
};

static unsigned engines_created, engines_freed;
static struct l2tpc_persist *last_engine;

const char *l2tpc_engine_phase_name(enum l2tpc_phase phase)
{
	return "test-phase";
}

void l2tpc_engine_options_init(struct l2tpc_engine_options *o)
{
	memset(o, 0, sizeof(*o));
	o->host_route = true;
	o->dataplane = -1;
}

struct l2tpc_persist *l2tpc_persist_new(const struct l2tpc_profile *profile,
					const struct l2tpc_engine_options *opts,
					const struct l2tpc_persist_ops *ops, void *ud)
{
	struct l2tpc_persist *e = g_new0(struct l2tpc_persist, 1);

	e->ops = ops;
	e->ud = ud;
	e->gateway = g_strdup(profile->gateway);
	engines_created++;
	last_engine = e;
	return e;
}

void l2tpc_persist_free(struct l2tpc_persist *e)
{
	engines_freed++;
	if (last_engine == e)
		last_engine = NULL;
	g_free(e->gateway);
	g_free(e);
}

void l2tpc_persist_start(struct l2tpc_persist *e)
{
	e->started = true;
}

void l2tpc_persist_stop(struct l2tpc_persist *e)
{
	e->stop_requested = true;
}

struct l2tpc_engine *l2tpc_persist_engine(const struct l2tpc_persist *p)
{
	return NULL; /* so the service's record asks the engine nothing */
}

bool l2tpc_persist_reconnecting(const struct l2tpc_persist *p)
{
	return false;
}

const char *l2tpc_engine_ipsec_name(const struct l2tpc_engine *e)
{
	return "l2tpc-test";
}

int l2tpc_engine_pppd_pid(const struct l2tpc_engine *e)
{
	return 0;
}

bool l2tpc_engine_host_route(const struct l2tpc_engine *e, struct net_route *out)
{
	return false;
}

bool l2tpc_engine_addresses(const struct l2tpc_engine *e, const char **gateway, const char **local)
{
	return false;
}

bool l2tpc_engine_cleanup_stale(const char *rundir, const char *name, bool lock_held)
{
	return false;
}

/* The early charon start (bench's nm-l2tpc-prestart.c) needs a charon: not here. */
void nm_l2tpc_prestart_begin(const char *rundir)
{
}

void nm_l2tpc_prestart_end(bool wait)
{
}

static NMConnection *test_connection(const char *id, const char *gateway)
{
	NMConnection *c = nm_simple_connection_new();
	NMSetting *s_con = nm_setting_connection_new();
	NMSetting *s_vpn = nm_setting_vpn_new();
	g_autofree char *uuid = g_uuid_string_random();

	g_object_set(s_con, NM_SETTING_CONNECTION_ID, id, NM_SETTING_CONNECTION_UUID, uuid,
		     NM_SETTING_CONNECTION_TYPE, NM_SETTING_VPN_SETTING_NAME, NULL);
	g_object_set(s_vpn, NM_SETTING_VPN_SERVICE_TYPE, L2TPC_PROFILE_NM_SERVICE_L2TPC, NULL);
	nm_setting_vpn_add_data_item(NM_SETTING_VPN(s_vpn), "gateway", gateway);
	nm_setting_vpn_add_data_item(NM_SETTING_VPN(s_vpn), "user", "alice");
	nm_setting_vpn_add_secret(NM_SETTING_VPN(s_vpn), "password", "test-password");
	nm_setting_vpn_add_secret(NM_SETTING_VPN(s_vpn), "ipsec-psk", "test-psk");
	nm_connection_add_setting(c, s_con);
	nm_connection_add_setting(c, s_vpn);
	return c;
}

static NMVpnServiceState state_of(NMVpnServicePlugin *plugin)
{
	NMVpnServiceState state;

	g_object_get(plugin, NM_VPN_SERVICE_PLUGIN_STATE, &state, NULL);
	return state;
}

/* What libnm's ConnectInteractive handler does around the class method. */
static void connect_as_libnm(NMVpnServicePlugin *plugin, NMConnection *c)
{
	g_autoptr(GError) err = NULL;

	g_assert_true(NM_VPN_SERVICE_PLUGIN_GET_CLASS(plugin)->connect_interactive(plugin, c, NULL,
										   &err));
	g_assert_no_error(err);
	g_object_set(plugin, NM_VPN_SERVICE_PLUGIN_STATE, NM_VPN_SERVICE_STATE_STARTING, NULL);
}

static void iterate(void)
{
	while (g_main_context_iteration(NULL, FALSE))
		;
}

static gboolean report_stopped(gpointer ud)
{
	struct l2tpc_persist *e = ud;

	e->ops->stopped(e, NULL, e->ud);
	return G_SOURCE_REMOVE;
}

static char *rundir;

static NML2tpcService *new_service(void)
{
	service_args.rundir = rundir;
	return g_object_new(nm_l2tpc_service_get_type(), NM_VPN_SERVICE_PLUGIN_DBUS_SERVICE_NAME,
			    "org.example.l2tpc.test", NULL);
}

static void test_disconnect_then_connect(void)
{
	g_autoptr(NMConnection) c1 = test_connection("office", "192.0.2.1");
	g_autoptr(NMConnection) c2 = test_connection("lab", "192.0.2.7");
	g_autoptr(GError) err = NULL;
	NML2tpcService *s = new_service();
	NMVpnServicePlugin *plugin = NM_VPN_SERVICE_PLUGIN(s);
	struct l2tpc_persist *first;

	engines_created = engines_freed = 0;
	connect_as_libnm(plugin, c1);
	first = last_engine;
	g_assert_nonnull(first);
	g_assert_true(first->started);

	/* Answers at once: the engine was asked to stop and has not finished. */
	g_assert_true(nm_vpn_service_plugin_disconnect(plugin, &err));
	g_assert_no_error(err);
	g_assert_cmpint(state_of(plugin), ==, NM_VPN_SERVICE_STATE_STOPPED);
	g_assert_true(first->stop_requested);
	g_assert_cmpuint(engines_freed, ==, 0);
	g_assert_true(s->persist == first);

	/* A Connect now waits: no second engine while the first one is tearing down. */
	connect_as_libnm(plugin, c2);
	g_assert_cmpuint(engines_created, ==, 1);
	g_assert_nonnull(s->queued);
	iterate();
	g_assert_cmpuint(engines_created, ==, 1);

	/* The teardown ends: the first engine is freed, then the queued connection starts. */
	first->ops->stopped(first, NULL, first->ud);
	g_assert_cmpuint(engines_freed, ==, 0); /* never inside the engine's own callback */
	iterate();
	g_assert_cmpuint(engines_freed, ==, 1);
	g_assert_cmpuint(engines_created, ==, 2);
	g_assert_nonnull(last_engine);
	g_assert_true(last_engine->started);
	g_assert_cmpstr(last_engine->gateway, ==, "192.0.2.7");
	g_assert_null(s->queued);
	g_assert_cmpstr(s->profile->id, ==, "lab");
	g_assert_cmpint(state_of(plugin), ==, NM_VPN_SERVICE_STATE_STARTING);

	/* Shutting down with the second one running undoes it before the loop ends. */
	nm_l2tpc_service_quit(s);
	g_assert_true(last_engine->stop_requested);
	g_idle_add(report_stopped, last_engine);
	g_main_loop_run(service_loop); /* returns only through nm_l2tpc_service_quit's path */
	g_assert_cmpuint(engines_freed, ==, 2);
	g_assert_null(s->persist);
	g_object_unref(s);
}

/* A Disconnect while a Connect is queued cancels the queued one. */
static void test_disconnect_cancels_queued(void)
{
	g_autoptr(NMConnection) c1 = test_connection("office", "192.0.2.1");
	g_autoptr(NMConnection) c2 = test_connection("lab", "192.0.2.7");
	NML2tpcService *s = new_service();
	NMVpnServicePlugin *plugin = NM_VPN_SERVICE_PLUGIN(s);
	struct l2tpc_persist *first;

	engines_created = engines_freed = 0;
	connect_as_libnm(plugin, c1);
	first = last_engine;
	g_assert_true(nm_vpn_service_plugin_disconnect(plugin, NULL));
	connect_as_libnm(plugin, c2);
	g_assert_true(nm_vpn_service_plugin_disconnect(plugin, NULL));
	g_assert_null(s->queued);
	first->ops->stopped(first, NULL, first->ud);
	iterate();
	g_assert_cmpuint(engines_created, ==, 1);
	g_assert_cmpuint(engines_freed, ==, 1);
	g_assert_null(s->persist);
	g_object_unref(s);
}

static unsigned failures;
static guint last_failure;

static void on_failure(NMVpnServicePlugin *plugin, guint reason, gpointer ud)
{
	failures++;
	last_failure = reason;
}

/* An interactive "office" whose password and PSK are typed by the user (flags 2), or saved. */
static NMConnection *typed_connection(const char *password, const char *psk, const char *flags)
{
	NMConnection *c = test_connection("office", "192.0.2.1");
	NMSettingVpn *vpn = nm_connection_get_setting_vpn(c);

	nm_setting_vpn_add_data_item(vpn, "password-flags", flags);
	nm_setting_vpn_add_data_item(vpn, "ipsec-psk-flags", flags);
	nm_setting_vpn_remove_secret(vpn, "password");
	nm_setting_vpn_remove_secret(vpn, "ipsec-psk");
	if (password)
		nm_setting_vpn_add_secret(vpn, "password", password);
	if (psk)
		nm_setting_vpn_add_secret(vpn, "ipsec-psk", psk);
	return c;
}

static NML2tpcService *new_watched_service(void)
{
	NML2tpcService *s = new_service();

	failures = 0;
	asked.count = 0;
	engines_created = engines_freed = 0;
	g_signal_connect(s, "failure", G_CALLBACK(on_failure), NULL);
	return s;
}

/* The running engine ends its attempt with @klass; @refused: the server refused a secret. */
static void engine_fails_as(enum l2tpc_failure_class klass, bool refused)
{
	struct l2tpc_persist *e = last_engine;
	struct l2tpc_failure f = { 0 };

	g_assert_nonnull(e);
	l2tpc_failure_set(&f, klass, "The server refused it.");
	f.secret_refused = refused;
	e->ops->stopped(e, &f, e->ud);
	l2tpc_failure_clear(&f);
	iterate();
}

/* The running engine ends its attempt with @klass, a refused secret. */
static void engine_fails(enum l2tpc_failure_class klass)
{
	engine_fails_as(klass, true);
}

static void new_secrets(NMVpnServicePlugin *plugin, NMConnection *c)
{
	g_autoptr(GError) err = NULL;

	g_assert_true(NM_VPN_SERVICE_PLUGIN_GET_CLASS(plugin)->new_secrets(plugin, c, &err));
	g_assert_no_error(err);
	iterate();
}

static void test_reprompt_password(void)
{
	g_autoptr(NMConnection) c1 = typed_connection("wrong", "typed-psk", "2");
	/* NetworkManager's answer: the new password; a PSK the agent dropped is kept by us */
	g_autoptr(NMConnection) c2 = typed_connection("right", NULL, "2");
	NML2tpcService *s = new_watched_service();
	NMVpnServicePlugin *plugin = NM_VPN_SERVICE_PLUGIN(s);

	connect_as_libnm(plugin, c1);
	engine_fails(L2TPC_FAILURE_PPP_AUTH);
	g_assert_cmpuint(failures, ==, 0);
	g_assert_cmpuint(asked.count, ==, 1);
	g_assert_cmpstr(asked.hints, ==, "password," NM_L2TPC_REPROMPT_HINT);
	g_assert_cmpstr(asked.message, ==, "The server refused it.");
	g_assert_cmpuint(engines_freed, ==, 1);
	g_assert_null(s->persist);
	g_assert_cmpint(state_of(plugin), ==, NM_VPN_SERVICE_STATE_STARTING);

	new_secrets(plugin, c2);
	g_assert_cmpuint(engines_created, ==, 2);
	g_assert_true(last_engine->started);
	g_assert_cmpstr(s->profile->secrets.password, ==, "right");
	g_assert_cmpstr(s->profile->secrets.ipsec_psk, ==, "typed-psk");
	g_assert_cmpuint(failures, ==, 0);

	nm_l2tpc_service_quit(s);
	g_idle_add(report_stopped, last_engine);
	g_main_loop_run(service_loop);
	g_object_unref(s);
}

static void test_reprompt_psk(void)
{
	g_autoptr(NMConnection) c1 = typed_connection("pw", "wrong-psk", "1");
	NML2tpcService *s = new_watched_service();

	connect_as_libnm(NM_VPN_SERVICE_PLUGIN(s), c1);
	engine_fails(L2TPC_FAILURE_IPSEC_AUTH);
	g_assert_cmpuint(asked.count, ==, 1);
	g_assert_cmpstr(asked.hints, ==, "ipsec-psk," NM_L2TPC_REPROMPT_HINT);
	g_assert_cmpuint(failures, ==, 0);
	g_object_unref(s);
}

/* A passwd-file or a keyring answers the refused value again: that ends it at once. */
static void test_reprompt_same_answer(void)
{
	g_autoptr(NMConnection) c1 = typed_connection("wrong", "psk", "2");
	NML2tpcService *s = new_watched_service();
	NMVpnServicePlugin *plugin = NM_VPN_SERVICE_PLUGIN(s);

	connect_as_libnm(plugin, c1);
	engine_fails(L2TPC_FAILURE_PPP_AUTH);
	g_assert_cmpuint(asked.count, ==, 1);
	new_secrets(plugin, c1);
	g_assert_cmpuint(engines_created, ==, 1);
	g_assert_cmpuint(failures, ==, 1);
	g_assert_cmpuint(last_failure, ==, NM_VPN_PLUGIN_FAILURE_LOGIN_FAILED);
	g_assert_cmpint(state_of(plugin), ==, NM_VPN_SERVICE_STATE_STOPPED);
	g_object_unref(s);
}

/* Three refused attempts in all, then login-failed. */
static void test_reprompt_bounded(void)
{
	NML2tpcService *s = new_watched_service();
	NMVpnServicePlugin *plugin = NM_VPN_SERVICE_PLUGIN(s);
	g_autoptr(NMConnection) c = typed_connection("wrong-0", "psk", "2");

	connect_as_libnm(plugin, c);
	for (unsigned i = 1; i < NM_L2TPC_REPROMPT_TRIES; i++) {
		g_autofree char *pw = g_strdup_printf("wrong-%u", i);
		g_autoptr(NMConnection) next = typed_connection(pw, "psk", "2");

		engine_fails(L2TPC_FAILURE_PPP_AUTH);
		g_assert_cmpuint(asked.count, ==, i);
		g_assert_cmpuint(failures, ==, 0);
		new_secrets(plugin, next);
		g_assert_cmpuint(engines_created, ==, i + 1);
	}
	engine_fails(L2TPC_FAILURE_PPP_AUTH);
	g_assert_cmpuint(asked.count, ==, NM_L2TPC_REPROMPT_TRIES - 1);
	g_assert_cmpuint(failures, ==, 1);
	g_assert_cmpuint(last_failure, ==, NM_VPN_PLUGIN_FAILURE_LOGIN_FAILED);
	g_object_unref(s);
}

/*
 * Nobody to ask: a saved password, a plain Connect, a failure that is not a refused secret
 * (another class, or an authentication failure the secret cannot fix: no login method the
 * server takes, a remote ID mismatch).
 */
static void test_no_reprompt(void)
{
	static const struct {
		const char *flags;
		bool interactive;
		enum l2tpc_failure_class klass;
		bool refused;
		guint reason;
	} rows[] = {
		{ "0", true, L2TPC_FAILURE_PPP_AUTH, true, NM_VPN_PLUGIN_FAILURE_LOGIN_FAILED },
		{ "2", false, L2TPC_FAILURE_PPP_AUTH, true, NM_VPN_PLUGIN_FAILURE_LOGIN_FAILED },
		{ "4", true, L2TPC_FAILURE_PPP_AUTH, true, NM_VPN_PLUGIN_FAILURE_LOGIN_FAILED },
		{ "2", true, L2TPC_FAILURE_IPSEC_PROPOSAL, false,
		  NM_VPN_PLUGIN_FAILURE_CONNECT_FAILED },
		{ "2", true, L2TPC_FAILURE_PPP_AUTH, false, NM_VPN_PLUGIN_FAILURE_LOGIN_FAILED },
		{ "2", true, L2TPC_FAILURE_IPSEC_AUTH, false, NM_VPN_PLUGIN_FAILURE_LOGIN_FAILED },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		g_autoptr(NMConnection) c = typed_connection("pw", "psk", rows[i].flags);
		NML2tpcService *s = new_watched_service();
		NMVpnServicePlugin *plugin = NM_VPN_SERVICE_PLUGIN(s);
		g_autoptr(GError) err = NULL;

		if (rows[i].interactive) {
			connect_as_libnm(plugin, c);
		} else {
			g_assert_true(
				NM_VPN_SERVICE_PLUGIN_GET_CLASS(plugin)->connect(plugin, c, &err));
			g_object_set(plugin, NM_VPN_SERVICE_PLUGIN_STATE,
				     NM_VPN_SERVICE_STATE_STARTING, NULL);
		}
		engine_fails_as(rows[i].klass, rows[i].refused);
		g_assert_cmpuint(asked.count, ==, 0);
		g_assert_cmpuint(failures, ==, 1);
		g_assert_cmpuint(last_failure, ==, rows[i].reason);
		g_object_unref(s);
	}
}

int main(int argc, char **argv)
{
	int ret;

	g_test_init(&argc, &argv, NULL);
	/* a nested main loop waiting for the fake's "stopped" would never return */
	alarm(20);
	rundir = g_dir_make_tmp("nm-service-XXXXXX", NULL);
	service_loop = g_main_loop_new(NULL, FALSE);
	l2tpc_log_set_level(L2TPC_LOG_ERROR);
	g_test_add_func("/nm-service/disconnect-then-connect", test_disconnect_then_connect);
	g_test_add_func("/nm-service/disconnect-cancels-queued", test_disconnect_cancels_queued);
	g_test_add_func("/nm-service/reprompt-password", test_reprompt_password);
	g_test_add_func("/nm-service/reprompt-psk", test_reprompt_psk);
	g_test_add_func("/nm-service/reprompt-same-answer", test_reprompt_same_answer);
	g_test_add_func("/nm-service/reprompt-bounded", test_reprompt_bounded);
	g_test_add_func("/nm-service/no-reprompt", test_no_reprompt);
	ret = g_test_run();
	g_main_loop_unref(service_loop);
	return ret;
}
