// SPDX-License-Identifier: GPL-2.0-or-later
/* engine-cleanup: what a killed `l2tpc up` left behind. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "conn-record.h"
#include "engine.h"
#include "net-route.h"
#include "l2tpc-log.h"

static bool is_pppd(int pid)
{
	g_autofree char *path = g_strdup_printf("/proc/%d/comm", pid);
	g_autofree char *comm = NULL;

	if (pid <= 1 || !g_file_get_contents(path, &comm, NULL, NULL))
		return false;
	return g_str_has_prefix(comm, "pppd");
}

bool l2tpc_engine_cleanup_stale(const char *rundir, const char *name, bool lock_held)
{
	bool found = false;
	g_autoptr(GArray) alive = NULL;
	g_autoptr(GArray) list = conn_record_list(rundir, &alive);

	for (guint i = 0; i < list->len; i++) {
		const struct conn_record *r = &g_array_index(list, struct conn_record, i);

		if (strcmp(r->name, name))
			continue;
		if (lock_held ? r->pid == getpid() : g_array_index(alive, gboolean, i))
			continue;
		found = true;
		l2tpc_info("engine", "cleaning up after the killed l2tpc (pid %d) of '%s'", r->pid,
			   name);
		if (r->pppd_pid && is_pppd(r->pppd_pid)) {
			kill(r->pppd_pid, SIGTERM);
			for (int t = 0; t < 50 && is_pppd(r->pppd_pid); t++)
				g_usleep(100 * 1000);
			if (is_pppd(r->pppd_pid))
				kill(r->pppd_pid, SIGKILL);
		}
		if (r->route) {
			struct net_route host;
			int ret = net_route_parse(r->route, &host);

			if (ret == 0)
				ret = net_route_del(&host);
			/* ESRCH: gone already (its interface went away). */
			if (ret < 0 && ret != -ESRCH)
				l2tpc_warn("engine", "cannot remove the leftover route %s: %s",
					   r->route, g_strerror(-ret));
		}
		/* charon: a private one died with its l2tpc; in a system charon, ipsec_conn_up()
		 * removes l2tpc-* connections whose lock nobody holds. */
		/* With the lock held, our own record replaces this one (and the lock file is ours). */
		if (!lock_held)
			conn_record_remove(rundir, name);
	}
	return found;
}
