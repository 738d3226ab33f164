// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lock-file.h"

/* True if @fd is still the file at @path. */
static bool lock_file_is_current(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

int lock_file_take(const char *path, mode_t mode)
{
	for (int attempt = 0; attempt < 5; attempt++) {
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, mode);

		if (fd < 0)
			return -errno;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			int err = errno == EWOULDBLOCK ? -EBUSY : -errno;

			close(fd);
			return err;
		}
		if (lock_file_is_current(fd, path))
			return fd;
		close(fd);
	}
	return -EAGAIN;
}

void lock_file_release(const char *path, int fd)
{
	if (fd < 0)
		return;
	unlink(path); /* while still locked: see lock_file_take() */
	close(fd);
}
