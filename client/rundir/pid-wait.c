// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <poll.h>
#include <string.h>

#include <glib.h>

#include "pid-wait.h"

bool pid_wait_exited(pid_t pid)
{
	g_autofree char *path = g_strdup_printf("/proc/%d/stat", (int)pid);
	g_autofree char *text = NULL;
	const char *paren;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return true;
	paren = strrchr(text, ')'); /* "pid (comm) S ..." */
	return !paren || paren[1] != ' ' || paren[2] == 'Z' || paren[2] == 'X';
}

bool pid_wait_exit(int pidfd, pid_t pid, int ms)
{
	gint64 deadline = g_get_monotonic_time() + (gint64)ms * 1000;

	if (pidfd >= 0) {
		struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
		int left = ms, n;

		while ((n = poll(&pfd, 1, left)) < 0 && errno == EINTR)
			left = MAX(0, (int)((deadline - g_get_monotonic_time()) / 1000));
		return n > 0;
	}
	while (!pid_wait_exited(pid)) {
		if (g_get_monotonic_time() >= deadline)
			return false;
		g_usleep(20 * 1000);
	}
	return true;
}
