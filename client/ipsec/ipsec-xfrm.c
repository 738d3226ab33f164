// SPDX-License-Identifier: GPL-2.0-or-later
/* ipsec-xfrm: drop charon's leftover IPComp CPI reservations (ipsec-xfrm.h). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <netinet/in.h>

#include "ipsec-xfrm.h"

#define XFRM_DUMP_BUF  32768
#define XFRM_MAX_DROPS 16

struct xfrm_drop {
	struct xfrm_usersa_id id;
};

static void xfrm_addr_of(const struct sockaddr *sa, xfrm_address_t *out)
{
	memset(out, 0, sizeof(*out));
	if (sa->sa_family == AF_INET6)
		memcpy(out->a6, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
	else
		out->a4 = ((const struct sockaddr_in *)sa)->sin_addr.s_addr;
}

static int xfrm_send(int fd, struct nlmsghdr *h)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	return sendto(fd, h, h->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0
		       ? -errno
		       : 0;
}

/* Collects the matching states of one dump; returns how many, or -errno. */
static int xfrm_find(int fd, const struct sockaddr *gateway, const struct sockaddr *local,
		     struct xfrm_drop *drops)
{
	struct nlmsghdr req = { .nlmsg_len = NLMSG_LENGTH(0),
				.nlmsg_type = XFRM_MSG_GETSA,
				.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
				.nlmsg_seq = 1 };
	xfrm_address_t src, dst;
	static char buf[XFRM_DUMP_BUF] __attribute__((aligned(NLMSG_ALIGNTO)));
	int n = 0, r;

	xfrm_addr_of(gateway, &src);
	xfrm_addr_of(local, &dst);
	r = xfrm_send(fd, &req);
	if (r < 0)
		return r;
	for (;;) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);

		if (len < 0)
			return -errno;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)len);
		     h = NLMSG_NEXT(h, len)) {
			const struct xfrm_usersa_info *sa = NLMSG_DATA(h);

			if (h->nlmsg_type == NLMSG_DONE)
				return n;
			if (h->nlmsg_type == NLMSG_ERROR)
				return -EIO;
			if (h->nlmsg_type != XFRM_MSG_NEWSA ||
			    h->nlmsg_len < NLMSG_LENGTH(sizeof(*sa)))
				continue;
			if (sa->id.proto != IPPROTO_COMP || sa->reqid != 0 ||
			    sa->family != gateway->sa_family ||
			    memcmp(&sa->saddr, &src, sizeof(src)) != 0 ||
			    memcmp(&sa->id.daddr, &dst, sizeof(dst)) != 0 || n >= XFRM_MAX_DROPS)
				continue;
			drops[n].id.daddr = sa->id.daddr;
			drops[n].id.spi = sa->id.spi;
			drops[n].id.family = sa->family;
			drops[n].id.proto = IPPROTO_COMP;
			n++;
		}
	}
}

int ipsec_xfrm_drop_comp_reservations(const struct sockaddr *gateway, const struct sockaddr *local)
{
	struct xfrm_drop drops[XFRM_MAX_DROPS];
	int fd, n, dropped = 0;

	if (gateway->sa_family != local->sa_family)
		return -EINVAL;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);
	if (fd < 0)
		return -errno;
	n = xfrm_find(fd, gateway, local, drops);
	for (int i = 0; i < n; i++) {
		struct {
			struct nlmsghdr h;
			struct xfrm_usersa_id id;
		} del = { .h = { .nlmsg_len = NLMSG_LENGTH(sizeof(struct xfrm_usersa_id)),
				 .nlmsg_type = XFRM_MSG_DELSA,
				 .nlmsg_flags = NLM_F_REQUEST,
				 .nlmsg_seq = (uint32_t)(2 + i) },
			  .id = drops[i].id };

		if (xfrm_send(fd, &del.h) == 0)
			dropped++;
	}
	close(fd);
	return n < 0 ? n : dropped;
}
