// SPDX-License-Identifier: GPL-2.0-or-later
#include "l2tp-pppox.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/if_pppol2tp.h>
#include <linux/if_pppox.h>
#include <linux/l2tp.h>
#include <linux/ppp-ioctl.h>

#include <glib.h>

/* Fills a struct sockaddr_pppol2tp or sockaddr_pppol2tpin6: both have these fields, in a
 * different order. */
#define PPPOL2TP_FILL(sa, p, s_session, d_session)                                                 \
	do {                                                                                       \
		(sa).sa_family = AF_PPPOX;                                                         \
		(sa).sa_protocol = PX_PROTO_OL2TP;                                                 \
		(sa).pppol2tp.fd = (p)->udp_fd;                                                    \
		memcpy(&(sa).pppol2tp.addr, &(p)->peer, sizeof((sa).pppol2tp.addr));               \
		(sa).pppol2tp.s_tunnel = (p)->tunnel_id;                                           \
		(sa).pppol2tp.d_tunnel = (p)->peer_tunnel_id;                                      \
		(sa).pppol2tp.s_session = (s_session);                                             \
		(sa).pppol2tp.d_session = (d_session);                                             \
	} while (0)

int l2tp_pppox_connect(const struct l2tp_dataplane_params *p, bool tunnel_socket)
{
	uint16_t s_session = tunnel_socket ? 0 : p->session_id;
	uint16_t d_session = tunnel_socket ? 0 : p->peer_session_id;
	int fd, r;

	fd = socket(AF_PPPOX, SOCK_DGRAM | SOCK_CLOEXEC, PX_PROTO_OL2TP);
	if (fd < 0)
		return -errno;

	/* The kernel tells IPv4 from IPv6 and v2 from v3 by the address length. */
	if (p->peer.ss_family == AF_INET6) {
		struct sockaddr_pppol2tpin6 sa = { 0 };

		PPPOL2TP_FILL(sa, p, s_session, d_session);
		r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	} else {
		struct sockaddr_pppol2tp sa = { 0 };

		PPPOL2TP_FILL(sa, p, s_session, d_session);
		r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	}
	if (r < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	if (!tunnel_socket) {
		int channel;

		/* Until someone asks for the PPP channel, the kernel queues the frames it receives
		 * on this socket, where pppd never reads them: the server's first LCP
		 * Configure-Request would be lost whenever it arrives before our pppd is up, and
		 * LCP would wait for the server's retransmission (1 s, 3 s with pppd's defaults).
		 * Asked now, the kernel queues them on the channel, which pppd reads once it
		 * attaches. */
		if (ioctl(fd, PPPIOCGCHAN, &channel) < 0) {
			r = -errno;
			close(fd);
			return r;
		}
	}
	if (!tunnel_socket && p->send_seq) {
		int on = 1;

		/* RFC 2661 5.4: the LNS sent Sequencing Required */
		if (setsockopt(fd, SOL_PPPOL2TP, PPPOL2TP_SO_SENDSEQ, &on, sizeof(on)) < 0) {
			r = -errno;
			close(fd);
			return r;
		}
	}
	return fd;
}
