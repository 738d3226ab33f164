// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "l2tpc-log.h"
#include "net-route.h"

#define NL_BUF 8192

struct nl_req {
	struct nlmsghdr nh;
	struct rtmsg rt;
	char attrs[256];
};

static int addr_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

static void add_attr(struct nl_req *req, unsigned short type, const void *data, size_t len)
{
	struct rtattr *rta = (struct rtattr *)((char *)req + NLMSG_ALIGN(req->nh.nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	req->nh.nlmsg_len = NLMSG_ALIGN(req->nh.nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

static void add_u32(struct nl_req *req, unsigned short type, unsigned int v)
{
	add_attr(req, type, &v, sizeof(v));
}

/* Sends @req and reads until the ACK (or a reply for RTM_GETROUTE, parsed into @out). */
static int nl_talk(struct nl_req *req, struct net_route *out)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	char buf[NL_BUF];
	int fd, ret = -EIO;
	bool done = false;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	req->nh.nlmsg_seq = 1;
	if (sendto(fd, req, req->nh.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = -errno;
		goto out;
	}
	while (!done) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nh;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (unsigned)n);
		     nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nh);

				if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					ret = -EIO;
				else
					ret = e->error;
				done = true;
				break;
			}
			if (nh->nlmsg_type == RTM_NEWROUTE && out) {
				const struct rtmsg *rt = NLMSG_DATA(nh);
				int len = RTM_PAYLOAD(nh);
				int alen = addr_len(rt->rtm_family);

				memset(out, 0, sizeof(*out));
				out->family = rt->rtm_family;
				out->dst_len = rt->rtm_dst_len;
				out->table = rt->rtm_table;
				for (struct rtattr *a = RTM_RTA(rt); RTA_OK(a, len);
				     a = RTA_NEXT(a, len)) {
					size_t plen = RTA_PAYLOAD(a);

					if (a->rta_type == RTA_DST && plen == (size_t)alen)
						memcpy(out->dst, RTA_DATA(a), alen);
					else if (a->rta_type == RTA_GATEWAY &&
						 plen == (size_t)alen) {
						memcpy(out->gateway, RTA_DATA(a), alen);
						out->has_gateway = true;
					} else if (a->rta_type == RTA_PREFSRC &&
						   plen == (size_t)alen) {
						memcpy(out->prefsrc, RTA_DATA(a), alen);
						out->has_prefsrc = true;
					} else if (a->rta_type == RTA_OIF && plen == 4)
						memcpy(&out->oif, RTA_DATA(a), 4);
					else if (a->rta_type == RTA_TABLE && plen == 4)
						memcpy(&out->table, RTA_DATA(a), 4);
				}
				ret = 0;
				done = true;
				break;
			}
			if (nh->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
		}
	}
out:
	close(fd);
	return ret;
}

static const void *sockaddr_addr(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET6)
		return &((const struct sockaddr_in6 *)sa)->sin6_addr;
	return &((const struct sockaddr_in *)sa)->sin_addr;
}

int net_route_get(const struct sockaddr *dst, struct net_route *out)
{
	struct nl_req req = { 0 };
	int family = dst->sa_family;

	if (family != AF_INET && family != AF_INET6)
		return -EAFNOSUPPORT;
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req.nh.nlmsg_type = RTM_GETROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.rt.rtm_family = family;
	req.rt.rtm_dst_len = addr_len(family) * 8;
	add_attr(&req, RTA_DST, sockaddr_addr(dst), addr_len(family));
	return nl_talk(&req, out);
}

static int route_change(const struct net_route *r, int type, int flags)
{
	struct nl_req req = { 0 };
	int alen = addr_len(r->family);

	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req.nh.nlmsg_type = type;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	req.rt.rtm_family = r->family;
	req.rt.rtm_dst_len = r->dst_len;
	req.rt.rtm_table = r->table < 256 ? r->table : RT_TABLE_UNSPEC;
	req.rt.rtm_protocol = RTPROT_STATIC;
	req.rt.rtm_scope = r->has_gateway ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	req.rt.rtm_type = RTN_UNICAST;
	if (r->table >= 256)
		add_u32(&req, RTA_TABLE, r->table);
	add_attr(&req, RTA_DST, r->dst, alen);
	if (r->has_gateway)
		add_attr(&req, RTA_GATEWAY, r->gateway, alen);
	if (r->oif > 0)
		add_u32(&req, RTA_OIF, (unsigned)r->oif);
	if (r->metric)
		add_u32(&req, RTA_PRIORITY, r->metric);
	return nl_talk(&req, NULL);
}

int net_route_add(const struct net_route *r)
{
	return route_change(r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
}

int net_route_del(const struct net_route *r)
{
	return route_change(r, RTM_DELROUTE, 0);
}

void net_route_host_via(struct net_route *r, const struct sockaddr *dst,
			const struct net_route *via)
{
	memset(r, 0, sizeof(*r));
	r->family = dst->sa_family;
	r->dst_len = addr_len(r->family) * 8;
	memcpy(r->dst, sockaddr_addr(dst), addr_len(r->family));
	r->has_gateway = via->has_gateway;
	memcpy(r->gateway, via->gateway, sizeof(r->gateway));
	r->oif = via->oif;
	r->table = RT_TABLE_MAIN;
}

int net_route_ifindex(const char *ifname)
{
	unsigned idx = if_nametoindex(ifname);

	return idx ? (int)idx : -ENODEV;
}

const char *net_route_format(const struct net_route *r, char *buf, size_t len)
{
	char dst[INET6_ADDRSTRLEN], gw[INET6_ADDRSTRLEN], ifn[IF_NAMESIZE] = "?";

	inet_ntop(r->family, r->dst, dst, sizeof(dst));
	inet_ntop(r->family, r->gateway, gw, sizeof(gw));
	if (r->oif > 0 && !if_indextoname((unsigned)r->oif, ifn))
		snprintf(ifn, sizeof(ifn), "#%d", r->oif);
	snprintf(buf, len, "%s/%u%s%s dev %s", dst, r->dst_len, r->has_gateway ? " via " : "",
		 r->has_gateway ? gw : "", ifn);
	return buf;
}

char *net_route_to_string(const struct net_route *r)
{
	char dst[INET6_ADDRSTRLEN], gw[INET6_ADDRSTRLEN];

	inet_ntop(r->family, r->dst, dst, sizeof(dst));
	inet_ntop(r->family, r->gateway, gw, sizeof(gw));
	return g_strdup_printf("%s/%u oif %d table %u%s%s", dst, r->dst_len, r->oif, r->table,
			       r->has_gateway ? " via " : "", r->has_gateway ? gw : "");
}

int net_route_parse(const char *s, struct net_route *out)
{
	g_auto(GStrv) w = g_strsplit(s ? s : "", " ", -1);
	guint n = g_strv_length(w);
	char *slash;
	char *end;
	unsigned long v;

	memset(out, 0, sizeof(*out));
	if ((n != 5 && n != 7) || strcmp(w[1], "oif") || strcmp(w[3], "table"))
		return -EINVAL;
	slash = strchr(w[0], '/');
	if (!slash)
		return -EINVAL;
	*slash = '\0';
	if (inet_pton(AF_INET, w[0], out->dst) == 1)
		out->family = AF_INET;
	else if (inet_pton(AF_INET6, w[0], out->dst) == 1)
		out->family = AF_INET6;
	else
		return -EINVAL;
	v = strtoul(slash + 1, &end, 10);
	if (*end || end == slash + 1 || v > (out->family == AF_INET ? 32u : 128u))
		return -EINVAL;
	out->dst_len = (unsigned char)v;
	v = strtoul(w[2], &end, 10);
	if (*end || end == w[2] || v > G_MAXINT)
		return -EINVAL;
	out->oif = (int)v;
	v = strtoul(w[4], &end, 10);
	if (*end || end == w[4] || v > G_MAXUINT32)
		return -EINVAL;
	out->table = (unsigned)v;
	if (n == 7) {
		if (strcmp(w[5], "via") || inet_pton(out->family, w[6], out->gateway) != 1)
			return -EINVAL;
		out->has_gateway = true;
	}
	return 0;
}

void net_route_set_init(struct net_route_set *set)
{
	set->added = g_array_new(FALSE, TRUE, sizeof(struct net_route));
}

int net_route_set_add(struct net_route_set *set, const struct net_route *r)
{
	char buf[128];
	int ret = net_route_add(r);

	if (ret == -EEXIST) {
		l2tpc_debug("route", "route %s exists already; leaving it alone",
			    net_route_format(r, buf, sizeof(buf)));
		return 0;
	}
	if (ret < 0)
		return ret;
	l2tpc_debug("route", "added route %s", net_route_format(r, buf, sizeof(buf)));
	g_array_append_val(set->added, *r);
	return 0;
}

int net_route_set_undo(struct net_route_set *set)
{
	int first = 0;

	if (!set->added)
		return 0;
	for (guint i = set->added->len; i > 0; i--) {
		const struct net_route *r = &g_array_index(set->added, struct net_route, i - 1);
		char buf[128];
		int ret = net_route_del(r);

		/* ESRCH: gone with its interface (ppp routes vanish when pppd exits). */
		if (ret < 0 && ret != -ESRCH && first == 0)
			first = ret;
		l2tpc_debug("route", "removed route %s (%d)", net_route_format(r, buf, sizeof(buf)),
			    ret);
	}
	g_array_set_size(set->added, 0);
	return first;
}

void net_route_set_clear(struct net_route_set *set)
{
	g_clear_pointer(&set->added, g_array_unref);
}

void net_route_default_halves(int family, int ifindex, struct net_route out[2])
{
	memset(out, 0, 2 * sizeof(*out));
	for (int i = 0; i < 2; i++) {
		out[i].family = family;
		out[i].dst_len = 1;
		out[i].oif = ifindex;
		out[i].table = RT_TABLE_MAIN;
	}
	out[1].dst[0] = 0x80;
}
