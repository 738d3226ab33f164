/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net-monitor: tells its owner that the machine's addresses or routes changed (rtnetlink
 * RTM_NEWADDR, RTM_DELADDR, RTM_NEWROUTE, RTM_DELROUTE, IPv4 and IPv6). It says only "something
 * changed", once per burst: a DHCP renewal or a Wi-Fi to Ethernet switch is a burst of messages,
 * and the owner asks the routing table itself what the change means for it.
 */
#pragma once

#include <glib.h>

struct net_monitor;

typedef void (*net_monitor_fn)(void *ud);

/* How long a burst of messages is collected before @changed runs once. */
#define NET_MONITOR_SETTLE_MS 300

/**
 * Opens the netlink socket and watches it from the default main context; @changed runs from the
 * main loop. NULL with -errno in @err when the socket cannot be opened.
 */
struct net_monitor *net_monitor_new(net_monitor_fn changed, void *ud, int *err);
void net_monitor_free(struct net_monitor *m);
