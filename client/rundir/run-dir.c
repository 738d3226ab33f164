// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "run-dir.h"

int run_dir_make(const char *dir)
{
	struct stat st;

	if (g_mkdir_with_parents(dir, RUN_DIR_MODE) < 0)
		return -errno;
	if (lstat(dir, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if (st.st_uid != geteuid())
		return -EPERM;
	if ((st.st_mode & 07777) != RUN_DIR_MODE && chmod(dir, RUN_DIR_MODE) < 0)
		return -errno;
	return 0;
}
