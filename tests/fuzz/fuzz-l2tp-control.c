// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target for the whole L2TP control input path: header and AVP codec, hidden AVPs, the
 * reliable transport, the tunnel and session state machines and the data hook, reached in a
 * chosen state on a fake clock (input format in tests/unit/l2tp-test-lns.h). Seeds in
 * corpus/l2tp-control/ are written by test-l2tp-session.c from the real message builders.
 */
#include <stddef.h>
#include <stdint.h>

#include "../unit/l2tp-test-lns.h"
#include "l2tpc-log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	l2tpc_log_set_level(L2TPC_LOG_ERROR);
	lns_fuzz_run(data, size);
	return 0;
}
