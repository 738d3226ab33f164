// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "gateway-lock.h"
#include "run-dir.h"
#include "lock-file.h"

static char *gateway_lock_path(const char *rundir, const char *addr)
{
	g_autofree char *file = g_strconcat(addr, ".lock", NULL);

	g_strdelimit(file, "/", '_'); /* a numeric address has none; never leave the directory */
	return g_build_filename(rundir, "gateways", file, NULL);
}

/* The name in the file of a held lock: its first line. */
static char *gateway_lock_holder(const char *path)
{
	g_autofree char *text = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return NULL;
	text[strcspn(text, "\n")] = '\0';
	return text[0] && g_utf8_validate(text, -1, NULL) ? g_strdup(text) : NULL;
}

int gateway_lock_take(const char *rundir, const char *addr, const char *name, char **holder)
{
	g_autofree char *dir = g_build_filename(rundir, "gateways", NULL);
	g_autofree char *path = gateway_lock_path(rundir, addr);
	int fd;

	if (holder)
		*holder = NULL;
	fd = run_dir_make(rundir);
	if (fd < 0 || (fd = run_dir_make(dir)) < 0)
		return fd;
	fd = lock_file_take(path, RUN_DIR_FILE_MODE);
	if (fd == -EBUSY && holder)
		*holder = gateway_lock_holder(path);
	if (fd < 0)
		return fd;
	/* no secret here: a connection's name, as private as its record in conns/ */
	if (ftruncate(fd, 0) < 0 || write(fd, name, strlen(name)) < 0 || write(fd, "\n", 1) < 0) {
		int err = -errno;

		lock_file_release(path, fd);
		return err;
	}
	return fd;
}

void gateway_lock_release(const char *rundir, const char *addr, int fd)
{
	g_autofree char *path = NULL;

	if (fd < 0)
		return;
	path = gateway_lock_path(rundir, addr);
	lock_file_release(path, fd);
}
