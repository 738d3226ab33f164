/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * persist-policy: the reconnect rules of a persistent connection, pure so a unit test reads them
 * as a table: which endings are worth another attempt, and how long to wait before each.
 */
#pragma once

#include <stdbool.h>

#include "l2tpc-failure.h"

/**
 * Whether a connection that was up and ended with @klass is tried again: a lost server, a lost
 * network, a server hang-up are; a refused login, a bad profile, proposals the server refuses,
 * a missing daemon or a bug are not (another attempt would end the same way).
 */
bool persist_policy_retry(enum l2tpc_failure_class klass);

/**
 * Seconds to wait before attempt @attempt (1 is the first after the loss): 0 (the loss is
 * undone already, and a server that is back should not wait), then 1, 2, 4, 8, ... doubling
 * up to @max_s.
 */
unsigned persist_policy_delay_s(unsigned attempt, unsigned max_s);
