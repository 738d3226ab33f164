// SPDX-License-Identifier: GPL-2.0-or-later
#include "l2tp-nl.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/l2tp.h>
#include <linux/netlink.h>

#include <glib.h>

#define L2TP_NL_BUF 4096

struct l2tp_nl {
	int fd;
	uint16_t family;
	uint32_t seq;
};

struct l2tp_nl_msg {
	uint8_t buf[L2TP_NL_BUF] __attribute__((aligned(4)));
	size_t len;
};

static void l2tp_nl_msg_init(struct l2tp_nl_msg *m, uint16_t type, uint8_t cmd, uint8_t version,
			     uint32_t seq)
{
	struct nlmsghdr *nh = (struct nlmsghdr *)m->buf;
	struct genlmsghdr *gh;

	memset(m->buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nh->nlmsg_type = type;
	nh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nh->nlmsg_seq = seq;
	gh = (struct genlmsghdr *)(m->buf + NLMSG_HDRLEN);
	gh->cmd = cmd;
	gh->version = version;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
}

static void l2tp_nl_put(struct l2tp_nl_msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(m->buf + m->len);

	/* the messages here are a handful of fixed attributes, far below the buffer */
	g_assert(m->len + NLA_ALIGN(NLA_HDRLEN + len) <= sizeof(m->buf));
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	memcpy((uint8_t *)a + NLA_HDRLEN, data, len);
	memset((uint8_t *)a + NLA_HDRLEN + len, 0, NLA_ALIGN(a->nla_len) - a->nla_len);
	m->len += NLA_ALIGN(a->nla_len);
}

static void l2tp_nl_put_u32(struct l2tp_nl_msg *m, uint16_t type, uint32_t v)
{
	l2tp_nl_put(m, type, &v, sizeof(v));
}

static void l2tp_nl_put_u16(struct l2tp_nl_msg *m, uint16_t type, uint16_t v)
{
	l2tp_nl_put(m, type, &v, sizeof(v));
}

static void l2tp_nl_put_u8(struct l2tp_nl_msg *m, uint16_t type, uint8_t v)
{
	l2tp_nl_put(m, type, &v, sizeof(v));
}

/*
 * Sends @m and reads until the kernel's ACK/error for it. With @reply, the first reply message
 * of the family is copied there (for CTRL_CMD_GETFAMILY). Returns 0 or the kernel's -errno.
 */
static int l2tp_nl_transact(int fd, struct l2tp_nl_msg *m, struct l2tp_nl_msg *reply)
{
	struct nlmsghdr *nh = (struct nlmsghdr *)m->buf;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	uint32_t seq = nh->nlmsg_seq;
	int got_reply = 0;

	nh->nlmsg_len = (uint32_t)m->len;
	if (sendto(fd, m->buf, m->len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -errno;
	for (;;) {
		uint8_t buf[L2TP_NL_BUF] __attribute__((aligned(4)));
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		size_t left;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		left = (size_t)n;
		for (struct nlmsghdr *r = (struct nlmsghdr *)buf; NLMSG_OK(r, left);
		     r = NLMSG_NEXT(r, left)) {
			if (r->nlmsg_seq != seq)
				continue;
			if (r->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(r);

				if (r->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					return -EBADMSG;
				if (e->error == 0 && reply && !got_reply)
					return -ENODATA;
				return e->error;
			}
			if (reply && !got_reply && r->nlmsg_len <= sizeof(reply->buf)) {
				memcpy(reply->buf, r, r->nlmsg_len);
				reply->len = r->nlmsg_len;
				got_reply = 1;
			}
		}
	}
}

int l2tp_nl_open(struct l2tp_nl **out)
{
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	struct l2tp_nl_msg m, reply;
	struct l2tp_nl *nl;
	size_t off;
	int r;

	nl = g_new0(struct l2tp_nl, 1);
	nl->seq = (uint32_t)g_random_int();
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl->fd < 0 || bind(nl->fd, (struct sockaddr *)&local, sizeof(local)) < 0) {
		r = -errno;
		goto fail;
	}
	/* genetlink asks modprobe for a missing family (net-pf-16-proto-16-family-l2tp) */
	l2tp_nl_msg_init(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, ++nl->seq);
	l2tp_nl_put(&m, CTRL_ATTR_FAMILY_NAME, L2TP_GENL_NAME, sizeof(L2TP_GENL_NAME));
	r = l2tp_nl_transact(nl->fd, &m, &reply);
	if (r < 0)
		goto fail;
	r = -ENOENT;
	off = NLMSG_HDRLEN + GENL_HDRLEN;
	while (off + NLA_HDRLEN <= reply.len) {
		struct nlattr *a = (struct nlattr *)(reply.buf + off);

		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > reply.len)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID &&
		    a->nla_len >= NLA_HDRLEN + 2) {
			memcpy(&nl->family, (uint8_t *)a + NLA_HDRLEN, 2);
			r = 0;
		}
		off += NLA_ALIGN(a->nla_len);
	}
	if (r < 0)
		goto fail;
	*out = nl;
	return 0;
fail:
	l2tp_nl_close(nl);
	return r;
}

void l2tp_nl_close(struct l2tp_nl *nl)
{
	if (!nl)
		return;
	if (nl->fd >= 0)
		close(nl->fd);
	g_free(nl);
}

int l2tp_nl_tunnel_create(struct l2tp_nl *nl, const struct l2tp_dataplane_params *p)
{
	struct l2tp_nl_msg m;

	l2tp_nl_msg_init(&m, nl->family, L2TP_CMD_TUNNEL_CREATE, L2TP_GENL_VERSION, ++nl->seq);
	l2tp_nl_put_u32(&m, L2TP_ATTR_CONN_ID, p->tunnel_id);
	l2tp_nl_put_u32(&m, L2TP_ATTR_PEER_CONN_ID, p->peer_tunnel_id);
	l2tp_nl_put_u8(&m, L2TP_ATTR_PROTO_VERSION, 2);
	l2tp_nl_put_u16(&m, L2TP_ATTR_ENCAP_TYPE, L2TP_ENCAPTYPE_UDP);
	l2tp_nl_put_u32(&m, L2TP_ATTR_FD, (uint32_t)p->udp_fd);
	return l2tp_nl_transact(nl->fd, &m, NULL);
}

int l2tp_nl_session_create(struct l2tp_nl *nl, const struct l2tp_dataplane_params *p)
{
	struct l2tp_nl_msg m;

	l2tp_nl_msg_init(&m, nl->family, L2TP_CMD_SESSION_CREATE, L2TP_GENL_VERSION, ++nl->seq);
	l2tp_nl_put_u32(&m, L2TP_ATTR_CONN_ID, p->tunnel_id);
	l2tp_nl_put_u32(&m, L2TP_ATTR_SESSION_ID, p->session_id);
	l2tp_nl_put_u32(&m, L2TP_ATTR_PEER_SESSION_ID, p->peer_session_id);
	l2tp_nl_put_u16(&m, L2TP_ATTR_PW_TYPE, L2TP_PWTYPE_PPP);
	/* RFC 2661 5.4: only Sequencing Required forces the S bit; otherwise the kernel mirrors
	 * the LNS in LAC mode. RECV_SEQ is never forced. */
	if (p->send_seq)
		l2tp_nl_put_u8(&m, L2TP_ATTR_SEND_SEQ, 1);
	return l2tp_nl_transact(nl->fd, &m, NULL);
}

int l2tp_nl_session_delete(struct l2tp_nl *nl, uint16_t tunnel_id, uint16_t session_id)
{
	struct l2tp_nl_msg m;

	l2tp_nl_msg_init(&m, nl->family, L2TP_CMD_SESSION_DELETE, L2TP_GENL_VERSION, ++nl->seq);
	l2tp_nl_put_u32(&m, L2TP_ATTR_CONN_ID, tunnel_id);
	l2tp_nl_put_u32(&m, L2TP_ATTR_SESSION_ID, session_id);
	return l2tp_nl_transact(nl->fd, &m, NULL);
}

int l2tp_nl_tunnel_delete(struct l2tp_nl *nl, uint16_t tunnel_id)
{
	struct l2tp_nl_msg m;

	l2tp_nl_msg_init(&m, nl->family, L2TP_CMD_TUNNEL_DELETE, L2TP_GENL_VERSION, ++nl->seq);
	l2tp_nl_put_u32(&m, L2TP_ATTR_CONN_ID, tunnel_id);
	return l2tp_nl_transact(nl->fd, &m, NULL);
}
