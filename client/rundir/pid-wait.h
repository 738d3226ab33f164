/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pid-wait: waiting for a process that is not our child (or not yet reaped) to exit. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

/** True once @pid has exited: gone, or a zombie its parent has not reaped yet. */
bool pid_wait_exited(pid_t pid);

/**
 * Waits up to @ms for @pid to exit; true if it did. @pidfd (pidfd_open, opened by the caller
 * before it signalled the process, so the pid cannot be reused meanwhile) wakes us the moment it
 * exits; with @pidfd < 0 (kernel < 5.3) we poll /proc.
 */
bool pid_wait_exit(int pidfd, pid_t pid, int ms);
