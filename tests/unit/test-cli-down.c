// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpc down: it returns only once the `l2tpc up` process it stopped has exited, not as soon as
 * that process lets go of its record lock. A real `l2tpc up` releases the lock first and then
 * still stops its private charon and waits for it (ipsec-charon.c, at exit); scripts rely on
 * nothing being left when `l2tpc down` returns. The stand-in `up` below lingers 1 s between
 * the two.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "../../client/cli/cli-cmds.h"
#include "conn-record.h"

#define LINGER_US 1000000

static volatile sig_atomic_t got_term;

static void on_term(int sig)
{
	(void)sig;
	got_term = 1;
}

/* The stand-in `l2tpc up NAME`: owns the record until SIGTERM, then lingers before exiting. */
static void fake_up(const char *rundir, const char *name, int ready_fd)
{
	struct conn_record r = { 0 };
	sigset_t block, old;
	int lock_fd;

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	signal(SIGTERM, on_term);
	lock_fd = conn_record_lock(rundir, name);
	r.name = g_strdup(name);
	r.pid = getpid();
	r.phase = g_strdup("connected");
	if (lock_fd < 0 || conn_record_write(rundir, &r) < 0)
		_exit(2);
	if (write(ready_fd, "r", 1) != 1)
		_exit(2);
	while (!got_term)
		sigsuspend(&old);
	close(lock_fd); /* `down` may now see the record as not alive */
	g_usleep(LINGER_US);
	_exit(0);
}

static void test_down_waits_for_exit(void)
{
	g_autofree char *rundir = g_dir_make_tmp("l2tpc-down-XXXXXX", NULL);
	char *argv[] = { "down", "--rundir", rundir, "office", NULL };
	int ready[2], status = -1;
	char c;
	pid_t pid;

	g_assert_nonnull(rundir);
	g_assert_cmpint(pipe(ready), ==, 0);
	pid = fork();
	g_assert_cmpint(pid, >=, 0);
	if (pid == 0)
		fake_up(rundir, "office", ready[1]);
	close(ready[1]);
	g_assert_cmpint(read(ready[0], &c, 1), ==, 1);
	close(ready[0]);

	{
		/* its "disconnected: office" goes to a file, not into this test's TAP output */
		g_autofree char *out_path = g_build_filename(rundir, "down.out", NULL);
		g_autofree char *out = NULL;
		int saved = dup(STDOUT_FILENO);
		int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

		g_assert_cmpint(fd, >=, 0);
		fflush(stdout);
		dup2(fd, STDOUT_FILENO);
		close(fd);
		g_assert_cmpint(cli_status_down(4, argv), ==, 0);
		fflush(stdout);
		dup2(saved, STDOUT_FILENO);
		close(saved);
		g_assert_true(g_file_get_contents(out_path, &out, NULL, NULL));
		g_assert_cmpstr(out, ==, "disconnected: office\n");
		g_unlink(out_path);
	}
	/* It has exited already: its zombie is there to reap, without waiting. */
	g_assert_cmpint(waitpid(pid, &status, WNOHANG), ==, pid);
	g_assert_true(WIFEXITED(status));
	g_assert_cmpint(WEXITSTATUS(status), ==, 0);

	conn_record_remove(rundir, "office");
	{
		g_autofree char *conns = g_build_filename(rundir, "conns", NULL);

		g_rmdir(conns);
	}
	g_rmdir(rundir);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cli-down/waits-for-the-up-process-to-exit", test_down_waits_for_exit);
	return g_test_run();
}
