// SPDX-License-Identifier: GPL-2.0-or-later
/* net-monitor: rtnetlink address and route notifications, collected into one call per burst. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <glib-unix.h>

#include "net-monitor.h"

struct net_monitor {
	int fd;
	guint watch_id;
	guint settle_id;
	net_monitor_fn changed;
	void *ud;
};

static gboolean net_monitor_settled(gpointer data)
{
	struct net_monitor *m = data;

	m->settle_id = 0;
	m->changed(m->ud);
	return G_SOURCE_REMOVE;
}

static bool net_monitor_interesting(const struct nlmsghdr *h)
{
	switch (h->nlmsg_type) {
	case RTM_NEWADDR:
	case RTM_DELADDR:
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		return true;
	default:
		return false;
	}
}

static gboolean net_monitor_readable(gint fd, GIOCondition cond, gpointer data)
{
	struct net_monitor *m = data;
	uint8_t buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	bool changed = false;

	for (;;) {
		struct sockaddr_nl from;
		socklen_t fromlen = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen);
		unsigned int len;

		if (n < 0) {
			/* ENOBUFS: the kernel dropped messages; something changed for sure */
			if (errno == ENOBUFS)
				changed = true;
			if (errno == EINTR || errno == ENOBUFS)
				continue;
			break;
		}
		if (n == 0)
			break;
		/* only the kernel speaks on these groups; anything else is ignored */
		if (fromlen != sizeof(from) || from.nl_pid != 0)
			continue;
		len = (unsigned int)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len))
			if (net_monitor_interesting(h))
				changed = true;
	}
	if (changed && !m->settle_id)
		m->settle_id = g_timeout_add(NET_MONITOR_SETTLE_MS, net_monitor_settled, m);
	return G_SOURCE_CONTINUE;
}

struct net_monitor *net_monitor_new(net_monitor_fn changed, void *ud, int *err)
{
	struct sockaddr_nl sa = {
		.nl_family = AF_NETLINK,
		.nl_groups = RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE |
			     RTMGRP_IPV6_ROUTE,
	};
	struct net_monitor *m;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		*err = -errno;
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	m = g_new0(struct net_monitor, 1);
	m->fd = fd;
	m->changed = changed;
	m->ud = ud;
	m->watch_id = g_unix_fd_add(fd, G_IO_IN, net_monitor_readable, m);
	*err = 0;
	return m;
}

void net_monitor_free(struct net_monitor *m)
{
	if (!m)
		return;
	g_clear_handle_id(&m->watch_id, g_source_remove);
	g_clear_handle_id(&m->settle_id, g_source_remove);
	close(m->fd);
	g_free(m);
}
