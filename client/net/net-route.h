/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net-route: the few routes a connection adds, over rtnetlink.
 *
 * A connection needs (1) a host route to the gateway through the path the gateway is reached by
 * now, so that a default route through the tunnel never carries the tunnel itself, and (2) when
 * asked, a default route through the ppp interface, added as the two halves 0.0.0.0/1 and
 * 128.0.0.0/1 so the system's own default route stays untouched and comes back by itself.
 * Every route added is recorded in a struct net_route_set and removed again by
 * net_route_set_undo(), so nothing is left behind. IPv4 and IPv6.
 */
#pragma once

#include <stdbool.h>
#include <sys/socket.h>

#include <glib.h>

struct net_route {
	int family;		   /* AF_INET or AF_INET6 */
	unsigned char dst[16];	   /* network byte order */
	unsigned char dst_len;	   /* prefix length */
	unsigned char gateway[16]; /* all zero: directly connected */
	bool has_gateway;
	int oif; /* output interface index */
	unsigned char prefsrc[16];
	bool has_prefsrc;
	unsigned int table; /* RT_TABLE_MAIN unless set */
	unsigned int metric;
};

/** Asks the kernel how @dst (AF_INET/AF_INET6 sockaddr) is routed now; 0 or -errno. */
int net_route_get(const struct sockaddr *dst, struct net_route *out);

/** Adds @r (NLM_F_EXCL); -EEXIST when the same route exists already. */
int net_route_add(const struct net_route *r);
int net_route_del(const struct net_route *r);

/** Fills @r as a host route (/32 or /128) to @dst via the path @via returned by net_route_get. */
void net_route_host_via(struct net_route *r, const struct sockaddr *dst,
			const struct net_route *via);

/** Returns the interface index of @ifname, or -ENODEV. */
int net_route_ifindex(const char *ifname);

/** Human-readable "192.0.2.1/32 via 10.0.0.1 dev eth0" into @buf. */
const char *net_route_format(const struct net_route *r, char *buf, size_t len);

/**
 * A route as one line for the runtime record ("192.0.2.1/32 oif 3 table 254 [via 10.0.0.1]"),
 * newly allocated, and back again: net_route_parse() returns 0 or -EINVAL (pure).
 */
char *net_route_to_string(const struct net_route *r);
int net_route_parse(const char *s, struct net_route *out);

/* Routes added by one connection, removed in reverse order by net_route_set_undo(). */
struct net_route_set {
	GArray *added; /* struct net_route */
};

void net_route_set_init(struct net_route_set *set);
/** Adds @r and records it; a route that existed already is not recorded (not ours to remove). */
int net_route_set_add(struct net_route_set *set, const struct net_route *r);
/** Removes every recorded route; returns the first error but tries all. */
int net_route_set_undo(struct net_route_set *set);
void net_route_set_clear(struct net_route_set *set);

/** The two halves of a default route through @ifindex for @family. */
void net_route_default_halves(int family, int ifindex, struct net_route out[2]);
