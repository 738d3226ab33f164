// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Stopping private charons (see ipsec-charon-stop.h): at the last release and as orphans.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "config.h"
#include "ipsec-charon-stop.h"
#include "ipsec-charon.h"
#include "ipsec-drain.h"
#include "l2tpc-log.h"
#include "pid-wait.h"

#define LOG "ipsec"

/* Private charons told to stop: l2tpc usually exits right after the last disconnect, before
 * the main-loop SIGKILL timer could run, so at exit we wait for them (bounded) and kill what
 * ignored SIGTERM. The bench saw a charon survive its SIGTERM for more than 10 s. */
struct ipsec_charon_stop_pending {
	pid_t pid;
	gint64 term_us; /* monotonic time of the SIGTERM */
};
static GArray *stopping_pids; /* struct ipsec_charon_stop_pending */

/* A pidfd wakes us the moment charon exits; without one (kernel < 5.3) we poll /proc. */
static bool ipsec_charon_stop_wait_gone(pid_t pid, int ms)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	bool gone = pid_wait_exit(pidfd, pid, ms);

	if (pidfd >= 0)
		close(pidfd);
	return gone;
}

static void ipsec_charon_stop_reap_at_exit(void)
{
	for (guint i = 0; stopping_pids && i < stopping_pids->len; i++) {
		const struct ipsec_charon_stop_pending *st =
			&g_array_index(stopping_pids, struct ipsec_charon_stop_pending, i);
		pid_t pid = st->pid;

		if (ipsec_charon_stop_wait_gone(pid, IPSEC_CHARON_STOP_GRACE_S * 1000)) {
			/* where a teardown's time goes: charon's own shutdown is part of it */
			l2tpc_info(LOG, "private charon (pid %d) exited %d ms after SIGTERM",
				   (int)pid, (int)((g_get_monotonic_time() - st->term_us) / 1000));
			continue;
		}
		l2tpc_warn(LOG, "private charon (pid %d) ignored SIGTERM for %d s; killing it",
			   (int)pid, IPSEC_CHARON_STOP_GRACE_S);
		kill(pid, SIGKILL);
		ipsec_charon_stop_wait_gone(pid, 1000);
	}
}

void ipsec_charon_stop_watch(pid_t pid)
{
	struct ipsec_charon_stop_pending st = { pid, g_get_monotonic_time() };

	if (!stopping_pids) {
		stopping_pids = g_array_new(FALSE, FALSE, sizeof(struct ipsec_charon_stop_pending));
		atexit(ipsec_charon_stop_reap_at_exit);
	}
	g_array_append_val(stopping_pids, st);
}

void ipsec_charon_stop_pid_file(const char *run_dir)
{
	g_autofree char *path = g_build_filename(run_dir, "charon.pid", NULL);
	g_autofree char *text = NULL;
	long pid;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return;
	pid = strtol(text, NULL, 10);
	if (pid > 1) {
		l2tpc_info(LOG, "stopping the private charon (pid %ld; last connection gone)", pid);
		if (kill((pid_t)pid, SIGTERM) == 0)
			ipsec_charon_stop_watch((pid_t)pid);
	}
}

/* True if /proc says @pid runs charon and its environment names @needle exactly. */
static bool ipsec_charon_stop_pid_is_ours(long pid, const char *needle)
{
	g_autofree char *comm_path = g_strdup_printf("/proc/%ld/comm", pid);
	g_autofree char *env_path = g_strdup_printf("/proc/%ld/environ", pid);
	g_autofree char *comm = NULL, *env = NULL;
	gsize len;

	if (!g_file_get_contents(comm_path, &comm, NULL, NULL) || !g_str_has_prefix(comm, "charon"))
		return false;
	if (!g_file_get_contents(env_path, &env, &len, NULL))
		return false;
	for (const char *p = env; p < env + len; p += strlen(p) + 1)
		if (strcmp(p, needle) == 0)
			return true;
	return false;
}

/*
 * The private charons of @run_dir: every charon whose environment names the run dir
 * (IPSEC_CHARON_RUN_DIR_ENV). A pid file can be lost (or never written by an older l2tpc); the
 * environment a charon was started with cannot.
 */
static GArray *ipsec_charon_stop_find_ours(const char *run_dir)
{
	g_autofree char *needle = g_strconcat(IPSEC_CHARON_RUN_DIR_ENV "=", run_dir, NULL);
	GArray *pids = g_array_new(FALSE, FALSE, sizeof(pid_t));
	g_autoptr(GDir) d = g_dir_open("/proc", 0, NULL);
	const char *fn;

	while (d && (fn = g_dir_read_name(d))) {
		char *end;
		long pid = strtol(fn, &end, 10);

		if (*end || pid <= 1 || pid == (long)getpid())
			continue;
		if (ipsec_charon_stop_pid_is_ours(pid, needle)) {
			pid_t p = (pid_t)pid;

			g_array_append_val(pids, p);
		}
	}
	return pids;
}

int ipsec_charon_stop_orphans(const char *run_dir)
{
	static const char *const names[] = { "charon.pid", "charon.vici", "charon.users" };
	g_autofree char *users = NULL;
	g_autoptr(GArray) pids = NULL;
	int fd, n = 0;

	if (!run_dir)
		run_dir = L2TPC_RUNDIR;
	users = g_build_filename(run_dir, "charon.users", NULL);
	fd = open(users, O_RDWR | O_CLOEXEC);

	/* A live l2tpc holds a shared lock on charon.users while it uses the private charon
	 * (and from before it starts one): such a charon is nobody's orphan. */
	if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return 0;
	}
	pids = ipsec_charon_stop_find_ours(run_dir);
	if (pids->len) {
		g_autofree char *vici = g_build_filename(run_dir, "charon.vici", NULL);

		/* A charon stopped during Main Mode tells the gateway nothing, and the gateway may
		 * finish the exchange and keep the IKE SA: let it land (bounded), then terminate
		 * over VICI, which sends the DELETEs. Without a socket, SIGTERM is all we have. */
		ipsec_drain(vici, NULL, true);
	}
	for (guint i = 0; i < pids->len; i++) {
		pid_t pid = g_array_index(pids, pid_t, i);
		int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);

		l2tpc_info(LOG, "stopping the private charon (pid %d) that a killed l2tpc left",
			   (int)pid);
		if (kill(pid, SIGTERM) == 0 &&
		    !pid_wait_exit(pidfd, pid, IPSEC_CHARON_STOP_GRACE_S * 1000)) {
			l2tpc_warn(LOG,
				   "private charon (pid %d) ignored SIGTERM for %d s; killing it",
				   (int)pid, IPSEC_CHARON_STOP_GRACE_S);
			kill(pid, SIGKILL);
			pid_wait_exit(pidfd, pid, 1000);
		}
		if (pidfd >= 0)
			close(pidfd);
		n++;
	}
	if (fd >= 0) {
		/* nobody uses it: its files go, the users file last, while we hold its lock */
		for (unsigned i = 0; i < G_N_ELEMENTS(names); i++) {
			g_autofree char *path = g_build_filename(run_dir, names[i], NULL);

			g_unlink(path);
		}
		close(fd);
	}
	return n;
}
