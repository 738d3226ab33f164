/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * engine-net: the engine's network preliminaries — resolving the gateway (honouring the address
 * family the profile allows) and finding the local address the kernel would use to reach it,
 * which IPsec needs as local_addrs and as the PSK owner.
 */
#pragma once

#include <stdbool.h>
#include <sys/socket.h>

#include <gio/gio.h>

#include "l2tpc-failure.h"

struct engine_net_addr {
	struct sockaddr_storage ss;
	socklen_t len;
	char text[46];
};

/** Fills @a from a numeric address; 0 or -EINVAL. */
int engine_net_addr_from_string(const char *s, struct engine_net_addr *a);

/** Finds the local source address for @remote (no packet is sent); 0 or -errno + @f set. */
int engine_net_local_for(const struct engine_net_addr *remote, struct engine_net_addr *local,
			 struct l2tpc_failure *f);

typedef void (*engine_net_resolved_fn)(const struct engine_net_addr *addr,
				       const struct l2tpc_failure *f, void *ud);

/** Resolves @host (a name or an address; IPv6 may be bracketed); @done runs later, from the
 * main loop, also for a numeric address. */
void engine_net_resolve(const char *host, GCancellable *cancel, engine_net_resolved_fn done,
			void *ud);
