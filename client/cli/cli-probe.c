// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpc probe GATEWAY | --profile NAME: which IKEv1 and ESP proposals the gateway accepts, as
 * ready ipsec-ike= / ipsec-esp= lines. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "cli-cmds.h"
#include "cli-log.h"
#include "cli-profile.h"
#include "cli-secrets.h"
#include "net-local.h"
#include "ipsec-probe.h"
#include "l2tpc-log.h"
#include "l2tpc-i18n.h"
#include "profile.h"

struct probe_ctx {
	GMainLoop *loop;
	const char *rundir;
	struct ipsec_charon_options charon;
	struct ipsec_probe *probe;
	struct net_addr gw, local;
	const char *psk; /* the profile's, or NULL */
	int exit_code;
};

static void on_result(enum ipsec_probe_kind kind, const char *proposal, enum ipsec_probe_verdict v,
		      void *ud)
{
	static int shown = -1; /* no heading printed yet */

	if ((int)kind != shown) {
		printf(kind == IPSEC_PROBE_IKE ? _("IKE proposals:\n")
					       : _("ESP proposals (over the first IKE proposal "
						   "accepted):\n"));
		shown = kind;
	}
	printf("  %-28s %s\n", proposal, v == IPSEC_PROBE_ACCEPTED ? _("accepted") : _("rejected"));
	fflush(stdout);
}

static void on_note(const char *note, void *ud)
{
	printf("  (%s)\n", note);
	fflush(stdout);
}

/* What was found goes out as profile lines even when the probe ended early. */
static void on_done(const char *ike, const char *esp, const struct l2tpc_failure *f, void *ud)
{
	struct probe_ctx *c = ud;
	bool any = (ike && *ike) || (esp && *esp);

	if (any) {
		printf(f ? _("\nfound so far; put this in the profile's [vpn] group:\n")
			 : _("\nput this in the profile's [vpn] group:\n"));
		if (ike && *ike)
			printf("ipsec-ike=%s\n", ike);
		if (esp && *esp)
			printf("ipsec-esp=%s\n", esp);
		fflush(stdout);
	}
	if (f) {
		fprintf(stderr, "l2tpc: error: %s\n", f->sentence);
		c->exit_code = f->klass;
	} else if (!ike || !*ike) {
		fprintf(stderr,
			_("l2tpc: error: %s accepts none of the IKEv1 proposals l2tpc knows: ask "
			  "the server's administrator which it uses and set ipsec-ike to it.\n"),
			c->gw.text);
		c->exit_code = L2TPC_FAILURE_IPSEC_PROPOSAL;
	} else if (esp && !*esp) {
		fprintf(stderr,
			_("l2tpc: error: %s accepts none of the ESP proposals l2tpc knows: ask "
			  "the server's administrator which it uses and set ipsec-esp to it.\n"),
			c->gw.text);
		c->exit_code = L2TPC_FAILURE_IPSEC_PROPOSAL;
	} else {
		c->exit_code = 0;
	}
	g_main_loop_quit(c->loop);
}

static void on_resolved(const struct net_addr *addr, const struct l2tpc_failure *f, void *ud)
{
	struct probe_ctx *c = ud;
	struct l2tpc_failure lf = { 0 };
	struct ipsec_probe_params pp = { 0 };

	if (!addr) {
		on_done(NULL, NULL, f, c);
		return;
	}
	c->gw = *addr;
	if (net_local_for(&c->gw, &c->local, &lf) < 0) {
		on_done(NULL, NULL, &lf, c);
		l2tpc_failure_clear(&lf);
		return;
	}
	if (c->psk)
		printf(_("probing %s with each IKEv1 main-mode and ESP proposal, with the "
			 "profile's pre-shared key; every SA is deleted again\n"),
		       c->gw.text);
	else
		printf(_("probing %s with each IKEv1 main-mode proposal (no credentials are "
			 "sent; give --profile to probe ESP too)\n"),
		       c->gw.text);
	fflush(stdout);
	c->charon.run_dir = c->rundir;
	pp.remote_addr = c->gw.text;
	pp.local_addr = c->local.text;
	pp.charon = &c->charon;
	pp.psk = c->psk;
	pp.psk_len = c->psk ? strlen(c->psk) : 0;
	c->probe = ipsec_probe_start(&pp, on_result, on_done, c);
	ipsec_probe_set_note_handler(c->probe, on_note);
}

/* The profile's gateway and pre-shared key (stored, or a line ipsec-psk= on --secrets-fd). */
static int probe_load_profile(const char *name, int secrets_fd, struct l2tpc_profile **out)
{
	g_autoptr(GHashTable) given = cli_secrets_table_new();
	g_autofree char *sentence = NULL;
	const char *psk;
	int ret = cli_profile_load(name, out);

	if (ret)
		return ret;
	if (secrets_fd >= 0) {
		ret = cli_secrets_read_fd(secrets_fd, given, &sentence);
		close(secrets_fd);
		if (ret < 0) {
			fprintf(stderr, "l2tpc: error: %s\n", sentence);
			return L2TPC_FAILURE_CONFIG;
		}
		psk = g_hash_table_lookup(given, "ipsec-psk");
		if (psk && l2tpc_profile_set(*out, "ipsec-psk", psk, &sentence) < 0) {
			fprintf(stderr, "l2tpc: error: %s\n", sentence);
			return L2TPC_FAILURE_CONFIG;
		}
	}
	if (!(*out)->secrets.ipsec_psk) {
		fprintf(stderr,
			_("l2tpc: error: The profile %s has no IPsec pre-shared key, which the "
			  "probe needs to test ESP: give it with --secrets-fd N (a line "
			  "ipsec-psk=VALUE), or probe the gateway alone for IKE.\n"),
			(*out)->id);
		return L2TPC_FAILURE_CONFIG;
	}
	return 0;
}

int cli_probe(int argc, char **argv)
{
	g_autofree char *rundir = NULL, *profile_name = NULL;
	struct l2tpc_profile *profile = NULL;
	int secrets_fd = -1, ret;
	gboolean verbose = FALSE;
	GOptionEntry entries[] = {
		{ "rundir", 0, 0, G_OPTION_ARG_FILENAME, &rundir, _("Runtime directory"), "DIR" },
		{ "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name,
		  _("Probe the profile's gateway with its pre-shared key (IKE and ESP)"), "NAME" },
		{ "secrets-fd", 0, 0, G_OPTION_ARG_INT, &secrets_fd, _("Read secrets from fd N"),
		  "N" },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, _("Log progress details"), NULL },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("GATEWAY | --profile NAME");
	g_autoptr(GError) err = NULL;
	struct probe_ctx c = { .exit_code = 0 };

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_set_prgname("l2tpc probe");
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || argc != (profile_name ? 1 : 2)) {
		cli_log_error(
			_("l2tpc probe: %s: run 'l2tpc probe GATEWAY' or 'l2tpc probe --profile "
			  "NAME [--secrets-fd N]'.\n"),
			err ? err->message : _("name exactly one gateway or one profile"));
		return L2TPC_EXIT_USAGE;
	}
	ret = cli_log_need_root("probe");
	if (ret)
		return ret;
	if (profile_name) {
		ret = probe_load_profile(profile_name, secrets_fd, &profile);
		if (ret) {
			l2tpc_profile_free(profile);
			return ret;
		}
		c.psk = profile->secrets.ipsec_psk;
	}
	/* each rejected try is an expected outcome here, not a warning */
	l2tpc_log_set_level(verbose ? L2TPC_LOG_INFO : L2TPC_LOG_ERROR);
	cli_log_init();
	c.rundir = rundir ? rundir : L2TPC_RUNDIR;
	c.loop = g_main_loop_new(NULL, FALSE);
	net_resolve(profile ? profile->gateway : argv[1], NULL, on_resolved, &c);
	g_main_loop_run(c.loop);
	ipsec_probe_free(c.probe);
	g_main_loop_unref(c.loop);
	l2tpc_profile_free(profile);
	return c.exit_code;
}
