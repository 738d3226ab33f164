// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The connection engine (client/engine/engine.c) driven event by event. Its steps are replaced
 * by the fakes in test-engine-steps.c (linked instead of the real engine-*.c): each records
 * that it was called, and the test answers with the event the real step would report.
 */
#include <string.h>

#include <glib.h>

#include "engine.h"
#include "profile.h"
#include "test-engine-steps.h"

struct run {
	GString *phases;
	bool connected;
	int stopped; /* times ops->stopped ran */
	enum l2tpc_failure_class stopped_class;
	char *stopped_sentence;
	bool stopped_refused; /* the failure's secret_refused */
};

static struct run run;

static void on_phase(struct l2tpc_engine *e, enum l2tpc_phase phase, const char *detail, void *ud)
{
	g_string_append_printf(run.phases, "%s ", l2tpc_engine_phase_name(phase));
}

static void on_connected(struct l2tpc_engine *e, const struct l2tpc_ip_config *ip, void *ud)
{
	g_assert_cmpstr(ip->ifname, ==, "ppp7");
	g_assert_cmpstr(ip->local4, ==, "10.0.0.2");
	g_assert_cmpstr(ip->gateway, ==, "192.0.2.1");
	run.connected = true;
}

static void on_stopped(struct l2tpc_engine *e, const struct l2tpc_failure *f, void *ud)
{
	run.stopped++;
	run.stopped_class = f ? f->klass : L2TPC_FAILURE_NONE;
	g_free(run.stopped_sentence);
	run.stopped_sentence = f ? g_strdup(f->sentence) : NULL;
	run.stopped_refused = f && f->secret_refused;
}

static const struct l2tpc_engine_ops ops = { on_phase, on_connected, on_stopped };

struct fixture {
	struct l2tpc_profile *profile;
	struct l2tpc_engine *e;
};

static struct l2tpc_profile *profile_with(const char *extra)
{
	g_autofree char *text = g_strdup_printf("[connection]\nid=T\n[vpn]\ngateway=192.0.2.1\n"
						"user=u\nipsec-psk=secret\n%s",
						extra ? extra : "");
	g_autofree char *sentence = NULL;
	struct l2tpc_profile *p = NULL;

	if (l2tpc_profile_keyfile_parse(text, strlen(text), &p, NULL, &sentence) < 0)
		g_error("profile refused: %s", sentence);
	return p;
}

static void setup_with(struct fixture *fx, const char *extra, bool default_route)
{
	struct l2tpc_engine_options opts;

	fake_steps_reset();
	g_clear_pointer(&run.stopped_sentence, g_free);
	memset(&run, 0, sizeof(run));
	run.phases = g_string_new(NULL);
	fx->profile = profile_with(extra);
	l2tpc_engine_options_init(&opts);
	opts.rundir = "/nonexistent";
	opts.default_route = default_route;
	fx->e = l2tpc_engine_new(fx->profile, &opts, &ops, NULL);
}

static void teardown_fx(struct fixture *fx, gconstpointer data)
{
	l2tpc_engine_free(fx->e);
	l2tpc_profile_free(fx->profile);
	g_string_free(run.phases, TRUE);
	g_clear_pointer(&run.stopped_sentence, g_free);
}

static void failure(struct l2tpc_failure *f, enum l2tpc_failure_class klass, const char *s)
{
	l2tpc_failure_clear(f);
	l2tpc_failure_set(f, klass, "%s", s);
}

/* Runs the main loop until the 50 ms wait after IPsec is over. */
static void settle(void)
{
	gint64 end = g_get_monotonic_time() + 200 * 1000;

	while (g_get_monotonic_time() < end)
		g_main_context_iteration(NULL, FALSE), g_usleep(1000);
}

/* The connection stages a test can stop in, in order. */
enum stage {
	AT_RESOLVING,
	AT_IPSEC_UP_IN_FLIGHT,
	AT_IPSEC_SETTLING,
	AT_TUNNEL,
	AT_SESSION,
	AT_PPP_AUTH,
	AT_IP_CONFIG,
	AT_CONNECTED,
};

/* Drives the engine from IDLE to @stage as the steps would, with IPsec and an early pppd. */
static void drive_to(struct fixture *fx, enum stage stage)
{
	l2tpc_engine_start(fx->e);
	g_assert_cmpstr(fake_calls(), ==, "probe_start resolve ");
	if (stage == AT_RESOLVING)
		return;
	fake_resolved("192.0.2.1");
	fake_emit(ENGINE_EV_IPSEC_INITIATING, NULL);
	if (stage == AT_IPSEC_UP_IN_FLIGHT)
		return;
	fake_emit(ENGINE_EV_IPSEC_UP, NULL);
	if (stage == AT_IPSEC_SETTLING)
		return;
	settle();
	if (stage == AT_TUNNEL)
		return;
	fake_tunnel_up(3, 4);
	if (stage == AT_SESSION)
		return;
	fake_session_up();
	if (stage == AT_PPP_AUTH)
		return;
	fake_emit(ENGINE_EV_PPP_AUTH_OK, NULL);
	if (stage == AT_IP_CONFIG)
		return;
	fake_ppp_up("ppp7", "10.0.0.2", "10.0.0.1");
}

/* The whole life: every step called in order, every phase reported, everything undone. */
static void test_life(struct fixture *fx, gconstpointer data)
{
	drive_to(fx, AT_CONNECTED);
	g_assert_cmpstr(fake_calls(), ==,
			"probe_start resolve routes_lock resolve_local routes_host l2tp_new "
			"ipsec_up kernel_expected ppp_start(early) ipsec_bind l2tp_start "
			"l2tp_start_session dataplane_open ppp_attach routes_check_peer ");
	g_assert_cmpstr(run.phases->str, ==,
			"resolve ipsec l2tp-tunnel l2tp-session ppp-auth ip-config connected ");
	g_assert_true(run.connected);
	g_assert_cmpint(l2tpc_engine_phase(fx->e), ==, L2TPC_PHASE_CONNECTED);
	g_assert_cmpint(l2tpc_engine_pppd_pid(fx->e), ==, 4242);

	fake_calls_clear();
	l2tpc_engine_stop(fx->e);
	l2tpc_engine_stop(fx->e); /* idempotent */
	g_assert_cmpstr(fake_calls(), ==, "ppp_stop ");
	fake_emit(ENGINE_EV_PPP_DOWN, NULL);
	g_assert_cmpstr(fake_calls(), ==, "ppp_stop routes_default_undo l2tp_stop ");
	fake_emit(ENGINE_EV_TUNNEL_CLOSED, NULL);
	g_assert_cmpstr(fake_calls(), ==,
			"ppp_stop routes_default_undo l2tp_stop dataplane_close ipsec_down ");
	g_assert_cmpint(run.stopped, ==, 0);
	fake_emit(ENGINE_EV_IPSEC_DOWN, NULL);
	g_assert_cmpstr(fake_calls(), ==,
			"ppp_stop routes_default_undo l2tp_stop dataplane_close ipsec_down "
			"routes_host_undo routes_unlock ");
	g_assert_cmpint(run.stopped, ==, 1);
	g_assert_cmpint(run.stopped_class, ==, L2TPC_FAILURE_NONE);
	g_assert_cmpint(l2tpc_engine_phase(fx->e), ==, L2TPC_PHASE_DISCONNECTED);
	g_assert_null(l2tpc_engine_failure(fx->e));
	/* late events change nothing */
	fake_emit(ENGINE_EV_IPSEC_LOST, NULL);
	l2tpc_engine_stop(fx->e);
	g_assert_cmpint(run.stopped, ==, 1);
}

/*
 * Teardown from every state, by a stop and by a failure: what is undone, in which order, and
 * what the owner hears. Each step answers its undo at once (fake_answer_undos()).
 */
static const struct teardown_case {
	const char *name;
	enum stage stage;
	const char *undos;
} teardown_cases[] = {
	{ "resolving", AT_RESOLVING,
	  "routes_default_undo dataplane_close routes_host_undo routes_unlock " },
	{ "ipsec-in-flight", AT_IPSEC_UP_IN_FLIGHT,
	  "ppp_stop routes_default_undo dataplane_close ipsec_down routes_host_undo "
	  "routes_unlock " },
	{ "ipsec-settling", AT_IPSEC_SETTLING,
	  "ppp_stop routes_default_undo dataplane_close ipsec_down routes_host_undo "
	  "routes_unlock " },
	{ "tunnel", AT_TUNNEL,
	  "ppp_stop routes_default_undo l2tp_stop dataplane_close ipsec_down routes_host_undo "
	  "routes_unlock " },
	{ "session", AT_SESSION,
	  "ppp_stop routes_default_undo l2tp_stop dataplane_close ipsec_down routes_host_undo "
	  "routes_unlock " },
	{ "ppp-auth", AT_PPP_AUTH,
	  "ppp_stop routes_default_undo l2tp_stop dataplane_close ipsec_down routes_host_undo "
	  "routes_unlock " },
	{ "ip-config", AT_IP_CONFIG,
	  "ppp_stop routes_default_undo l2tp_stop dataplane_close ipsec_down routes_host_undo "
	  "routes_unlock " },
	{ "connected", AT_CONNECTED,
	  "ppp_stop routes_default_undo l2tp_stop dataplane_close ipsec_down routes_host_undo "
	  "routes_unlock " },
};

static void check_teardown(struct fixture *fx, const struct teardown_case *c, bool by_failure)
{
	struct l2tpc_failure f = { 0 };

	drive_to(fx, c->stage);
	fake_calls_clear();
	g_string_truncate(run.phases, 0);
	if (by_failure) {
		failure(&f, L2TPC_FAILURE_L2TP, "The tunnel broke.");
		fake_emit(ENGINE_EV_FAIL, &f);
	} else {
		l2tpc_engine_stop(fx->e);
	}
	fake_answer_undos();
	settle(); /* a tunnel start that was waiting must not come */
	g_assert_cmpstr(fake_calls(), ==, c->undos);
	g_assert_cmpstr(run.phases->str, ==, "disconnecting disconnected ");
	g_assert_cmpint(run.stopped, ==, 1);
	g_assert_cmpint(run.stopped_class, ==,
			by_failure ? L2TPC_FAILURE_L2TP : L2TPC_FAILURE_NONE);
	g_assert_false(fake_anything_left());
	l2tpc_failure_clear(&f);
}

static void test_teardown_stop(struct fixture *fx, gconstpointer data)
{
	check_teardown(fx, data, false);
}

static void test_teardown_failure(struct fixture *fx, gconstpointer data)
{
	check_teardown(fx, data, true);
}

/* A stop while IPsec comes up waits for the up to land, then takes it down. */
static void test_stop_waits_for_ipsec_up(struct fixture *fx, gconstpointer data)
{
	drive_to(fx, AT_IPSEC_UP_IN_FLIGHT);
	fake_calls_clear();
	l2tpc_engine_stop(fx->e);
	fake_emit(ENGINE_EV_PPP_DOWN, NULL);
	g_assert_cmpstr(fake_calls(), ==, "ppp_stop routes_default_undo dataplane_close ");
	fake_emit(ENGINE_EV_IPSEC_UP, NULL); /* landed: no bind, but down */
	g_assert_cmpstr(fake_calls(), ==,
			"ppp_stop routes_default_undo dataplane_close ipsec_down ");
	fake_emit(ENGINE_EV_IPSEC_DOWN, NULL);
	g_assert_cmpint(run.stopped, ==, 1);
	g_assert_cmpint(run.stopped_class, ==, L2TPC_FAILURE_NONE);
}

/* A server that rejects the login hangs up at once: pppd's reason wins over the CDN's. */
static void test_hangup_waits_for_pppd(struct fixture *fx, gconstpointer data)
{
	struct l2tpc_failure cdn = { 0 }, auth = { 0 };
	bool pppd_says = GPOINTER_TO_INT(data);

	failure(&cdn, L2TPC_FAILURE_L2TP, "The server ended the call.");
	failure(&auth, L2TPC_FAILURE_PPP_AUTH, "The login failed.");
	auth.secret_refused = true;
	drive_to(fx, AT_PPP_AUTH);
	g_string_truncate(run.phases, 0);
	fake_emit(ENGINE_EV_TUNNEL_CLOSED, &cdn);
	g_assert_cmpstr(run.phases->str, ==, "disconnecting ");
	fake_emit(ENGINE_EV_PPP_DOWN, pppd_says ? &auth : NULL);
	fake_answer_undos();
	g_assert_cmpint(run.stopped, ==, 1);
	g_assert_cmpint(run.stopped_class, ==,
			pppd_says ? L2TPC_FAILURE_PPP_AUTH : L2TPC_FAILURE_L2TP);
	g_assert_cmpstr(run.stopped_sentence, ==,
			pppd_says ? "The login failed." : "The server ended the call.");
	/* the refused password's marker reaches the owner (NetworkManager asks again on it) */
	g_assert_cmpint(run.stopped_refused, ==, pppd_says);
	g_assert_cmpint(l2tpc_engine_failure(fx->e)->klass, ==, run.stopped_class);
	l2tpc_failure_clear(&cdn);
	l2tpc_failure_clear(&auth);
}

/* Once connected, the tunnel's end is the cause at once; later failures do not replace it. */
static void test_first_failure_wins(struct fixture *fx, gconstpointer data)
{
	struct l2tpc_failure cdn = { 0 }, down = { 0 };

	failure(&cdn, L2TPC_FAILURE_PEER_DISCONNECT, "The server hung up.");
	failure(&down, L2TPC_FAILURE_IPSEC_DAEMON, "charon died.");
	drive_to(fx, AT_CONNECTED);
	fake_emit(ENGINE_EV_TUNNEL_CLOSED, &cdn);
	fake_emit(ENGINE_EV_PPP_DOWN, NULL);
	fake_emit(ENGINE_EV_IPSEC_DOWN, &down);
	g_assert_cmpint(run.stopped, ==, 1);
	g_assert_cmpint(run.stopped_class, ==, L2TPC_FAILURE_PEER_DISCONNECT);
	l2tpc_failure_clear(&cdn);
	l2tpc_failure_clear(&down);
}

/* A failure while undoing a requested stop still says why (IPsec could not be taken down). */
static void test_failure_during_stop(struct fixture *fx, gconstpointer data)
{
	struct l2tpc_failure down = { 0 };

	failure(&down, L2TPC_FAILURE_IPSEC_DAEMON, "charon did not answer.");
	drive_to(fx, AT_CONNECTED);
	l2tpc_engine_stop(fx->e);
	fake_emit(ENGINE_EV_PPP_DOWN, NULL);
	fake_emit(ENGINE_EV_TUNNEL_CLOSED, NULL);
	fake_emit(ENGINE_EV_IPSEC_DOWN, &down);
	g_assert_cmpint(run.stopped, ==, 1);
	g_assert_cmpint(run.stopped_class, ==, L2TPC_FAILURE_IPSEC_DAEMON);
	l2tpc_failure_clear(&down);
}

/* Progress that arrives during teardown starts nothing: no session, no data path. */
static void test_progress_ignored_in_teardown(struct fixture *fx, gconstpointer data)
{
	struct l2tp_session_info info = { 0 };

	drive_to(fx, AT_TUNNEL);
	fake_calls_clear();
	l2tpc_engine_stop(fx->e);
	fake_emit(ENGINE_EV_TUNNEL_UP, NULL);
	fake_emit_session_up(&info);
	g_assert_cmpstr(fake_calls(), ==, "ppp_stop ");
	fake_answer_undos();
	g_assert_cmpint(run.stopped, ==, 1);
}

/* A step that cannot start ends the connection with its sentence; nothing later is tried. */
static const struct start_failure_case {
	const char *call;
	const char *calls;
	const char *undos;
} start_failure_cases[] = {
	{ "routes_lock", "probe_start resolve routes_lock ",
	  "routes_default_undo dataplane_close routes_host_undo routes_unlock " },
	{ "l2tp_new", "probe_start resolve routes_lock resolve_local routes_host l2tp_new ",
	  "routes_default_undo dataplane_close routes_host_undo routes_unlock " },
	{ "ipsec_up",
	  "probe_start resolve routes_lock resolve_local routes_host l2tp_new ipsec_up ",
	  "routes_default_undo dataplane_close routes_host_undo routes_unlock " },
	{ "ppp_start(early)",
	  "probe_start resolve routes_lock resolve_local routes_host l2tp_new ipsec_up "
	  "kernel_expected ppp_start(early) ",
	  "routes_default_undo dataplane_close ipsec_down routes_host_undo routes_unlock " },
};

static void test_start_failure(struct fixture *fx, gconstpointer data)
{
	const struct start_failure_case *c = data;
	GString *want = g_string_new(c->calls);

	fake_fail_call(c->call);
	l2tpc_engine_start(fx->e);
	fake_resolved("192.0.2.1");
	fake_emit(ENGINE_EV_IPSEC_INITIATING, NULL);
	fake_answer_undos();
	g_string_append(want, c->undos);
	g_assert_cmpstr(fake_calls(), ==, want->str);
	g_assert_cmpint(run.stopped, ==, 1);
	g_assert_cmpint(run.stopped_class, ==, L2TPC_FAILURE_SYSTEM);
	g_assert_cmpstr(run.stopped_sentence, ==, "The fake step failed.");
	g_string_free(want, TRUE);
}

/* The profile's own refusal comes before anything is touched, synchronously. */
static void test_check_refuses(struct fixture *fx, gconstpointer data)
{
	l2tpc_engine_stop(fx->e); /* from IDLE: nothing to undo */
	g_assert_cmpint(run.stopped, ==, 1);
	g_assert_cmpint(run.stopped_class, ==, L2TPC_FAILURE_NONE);
}

static void setup_never_default(struct fixture *fx, gconstpointer data)
{
	setup_with(fx, "never-default=yes\n", true);
}

static void test_never_default_refused(struct fixture *fx, gconstpointer data)
{
	l2tpc_engine_start(fx->e);
	g_assert_cmpint(l2tpc_engine_phase(fx->e), ==, L2TPC_PHASE_DISCONNECTED);
	g_assert_cmpint(run.stopped_class, ==, L2TPC_FAILURE_CONFIG);
	g_assert_cmpstr(fake_calls(), ==,
			"routes_default_undo dataplane_close routes_host_undo routes_unlock ");
}

/* Without IPsec: pppd early, then the tunnel at once; nothing of IPsec to undo. */
static void setup_no_ipsec(struct fixture *fx, gconstpointer data)
{
	setup_with(fx, "ipsec-enabled=no\n", false);
}

static void test_no_ipsec(struct fixture *fx, gconstpointer data)
{
	l2tpc_engine_start(fx->e);
	fake_resolved("192.0.2.1");
	g_assert_cmpstr(fake_calls(), ==,
			"probe_start resolve routes_lock resolve_local routes_host l2tp_new "
			"kernel_expected ppp_start(early) l2tp_start ");
	g_assert_cmpstr(run.phases->str, ==, "resolve l2tp-tunnel ");
	fake_calls_clear();
	l2tpc_engine_stop(fx->e);
	fake_answer_undos();
	g_assert_cmpstr(fake_calls(), ==,
			"ppp_stop routes_default_undo l2tp_stop dataplane_close routes_host_undo "
			"routes_unlock ");
}

/* A userspace data path: pppd starts on the open data path, not early; the default route. */
static void setup_userspace(struct fixture *fx, gconstpointer data)
{
	setup_with(fx, NULL, true);
	fake_set_kernel_expected(false);
}

static void test_userspace_default_route(struct fixture *fx, gconstpointer data)
{
	drive_to(fx, AT_CONNECTED);
	g_assert_cmpstr(fake_calls(), ==,
			"probe_start resolve routes_lock resolve_local routes_host l2tp_new "
			"ipsec_up kernel_expected ipsec_bind l2tp_start l2tp_start_session "
			"dataplane_open ppp_start routes_check_peer routes_default ");
	g_assert_true(run.connected);
}

static void setup(struct fixture *fx, gconstpointer data)
{
	setup_with(fx, NULL, false);
}

/*
 * A connection lost to a server out of reach is dropped: every undo is the step's drop (one
 * Terminate-Request, one StopCCN, the IKE DELETE, no waiting). A server that is still there
 * (pppd's link ended by the server, not by the LCP echo verdict), or a loss before the
 * connection was up, gets the ordinary teardown.
 */
static const struct drop_case {
	const char *name;
	enum stage stage;
	enum engine_event_type event; /* ENGINE_EV_STOP: l2tpc_engine_drop() */
	bool peer_dead;
	const char *undos;
} drop_cases[] = {
	{ "requested", AT_CONNECTED, ENGINE_EV_STOP, false,
	  "ppp_drop routes_default_undo l2tp_drop dataplane_close ipsec_drop routes_host_undo "
	  "routes_unlock " },
	{ "lcp-echo", AT_CONNECTED, ENGINE_EV_PPP_DOWN, true,
	  "routes_default_undo l2tp_drop dataplane_close ipsec_drop routes_host_undo "
	  "routes_unlock " },
	{ "ipsec-lost", AT_CONNECTED, ENGINE_EV_IPSEC_LOST, false,
	  "ppp_drop routes_default_undo l2tp_drop dataplane_close ipsec_drop routes_host_undo "
	  "routes_unlock " },
	{ "tunnel-closed", AT_CONNECTED, ENGINE_EV_TUNNEL_CLOSED, false,
	  "ppp_drop routes_default_undo dataplane_close ipsec_drop routes_host_undo "
	  "routes_unlock " },
	{ "pppd-hangup", AT_CONNECTED, ENGINE_EV_PPP_DOWN, false,
	  "routes_default_undo l2tp_stop dataplane_close ipsec_down routes_host_undo "
	  "routes_unlock " },
	{ "lost-in-setup", AT_IP_CONFIG, ENGINE_EV_IPSEC_LOST, false,
	  "ppp_stop routes_default_undo l2tp_stop dataplane_close ipsec_down routes_host_undo "
	  "routes_unlock " },
};

static void test_drop(struct fixture *fx, gconstpointer data)
{
	const struct drop_case *c = data;
	struct l2tpc_failure f = { 0 };

	failure(&f, L2TPC_FAILURE_PPP, "The server was lost.");
	drive_to(fx, c->stage);
	fake_calls_clear();
	fake_set_peer_dead(c->peer_dead);
	if (c->event == ENGINE_EV_STOP)
		l2tpc_engine_drop(fx->e);
	else
		fake_emit(c->event, &f);
	fake_answer_undos();
	g_assert_cmpstr(fake_calls(), ==, c->undos);
	g_assert_cmpint(run.stopped, ==, 1);
	g_assert_cmpint(run.stopped_class, ==,
			c->event == ENGINE_EV_STOP ? L2TPC_FAILURE_NONE : L2TPC_FAILURE_PPP);
	g_assert_false(fake_anything_left());
	l2tpc_failure_clear(&f);
}

#define ADD(path, set, fn, data) g_test_add(path, struct fixture, data, set, fn, teardown_fx)

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	ADD("/engine/life", setup, test_life, NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(teardown_cases); i++) {
		g_autofree char *stop =
			g_strdup_printf("/engine/teardown/stop/%s", teardown_cases[i].name);
		g_autofree char *fail =
			g_strdup_printf("/engine/teardown/failure/%s", teardown_cases[i].name);

		ADD(stop, setup, test_teardown_stop, &teardown_cases[i]);
		ADD(fail, setup, test_teardown_failure, &teardown_cases[i]);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(start_failure_cases); i++) {
		g_autofree char *path =
			g_strdup_printf("/engine/start-failure/%s", start_failure_cases[i].call);

		ADD(path, setup, test_start_failure, &start_failure_cases[i]);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(drop_cases); i++) {
		g_autofree char *path = g_strdup_printf("/engine/drop/%s", drop_cases[i].name);

		ADD(path, setup, test_drop, &drop_cases[i]);
	}
	ADD("/engine/stop-waits-for-ipsec-up", setup, test_stop_waits_for_ipsec_up, NULL);
	ADD("/engine/hangup/pppd-says-why", setup, test_hangup_waits_for_pppd, GINT_TO_POINTER(1));
	ADD("/engine/hangup/cdn-says-why", setup, test_hangup_waits_for_pppd, GINT_TO_POINTER(0));
	ADD("/engine/first-failure-wins", setup, test_first_failure_wins, NULL);
	ADD("/engine/failure-during-stop", setup, test_failure_during_stop, NULL);
	ADD("/engine/progress-ignored-in-teardown", setup, test_progress_ignored_in_teardown, NULL);
	ADD("/engine/stop-in-idle", setup, test_check_refuses, NULL);
	ADD("/engine/never-default-refused", setup_never_default, test_never_default_refused, NULL);
	ADD("/engine/no-ipsec", setup_no_ipsec, test_no_ipsec, NULL);
	ADD("/engine/userspace-default-route", setup_userspace, test_userspace_default_route, NULL);
	return g_test_run();
}
