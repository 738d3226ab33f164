// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nm-l2tpc-prestart: see nm-l2tpc-prestart.h. One early reference per service process.
 */
#include <stdbool.h>

#include "ipsec-charon.h"
#include "l2tpc-log.h"
#include "nm-l2tpc-prestart.h"

static struct {
	bool pending;		 /* acquired, not yet ready */
	bool ended;		 /* end() came while pending: release when ready */
	struct ipsec_charon *ch; /* the early reference, once ready */
} prestart;

static void nm_l2tpc_prestart_ready(struct ipsec_charon *ch, const struct l2tpc_failure *f,
				    void *ud)
{
	prestart.pending = false;
	if (!ch) {
		/* the engine's own acquire tries again and reports it in its sentence */
		l2tpc_debug("nm", "early charon start failed: %s", f ? f->sentence : "");
		return;
	}
	if (prestart.ended) {
		ipsec_charon_release(ch);
		return;
	}
	prestart.ch = ch;
}

void nm_l2tpc_prestart_begin(const char *rundir)
{
	struct ipsec_charon_options opts = { .run_dir = rundir };

	if (prestart.pending || prestart.ch || prestart.ended)
		return;
	prestart.pending = true;
	ipsec_charon_acquire(&opts, nm_l2tpc_prestart_ready, NULL);
}

void nm_l2tpc_prestart_end(bool wait)
{
	prestart.ended = true;
	/* a charon still starting is released by the ready callback, which always comes (it
	 * succeeds or fails within charon's start limit): at quit, wait for it */
	while (wait && prestart.pending)
		g_main_context_iteration(NULL, TRUE);
	if (prestart.ch)
		ipsec_charon_release(g_steal_pointer(&prestart.ch));
}
