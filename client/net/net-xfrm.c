// SPDX-License-Identifier: GPL-2.0-or-later
/* net-xfrm (see net-xfrm.h): dump the SAD and SPD, then delete our entries one by one. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/xfrm.h>

#include <glib.h>

#include "l2tpc-log.h"
#include "net-local.h"
#include "net-xfrm.h"

#define LOG    "xfrm"
#define NL_BUF 32768

struct net_xfrm_pair {
	int family;
	xfrm_address_t a, b; /* local, remote */
	/* only IPComp reservations from b to a (net_xfrm_drop_comp_reservations), no policy */
	bool comp_reservations;
};

/* A deletion request, built while the dump runs and sent after it. */
struct net_xfrm_del {
	int type; /* XFRM_MSG_DELSA or XFRM_MSG_DELPOLICY */
	union {
		struct {
			struct xfrm_usersa_id id;
			xfrm_address_t saddr;
		} sa;
		struct xfrm_userpolicy_id pol;
	};
};

static int net_xfrm_parse_pair(const char *local, const char *remote, struct net_xfrm_pair *p)
{
	memset(p, 0, sizeof(*p));
	if (inet_pton(AF_INET, local, &p->a.a4) == 1 && inet_pton(AF_INET, remote, &p->b.a4) == 1)
		p->family = AF_INET;
	else if (inet_pton(AF_INET6, local, &p->a.a6) == 1 &&
		 inet_pton(AF_INET6, remote, &p->b.a6) == 1)
		p->family = AF_INET6;
	else
		return -EINVAL;
	return 0;
}

static bool net_xfrm_same(int family, const xfrm_address_t *x, const xfrm_address_t *y)
{
	return memcmp(x, y, family == AF_INET ? sizeof(x->a4) : sizeof(x->a6)) == 0;
}

/* True if (@s, @d) is the pair in either direction. */
static bool net_xfrm_is_pair(const struct net_xfrm_pair *p, int family, const xfrm_address_t *s,
			     const xfrm_address_t *d)
{
	if (family != p->family)
		return false;
	return (net_xfrm_same(family, s, &p->a) && net_xfrm_same(family, d, &p->b)) ||
	       (net_xfrm_same(family, s, &p->b) && net_xfrm_same(family, d, &p->a));
}

/* True if @sa is a CPI charon reserved for an inbound IPComp SA: reqid 0, remote to local. */
static bool net_xfrm_is_comp_reservation(const struct net_xfrm_pair *p,
					 const struct xfrm_usersa_info *sa)
{
	return sa->id.proto == IPPROTO_COMP && sa->reqid == 0 && sa->family == p->family &&
	       net_xfrm_same(p->family, &sa->saddr, &p->b) &&
	       net_xfrm_same(p->family, &sa->id.daddr, &p->a);
}

static bool net_xfrm_sa_matches(const struct net_xfrm_pair *p, const struct xfrm_usersa_info *sa)
{
	if (p->comp_reservations)
		return net_xfrm_is_comp_reservation(p, sa);
	return net_xfrm_is_pair(p, sa->family, &sa->saddr, &sa->id.daddr);
}

static void net_xfrm_match(const struct nlmsghdr *h, const struct net_xfrm_pair *p, GArray *dels)
{
	struct net_xfrm_del d = { 0 };

	if (h->nlmsg_type == XFRM_MSG_NEWSA &&
	    h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct xfrm_usersa_info))) {
		const struct xfrm_usersa_info *sa = NLMSG_DATA(h);

		if (!net_xfrm_sa_matches(p, sa))
			return;
		d.type = XFRM_MSG_DELSA;
		d.sa.id.daddr = sa->id.daddr;
		d.sa.id.spi = sa->id.spi;
		d.sa.id.proto = sa->id.proto;
		d.sa.id.family = sa->family;
		d.sa.saddr = sa->saddr;
		g_array_append_val(dels, d);
	} else if (h->nlmsg_type == XFRM_MSG_NEWPOLICY && !p->comp_reservations &&
		   h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct xfrm_userpolicy_info))) {
		const struct xfrm_userpolicy_info *pol = NLMSG_DATA(h);

		/* per-socket policies (dir >= XFRM_POLICY_MAX) belong to their sockets */
		if (pol->dir >= XFRM_POLICY_MAX || pol->sel.proto != IPPROTO_UDP ||
		    !net_xfrm_is_pair(p, pol->sel.family, &pol->sel.saddr, &pol->sel.daddr))
			return;
		d.type = XFRM_MSG_DELPOLICY;
		d.pol.sel = pol->sel;
		d.pol.index = pol->index;
		d.pol.dir = pol->dir;
		g_array_append_val(dels, d);
	}
}

/* Dumps one table (XFRM_MSG_GETSA or XFRM_MSG_GETPOLICY) and collects what matches. */
static int net_xfrm_dump(int fd, int type, const struct net_xfrm_pair *p, GArray *dels)
{
	struct {
		struct nlmsghdr h;
		char pad[4]; /* no attributes: the kernel's dump filter parses none */
	} req = { .h = { .nlmsg_len = NLMSG_LENGTH(4),
			 .nlmsg_type = (unsigned short)type,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			 .nlmsg_seq = 1 } };
	g_autofree char *buf = g_malloc(NL_BUF);

	if (send(fd, &req, req.h.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(fd, buf, NL_BUF, 0);

		if (n < 0)
			return errno == EINTR ? 0 : -errno;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				return e->error ? e->error : -EIO;
			}
			net_xfrm_match(h, p, dels);
		}
	}
}

static int net_xfrm_delete(int fd, const struct net_xfrm_del *d, unsigned seq)
{
	struct {
		struct nlmsghdr h;
		char body[256];
	} req = { 0 };
	char ack[512];
	size_t body;
	ssize_t n;

	req.h.nlmsg_type = (unsigned short)d->type;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.h.nlmsg_seq = seq;
	if (d->type == XFRM_MSG_DELSA) {
		struct nlattr *a = (struct nlattr *)(req.body + NLMSG_ALIGN(sizeof(d->sa.id)));

		memcpy(req.body, &d->sa.id, sizeof(d->sa.id));
		a->nla_type = XFRMA_SRCADDR;
		a->nla_len = (unsigned short)NLA_HDRLEN + sizeof(d->sa.saddr);
		memcpy((char *)a + NLA_HDRLEN, &d->sa.saddr, sizeof(d->sa.saddr));
		body = NLMSG_ALIGN(sizeof(d->sa.id)) + NLA_ALIGN(a->nla_len);
	} else {
		memcpy(req.body, &d->pol, sizeof(d->pol));
		body = sizeof(d->pol);
	}
	req.h.nlmsg_len = NLMSG_LENGTH(body);
	if (send(fd, &req, req.h.nlmsg_len, 0) < 0)
		return -errno;
	n = recv(fd, ack, sizeof(ack), 0);
	if (n < 0)
		return -errno;
	if (NLMSG_OK((struct nlmsghdr *)ack, (size_t)n) &&
	    ((struct nlmsghdr *)ack)->nlmsg_type == NLMSG_ERROR)
		return ((struct nlmsgerr *)NLMSG_DATA((struct nlmsghdr *)ack))->error;
	return 0;
}

/* Deletes what @p matches; @local and @remote (text) name the pair in warnings. Returns how many
 * entries were deleted, or -errno. */
static int net_xfrm_run(const struct net_xfrm_pair *p, const char *local, const char *remote)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	g_autoptr(GArray) dels = g_array_new(FALSE, TRUE, sizeof(struct net_xfrm_del));
	int fd, ret, removed = 0;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = -errno;
		goto out;
	}
	ret = net_xfrm_dump(fd, XFRM_MSG_GETSA, p, dels);
	if (ret == 0 && !p->comp_reservations)
		ret = net_xfrm_dump(fd, XFRM_MSG_GETPOLICY, p, dels);
	if (ret < 0)
		goto out;
	for (guint i = 0; i < dels->len; i++) {
		const struct net_xfrm_del *d = &g_array_index(dels, struct net_xfrm_del, i);
		int r = net_xfrm_delete(fd, d, 2 + i);

		/* ENOENT/ESRCH: gone meanwhile (an SA expires, charon's SIGTERM cleanup raced us)
		 */
		if (r == 0)
			removed++;
		else if (r != -ENOENT && r != -ESRCH)
			l2tpc_warn(LOG, "cannot delete a leftover xfrm %s between %s and %s: %s",
				   d->type == XFRM_MSG_DELSA ? "state" : "policy", local, remote,
				   g_strerror(-r));
	}
	ret = removed;
out:
	close(fd);
	return ret;
}

int net_xfrm_remove(const char *local, const char *remote)
{
	g_autofree char *routed = local || !remote ? NULL : net_local_for_string(remote);
	struct net_xfrm_pair p;
	int removed;

	if (!local)
		local = routed;
	if (!local || !remote || net_xfrm_parse_pair(local, remote, &p) < 0)
		return -EINVAL;
	removed = net_xfrm_run(&p, local, remote);
	if (removed > 0)
		l2tpc_info(LOG, "removed %d xfrm state(s) and policies left between %s and %s",
			   removed, local, remote);
	return removed;
}

/* Copies the address of @sa into @out and its text into @text. */
static void net_xfrm_addr_of(const struct sockaddr *sa, xfrm_address_t *out,
			     char text[INET6_ADDRSTRLEN])
{
	if (sa->sa_family == AF_INET6)
		memcpy(out->a6, &((const struct sockaddr_in6 *)sa)->sin6_addr, sizeof(out->a6));
	else
		out->a4 = ((const struct sockaddr_in *)sa)->sin_addr.s_addr;
	inet_ntop(sa->sa_family, sa->sa_family == AF_INET6 ? (const void *)out->a6 : &out->a4, text,
		  INET6_ADDRSTRLEN);
}

int net_xfrm_drop_comp_reservations(const struct sockaddr *gateway, const struct sockaddr *local)
{
	struct net_xfrm_pair p = { .family = gateway->sa_family, .comp_reservations = true };
	char gw_text[INET6_ADDRSTRLEN], local_text[INET6_ADDRSTRLEN];

	if (gateway->sa_family != local->sa_family ||
	    (gateway->sa_family != AF_INET && gateway->sa_family != AF_INET6))
		return -EINVAL;
	net_xfrm_addr_of(local, &p.a, local_text);
	net_xfrm_addr_of(gateway, &p.b, gw_text);
	return net_xfrm_run(&p, local_text, gw_text);
}
