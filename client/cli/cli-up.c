// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpc up: connect one profile and stay in the foreground until told to stop. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib.h>

#include "cli-cmds.h"
#include "cli-log.h"
#include "cli-profile.h"
#include "cli-secrets.h"
#include "conn-record.h"
#include "engine.h"
#include "l2tpc-log.h"
#include "persist.h"
#include "profile.h"
#include "l2tpc-i18n.h"

struct up_ctx {
	GMainLoop *loop;
	struct l2tpc_persist *persist;
	struct l2tpc_profile *profile;
	struct conn_record rec;
	const char *rundir;
	bool stop_requested;
	int exit_code;
	int phase_no;
};

static void record_update(struct up_ctx *c)
{
	struct l2tpc_engine *e = c->persist ? l2tpc_persist_engine(c->persist) : NULL;
	struct net_route host;
	const char *gw, *local;

	c->rec.pppd_pid = e ? l2tpc_engine_pppd_pid(e) : 0;
	if (e && !c->rec.ipsec_name)
		c->rec.ipsec_name = g_strdup(l2tpc_engine_ipsec_name(e));
	if (e && !c->rec.gateway_addr && l2tpc_engine_addresses(e, &gw, &local)) {
		c->rec.gateway_addr = g_strdup(gw);
		c->rec.local_addr = g_strdup(local);
	}
	if (e && l2tpc_engine_host_route(e, &host)) {
		g_free(c->rec.route);
		c->rec.route = net_route_to_string(&host);
	}
	if (conn_record_write(c->rundir, &c->rec) < 0)
		l2tpc_warn("cli", "cannot write the connection record under %s", c->rundir);
}

static void on_phase(struct l2tpc_persist *p, enum l2tpc_phase phase, const char *detail, void *ud)
{
	struct up_ctx *c = ud;
	bool again = l2tpc_persist_reconnecting(p);

	g_free(c->rec.phase);
	/* status shows "reconnecting" until the connection is back */
	c->rec.phase =
		g_strdup(again && phase != L2TPC_PHASE_CONNECTED ? L2TPC_PERSIST_PHASE_NAME
								 : l2tpc_engine_phase_name(phase));
	record_update(c);
	/* a reconnect attempt is one line (on_reconnecting), not a line per phase */
	if (phase == L2TPC_PHASE_CONNECTED || phase == L2TPC_PHASE_DISCONNECTED || again)
		return;
	if (phase == L2TPC_PHASE_DISCONNECTING)
		printf("disconnecting: %s\n", detail ? detail : c->profile->id);
	else
		printf("[%d/%d] %s: %s\n", ++c->phase_no, c->profile->ipsec_enabled ? 6 : 5,
		       l2tpc_engine_phase_name(phase), detail ? detail : "");
	fflush(stdout);
}

static void on_connected(struct l2tpc_persist *p, const struct l2tpc_ip_config *ip, void *ud)
{
	struct up_ctx *c = ud;
	g_autofree char *dns = NULL;

	if (ip->dns[0][0] && ip->dns[1][0])
		dns = g_strdup_printf("%s,%s", ip->dns[0], ip->dns[1]);
	else
		dns = g_strdup(ip->dns[0][0] ? ip->dns[0] : "none");
	/* Not translated, like "disconnected: NAME" and the status table: scripts parse these. */
	printf("connected: %s local=%s peer=%s dns=%s\n", ip->ifname,
	       ip->local4[0] ? ip->local4 : ip->local6, ip->peer4[0] ? ip->peer4 : ip->peer6, dns);
	fflush(stdout);
	g_free(c->rec.ifname);
	g_free(c->rec.local);
	g_free(c->rec.peer);
	g_free(c->rec.dns);
	c->rec.ifname = g_strdup(ip->ifname);
	c->rec.local = g_strdup(ip->local4[0] ? ip->local4 : ip->local6);
	c->rec.peer = g_strdup(ip->peer4[0] ? ip->peer4 : ip->peer6);
	c->rec.dns = g_strdup(dns);
	record_update(c);
}

/* Between two attempts nothing of the connection exists: the record says only what it is. */
static void on_reconnecting(struct l2tpc_persist *p, unsigned attempt, unsigned delay_s,
			    const struct l2tpc_failure *cause, void *ud)
{
	struct up_ctx *c = ud;

	/* Not translated, like "connected:": scripts parse it. */
	printf("reconnecting: attempt %u in %u s: %s\n", attempt, delay_s, cause->sentence);
	fflush(stdout);
	g_clear_pointer(&c->rec.phase, g_free);
	c->rec.phase = g_strdup(L2TPC_PERSIST_PHASE_NAME);
	g_clear_pointer(&c->rec.gateway_addr, g_free);
	g_clear_pointer(&c->rec.local_addr, g_free);
	g_clear_pointer(&c->rec.route, g_free);
	g_clear_pointer(&c->rec.ifname, g_free);
	g_clear_pointer(&c->rec.local, g_free);
	g_clear_pointer(&c->rec.peer, g_free);
	g_clear_pointer(&c->rec.dns, g_free);
	record_update(c);
}

static void on_stopped(struct l2tpc_persist *p, const struct l2tpc_failure *f, void *ud)
{
	struct up_ctx *c = ud;

	if (f && l2tpc_failure_is_set(f)) {
		cli_log_error("%s", f->sentence);
		c->exit_code = f->klass;
	} else {
		printf("disconnected: %s\n", c->profile->id);
		c->exit_code = 0;
	}
	fflush(stdout);
	g_main_loop_quit(c->loop);
}

static gboolean on_signal(gpointer ud)
{
	struct up_ctx *c = ud;

	/* the connection is done: whatever kept us, the signal ends it */
	if (l2tpc_persist_done(c->persist))
		g_main_loop_quit(c->loop);
	else if (!c->stop_requested) {
		c->stop_requested = true;
		l2tpc_persist_stop(c->persist);
	}
	return G_SOURCE_CONTINUE;
}

static int take_secrets(struct l2tpc_profile *p, int secrets_fd)
{
	g_autoptr(GHashTable) given = cli_secrets_table_new();
	g_auto(GStrv) missing = NULL;
	GHashTableIter it;
	gpointer k, v;

	if (secrets_fd >= 0) {
		g_autofree char *sentence = NULL;

		if (cli_secrets_read_fd(secrets_fd, given, &sentence) < 0) {
			fprintf(stderr, "l2tpc: error: %s\n", sentence);
			return L2TPC_FAILURE_CONFIG;
		}
		close(secrets_fd);
	}
	g_hash_table_iter_init(&it, given);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		g_autofree char *sentence = NULL;

		if (l2tpc_profile_set(p, k, v, &sentence) < 0) {
			fprintf(stderr, "l2tpc: error: %s\n", sentence);
			return L2TPC_FAILURE_CONFIG;
		}
	}
	missing = l2tpc_profile_missing_secrets(p);
	for (char **m = missing; *m; m++) {
		g_autofree char *q = NULL, *answer = NULL, *sentence = NULL;
		int ret;

		q = g_strdup_printf(_("%s for %s: "), cli_profile_secret_label(*m), p->id);
		ret = cli_secrets_prompt(q, &answer);
		if (ret == -ENOTTY) {
			fprintf(stderr,
				_("l2tpc: error: The profile has no %s and there is no terminal to "
				  "ask "
				  "for it: give it with --secrets-fd N (a line %s=VALUE) or store "
				  "it in "
				  "the profile's [vpn-secrets] group.\n"),
				*m, *m);
			return L2TPC_FAILURE_CONFIG;
		}
		if (ret < 0 || l2tpc_profile_set(p, *m, answer, &sentence) < 0) {
			fprintf(stderr, "l2tpc: error: %s\n",
				sentence ? sentence
					 : _("Reading the secret from the terminal failed: "
					     "try again or use --secrets-fd."));
			if (answer)
				explicit_bzero(answer, strlen(answer));
			return L2TPC_FAILURE_CONFIG;
		}
		explicit_bzero(answer, strlen(answer));
	}
	return 0;
}

int cli_up(int argc, char **argv)
{
	int secrets_fd = -1, lock_fd;
	gboolean default_route = FALSE, verbose = FALSE, persistent = FALSE;
	g_autofree char *dataplane = NULL, *rundir = NULL, *log_level = NULL, *plugin = NULL;
	GOptionEntry entries[] = {
		{ "secrets-fd", 0, 0, G_OPTION_ARG_INT, &secrets_fd, _("Read secrets from fd N"),
		  "N" },
		{ "default-route", 0, 0, G_OPTION_ARG_NONE, &default_route,
		  _("Route all traffic through the tunnel"), NULL },
		{ "persistent", 0, 0, G_OPTION_ARG_NONE, &persistent,
		  _("Reconnect by itself when the connection is lost (profile key persistent)"),
		  NULL },
		{ "dataplane", 0, 0, G_OPTION_ARG_STRING, &dataplane,
		  _("auto, netlink, legacy or userspace"), "KIND" },
		{ "rundir", 0, 0, G_OPTION_ARG_FILENAME, &rundir, _("Runtime directory"), "DIR" },
		{ "log-level", 0, 0, G_OPTION_ARG_STRING, &log_level, _("Log level"), "LEVEL" },
		{ "pppd-plugin", 0, 0, G_OPTION_ARG_FILENAME, &plugin,
		  _("Path of l2tpc-pppd-plugin.so (default: pppd's plugin directory)"), "PATH" },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, _("Log progress details"), NULL },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("PROFILE");
	g_autoptr(GError) err = NULL;
	struct l2tpc_engine_options opts;
	struct l2tpc_persist_ops ops = { on_phase, on_connected, on_reconnecting, on_stopped };
	struct up_ctx c = { .exit_code = 0 };
	int ret;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_set_prgname("l2tpc up");
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != 2) {
		cli_log_error(_("l2tpc up: %s: run 'l2tpc up PROFILE [--secrets-fd N]'.\n"),
			      err ? err->message : _("name exactly one profile"));
		return L2TPC_EXIT_USAGE;
	}
	if (log_level) {
		enum l2tpc_log_level lvl;

		if (l2tpc_log_level_parse(log_level, &lvl) < 0) {
			cli_log_error(_("l2tpc up: --log-level %s is not a level: use error, warn, "
					"info, debug or trace.\n"),
				      log_level);
			return L2TPC_EXIT_USAGE;
		}
		l2tpc_log_set_level(lvl);
	} else {
		l2tpc_log_set_level(verbose ? L2TPC_LOG_INFO : L2TPC_LOG_WARN);
	}
	cli_log_init();

	l2tpc_engine_options_init(&opts);
	opts.default_route = default_route;
	if (rundir)
		opts.rundir = rundir;
	opts.pppd_plugin = plugin;
	if (dataplane && cli_profile_parse_dataplane(dataplane, &opts.dataplane) < 0) {
		cli_log_error(_("l2tpc up: --dataplane %s is not known: use auto, netlink, legacy "
				"or userspace.\n"),
			      dataplane);
		return L2TPC_EXIT_USAGE;
	}
	c.rundir = opts.rundir ? opts.rundir : L2TPC_RUNDIR;

	ret = cli_profile_load(argv[1], &c.profile);
	if (ret)
		return ret;
	if (persistent)
		c.profile->persistent = true;
	ret = cli_log_need_root("up");
	if (ret)
		goto out_profile;
	ret = take_secrets(c.profile, secrets_fd);
	if (ret)
		goto out_profile;

	lock_fd = conn_record_lock(c.rundir, c.profile->id);
	if (lock_fd == -EBUSY) {
		fprintf(stderr,
			_("l2tpc: error: The connection '%s' is already running: stop it with "
			  "'l2tpc down %s' first.\n"),
			c.profile->id, c.profile->id);
		ret = L2TPC_FAILURE_CONFIG;
		goto out_profile;
	}
	if (lock_fd < 0) {
		fprintf(stderr,
			_("l2tpc: error: Cannot create the runtime directory %s: %s; run "
			  "l2tpc as root or pass --rundir.\n"),
			c.rundir, g_strerror(-lock_fd));
		ret = L2TPC_FAILURE_SYSTEM;
		goto out_profile;
	}
	/* A record without a live owner is what a killed l2tpc left behind. */
	if (l2tpc_engine_cleanup_stale(c.rundir, c.profile->id, true) &&
	    !c.profile->ephemeral_port) {
		l2tpc_warn("cli", "the server may still hold a killed connection's tunnel on "
				  "UDP port 1701; using an ephemeral source port this time");
		opts.force_ephemeral_port = true;
	}

	c.loop = g_main_loop_new(NULL, FALSE);
	c.rec.name = g_strdup(c.profile->id);
	c.rec.pid = getpid();
	c.rec.started = time(NULL);
	c.rec.gateway = g_strdup(c.profile->gateway);
	c.persist = l2tpc_persist_new(c.profile, &opts, &ops, &c);
	record_update(&c);
	g_unix_signal_add(SIGINT, on_signal, &c);
	g_unix_signal_add(SIGTERM, on_signal, &c);
	g_unix_signal_add(SIGHUP, on_signal, &c);
	l2tpc_persist_start(c.persist);
	if (!l2tpc_persist_done(c.persist))
		g_main_loop_run(c.loop);
	ret = c.exit_code;

	l2tpc_persist_free(c.persist);
	conn_record_remove(c.rundir, c.profile->id);
	conn_record_clear(&c.rec);
	close(lock_fd);
	g_main_loop_unref(c.loop);
out_profile:
	l2tpc_profile_free(c.profile);
	return ret;
}
