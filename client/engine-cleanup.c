// SPDX-License-Identifier: GPL-2.0-or-later
/* engine-cleanup: what a killed `l2tpc up` left behind. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "conn-record.h"
#include "engine.h"
#include "l2tpc-log.h"

static bool is_pppd(int pid)
{
	g_autofree char *path = g_strdup_printf("/proc/%d/comm", pid);
	g_autofree char *comm = NULL;

	if (pid <= 1 || !g_file_get_contents(path, &comm, NULL, NULL))
		return false;
	return g_str_has_prefix(comm, "pppd");
}

void l2tpc_engine_cleanup_stale(const char *rundir, const char *name)
{
	g_autoptr(GArray) alive = NULL;
	g_autoptr(GArray) list = conn_record_list(rundir, &alive);

	for (guint i = 0; i < list->len; i++) {
		const struct conn_record *r = &g_array_index(list, struct conn_record, i);

		if (strcmp(r->name, name) || g_array_index(alive, gboolean, i))
			continue;
		l2tpc_info("engine", "cleaning up after the killed l2tpc (pid %d) of '%s'", r->pid,
			   name);
		if (r->pppd_pid && is_pppd(r->pppd_pid)) {
			kill(r->pppd_pid, SIGTERM);
			for (int t = 0; t < 50 && is_pppd(r->pppd_pid); t++)
				g_usleep(100 * 1000);
			if (is_pppd(r->pppd_pid))
				kill(r->pppd_pid, SIGKILL);
		}
		/* The charon connection and credentials named like ours are replaced by the next
		 * ipsec_conn_up(), which unloads leftovers of the same name first. */
		conn_record_remove(rundir, name);
	}
}
