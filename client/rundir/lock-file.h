/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lock-file: a file whose flock marks a live owner (a connection's record, its charon
 * connection, a gateway). The owner removes the file while it still holds the lock
 * (lock_file_release), so a leftover file is always free to take.
 */
#pragma once

#include <sys/types.h>

/**
 * Opens @path (created with @mode if missing) and takes an exclusive flock without waiting.
 * Returns the fd to keep open, -EBUSY when a live owner holds it, or another -errno. Someone who
 * locked a copy that its owner removed meanwhile would hold a lock nobody else sees: that case
 * is detected (the path names another file) and the take starts again on the new file.
 */
int lock_file_take(const char *path, mode_t mode);

/** Removes @path and closes @fd, in that order (fd < 0: nothing to do). */
void lock_file_release(const char *path, int fd);
