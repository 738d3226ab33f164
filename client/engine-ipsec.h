/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * engine-ipsec: the engine's IPsec step — acquire charon (system or private), load the
 * credentials and the connection, initiate the CHILD_SA and check it is TRANSPORT; and the
 * reverse: terminate, unload what we loaded, release charon.
 */
#pragma once

#include <stdbool.h>

struct l2tpc_engine;
struct l2tpc_failure;

/** Starts the IPsec step; engine_ipsec_done() follows exactly once. */
void engine_ipsec_up(struct l2tpc_engine *e);
/** Called by engine-ipsec when up (or down) finished; defined in engine.c. */
void engine_ipsec_done(struct l2tpc_engine *e, const struct l2tpc_failure *f);

/** True while an up or down call is in flight. */
bool engine_ipsec_busy(struct l2tpc_engine *e);
/** True when something was loaded into charon that down must remove. */
bool engine_ipsec_active(struct l2tpc_engine *e);
/** Terminates and unloads; engine_ipsec_done() follows. */
void engine_ipsec_down(struct l2tpc_engine *e);
void engine_ipsec_free(struct l2tpc_engine *e);
