// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nm-l2tpc-service: NetworkManager's VPN service for l2tpc.
 *
 * NetworkManager starts one process per connection (the .name file says
 * supports-multiple-connections, so each gets --bus-name <service>.Connection_N). The process
 * runs the client engine in-process: Connect turns the NMConnection into a profile and starts
 * the engine; the engine's IP configuration goes back as Config/Ip4Config/Ip6Config; a failure
 * goes back as NetworkManager's failure reason, with the engine's sentence in the log (stderr,
 * which NetworkManager's log collects).
 *
 * Disconnect answers at once and the engine undoes everything afterwards in the one main loop
 * (no nested loop, so no D-Bus call is ever dispatched half-way through a teardown). A Connect
 * that arrives meanwhile is queued and starts when the teardown is done, and the process quits
 * (when libnm says so, or on SIGTERM) only once nothing is left behind.
 */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib-unix.h>

#include "config.h"
#include <glib/gi18n-lib.h>
#include "conn-record.h"
#include "l2tpc-log.h"
#include "nm-l2tpc-fail.h"
#include "nm-l2tpc-journal.h"
#include "nm-l2tpc-prestart.h"
#include "nm-l2tpc-reprompt.h"
#include "nm-l2tpc-settings.h"
#include "nm-l2tpc-user-files.h"
#include "persist.h"

#define NM_L2TPC_SERVICE_DBUS_NAME "org.freedesktop.NetworkManager.l2tpc"

typedef struct {
	NMVpnServicePlugin parent;

	struct l2tpc_engine_options opts;
	const char *rundir;
	struct l2tpc_profile *profile; /* owned; the engine borrows it */
	/* a private connection's files, read as its user; NULL for one of all users */
	struct nm_l2tpc_user_files *user_files;
	/* runs the engine, and again after a loss when the connection is persistent */
	struct l2tpc_persist *persist;
	struct conn_record rec;
	int lock_fd;
	bool engine_stopped;  /* ops->stopped arrived; the supervisor waits to be freed */
	bool was_connected;   /* ops->connected arrived for this run */
	bool nm_stopping;     /* NetworkManager asked for the disconnect */
	bool quit_pending;    /* quit the main loop once the engine has undone everything */
	NMConnection *queued; /* a Connect that arrived during a teardown; owned */
	bool queued_interactive;
	guint release_id;
	int stopped_reason;	      /* the reason the engine ended with, -1 for none */
	struct l2tpc_failure stopped; /* the failure the engine ended with, for a re-prompt */
	/* this activation came through ConnectInteractive: an agent can be asked again */
	bool interactive;
	struct nm_l2tpc_reprompt reprompt;
	guint refused_again_id; /* the agent answered a refused secret again: fail from idle */
} NML2tpcService;

typedef struct {
	NMVpnServicePluginClass parent;
} NML2tpcServiceClass;

GType nm_l2tpc_service_get_type(void);
G_DEFINE_TYPE(NML2tpcService, nm_l2tpc_service, NM_TYPE_VPN_SERVICE_PLUGIN)

static struct {
	char *bus_name;
	char *rundir;
	char *pppd_plugin;
	char *log_level;
	gboolean debug;
	gboolean persist;
	gboolean charon_at_connect;
} service_args;

static GMainLoop *service_loop;

static void nm_l2tpc_service_record(NML2tpcService *s)
{
	struct l2tpc_engine *e = s->persist ? l2tpc_persist_engine(s->persist) : NULL;
	const char *gw, *local;
	struct net_route host;

	s->rec.pppd_pid = e ? l2tpc_engine_pppd_pid(e) : 0;
	if (e && !s->rec.ipsec_name)
		s->rec.ipsec_name = g_strdup(l2tpc_engine_ipsec_name(e));
	/* the host route to the gateway: a killed service's cleanup removes it */
	if (e && !s->rec.route && l2tpc_engine_host_route(e, &host))
		s->rec.route = net_route_to_string(&host);
	if (e && !s->rec.gateway_addr && l2tpc_engine_addresses(e, &gw, &local)) {
		s->rec.gateway_addr = g_strdup(gw);
		s->rec.local_addr = g_strdup(local);
	}
	if (conn_record_write(s->rundir, &s->rec) < 0)
		l2tpc_warn("nm", "cannot write the connection record under %s", s->rundir);
}

/* Frees the engine and what belongs to one connection; never called from an engine callback. */
static void nm_l2tpc_service_release(NML2tpcService *s)
{
	g_clear_handle_id(&s->release_id, g_source_remove);
	if (s->persist) {
		l2tpc_persist_free(s->persist);
		s->persist = NULL;
		conn_record_remove(s->rundir, s->profile->id);
	}
	conn_record_clear(&s->rec);
	if (s->lock_fd >= 0) {
		close(s->lock_fd);
		s->lock_fd = -1;
	}
	g_clear_pointer(&s->profile, l2tpc_profile_free);
	g_clear_pointer(&s->user_files, nm_l2tpc_user_files_free);
	s->opts.read_file = NULL;
	s->opts.read_file_ud = NULL;
	s->engine_stopped = false;
	s->was_connected = false;
	s->nm_stopping = false;
	s->stopped_reason = -1;
	l2tpc_failure_clear(&s->stopped);
}

/*
 * A sentence that ends an attempt: in NetworkManager's log (our stderr) and as the journal entry
 * nmcli's hint ("journalctl -xe NM_CONNECTION=<uuid> ...") selects. @klass may be NULL.
 */
static void nm_l2tpc_service_report(const char *uuid, const char *id, const char *klass,
				    const char *sentence)
{
	int r;

	l2tpc_error("nm", "%s: %s", id, sentence);
	r = nm_l2tpc_journal_failure(NULL, uuid, id, klass, sentence);
	if (r < 0 && r != -ENOENT)
		l2tpc_debug("nm", "cannot write to the journal: %s", g_strerror(-r));
}

static void nm_l2tpc_service_on_phase(struct l2tpc_persist *p, enum l2tpc_phase phase,
				      const char *detail, void *ud)
{
	NML2tpcService *s = ud;
	bool again = l2tpc_persist_reconnecting(p);

	l2tpc_info("nm", "%s: %s%s%s", s->profile->id, l2tpc_engine_phase_name(phase),
		   detail ? ": " : "", detail ? detail : "");
	g_free(s->rec.phase);
	s->rec.phase =
		g_strdup(again && phase != L2TPC_PHASE_CONNECTED ? L2TPC_PERSIST_PHASE_NAME
								 : l2tpc_engine_phase_name(phase));
	nm_l2tpc_service_record(s);
}

/*
 * A persistent connection lost its link and tries again. NetworkManager keeps the VPN activated
 * meanwhile (like NetworkManager-openvpn, whose openvpn restarts by itself and whose helper sends
 * the configuration again): nothing is said to it until the connection is back, when Config and
 * Ip4Config/Ip6Config go again; or until the supervisor gives up, which ends the VPN.
 */
static void nm_l2tpc_service_on_reconnecting(struct l2tpc_persist *p, unsigned attempt,
					     unsigned delay_s, const struct l2tpc_failure *cause,
					     void *ud)
{
	NML2tpcService *s = ud;

	l2tpc_warn("nm", "%s: reconnecting: attempt %u in %u s: %s", s->profile->id, attempt,
		   delay_s, cause->sentence);
	g_free(s->rec.phase);
	s->rec.phase = g_strdup(L2TPC_PERSIST_PHASE_NAME);
	g_clear_pointer(&s->rec.route, g_free);
	g_clear_pointer(&s->rec.gateway_addr, g_free);
	g_clear_pointer(&s->rec.local_addr, g_free);
	nm_l2tpc_service_record(s);
}

static void nm_l2tpc_service_on_connected(struct l2tpc_persist *p, const struct l2tpc_ip_config *ip,
					  void *ud)
{
	NML2tpcService *s = ud;
	NMVpnServicePlugin *plugin = NM_VPN_SERVICE_PLUGIN(s);
	GVariant *ip4 = nm_l2tpc_settings_ip4_config(ip, s->profile->never_default);
	GVariant *ip6 = nm_l2tpc_settings_ip6_config(ip, s->profile->never_default);

	if (!ip4 && !ip6) {
		g_autofree char *sentence = g_strdup_printf(
			_("PPP came up on %s without an IPv4 or IPv6 address the service can hand "
			  "to NetworkManager; check the server's address pool."),
			ip->ifname);

		nm_l2tpc_service_report(s->profile->uuid, s->profile->id,
					l2tpc_failure_class_name(L2TPC_FAILURE_IP_CONFIG),
					sentence);
		/* Reported from finish_idle, after the engine has undone everything. */
		s->stopped_reason = NM_VPN_PLUGIN_FAILURE_BAD_IP_CONFIG;
		l2tpc_persist_stop(s->persist);
		return;
	}
	s->was_connected = true;
	nm_l2tpc_prestart_end(false); /* the engine holds charon now */
	l2tpc_info("nm", "%s: connected on %s, local %s, peer %s", s->profile->id, ip->ifname,
		   ip->local4[0] ? ip->local4 : ip->local6, ip->peer4[0] ? ip->peer4 : ip->peer6);
	g_free(s->rec.ifname);
	s->rec.ifname = g_strdup(ip->ifname);
	g_free(s->rec.local);
	s->rec.local = g_strdup(ip->local4[0] ? ip->local4 : ip->local6);
	g_free(s->rec.peer);
	s->rec.peer = g_strdup(ip->peer4[0] ? ip->peer4 : ip->peer6);
	nm_l2tpc_service_record(s);

	/* Config first: it says which of Ip4Config/Ip6Config NetworkManager must wait for. */
	nm_vpn_service_plugin_set_config(plugin, nm_l2tpc_settings_config(ip));
	if (ip4)
		nm_vpn_service_plugin_set_ip4_config(plugin, ip4);
	if (ip6)
		nm_vpn_service_plugin_set_ip6_config(plugin, ip6);
}

static gboolean nm_l2tpc_service_connect_common(NMVpnServicePlugin *plugin,
						NMConnection *connection, bool interactive,
						bool answer, GError **error);

/* The teardown is done: start the Connect that waited for it, or quit if asked to. */
static void nm_l2tpc_service_after_teardown(NML2tpcService *s)
{
	g_autoptr(NMConnection) queued = g_steal_pointer(&s->queued);
	g_autoptr(GError) err = NULL;

	if (queued) {
		/* Its Connect was answered already: a refusal ends the attempt as a failure. */
		if (!nm_l2tpc_service_connect_common(NM_VPN_SERVICE_PLUGIN(s), queued,
						     s->queued_interactive, false, &err))
			nm_l2tpc_fail(NM_VPN_SERVICE_PLUGIN(s),
				      NM_VPN_PLUGIN_FAILURE_CONNECT_FAILED);
		return;
	}
	if (s->quit_pending)
		g_main_loop_quit(service_loop);
}

/*
 * The attempt ended because the server refused a secret the user typed: true when the agent is
 * asked for it again (ConnectInteractive, the secret not saved, tries left). NetworkManager
 * keeps the activation in need-auth meanwhile and answers with NewSecrets.
 */
static bool nm_l2tpc_service_reprompt(NML2tpcService *s)
{
	return s->interactive && s->stopped_reason == NM_VPN_PLUGIN_FAILURE_LOGIN_FAILED &&
	       nm_l2tpc_reprompt_begin(&s->reprompt, s->profile, &s->stopped);
}

/* Asks the agent again for the refused secrets, with the failure's sentence above the prompt. */
static void nm_l2tpc_service_ask_again(NML2tpcService *s, const char *sentence)
{
	g_autoptr(GPtrArray) hints = g_ptr_array_new();

	for (char **k = s->reprompt.keys; *k; k++)
		g_ptr_array_add(hints, *k);
	g_ptr_array_add(hints, (gpointer)NM_L2TPC_REPROMPT_HINT);
	g_ptr_array_add(hints, NULL);
	nm_vpn_service_plugin_secrets_required(NM_VPN_SERVICE_PLUGIN(s), sentence,
					       (const char **)hints->pdata);
}

static gboolean nm_l2tpc_service_finish_idle(gpointer ud)
{
	NML2tpcService *s = ud;
	g_autofree char *ask_again = NULL;

	s->release_id = 0;
	/* The engine ended on its own (failure or the server hung up): tell NetworkManager. */
	if (s->persist && !s->nm_stopping) {
		if (nm_l2tpc_service_reprompt(s)) {
			ask_again = g_strdup(s->stopped.sentence);
			l2tpc_info("nm", "%s: asking again for %s (attempt %u of %u)",
				   s->profile->id, s->reprompt.keys[0], s->reprompt.refusals + 1,
				   NM_L2TPC_REPROMPT_TRIES);
		} else if (s->stopped_reason >= 0)
			nm_l2tpc_fail(NM_VPN_SERVICE_PLUGIN(s), s->stopped_reason);
		else
			nm_vpn_service_plugin_disconnect(NM_VPN_SERVICE_PLUGIN(s), NULL);
	}
	nm_l2tpc_service_release(s);
	if (ask_again) {
		nm_l2tpc_service_ask_again(s, ask_again);
		return G_SOURCE_REMOVE;
	}
	nm_l2tpc_service_after_teardown(s);
	return G_SOURCE_REMOVE;
}

static void nm_l2tpc_service_on_stopped(struct l2tpc_persist *p, const struct l2tpc_failure *f,
					void *ud)
{
	NML2tpcService *s = ud;

	s->engine_stopped = true;
	nm_l2tpc_prestart_end(false);
	if (f && l2tpc_failure_is_set(f)) {
		nm_l2tpc_service_report(s->profile->uuid, s->profile->id,
					l2tpc_failure_class_name(f->klass), f->sentence);
		/* A connection that was up and then dropped is "service stopped" to
		 * NetworkManager; only a failed attempt carries a failure reason. */
		if (!s->nm_stopping && !s->was_connected) {
			s->stopped_reason = nm_l2tpc_settings_failure_reason(f->klass);
			l2tpc_failure_clear(&s->stopped);
			l2tpc_failure_copy(&s->stopped, f);
		}
	} else {
		l2tpc_info("nm", "%s: disconnected", s->profile->id);
	}
	/* released from an idle callback: never free the engine inside its own callback */
	if (!s->release_id)
		s->release_id = g_idle_add(nm_l2tpc_service_finish_idle, s);
}

static const struct l2tpc_persist_ops nm_l2tpc_service_ops = {
	.phase = nm_l2tpc_service_on_phase,
	.connected = nm_l2tpc_service_on_connected,
	.reconnecting = nm_l2tpc_service_on_reconnecting,
	.stopped = nm_l2tpc_service_on_stopped,
};

/* Starts the engine for s->profile, whose secrets are complete. */
static gboolean nm_l2tpc_service_start(NML2tpcService *s, GError **error)
{
	struct l2tpc_profile *p = s->profile;

	s->lock_fd = conn_record_lock(s->rundir, p->id);
	if (s->lock_fd == -EBUSY) {
		g_set_error(error, NM_VPN_PLUGIN_ERROR, NM_VPN_PLUGIN_ERROR_ALREADY_STARTED,
			    _("The connection '%s' is already running (in NetworkManager or in "
			      "'l2tpc up'): disconnect it first."),
			    p->id);
		return FALSE;
	}
	if (s->lock_fd < 0) {
		g_set_error(error, NM_VPN_PLUGIN_ERROR, NM_VPN_PLUGIN_ERROR_LAUNCH_FAILED,
			    _("Cannot create the runtime directory %s: %s; the service must run "
			      "as root."),
			    s->rundir, g_strerror(-s->lock_fd));
		return FALSE;
	}
	/* A record without a live owner is what a killed service left behind. */
	if (l2tpc_engine_cleanup_stale(s->rundir, p->id, true)) {
		l2tpc_info("nm", "%s: removed what an earlier run left behind", p->id);
		/* the server may still hold the killed run's tunnel on the same UDP 5-tuple */
		s->opts.force_ephemeral_port = true;
	}

	s->rec.name = g_strdup(p->id);
	s->rec.pid = getpid();
	s->rec.started = time(NULL);
	s->rec.gateway = g_strdup(p->gateway);
	s->persist = l2tpc_persist_new(p, &s->opts, &nm_l2tpc_service_ops, s);
	nm_l2tpc_service_record(s);
	l2tpc_info("nm", "%s: connecting to %s%s", p->id, p->gateway,
		   p->persistent ? " (persistent)" : "");
	l2tpc_persist_start(s->persist);
	return TRUE;
}

/* Reads @connection into s->profile; FALSE with a sentence in @error when it is unusable. */
static gboolean nm_l2tpc_service_load(NML2tpcService *s, NMConnection *connection, GError **error)
{
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *sentence = NULL;
	struct l2tpc_profile *p = NULL;

	if (nm_l2tpc_settings_to_profile(connection, &p, warnings, &sentence) < 0) {
		g_set_error_literal(error, NM_VPN_PLUGIN_ERROR, NM_VPN_PLUGIN_ERROR_BAD_ARGUMENTS,
				    sentence);
		return FALSE;
	}
	for (guint i = 0; i < warnings->len; i++)
		l2tpc_warn("nm", "%s: %s", p->id, (char *)warnings->pdata[i]);
	g_clear_pointer(&s->profile, l2tpc_profile_free);
	s->profile = p;
	return TRUE;
}

/*
 * CVE-2025-9615: the files a connection restricted to users names are read as those users, so
 * editing a connection gives nobody a file only root may read. The engine gets the bytes.
 */
static gboolean nm_l2tpc_service_read_user_files(NML2tpcService *s, NMConnection *connection,
						 GError **error)
{
	g_autofree char *sentence = NULL;

	if (nm_l2tpc_user_files_read(connection, s->profile, &s->user_files, &sentence) < 0) {
		g_set_error_literal(error, NM_VPN_PLUGIN_ERROR, NM_VPN_PLUGIN_ERROR_BAD_ARGUMENTS,
				    sentence);
		return FALSE;
	}
	s->opts.read_file = s->user_files ? nm_l2tpc_user_files_get : NULL;
	s->opts.read_file_ud = s->user_files;
	return TRUE;
}

/* The x-vpn-message the agent shows above its prompt: it is about to ask, so it says for what,
 * in words (nmcli --ask and the auth dialog print it as it is). */
static char *nm_l2tpc_service_prompt_sentence(const struct l2tpc_profile *p, char **missing)
{
	g_autoptr(GPtrArray) labels = g_ptr_array_new();
	g_autofree char *list = NULL;

	for (char **k = missing; *k; k++)
		g_ptr_array_add(labels, (gpointer)nm_l2tpc_settings_secret_label(*k));
	g_ptr_array_add(labels, NULL);
	list = g_strjoinv(", ", (char **)labels->pdata);
	/* Translators: the second %s is a list such as "Password, IPsec pre-shared key". */
	return g_strdup_printf(_("The L2TP/IPsec VPN '%s' needs these to connect: %s."), p->id,
			       list);
}

/* The error of a non-interactive Connect: no agent can be asked, so it says how to give them. */
static char *nm_l2tpc_service_missing_sentence(const struct l2tpc_profile *p, char **missing)
{
	g_autofree char *list = g_strjoinv(", ", missing);

	/* Translators: the second %s is a list of secret keys, such as "password, ipsec-psk". */
	return g_strdup_printf(_("The connection '%s' has no %s: store it, or connect with "
				 "'nmcli --ask connection up' or 'passwd-file'."),
			       p->id, list);
}

static gboolean nm_l2tpc_service_refused_again_idle(gpointer ud)
{
	NML2tpcService *s = ud;

	s->refused_again_id = 0;
	nm_l2tpc_fail(NM_VPN_SERVICE_PLUGIN(s), NM_VPN_PLUGIN_FAILURE_LOGIN_FAILED);
	return G_SOURCE_REMOVE;
}

/*
 * NewSecrets after a re-prompt: the secrets the server did not refuse come back from the failed
 * attempt. FALSE when the agent answered a refused secret with the refused value again (a
 * passwd-file or a keyring would, forever): the activation then fails as login-failed.
 */
static bool nm_l2tpc_service_reprompt_answered(NML2tpcService *s)
{
	const char *key = NULL;

	if (nm_l2tpc_reprompt_apply(&s->reprompt, s->profile, &key) == 0)
		return true;
	l2tpc_error("nm",
		    "%s: the agent answered the %s the server refused again; not trying it twice.",
		    s->profile->id, key);
	g_clear_pointer(&s->profile, l2tpc_profile_free);
	if (!s->refused_again_id)
		s->refused_again_id = g_idle_add(nm_l2tpc_service_refused_again_idle, s);
	return false;
}

/*
 * Connect's work; FALSE with the sentence in @error when the connection cannot start.
 * @interactive: ConnectInteractive (the agent may be asked); @answer: NewSecrets, the agent's
 * answer to a SecretsRequired of this activation.
 */
static gboolean nm_l2tpc_service_connect_try(NMVpnServicePlugin *plugin, NMConnection *connection,
					     bool interactive, bool answer, GError **error)
{
	NML2tpcService *s = (NML2tpcService *)plugin;
	g_auto(GStrv) missing = NULL;

	if (s->persist && s->nm_stopping) {
		/* Disconnect answered before the teardown ended: this Connect waits for it. */
		g_set_object(&s->queued, connection);
		s->queued_interactive = interactive;
		s->quit_pending = false;
		l2tpc_info("nm", "%s: starts when the previous connection is undone",
			   nm_connection_get_id(connection));
		return TRUE;
	}
	if (s->persist) {
		g_set_error_literal(error, NM_VPN_PLUGIN_ERROR, NM_VPN_PLUGIN_ERROR_ALREADY_STARTED,
				    _("This service already runs a connection."));
		return FALSE;
	}
	if (!answer) {
		/* a new activation */
		s->interactive = interactive;
		nm_l2tpc_reprompt_clear(&s->reprompt);
	}
	if (!nm_l2tpc_service_load(s, connection, error))
		return FALSE;
	if (answer && nm_l2tpc_reprompt_active(&s->reprompt) &&
	    !nm_l2tpc_service_reprompt_answered(s))
		return TRUE;
	missing = l2tpc_profile_missing_secrets(s->profile);
	if (missing[0]) {
		g_autofree char *sentence = NULL;

		/* asked once: an answer that still lacks them is the agent's refusal */
		if (interactive && !answer) {
			sentence = nm_l2tpc_service_prompt_sentence(s->profile, missing);
			/* NetworkManager asks the agent for exactly these, then NewSecrets. */
			nm_vpn_service_plugin_secrets_required(plugin, sentence,
							       (const char **)missing);
			return TRUE;
		}
		sentence = nm_l2tpc_service_missing_sentence(s->profile, missing);
		g_set_error_literal(error, NM_VPN_PLUGIN_ERROR, NM_VPN_PLUGIN_ERROR_BAD_ARGUMENTS,
				    sentence);
		return FALSE;
	}
	if (!nm_l2tpc_service_read_user_files(s, connection, error) ||
	    !nm_l2tpc_service_start(s, error)) {
		nm_l2tpc_service_release(s);
		return FALSE;
	}
	return TRUE;
}

/*
 * A refused Connect is NetworkManager's "The VPN service failed to start"; it logs the error's
 * sentence on its line for the connection, and the journal entry says it once more.
 */
static gboolean nm_l2tpc_service_connect_common(NMVpnServicePlugin *plugin,
						NMConnection *connection, bool interactive,
						bool answer, GError **error)
{
	if (nm_l2tpc_service_connect_try(plugin, connection, interactive, answer, error))
		return TRUE;
	nm_l2tpc_service_report(nm_connection_get_uuid(connection),
				nm_connection_get_id(connection),
				l2tpc_failure_class_name(L2TPC_FAILURE_CONFIG), (*error)->message);
	return FALSE;
}

static gboolean nm_l2tpc_service_connect(NMVpnServicePlugin *plugin, NMConnection *connection,
					 GError **error)
{
	return nm_l2tpc_service_connect_common(plugin, connection, false, false, error);
}

static gboolean nm_l2tpc_service_connect_interactive(NMVpnServicePlugin *plugin,
						     NMConnection *connection, GVariant *details,
						     GError **error)
{
	return nm_l2tpc_service_connect_common(plugin, connection, true, false, error);
}

/* The agent's answer to SecretsRequired: for the missing secrets, or a re-prompt's. */
static gboolean nm_l2tpc_service_new_secrets(NMVpnServicePlugin *plugin, NMConnection *connection,
					     GError **error)
{
	NML2tpcService *s = (NML2tpcService *)plugin;

	return nm_l2tpc_service_connect_common(plugin, connection, s->interactive, true, error);
}

/*
 * No NeedSecrets: libnm then answers "none needed". NetworkManager words any NeedSecrets error
 * as "No valid secrets", so an unusable connection is refused by Connect instead (NetworkManager:
 * "The VPN service failed to start", with the sentence in its log line for the connection).
 * Missing secrets are asked for from ConnectInteractive with SecretsRequired, whose hints name
 * exactly the missing keys: agents (nmcli --ask, nmcli's passwd-file, the auth dialog) know no
 * secret names of a VPN type they have no table for, and this way nobody is asked for a secret
 * that is already there.
 */

/* Starts undoing the connection; the engine's stopped callback finishes the job. */
static void nm_l2tpc_service_stop(NML2tpcService *s)
{
	if (!s->persist)
		return;
	s->nm_stopping = true;
	if (!s->engine_stopped)
		l2tpc_persist_stop(s->persist);
}

/* libnm calls this between STOPPING and STOPPED: answer at once, undo in the main loop. */
static gboolean nm_l2tpc_service_disconnect(NMVpnServicePlugin *plugin, GError **error)
{
	NML2tpcService *s = (NML2tpcService *)plugin;

	g_clear_object(&s->queued);
	nm_l2tpc_service_stop(s);
	return TRUE;
}

/* Quits the main loop now, or once the engine has undone everything. */
static void nm_l2tpc_service_quit(NML2tpcService *s)
{
	g_clear_object(&s->queued);
	if (!s->persist) {
		g_main_loop_quit(service_loop);
		return;
	}
	s->quit_pending = true;
	nm_l2tpc_service_stop(s);
}

static void nm_l2tpc_service_init(NML2tpcService *s)
{
	s->lock_fd = -1;
	s->stopped_reason = -1;
	l2tpc_engine_options_init(&s->opts);
	s->opts.rundir = service_args.rundir;
	s->opts.pppd_plugin = service_args.pppd_plugin;
	/* NetworkManager owns the routing: the default route follows ipv4.never-default. */
	s->opts.default_route = false;
	s->rundir = service_args.rundir ? service_args.rundir : L2TPC_RUNDIR;
}

/* main() unrefs the service after the loop, when the engine is gone (nm_l2tpc_service_quit). */
static void nm_l2tpc_service_dispose(GObject *object)
{
	NML2tpcService *s = (NML2tpcService *)object;

	g_clear_object(&s->queued);
	g_clear_handle_id(&s->refused_again_id, g_source_remove);
	nm_l2tpc_reprompt_clear(&s->reprompt);
	nm_l2tpc_service_release(s);
	G_OBJECT_CLASS(nm_l2tpc_service_parent_class)->dispose(object);
}

static void nm_l2tpc_service_class_init(NML2tpcServiceClass *klass)
{
	NMVpnServicePluginClass *parent = NM_VPN_SERVICE_PLUGIN_CLASS(klass);

	G_OBJECT_CLASS(klass)->dispose = nm_l2tpc_service_dispose;
	parent->connect = nm_l2tpc_service_connect;
	parent->connect_interactive = nm_l2tpc_service_connect_interactive;
	parent->new_secrets = nm_l2tpc_service_new_secrets;
	parent->disconnect = nm_l2tpc_service_disconnect;
}

static void nm_l2tpc_service_on_quit(NMVpnServicePlugin *plugin, gpointer ud)
{
	nm_l2tpc_service_quit((NML2tpcService *)plugin);
}

static gboolean nm_l2tpc_service_on_signal(gpointer ud)
{
	nm_l2tpc_service_quit(ud);
	return G_SOURCE_REMOVE;
}

static void nm_l2tpc_service_flush(NML2tpcService *s)
{
	NMVpnServicePlugin *plugin = NM_VPN_SERVICE_PLUGIN(s);
	g_autoptr(GDBusConnection) bus = nm_vpn_service_plugin_get_connection(plugin);
	g_autoptr(GError) err = NULL;

	if (bus && !g_dbus_connection_flush_sync(bus, NULL, &err))
		l2tpc_warn("nm", "cannot flush the D-Bus connection: %s", err->message);
}

/* At start: what killed services (or `l2tpc up`s) left behind goes before anything new runs. */
static void nm_l2tpc_service_cleanup_stale(const char *rundir)
{
	g_autoptr(GArray) alive = NULL;
	g_autoptr(GArray) list = conn_record_list(rundir, &alive);

	for (guint i = 0; i < list->len; i++)
		if (!g_array_index(alive, gboolean, i))
			l2tpc_engine_cleanup_stale(
				rundir, g_array_index(list, struct conn_record, i).name, false);
}

int main(int argc, char **argv)
{
	GOptionEntry entries[] = {
		{ "bus-name", 0, 0, G_OPTION_ARG_STRING, &service_args.bus_name,
		  N_("D-Bus name to own (NetworkManager passes one per connection)"), N_("NAME") },
		{ "persist", 0, 0, G_OPTION_ARG_NONE, &service_args.persist,
		  N_("Keep running after the connection ends"), NULL },
		{ "debug", 0, 0, G_OPTION_ARG_NONE, &service_args.debug,
		  N_("Log debug details and do not quit when NetworkManager goes away"), NULL },
		{ "rundir", 0, 0, G_OPTION_ARG_FILENAME, &service_args.rundir,
		  /* not marked: xgettext cannot see the configured directory in it */
		  "Runtime directory (default " L2TPC_RUNDIR ")", N_("DIR") },
		{ "pppd-plugin", 0, 0, G_OPTION_ARG_FILENAME, &service_args.pppd_plugin,
		  N_("Path of l2tpc-pppd-plugin.so (default: pppd's plugin directory)"),
		  N_("PATH") },
		{ "charon-at-connect", 0, 0, G_OPTION_ARG_NONE, &service_args.charon_at_connect,
		  N_("Start charon when a connection comes, not with the service (slower)"), NULL },
		{ "log-level", 0, 0, G_OPTION_ARG_STRING, &service_args.log_level,
		  N_("error, warn, info (default), debug or trace"), N_("LEVEL") },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
	g_autoptr(GError) err = NULL;
	NML2tpcService *s;
	enum l2tpc_log_level lvl = L2TPC_LOG_INFO;

	setlocale(LC_ALL, "");
	/* The engine's failure sentences (client/) are translated; NetworkManager logs them. */
	bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
	g_option_context_set_summary(ctx, _("NetworkManager's L2TP/IPsec service; NetworkManager "
					    "starts it, people do not."));
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		fprintf(stderr, _("nm-l2tpc-service: %s: see --help.\n"), err->message);
		return 1;
	}
	if (service_args.debug)
		lvl = L2TPC_LOG_DEBUG;
	if (service_args.log_level && l2tpc_log_level_parse(service_args.log_level, &lvl) < 0) {
		fprintf(stderr,
			_("nm-l2tpc-service: --log-level %s is not a level: use error, "
			  "warn, info, debug or trace.\n"),
			service_args.log_level);
		return 1;
	}
	l2tpc_log_set_level(lvl);
	/* A dying pppd or charon must not take the service down with SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	nm_l2tpc_service_cleanup_stale(service_args.rundir ? service_args.rundir : L2TPC_RUNDIR);
	/* charon starts while D-Bus and NetworkManager hand us the connection (1.1 s in UML):
	 * get its process going before the synchronous D-Bus set-up below */
	if (!service_args.charon_at_connect)
		nm_l2tpc_prestart_begin(service_args.rundir);
	while (g_main_context_iteration(NULL, FALSE))
		;

	s = g_initable_new(
		nm_l2tpc_service_get_type(), NULL, &err, NM_VPN_SERVICE_PLUGIN_DBUS_SERVICE_NAME,
		service_args.bus_name ? service_args.bus_name : NM_L2TPC_SERVICE_DBUS_NAME,
		NM_VPN_SERVICE_PLUGIN_DBUS_WATCH_PEER, !service_args.debug, NULL);
	if (!s) {
		l2tpc_error("nm",
			    "Cannot take the D-Bus name %s on the system bus: %s; only "
			    "NetworkManager (as root) starts this service.",
			    service_args.bus_name ? service_args.bus_name
						  : NM_L2TPC_SERVICE_DBUS_NAME,
			    err->message);
		return 1;
	}
	service_loop = g_main_loop_new(NULL, FALSE);
	if (!service_args.persist)
		g_signal_connect(s, "quit", G_CALLBACK(nm_l2tpc_service_on_quit), NULL);
	g_unix_signal_add(SIGTERM, nm_l2tpc_service_on_signal, s);
	g_unix_signal_add(SIGINT, nm_l2tpc_service_on_signal, s);
	g_main_loop_run(service_loop);
	/* out of the loop, so no D-Bus call is dispatched in the middle of a handler: drop the
	 * early charon reference, waiting for a charon that is still starting */
	nm_l2tpc_prestart_end(true);
	/* SIGTERM quits without libnm's flush: what was said to NetworkManager goes out first */
	nm_l2tpc_service_flush(s);
	g_object_unref(s);
	g_main_loop_unref(service_loop);
	return 0;
}
