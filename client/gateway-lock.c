// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "gateway-lock.h"

static char *gateway_lock_path(const char *rundir, const char *addr)
{
	g_autofree char *file = g_strconcat(addr, ".lock", NULL);

	g_strdelimit(file, "/", '_'); /* a numeric address has none; never leave the directory */
	return g_build_filename(rundir, "gateways", file, NULL);
}

static char *gateway_lock_holder(int fd)
{
	char buf[256] = { 0 };
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0'; /* the name is the first line */
	return buf[0] && g_utf8_validate(buf, -1, NULL) ? g_strdup(buf) : NULL;
}

/* True if @fd is still the file at @path: a release unlinks the file while holding the lock, so
 * whoever locked the unlinked copy must start again on the new one. */
static bool gateway_lock_is_current(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

int gateway_lock_take(const char *rundir, const char *addr, const char *name, char **holder)
{
	g_autofree char *dir = g_build_filename(rundir, "gateways", NULL);
	g_autofree char *path = gateway_lock_path(rundir, addr);

	if (holder)
		*holder = NULL;
	if (g_mkdir_with_parents(dir, 0755) < 0)
		return -errno;
	for (int attempt = 0; attempt < 5; attempt++) {
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

		if (fd < 0)
			return -errno;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			int err = errno == EWOULDBLOCK ? -EBUSY : -errno;

			if (err == -EBUSY && holder)
				*holder = gateway_lock_holder(fd);
			close(fd);
			return err;
		}
		if (!gateway_lock_is_current(fd, path)) {
			close(fd);
			continue;
		}
		/* no secret here: a connection's name, as readable as its record in conns/ */
		if (ftruncate(fd, 0) < 0 || write(fd, name, strlen(name)) < 0 ||
		    write(fd, "\n", 1) < 0) {
			int err = -errno;

			unlink(path);
			close(fd);
			return err;
		}
		return fd;
	}
	return -EAGAIN;
}

void gateway_lock_release(const char *rundir, const char *addr, int fd)
{
	g_autofree char *path = NULL;

	if (fd < 0)
		return;
	path = gateway_lock_path(rundir, addr);
	unlink(path); /* while still locked: see gateway_lock_is_current() */
	close(fd);
}
