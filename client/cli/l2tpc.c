// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpc: the headless command-line client.
 *
 *   l2tpc up PROFILE [--secrets-fd N] [--default-route] [--dataplane KIND] [-v]
 *   l2tpc down NAME | --all
 *   l2tpc status
 *   l2tpc probe GATEWAY
 *   l2tpc doctor
 *   l2tpc version
 *
 * `up` stays in the foreground, prints one line per phase and, once connected,
 * "connected: IFNAME local=IP peer=IP dns=..."; SIGINT/SIGTERM disconnect and exit 0. The exit
 * code of a failed `up` is its failure class (client/l2tpc-failure.h, docs/cli.md).
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "cli-cmds.h"
#include "cli-log.h"
#include "cli-doctor.h"
#include "l2tpc-i18n.h"
#include "l2tpc-log.h"

static void usage(FILE *out)
{
	fprintf(out,
		_("Usage: l2tpc COMMAND [ARGS]\n"
		  "\n"
		  "Commands:\n"
		  "  up PROFILE [OPTIONS]   connect; stays in the foreground until Ctrl-C or "
		  "'down'\n"
		  "      --secrets-fd N       read missing secrets (key=value lines) from fd N\n"
		  "      --default-route      send all traffic through the tunnel\n"
		  "      --dataplane KIND     auto, netlink, legacy or userspace\n"
		  "      --rundir DIR         runtime directory (default %s)\n"
		  "      -v, --verbose        log progress details\n"
		  "      --log-level LEVEL    error, warn, info, debug or trace\n"
		  "  down NAME | --all      disconnect one or every running connection\n"
		  "  status                 list connections\n"
		  "  probe GATEWAY          find the IKEv1 proposals a server accepts\n"
		  "  doctor                 check what a connection needs on this machine\n"
		  "  version                print the version\n"
		  "\n"
		  "PROFILE is a keyfile (see 'man 5 l2tpc.conf') or a name in /etc/l2tpc/.\n"),
		L2TPC_RUNDIR);
}

/*
 * Messages and failure sentences follow the user's locale. L2TPC_LOCALEDIR overrides the
 * catalog directory so tests can run the binary from the build tree (its po/ holds
 * <lang>/LC_MESSAGES/l2tpc.mo); it only selects translations, nothing secret or privileged.
 */
static void l2tpc_i18n_init(void)
{
	const char *dir = g_getenv("L2TPC_LOCALEDIR");

	setlocale(LC_ALL, "");
	bindtextdomain(GETTEXT_PACKAGE, dir && *dir ? dir : LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
}

int main(int argc, char **argv)
{
	const char *cmd;

	l2tpc_i18n_init();
	if (argc < 2) {
		usage(stderr);
		cli_log_error(_("Name a command: run 'l2tpc help' for the list.\n"));
		return L2TPC_EXIT_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "up"))
		return cli_up(argc - 1, argv + 1);
	if (!strcmp(cmd, "down"))
		return cli_status_down(argc - 1, argv + 1);
	if (!strcmp(cmd, "status"))
		return cli_status(argc - 1, argv + 1);
	if (!strcmp(cmd, "probe"))
		return cli_probe(argc - 1, argv + 1);
	if (!strcmp(cmd, "doctor"))
		return cli_doctor(argc - 1, argv + 1);
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("l2tpc %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		usage(stdout);
		return 0;
	}
	/* cli_log_error() drops the message's own "l2tpc: " */
	cli_log_error(_("l2tpc: unknown command '%s': run 'l2tpc help' for the list.\n"), cmd);
	return L2TPC_EXIT_USAGE;
}
