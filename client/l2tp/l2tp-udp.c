// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <string.h>
#include <unistd.h>
#include <glib-unix.h>

#include "l2tp-udp.h"
#include "l2tpc-log.h"
#include "l2tpc-i18n.h"

struct l2tp_udp {
	int fd;
	bool connected;
	bool esp_only; /* a socket policy keeps clear text off this socket */
	bool ipcomp;   /* that policy puts IPComp inside ESP */
	struct sockaddr_storage peer;
	socklen_t peer_len;
	struct sockaddr_storage last_src;
	socklen_t last_src_len;
	guint watch;
	int moves_fd; /* raw UDP socket watching for a server that moves its port, or -1 */
	guint moves_watch;
	uint16_t moves_lo, moves_hi;
	l2tp_udp_moved_fn moved_fn;
	void *moved_data;
	l2tp_udp_recv_fn recv_fn;
	void *recv_data;
	uint8_t buf[65536];
};

static const char *addr_text(const struct sockaddr_storage *ss, char *out, size_t len)
{
	const void *a = ss->ss_family == AF_INET
				? (const void *)&((const struct sockaddr_in *)ss)->sin_addr
				: (const void *)&((const struct sockaddr_in6 *)ss)->sin6_addr;

	if (!inet_ntop(ss->ss_family, a, out, (socklen_t)len))
		g_strlcpy(out, "?", len);
	return out;
}

static uint16_t addr_port(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)ss)->sin_port);
	return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
}

static bool addr_same_ip(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
		      &((const struct sockaddr_in6 *)b)->sin6_addr, sizeof(struct in6_addr)) == 0;
}

/*
 * Fail closed (docs/l2tp.md "Never in clear text"): with IPsec on, the socket carries a policy of
 * its own (ip(7) IP_XFRM_POLICY, ipv6(7) IPV6_XFRM_POLICY). The kernel applies a socket's policy
 * before the system's (xfrm_sk_policy_lookup), to everything sent or received on the socket,
 * including the kernel data path's PPP frames, which l2tp_core sends through the same socket.
 * First BLOCK, before bind(), so not one datagram is sent or queued in clear; then, once the SA
 * exists, "ESP in transport mode with this reqid" in both directions. Outbound, a flow without a
 * matching SA is held or dropped by the kernel (it asks charon with an ACQUIRE, which charon
 * ignores without a trap policy), never sent in clear; inbound, a datagram that did not come out
 * of such an SA is dropped before UDP queues it. A zero selector matches every flow.
 */
static void udp_policy_tmpl(struct xfrm_user_tmpl *t, int family, uint8_t proto, uint32_t reqid)
{
	t->family = (uint16_t)family;
	t->id.proto = proto;
	t->mode = XFRM_MODE_TRANSPORT;
	/* outbound state lookup wants the reqid itself (xfrm_state_find) */
	t->reqid = reqid;
	t->share = XFRM_SHARE_ANY;
	t->aalgos = t->ealgos = t->calgos = ~0u;
}

static int udp_policy_set(struct l2tp_udp *u, uint8_t dir, uint32_t reqid, bool allow_esp)
{
	struct {
		struct xfrm_userpolicy_info pol;
		struct xfrm_user_tmpl tmpl[2];
	} req = { 0 };
	int family = u->peer.ss_family;
	socklen_t len = sizeof(req.pol);
	unsigned n = 0;

	req.pol.sel.family = (uint16_t)family;
	req.pol.dir = dir;
	req.pol.action = allow_esp ? XFRM_POLICY_ALLOW : XFRM_POLICY_BLOCK;
	req.pol.share = XFRM_SHARE_ANY;
	req.pol.lft.soft_byte_limit = XFRM_INF;
	req.pol.lft.hard_byte_limit = XFRM_INF;
	req.pol.lft.soft_packet_limit = XFRM_INF;
	req.pol.lft.hard_packet_limit = XFRM_INF;
	if (allow_esp && u->ipcomp) {
		/* RFC 3173 2.2: the sender skips IPComp for a datagram that would not shrink, so
		 * inbound it may be missing (charon marks it optional the same way) */
		udp_policy_tmpl(&req.tmpl[n], family, IPPROTO_COMP, reqid);
		req.tmpl[n++].optional = dir != XFRM_POLICY_OUT;
	}
	if (allow_esp) {
		udp_policy_tmpl(&req.tmpl[n], family, IPPROTO_ESP, reqid);
		req.tmpl[n++].optional = 0; /* required: no bypass inbound */
		len = sizeof(req.pol) + n * sizeof(req.tmpl[0]);
	}
	if (family == AF_INET6)
		return setsockopt(u->fd, IPPROTO_IPV6, IPV6_XFRM_POLICY, &req, len) < 0 ? -errno
											: 0;
	return setsockopt(u->fd, IPPROTO_IP, IP_XFRM_POLICY, &req, len) < 0 ? -errno : 0;
}

/* The socket options are compiled by xfrm_user, a module charon loads when it first opens its
 * netlink socket; we may come first, so open one ourselves (the kernel autoloads it). */
static void udp_load_xfrm_user(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);

	if (fd >= 0)
		close(fd);
}

static int udp_policy_both(struct l2tp_udp *u, uint32_t reqid, bool allow_esp)
{
	int r = udp_policy_set(u, XFRM_POLICY_OUT, reqid, allow_esp);

	if (r == -EINVAL) {
		udp_load_xfrm_user();
		r = udp_policy_set(u, XFRM_POLICY_OUT, reqid, allow_esp);
	}
	if (r == 0)
		r = udp_policy_set(u, XFRM_POLICY_IN, reqid, allow_esp);
	return r;
}

int l2tp_udp_block(struct l2tp_udp *u)
{
	u->esp_only = true;
	return udp_policy_both(u, 0, false);
}

int l2tp_udp_require_esp(struct l2tp_udp *u, uint32_t reqid, struct l2tpc_failure *failure)
{
	int r = udp_policy_both(u, reqid, true);

	if (r < 0) {
		(void)l2tp_udp_block(u);
		l2tpc_failure_set(
			failure, L2TPC_FAILURE_SYSTEM,
			_("Could not bind the L2TP socket to its IPsec SA (%s); L2TP will "
			  "not run outside IPsec: check that the kernel has XFRM_USER."),
			g_strerror(-r));
		return r;
	}
	u->esp_only = true;
	l2tpc_debug("l2tp", "UDP socket accepts only ESP transport traffic of reqid %u", reqid);
	return 0;
}

void l2tp_udp_set_ipcomp(struct l2tp_udp *u, bool ipcomp)
{
	u->ipcomp = ipcomp;
}

bool l2tp_udp_esp_only(const struct l2tp_udp *u)
{
	return u->esp_only;
}

struct l2tp_udp *l2tp_udp_new(const struct sockaddr *peer, socklen_t peer_len, bool port_1701,
			      bool esp_only, struct l2tpc_failure *failure)
{
	g_autofree struct l2tp_udp *u = g_new0(struct l2tp_udp, 1);
	struct sockaddr_storage local = { 0 };
	socklen_t local_len;
	int zero = 0, one = 1, err;
	char ip[64];

	if ((peer->sa_family != AF_INET && peer->sa_family != AF_INET6) ||
	    peer_len > sizeof(u->peer)) {
		l2tpc_failure_set(failure, L2TPC_FAILURE_INTERNAL,
				  _("The L2TP server address is neither IPv4 nor IPv6; this is a "
				    "bug, please report it."));
		return NULL;
	}
	memcpy(&u->peer, peer, peer_len);
	u->peer_len = peer_len;
	u->moves_fd = -1;
	u->fd = socket(peer->sa_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_UDP);
	if (u->fd < 0) {
		l2tpc_failure_set(
			failure, L2TPC_FAILURE_SYSTEM,
			_("Could not create a UDP socket for L2TP (%s); check the system's "
			  "resource limits."),
			g_strerror(errno));
		return NULL;
	}
	/* RFC 2661 8.1: UDP checksums MUST be on for control messages; never allow them off. */
	(void)setsockopt(u->fd, SOL_SOCKET, SO_NO_CHECK, &zero, sizeof(zero));
	err = esp_only ? l2tp_udp_block(u) : 0;
	if (err < 0) {
		close(u->fd);
		l2tpc_failure_set(failure, L2TPC_FAILURE_SYSTEM,
				  _("Could not keep the L2TP socket closed to clear text (%s); the "
				    "kernel needs XFRM_USER for L2TP/IPsec."),
				  g_strerror(-err));
		return NULL;
	}
	/* Several l2tpc connections may each use port 1701 towards different servers: every
	 * socket is connected to its own LNS, so the kernel delivers by peer. Another program's
	 * socket without SO_REUSEADDR (xl2tpd) still makes bind() fail, as it should. */
	if (port_1701)
		(void)setsockopt(u->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	local.ss_family = peer->sa_family;
	if (peer->sa_family == AF_INET) {
		((struct sockaddr_in *)&local)->sin_port = htons(port_1701 ? L2TP_UDP_PORT : 0);
		local_len = sizeof(struct sockaddr_in);
	} else {
		((struct sockaddr_in6 *)&local)->sin6_port = htons(port_1701 ? L2TP_UDP_PORT : 0);
		local_len = sizeof(struct sockaddr_in6);
	}
	if (bind(u->fd, (struct sockaddr *)&local, local_len) < 0) {
		err = errno;
		close(u->fd);
		if (port_1701 && err == EADDRINUSE)
			l2tpc_failure_set(
				failure, L2TPC_FAILURE_SYSTEM,
				_("UDP port 1701 is already in use (another L2TP client "
				  "such as xl2tpd?); stop it, or set the profile to use an "
				  "ephemeral source port."));
		else if (port_1701 && (err == EACCES || err == EPERM))
			l2tpc_failure_set(
				failure, L2TPC_FAILURE_SYSTEM,
				_("Binding UDP port 1701 needs root or CAP_NET_BIND_SERVICE; "
				  "run with that privilege, or set the profile to use an "
				  "ephemeral source port."));
		else
			l2tpc_failure_set(
				failure, L2TPC_FAILURE_SYSTEM,
				_("Could not bind the L2TP UDP socket to port %s (%s); set "
				  "the profile to use an ephemeral source port."),
				port_1701 ? "1701" : "0", g_strerror(err));
		return NULL;
	}
	l2tpc_debug("l2tp", "UDP socket on port %u for server %s port %u", l2tp_udp_local_port(u),
		    addr_text(&u->peer, ip, sizeof(ip)), addr_port(&u->peer));
	return g_steal_pointer(&u);
}

void l2tp_udp_free(struct l2tp_udp *u)
{
	if (!u)
		return;
	l2tp_udp_unwatch_moves(u);
	if (u->watch)
		g_source_remove(u->watch);
	close(u->fd);
	g_free(u);
}

static gboolean udp_on_readable(gint fd, GIOCondition cond, gpointer user_data)
{
	struct l2tp_udp *u = user_data;

	/* Drain what is queued; each datagram may end the tunnel but never frees @u. */
	for (int i = 0; i < 64; i++) {
		struct sockaddr_storage src;
		socklen_t src_len = sizeof(src);
		ssize_t n =
			recvfrom(fd, u->buf, sizeof(u->buf), 0, (struct sockaddr *)&src, &src_len);

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				/* ICMP unreachable on a connected socket: L2TP retransmits. */
				l2tpc_debug("l2tp", "UDP receive: %s", g_strerror(errno));
			break;
		}
		/* Before the SCCRP only the server's address counts (any port: 8.1). */
		if (!u->connected && !addr_same_ip(&src, &u->peer)) {
			char ip[64];

			l2tpc_debug("l2tp", "datagram from %s ignored: not the server",
				    addr_text(&src, ip, sizeof(ip)));
			continue;
		}
		memcpy(&u->last_src, &src, src_len);
		u->last_src_len = src_len;
		if (u->recv_fn)
			u->recv_fn(u->buf, (size_t)n, u->recv_data);
	}
	return G_SOURCE_CONTINUE;
}

void l2tp_udp_set_receiver(struct l2tp_udp *u, l2tp_udp_recv_fn fn, void *user_data)
{
	u->recv_fn = fn;
	u->recv_data = user_data;
	if (!u->watch)
		u->watch = g_unix_fd_add(u->fd, G_IO_IN, udp_on_readable, u);
}

int l2tp_udp_transmit(const uint8_t *pkt, size_t len, void *user_data)
{
	struct l2tp_udp *u = user_data;
	ssize_t n;

	if (u->connected)
		n = send(u->fd, pkt, len, 0);
	else
		n = sendto(u->fd, pkt, len, 0, (struct sockaddr *)&u->peer, u->peer_len);
	if (n < 0)
		return -errno;
	return 0;
}

int l2tp_udp_lock_peer(struct l2tp_udp *u)
{
	char ip[64];

	if (u->connected)
		return 0;
	if (!u->last_src_len)
		return -ENOTCONN;
	l2tp_udp_unwatch_moves(u); /* the port is settled, and it is one the SA covers */
	if (connect(u->fd, (struct sockaddr *)&u->last_src, u->last_src_len) < 0) {
		int err = errno;

		l2tpc_warn("l2tp", "could not connect the L2TP socket to the server: %s",
			   g_strerror(err));
		return -err;
	}
	if (addr_port(&u->last_src) != addr_port(&u->peer))
		l2tpc_info("l2tp", "server %s answers from port %u; using that port",
			   addr_text(&u->last_src, ip, sizeof(ip)), addr_port(&u->last_src));
	memcpy(&u->peer, &u->last_src, u->last_src_len);
	u->peer_len = u->last_src_len;
	u->connected = true;
	return 0;
}

int l2tp_udp_parse_raw(int family, const uint8_t *pkt, size_t len, uint16_t *sport, uint16_t *dport)
{
	size_t off = 0;

	if (family == AF_INET) {
		/* IPv4 raw sockets deliver the IP header: skip it (IHL, RFC 791) */
		if (len < 20 || (pkt[0] >> 4) != 4 || (pkt[0] & 0x0f) < 5 || pkt[9] != IPPROTO_UDP)
			return -EINVAL;
		off = (size_t)(pkt[0] & 0x0f) * 4;
	} else if (family != AF_INET6) {
		return -EINVAL;
	}
	if (len < off + 8) /* the UDP header (RFC 768) */
		return -EINVAL;
	*sport = (uint16_t)(pkt[off] << 8 | pkt[off + 1]);
	*dport = (uint16_t)(pkt[off + 2] << 8 | pkt[off + 3]);
	return 0;
}

static gboolean udp_on_raw(gint fd, GIOCondition cond, gpointer user_data)
{
	struct l2tp_udp *u = user_data;
	uint16_t local = l2tp_udp_local_port(u);

	for (int i = 0; i < 64 && u->moves_fd >= 0; i++) {
		struct sockaddr_storage src;
		socklen_t src_len = sizeof(src);
		uint16_t sport, dport;
		ssize_t n =
			recvfrom(fd, u->buf, sizeof(u->buf), 0, (struct sockaddr *)&src, &src_len);

		if (n < 0)
			break;
		if (!addr_same_ip(&src, &u->peer) ||
		    l2tp_udp_parse_raw(u->peer.ss_family, u->buf, (size_t)n, &sport, &dport) < 0 ||
		    dport != local || (sport >= u->moves_lo && sport <= u->moves_hi))
			continue;
		/* the callback may free @u: report once and stop */
		{
			l2tp_udp_moved_fn fn = u->moved_fn;
			void *data = u->moved_data;

			l2tp_udp_unwatch_moves(u);
			fn(sport, data);
		}
		return G_SOURCE_REMOVE;
	}
	return G_SOURCE_CONTINUE;
}

int l2tp_udp_watch_moves(struct l2tp_udp *u, uint16_t lo, uint16_t hi, l2tp_udp_moved_fn fn,
			 void *user_data)
{
	l2tp_udp_unwatch_moves(u);
	if (lo == 0 && hi == 65535)
		return 0; /* the SA covers every port: nothing can move outside it */
	/* A raw UDP socket gets a copy of every UDP datagram the host accepts, including the
	 * clear ones our own socket's policy drops. It only reads two port numbers. */
	u->moves_fd =
		socket(u->peer.ss_family, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_UDP);
	if (u->moves_fd < 0)
		return -errno;
	u->moves_lo = lo;
	u->moves_hi = hi;
	u->moved_fn = fn;
	u->moved_data = user_data;
	u->moves_watch = g_unix_fd_add(u->moves_fd, G_IO_IN, udp_on_raw, u);
	return 0;
}

void l2tp_udp_unwatch_moves(struct l2tp_udp *u)
{
	if (u->moves_watch) {
		g_source_remove(u->moves_watch);
		u->moves_watch = 0;
	}
	if (u->moves_fd >= 0)
		close(u->moves_fd);
	u->moves_fd = -1;
}

static void udp_peer_confirmed(void *user_data)
{
	(void)l2tp_udp_lock_peer(user_data);
}

static uint64_t udp_now_ms(void *user_data)
{
	return (uint64_t)g_get_monotonic_time() / 1000;
}

struct udp_timer {
	GSource *src;
	l2tp_timer_fn fn;
	void *arg;
};

static gboolean udp_timer_fire(gpointer data)
{
	struct udp_timer *ut = data;

	/* Fired timers are never cancelled by the tunnel: drop our reference here. */
	g_source_unref(ut->src);
	ut->fn(ut->arg);
	return G_SOURCE_REMOVE;
}

static void *udp_timer_arm(uint64_t delay_ms, l2tp_timer_fn fn, void *arg, void *user_data)
{
	struct udp_timer *ut = g_new0(struct udp_timer, 1);

	ut->fn = fn;
	ut->arg = arg;
	/* g_timeout sources run on the monotonic clock. */
	ut->src = g_timeout_source_new((guint)MIN(delay_ms, (uint64_t)G_MAXUINT));
	g_source_set_callback(ut->src, udp_timer_fire, ut, g_free);
	g_source_attach(ut->src, NULL);
	return ut;
}

static void udp_timer_cancel(void *timer, void *user_data)
{
	struct udp_timer *ut = timer;
	GSource *src = ut->src;

	g_source_destroy(src); /* frees @ut through the destroy notify */
	g_source_unref(src);
}

void l2tp_udp_io_init(struct l2tp_udp *u, struct l2tp_io *io)
{
	*io = (struct l2tp_io){
		.transmit = l2tp_udp_transmit,
		.now_ms = udp_now_ms,
		.timer_arm = udp_timer_arm,
		.timer_cancel = udp_timer_cancel,
		.peer_confirmed = udp_peer_confirmed,
		.random = NULL,
		.user_data = u,
	};
}

int l2tp_udp_fd(const struct l2tp_udp *u)
{
	return u->fd;
}

bool l2tp_udp_is_connected(const struct l2tp_udp *u)
{
	return u->connected;
}

const struct sockaddr *l2tp_udp_peer(const struct l2tp_udp *u, socklen_t *len)
{
	if (len)
		*len = u->peer_len;
	return (const struct sockaddr *)&u->peer;
}

uint16_t l2tp_udp_local_port(const struct l2tp_udp *u)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(u->fd, (struct sockaddr *)&ss, &len) < 0)
		return 0;
	return addr_port(&ss);
}
