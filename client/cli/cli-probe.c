// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpc probe GATEWAY: which IKEv1 proposals the gateway accepts, as a ready ipsec-ike= line. */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cli-cmds.h"
#include "engine-net.h"
#include "ipsec-probe.h"
#include "l2tpc-log.h"
#include "l2tpc-i18n.h"

struct probe_ctx {
	GMainLoop *loop;
	const char *rundir;
	struct ipsec_charon_options charon;
	struct ipsec_probe *probe;
	struct engine_net_addr gw, local;
	int exit_code;
};

static void on_result(const char *proposal, enum ipsec_probe_verdict v, void *ud)
{
	printf("  %-28s %s\n", proposal, v == IPSEC_PROBE_ACCEPTED ? _("accepted") : _("rejected"));
	fflush(stdout);
}

static void on_done(const char *accepted, const struct l2tpc_failure *f, void *ud)
{
	struct probe_ctx *c = ud;

	if (f) {
		fprintf(stderr, "l2tpc: error: %s\n", f->sentence);
		c->exit_code = f->klass;
	} else if (!*accepted) {
		fprintf(stderr,
			_("l2tpc: error: %s accepts none of the IKEv1 proposals l2tpc knows: ask "
			  "the "
			  "server's administrator which it uses and set ipsec-ike to it.\n"),
			c->gw.text);
		c->exit_code = L2TPC_FAILURE_IPSEC_PROPOSAL;
	} else {
		printf(_("\nput this in the profile's [vpn] group:\nipsec-ike=%s\n"), accepted);
		c->exit_code = 0;
	}
	g_main_loop_quit(c->loop);
}

static void on_resolved(const struct engine_net_addr *addr, const struct l2tpc_failure *f,
			void *ud)
{
	struct probe_ctx *c = ud;
	struct l2tpc_failure lf = { 0 };
	struct ipsec_probe_params pp = { 0 };

	if (!addr) {
		on_done("", f, c);
		return;
	}
	c->gw = *addr;
	if (engine_net_local_for(&c->gw, &c->local, &lf) < 0) {
		on_done("", &lf, c);
		l2tpc_failure_clear(&lf);
		return;
	}
	printf(_("probing %s with each IKEv1 main-mode proposal (no credentials are sent)\n"),
	       c->gw.text);
	fflush(stdout);
	c->charon.run_dir = c->rundir;
	pp.remote_addr = c->gw.text;
	pp.local_addr = c->local.text;
	pp.charon = &c->charon;
	c->probe = ipsec_probe_start(&pp, on_result, on_done, c);
}

int cli_cmd_probe(int argc, char **argv)
{
	g_autofree char *rundir = NULL;
	gboolean verbose = FALSE;
	GOptionEntry entries[] = {
		{ "rundir", 0, 0, G_OPTION_ARG_FILENAME, &rundir, _("Runtime directory"), "DIR" },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, _("Log progress details"), NULL },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("GATEWAY");
	g_autoptr(GError) err = NULL;
	struct probe_ctx c = { .exit_code = 0 };

	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != 2) {
		fprintf(stderr, _("l2tpc probe: %s: run 'l2tpc probe GATEWAY'.\n"),
			err ? err->message : _("name exactly one gateway"));
		return L2TPC_EXIT_USAGE;
	}
	l2tpc_log_set_level(verbose ? L2TPC_LOG_INFO : L2TPC_LOG_WARN);
	c.rundir = rundir ? rundir : L2TPC_RUNDIR;
	c.loop = g_main_loop_new(NULL, FALSE);
	engine_net_resolve(argv[1], NULL, on_resolved, &c);
	g_main_loop_run(c.loop);
	ipsec_probe_free(c.probe);
	g_main_loop_unref(c.loop);
	return c.exit_code;
}
