// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpc status / l2tpc down: what runs, and stopping it. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "cli-cmds.h"
#include "cli-log.h"
#include "conn-record.h"
#include "engine.h"
#include "ipsec-conn.h"
#include "l2tpc-i18n.h"
#include "pid-wait.h"

/*
 * Options of `status` and `down` (--help prints their usage and exits); NULL after a usage
 * error, which it has printed. @all is NULL for `status`.
 */
static const char *rundir_from_args(int *argc, char ***argv, const char *cmd, gboolean *all)
{
	static char *rundir;
	GOptionEntry entries[] = {
		{ "rundir", 0, 0, G_OPTION_ARG_FILENAME, &rundir, _("Runtime directory"), "DIR" },
		{ "all", 0, 0, G_OPTION_ARG_NONE, all, _("Disconnect every running connection"),
		  NULL },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new(all ? "NAME | --all" : NULL);
	g_autoptr(GError) err = NULL;
	g_autofree char *prgname = g_strdup_printf("l2tpc %s", cmd);

	if (!all)
		entries[1] = entries[2];
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_set_prgname(prgname);
	if (!g_option_context_parse(ctx, argc, argv, &err)) {
		cli_log_error(_("l2tpc %s: %s: run 'l2tpc %s --help'.\n"), cmd, err->message, cmd);
		return NULL;
	}
	return rundir ? rundir : L2TPC_RUNDIR;
}

static void format_uptime(gint64 started, char *buf, size_t len)
{
	gint64 s = time(NULL) - started;

	if (started <= 0 || s < 0)
		snprintf(buf, len, "-");
	else if (s < 120)
		snprintf(buf, len, "%llds", (long long)s);
	else if (s < 7200)
		snprintf(buf, len, "%lldm", (long long)s / 60);
	else
		snprintf(buf, len, "%lldh%02lldm", (long long)s / 3600, (long long)(s % 3600) / 60);
}

int cli_status(int argc, char **argv)
{
	const char *rundir = rundir_from_args(&argc, &argv, "status", NULL);
	g_autoptr(GArray) alive = NULL;
	g_autoptr(GArray) list = NULL;

	if (!rundir)
		return L2TPC_EXIT_USAGE;
	if (argc != 1) {
		cli_log_error(_("l2tpc status: it takes no arguments besides --rundir DIR.\n"));
		return L2TPC_EXIT_USAGE;
	}
	list = conn_record_list(rundir, &alive);
	if (list->len == 0) {
		g_autofree char *conns = g_build_filename(rundir, "conns", NULL);

		/* the run dir is root's only (run-dir.h): "no connections" would be a guess */
		if (access(conns, R_OK | X_OK) < 0 && errno == EACCES) {
			fprintf(stderr,
				_("l2tpc: error: Connections are recorded in %s, which only root "
				  "can read; run l2tpc status as root (sudo l2tpc status).\n"),
				rundir);
			return 1;
		}
		printf(_("no connections\n"));
		return 0;
	}
	printf("%-16s %-13s %-7s %-15s %-15s %-20s %7s %7s\n", "NAME", "STATE", "IFACE", "LOCAL",
	       "PEER", "GATEWAY", "PID", "UPTIME");
	for (guint i = 0; i < list->len; i++) {
		const struct conn_record *r = &g_array_index(list, struct conn_record, i);
		bool a = g_array_index(alive, gboolean, i);
		char up[32];

		format_uptime(r->started, up, sizeof(up));
		printf("%-16s %-13s %-7s %-15s %-15s %-20s %7d %7s\n", r->name,
		       a ? (r->phase ? r->phase : "starting") : "stale",
		       r->ifname ? r->ifname : "-", r->local ? r->local : "-",
		       r->peer ? r->peer : "-", r->gateway ? r->gateway : "-", r->pid, up);
		if (!a)
			printf(_("  (its l2tpc process is gone; 'l2tpc down %s' or the next 'l2tpc "
				 "up' "
				 "cleans what it left)\n"),
			       r->name);
	}
	return 0;
}

#define DOWN_WAIT_MS 20000 /* terminate + unload, then up to 5 s for charon's SIGTERM */

/* True while the record of @name has a live owner (its lock is held). */
static bool record_alive(const char *rundir, const char *name)
{
	g_autoptr(GArray) alive = NULL;
	g_autoptr(GArray) list = conn_record_list(rundir, &alive);

	for (guint i = 0; i < list->len; i++)
		if (!strcmp(g_array_index(list, struct conn_record, i).name, name) &&
		    g_array_index(alive, gboolean, i))
			return true;
	return false;
}

static void down_charon_cleaned(struct ipsec_conn *conn, const struct l2tpc_failure *f, void *ud)
{
	g_main_loop_quit(ud);
}

/* What the dead connection left in a charon that still runs (the system one, or a private one
 * shared with another connection or left without users): terminated, which tells the gateway,
 * and unloaded. */
static void down_clean_charon(const char *rundir, const char *name)
{
	struct ipsec_charon_options o = { .run_dir = rundir };
	g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
	struct ipsec_conn *c = ipsec_conn_new_clean(name, &o);

	if (!c)
		return;
	ipsec_conn_clean(c, down_charon_cleaned, loop);
	g_main_loop_run(loop);
	ipsec_conn_free(c);
}

static int down_one(const char *rundir, const struct conn_record *r, bool alive)
{
	int pidfd;
	bool gone;

	if (!alive) {
		printf(_("cleaning up after '%s' (its l2tpc process is gone)\n"), r->name);
		down_clean_charon(rundir, r->name);
		l2tpc_engine_cleanup_stale(rundir, r->name, false);
		return 0;
	}
	/* Pin the process before signalling it; re-check that it still owns the record, so a
	 * recycled pid cannot be mistaken for it. */
	pidfd = (int)syscall(SYS_pidfd_open, (pid_t)r->pid, 0);
	if (pidfd >= 0 && !record_alive(rundir, r->name)) {
		close(pidfd);
		printf("disconnected: %s\n", r->name);
		return 0;
	}
	if (kill(r->pid, SIGTERM) < 0 && errno != ESRCH) {
		fprintf(stderr,
			_("l2tpc: error: Cannot stop '%s' (pid %d): %s; run 'l2tpc down' as "
			  "root.\n"),
			r->name, r->pid, g_strerror(errno));
		if (pidfd >= 0)
			close(pidfd);
		return L2TPC_FAILURE_SYSTEM;
	}
	/* Its exit, not the release of its record lock, is what `down` waits for: the up process
	 * stops its private charon and waits for it after it has let go of the lock
	 * (ipsec-charon.c, at exit), so only then is nothing left. */
	gone = pid_wait_exit(pidfd, r->pid, DOWN_WAIT_MS);
	if (pidfd >= 0)
		close(pidfd);
	if (!gone) {
		fprintf(stderr,
			_("l2tpc: error: '%s' (pid %d) did not stop within 20 s: look at its "
			  "output, or end it with 'kill -9 %d' and run 'l2tpc down %s' again.\n"),
			r->name, r->pid, r->pid, r->name);
		return L2TPC_FAILURE_INTERNAL;
	}
	printf("disconnected: %s\n", r->name);
	return 0;
}

int cli_status_down(int argc, char **argv)
{
	gboolean all = FALSE;
	const char *rundir = rundir_from_args(&argc, &argv, "down", &all);
	g_autoptr(GArray) alive = NULL;
	g_autoptr(GArray) list = NULL;
	int ret = 0, matched = 0;

	if (!rundir)
		return L2TPC_EXIT_USAGE;
	if (argc != (all ? 1 : 2)) {
		cli_log_error(_("l2tpc down: name one connection or --all: run 'l2tpc status' for "
				"the names.\n"));
		return L2TPC_EXIT_USAGE;
	}
	ret = cli_log_need_root("down");
	if (ret)
		return ret;
	list = conn_record_list(rundir, &alive);
	for (guint i = 0; i < list->len; i++) {
		const struct conn_record *r = &g_array_index(list, struct conn_record, i);

		if (!all && strcmp(r->name, argv[1]))
			continue;
		matched++;
		int one = down_one(rundir, r, g_array_index(alive, gboolean, i));
		if (one && !ret)
			ret = one;
	}
	if (!matched && !all) {
		fprintf(stderr,
			_("l2tpc: error: No connection named '%s' is running: run 'l2tpc "
			  "status' for the names.\n"),
			argv[1]);
		return L2TPC_EXIT_NOT_FOUND;
	}
	return ret;
}
