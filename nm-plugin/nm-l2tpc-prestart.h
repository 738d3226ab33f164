/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nm-l2tpc-prestart: the private charon starts with the service, not with the connection.
 *
 * NetworkManager activates the service over D-Bus and only then hands it the connection (1.1 s
 * in the bench's UML guest); starting charon (0.5 s there) as the service starts overlaps the
 * two. The engine later acquires the same charon (ipsec-charon.h shares one per run dir) and
 * this early reference is dropped once the engine has its own, so the engine's disconnect still
 * stops charon as before; what is never handed over is stopped when the service quits.
 */
#pragma once

#include <stdbool.h>

/** Finds (a system charon) or starts (a private one) charon for @rundir (NULL: default). */
void nm_l2tpc_prestart_begin(const char *rundir);
/**
 * Drops the early reference: when the engine holds its own (connected) or no longer needs one
 * (stopped), and with @wait when the service quits (a charon still starting is then waited for
 * and stopped, so nothing outlives the service). Later calls do nothing.
 */
void nm_l2tpc_prestart_end(bool wait);
