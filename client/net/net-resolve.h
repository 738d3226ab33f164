/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net-resolve: turning the gateway setting (a name or a numeric address, IPv6 possibly
 * bracketed) into an address, without blocking the main loop.
 */
#pragma once

#include <stdbool.h>
#include <sys/socket.h>

#include <gio/gio.h>

#include "l2tpc-failure.h"

/* An address with its length and its numeric text (INET6_ADDRSTRLEN). */
struct net_addr {
	struct sockaddr_storage ss;
	socklen_t len;
	char text[46];
};

/** Fills @a from a numeric address (IPv6 may be bracketed); 0 or -EINVAL. */
int net_resolve_numeric(const char *s, struct net_addr *a);

/** Sets @a->text from @a->ss. */
void net_resolve_text(struct net_addr *a);

typedef void (*net_resolve_fn)(const struct net_addr *addr, const struct l2tpc_failure *f,
			       void *ud);

/** Resolves @host (a name or an address; IPv6 may be bracketed); @done runs later, from the
 * main loop, also for a numeric address. */
void net_resolve(const char *host, GCancellable *cancel, net_resolve_fn done, void *ud);
