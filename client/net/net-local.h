/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net-local: the local address the kernel would use to reach the gateway, which IPsec needs as
 * local_addrs and as the PSK owner. The one place that asks the routing table for it.
 */
#pragma once

#include "l2tpc-failure.h"
#include "net-resolve.h"

/** Finds the local source address for @remote (no packet is sent); 0 or -errno + @f set. */
int net_local_for(const struct net_addr *remote, struct net_addr *local, struct l2tpc_failure *f);

/** The local source address for the numeric address @remote, as text; NULL when @remote is not
 * numeric or has no route. Free with g_free(). */
char *net_local_for_string(const char *remote);
