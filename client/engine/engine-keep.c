// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * engine-keep: the charon of a persistent connection, kept between its engines (engine.h). One
 * more reference on the charon the engines share (ipsec-charon.h keeps one per run dir), taken
 * the way every engine takes its own.
 */
#include "engine.h"
#include "ipsec-charon.h"
#include "l2tpc-log.h"

struct l2tpc_engine_keep {
	struct ipsec_charon *charon; /* once acquired */
	bool pending;		     /* acquiring */
	bool freed;		     /* freed while acquiring: let it go when it comes */
};

static void engine_keep_ready(struct ipsec_charon *ch, const struct l2tpc_failure *f, void *ud)
{
	struct l2tpc_engine_keep *k = ud;

	k->pending = false;
	if (k->freed) {
		if (ch)
			ipsec_charon_release(ch);
		g_free(k);
		return;
	}
	if (!ch)
		l2tpc_debug("engine", "no charon to keep between attempts: %s",
			    f ? f->sentence : "");
	k->charon = ch;
}

struct l2tpc_engine_keep *l2tpc_engine_keep_new(const struct l2tpc_engine_options *opts)
{
	/* never a start of its own: the engine's charon runs already */
	struct ipsec_charon_options co = { .run_dir = opts->rundir, .never_start = true };
	struct l2tpc_engine_keep *k = g_new0(struct l2tpc_engine_keep, 1);

	k->pending = true;
	ipsec_charon_acquire(&co, engine_keep_ready, k);
	return k;
}

void l2tpc_engine_keep_free(struct l2tpc_engine_keep *k)
{
	if (!k)
		return;
	if (k->pending) {
		k->freed = true;
		return;
	}
	if (k->charon)
		ipsec_charon_release(k->charon);
	g_free(k);
}
