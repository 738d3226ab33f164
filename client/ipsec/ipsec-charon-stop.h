/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec-charon-stop: stopping private charons (see ipsec-charon.h), by the last user that
 * releases one or, for the orphans of killed l2tpc processes, by the next cleanup.
 *
 * A private charon is told apart from any other by its environment, which names the run dir
 * it serves (IPSEC_CHARON_RUN_DIR_ENV): a pid file can be lost, that cannot.
 */
#pragma once

#include <sys/types.h>

#define IPSEC_CHARON_STOP_GRACE_S 5		  /* SIGTERM, then SIGKILL */
#define IPSEC_CHARON_RUN_DIR_ENV  "L2TPC_RUN_DIR" /* in a private charon's environment */

/**
 * Charon @pid was sent SIGTERM: l2tpc usually exits right after, so at exit it waits for it
 * (bounded) and kills it if it ignored the SIGTERM.
 */
void ipsec_charon_stop_watch(pid_t pid);
/** Stops the private charon <run_dir>/charon.pid names (SIGTERM, watched as above). */
void ipsec_charon_stop_pid_file(const char *run_dir);
