/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * persist: one connection as its owner (the CLI, the NetworkManager service) sees it, kept up
 * when the profile is persistent.
 *
 * It runs one engine (engine.h, its public API only) per attempt. Without the persistent key it
 * passes the engine's progress through and ends when the engine ends. With it, a connection that
 * was up and ends for a reason worth another attempt (persist-policy.h: a dead server, a lost
 * network, a server hang-up; not a refused login) is reconnected: the engine is freed (it has
 * undone everything), the owner hears ops->reconnecting with the attempt number, the wait and
 * the cause, and a new engine starts after the wait (0, 1, 2, 4, ... s up to
 * persistent-backoff-max).
 * While connected, a netlink monitor (net-monitor.h) watches the machine's addresses and routes:
 * when the source address towards the gateway changes or goes, the connection is dropped at
 * once (l2tpc_engine_drop(): nothing waits for answers that cannot come back); while waiting, a
 * network change starts the next attempt at once. Reconnecting stops on l2tpc_persist_stop(),
 * on an ending not worth retrying, or after persistent-timeout seconds without a connection;
 * ops->stopped says which. From the first connection on, the charon the engines use is kept
 * running between attempts (l2tpc_engine_keep_new()) and let go just before ops->stopped.
 */
#pragma once

#include <stdbool.h>

#include "engine.h"

struct l2tpc_persist;

struct l2tpc_persist_ops {
	/** The current attempt's engine entered @phase (engine.h's phase callback). */
	void (*phase)(struct l2tpc_persist *p, enum l2tpc_phase phase, const char *detail,
		      void *ud);
	/** Up: the first time, or again after a reconnect. */
	void (*connected)(struct l2tpc_persist *p, const struct l2tpc_ip_config *ip, void *ud);
	/** The connection is down and attempt @attempt starts in @delay_s s; @cause says why the
	 *  last one ended. Nothing of the last attempt is left (no pppd, SA, route). */
	void (*reconnecting)(struct l2tpc_persist *p, unsigned attempt, unsigned delay_s,
			     const struct l2tpc_failure *cause, void *ud);
	/** It ended for good: @failure is NULL after l2tpc_persist_stop(), else why. Called from
	 * the main loop, never from inside a call into the supervisor. */
	void (*stopped)(struct l2tpc_persist *p, const struct l2tpc_failure *failure, void *ud);
};

/** @profile is borrowed and must outlive the supervisor; @opts is copied (its strings are
 *  borrowed). */
struct l2tpc_persist *l2tpc_persist_new(const struct l2tpc_profile *profile,
					const struct l2tpc_engine_options *opts,
					const struct l2tpc_persist_ops *ops, void *ud);
void l2tpc_persist_free(struct l2tpc_persist *p);

void l2tpc_persist_start(struct l2tpc_persist *p);
/** Disconnects, or ends the wait for the next attempt; ops->stopped follows. Idempotent. */
void l2tpc_persist_stop(struct l2tpc_persist *p);

/** The current attempt's engine, NULL while waiting for the next one or after the end. */
struct l2tpc_engine *l2tpc_persist_engine(const struct l2tpc_persist *p);
/** True from the loss of a connection until it is back (or ends): the phase to show is
 *  "reconnecting" (L2TPC_PERSIST_PHASE_NAME). */
bool l2tpc_persist_reconnecting(const struct l2tpc_persist *p);
/** True once ops->stopped was called. */
bool l2tpc_persist_done(const struct l2tpc_persist *p);

#define L2TPC_PERSIST_PHASE_NAME "reconnecting"
