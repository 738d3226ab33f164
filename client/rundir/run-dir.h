/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * run-dir: the run dir (profile option `rundir`, default /run/l2tpc) and its subfolders hold
 * records, locks and the private charon's config, socket and log. Nobody but root may read
 * them: every folder is 0700 and every file 0600 (RUN_DIR_FILE_MODE), also when a folder was
 * left with a wider mode by an older version or a loose umask.
 */
#pragma once

#define RUN_DIR_MODE	  0700
#define RUN_DIR_FILE_MODE 0600

/**
 * Creates @dir (and missing parents) with mode 0700, or tightens an existing @dir of ours to
 * 0700. Refuses a symlink or a non-folder (-ENOTDIR) and a folder of another owner (-EPERM).
 * Returns 0 or -errno.
 */
int run_dir_make(const char *dir);
