// SPDX-License-Identifier: GPL-2.0-or-later
/* engine-cleanup: what a killed `l2tpc up` left behind. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "conn-record.h"
#include "engine.h"
#include "gateway-lock.h"
#include "ipsec-charon.h"
#include "net-route.h"
#include "net-xfrm.h"
#include "l2tpc-log.h"
#include "pid-wait.h"

#define PPPD_STOP_MS 5000

static bool is_pppd(int pid)
{
	g_autofree char *path = g_strdup_printf("/proc/%d/comm", pid);
	g_autofree char *comm = NULL;

	if (pid <= 1 || !g_file_get_contents(path, &comm, NULL, NULL))
		return false;
	return g_str_has_prefix(comm, "pppd");
}

static void cleanup_pppd(int pid)
{
	int pidfd;

	if (!pid || !is_pppd(pid))
		return;
	pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
	/* SIGTERM: pppd closes its PPPoL2TP session and removes its interface */
	if (kill(pid, SIGTERM) == 0 && !pid_wait_exit(pidfd, pid, PPPD_STOP_MS)) {
		kill(pid, SIGKILL);
		pid_wait_exit(pidfd, pid, 1000);
	}
	if (pidfd >= 0)
		close(pidfd);
}

static void cleanup_route(const char *route)
{
	struct net_route host;
	int ret;

	if (!route)
		return;
	ret = net_route_parse(route, &host);
	if (ret == 0)
		ret = net_route_del(&host);
	/* ESRCH: gone already (its interface went away). */
	if (ret < 0 && ret != -ESRCH)
		l2tpc_warn("engine", "cannot remove the leftover route %s: %s", route,
			   g_strerror(-ret));
}

/*
 * The SAs and udp/1701 policies between the recorded addresses: a charon we stopped with
 * SIGTERM removed them itself, one that was killed did not. The gateway's lock tells whether a
 * live connection uses that pair now (then they are its own, and stay).
 */
static void cleanup_xfrm(const char *rundir, const struct conn_record *r)
{
	int fd;

	if (!r->gateway_addr || !r->local_addr)
		return;
	fd = gateway_lock_take(rundir, r->gateway_addr, r->name, NULL);
	if (fd == -EBUSY)
		return;
	net_xfrm_remove(r->local_addr, r->gateway_addr);
	gateway_lock_release(rundir, r->gateway_addr, fd);
}

/* True if the killed connection may have had an L2TP tunnel with the server: it was past IPsec. */
static bool had_tunnel(const struct conn_record *r)
{
	static const char *const before[] = { "idle", "resolve", "ipsec", NULL };

	return r->phase && !g_strv_contains(before, r->phase);
}

bool l2tpc_engine_cleanup_stale(const char *rundir, const char *name, bool lock_held)
{
	bool charon_checked = false;
	g_autoptr(GArray) alive = NULL;
	g_autoptr(GArray) list = conn_record_list(rundir, &alive);

	for (guint i = 0; i < list->len; i++) {
		const struct conn_record *r = &g_array_index(list, struct conn_record, i);

		if (strcmp(r->name, name))
			continue;
		if (lock_held ? r->pid == getpid() : g_array_index(alive, gboolean, i))
			continue;
		l2tpc_info("engine", "cleaning up after the killed l2tpc (pid %d) of '%s'", r->pid,
			   name);
		cleanup_pppd(r->pppd_pid);
		cleanup_route(r->route);
		/* A private charon runs in a session of its own and outlives a killed l2tpc; if no
		 * other l2tpc uses it, it goes (with the SAs it holds). In a system charon,
		 * ipsec_conn_up() removes l2tpc-* connections whose lock nobody holds. */
		if (!charon_checked) {
			charon_checked = true;
			ipsec_charon_stop_orphans(rundir);
		}
		cleanup_xfrm(rundir, r);
		if (had_tunnel(r))
			conn_record_mark_held(rundir, name);
		/* With the lock held, our own record replaces this one (and the lock file is ours).
		 */
		if (!lock_held)
			conn_record_remove(rundir, name);
	}
	return conn_record_held(rundir, name);
}
