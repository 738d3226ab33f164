// SPDX-License-Identifier: GPL-2.0-or-later
/* engine-event: the events steps report to the engine. */
#include "engine-event.h"

void engine_event_report(engine_event_fn fn, void *ud, enum engine_event_type type,
			 const struct l2tpc_failure *failure)
{
	struct engine_event ev = { .type = type };

	if (failure && l2tpc_failure_is_set(failure))
		ev.failure = failure;
	fn(&ev, ud);
}
