// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The real UDP glue on loopback: an LNS that receives the SCCRQ on one socket and answers from
 * another port (RFC 2661 8.1; MikroTik, some Cisco). The client must lock onto the answering
 * port, send everything after that there, and no longer hear the first port.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "l2tp-msg.h"
#include "l2tp-tunnel.h"
#include "l2tp-udp.h"
#include "l2tpc-log.h"

static int lo_socket(struct sockaddr_in *addr)
{
	socklen_t len = sizeof(*addr);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	g_assert_cmpint(fd, >=, 0);
	*addr = (struct sockaddr_in){ .sin_family = AF_INET,
				      .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	g_assert_cmpint(bind(fd, (struct sockaddr *)addr, sizeof(*addr)), ==, 0);
	g_assert_cmpint(getsockname(fd, (struct sockaddr *)addr, &len), ==, 0);
	return fd;
}

/* Waits up to 2 s (running the main loop) for a datagram on @fd. */
static ssize_t lo_recv(int fd, uint8_t *buf, size_t len, struct sockaddr_in *from)
{
	for (int i = 0; i < 200; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		socklen_t flen = sizeof(*from);

		while (g_main_context_iteration(NULL, FALSE))
			;
		if (poll(&p, 1, 10) == 1)
			return recvfrom(fd, buf, len, 0, (struct sockaddr *)from, &flen);
	}
	return -1;
}

struct client {
	struct l2tp_tunnel *t;
	int datagrams;
	int up;
};

static void on_datagram(const uint8_t *pkt, size_t len, void *ud)
{
	struct client *c = ud;

	c->datagrams++;
	if (c->t)
		l2tp_tunnel_receive(c->t, pkt, len);
}

static void ev_up(struct l2tp_tunnel *t, uint16_t a, uint16_t b, void *ud)
{
	((struct client *)ud)->up++;
}

static void ev_session(struct l2tp_tunnel *t, const struct l2tp_session_info *i, void *ud)
{
}

static void ev_closed(struct l2tp_tunnel *t, const struct l2tpc_failure *f, void *ud)
{
}

static void test_answer_from_other_port(void)
{
	struct sockaddr_in a_addr, b_addr, from, client_addr;
	int a = lo_socket(&a_addr), b = lo_socket(&b_addr);
	struct l2tpc_failure f = { 0 };
	struct l2tp_udp *u =
		l2tp_udp_new((struct sockaddr *)&a_addr, sizeof(a_addr), false, false, &f);
	struct l2tp_tunnel_config cfg = { .host_name = "lac", .peer_name = "127.0.0.1" };
	struct l2tp_tunnel_events ev = { ev_up, ev_session, ev_closed, NULL };
	struct client c = { 0 };
	struct l2tp_io io;
	struct l2tp_msg m;
	uint8_t buf[2048];
	ssize_t n;
	socklen_t plen;
	GByteArray *sccrp;

	g_assert_nonnull(u);
	g_assert_cmpuint(l2tp_udp_local_port(u), !=, 0);
	g_assert_cmpuint(l2tp_udp_local_port(u), !=, 1701);
	l2tp_udp_io_init(u, &io);
	c.t = l2tp_tunnel_new(&cfg, &io, &ev, &c);
	l2tp_udp_set_receiver(u, on_datagram, &c);
	g_assert_cmpint(l2tp_tunnel_start(c.t), ==, 0);

	/* SCCRQ reaches the LNS's port A. */
	n = lo_recv(a, buf, sizeof(buf), &client_addr);
	g_assert_cmpint(n, >, 0);
	g_assert_cmpint(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m, NULL), ==, 0);
	g_assert_cmpuint(m.type, ==, L2TP_MSG_SCCRQ);
	l2tp_msg_clear(&m);
	g_assert_false(l2tp_udp_is_connected(u));

	/* SCCRP leaves from port B. */
	sccrp = l2tp_msg_build_new(L2TP_MSG_SCCRP);
	l2tp_avp_put(sccrp, true, 0, L2TP_AVP_PROTOCOL_VERSION, "\x01\x00", 2);
	l2tp_avp_put_u32(sccrp, true, L2TP_AVP_FRAMING_CAPS, 1);
	l2tp_avp_put_string(sccrp, true, L2TP_AVP_HOST_NAME, "lns");
	l2tp_avp_put_u16(sccrp, true, L2TP_AVP_ASSIGNED_TUNNEL_ID, 0x5151);
	l2tp_msg_stamp(sccrp, l2tp_tunnel_local_id(c.t), 0, 0, 1);
	g_assert_cmpint(sendto(b, sccrp->data, sccrp->len, 0, (struct sockaddr *)&client_addr,
			       sizeof(client_addr)),
			==, (ssize_t)sccrp->len);

	/* SCCCN arrives at B, not A. */
	n = lo_recv(b, buf, sizeof(buf), &from);
	g_assert_cmpint(n, >, 0);
	g_assert_cmpint(l2tp_msg_parse(buf, (size_t)n, NULL, 0, &m, NULL), ==, 0);
	g_assert_cmpuint(m.type, ==, L2TP_MSG_SCCCN);
	g_assert_cmpuint(m.hdr.tunnel_id, ==, 0x5151);
	l2tp_msg_clear(&m);
	g_assert_cmpint(c.up, ==, 1);
	g_assert_true(l2tp_udp_is_connected(u));
	g_assert_cmpuint(ntohs(((const struct sockaddr_in *)l2tp_udp_peer(u, &plen))->sin_port), ==,
			 ntohs(b_addr.sin_port));

	/* Port A is no longer heard: the connected socket filters it. */
	g_assert_cmpint(c.datagrams, ==, 1);
	g_assert_cmpint(sendto(a, sccrp->data, sccrp->len, 0, (struct sockaddr *)&client_addr,
			       sizeof(client_addr)),
			==, (ssize_t)sccrp->len);
	for (int i = 0; i < 20; i++) {
		while (g_main_context_iteration(NULL, FALSE))
			;
		g_usleep(5000);
	}
	g_assert_cmpint(c.datagrams, ==, 1);

	g_byte_array_unref(sccrp);
	l2tp_tunnel_free(c.t);
	l2tp_udp_free(u);
	close(a);
	close(b);
}

/* Before SCCRP only the server's IP address is let in. */
static void test_other_host_ignored(void)
{
	struct sockaddr_in a_addr, client_addr;
	int a = lo_socket(&a_addr);
	struct sockaddr_in fake = a_addr;
	struct l2tpc_failure f = { 0 };
	struct l2tp_udp *u;
	struct client c = { 0 };
	socklen_t len = sizeof(client_addr);
	uint8_t junk[12] = { 0xc8, 0x02, 0, 12 };

	fake.sin_addr.s_addr = htonl(0x7f000002); /* 127.0.0.2: not the sender below */
	u = l2tp_udp_new((struct sockaddr *)&fake, sizeof(fake), false, false, &f);
	g_assert_nonnull(u);
	l2tp_udp_set_receiver(u, on_datagram, &c);
	c.t = NULL;
	g_assert_cmpint(getsockname(l2tp_udp_fd(u), (struct sockaddr *)&client_addr, &len), ==, 0);
	client_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	g_assert_cmpint(sendto(a, junk, sizeof(junk), 0, (struct sockaddr *)&client_addr,
			       sizeof(client_addr)),
			==, (ssize_t)sizeof(junk));
	for (int i = 0; i < 20; i++) {
		while (g_main_context_iteration(NULL, FALSE))
			;
		g_usleep(5000);
	}
	g_assert_cmpint(c.datagrams, ==, 0);
	l2tp_udp_free(u);
	close(a);
}

/* Port 1701 taken → one sentence suggesting the ephemeral port. */
static void test_port_1701_busy(void)
{
	struct sockaddr_in blk = { .sin_family = AF_INET, .sin_port = htons(1701) };
	struct sockaddr_in peer = { .sin_family = AF_INET,
				    .sin_port = htons(1701),
				    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct l2tpc_failure f = { 0 };
	struct l2tp_udp *u;

	/* Hold 1701 ourselves; if even that is refused, the client meets the same refusal. */
	(void)bind(fd, (struct sockaddr *)&blk, sizeof(blk));
	u = l2tp_udp_new((struct sockaddr *)&peer, sizeof(peer), true, false, &f);
	g_assert_null(u);
	g_assert_cmpint(f.klass, ==, L2TPC_FAILURE_SYSTEM);
	g_assert_nonnull(strstr(f.sentence, "ephemeral source port"));
	g_assert_true(g_str_has_suffix(f.sentence, "."));
	l2tpc_failure_clear(&f);
	close(fd);
}

static unsigned int log_lines;

static void count_sink(enum l2tpc_log_level level, const char *component, const char *msg, void *ud)
{
	log_lines++;
}

/* A flood of malformed control messages through the real socket costs a bounded log. */
static void test_malformed_flood_bounded_log(void)
{
	struct sockaddr_in a_addr, client_addr;
	int a = lo_socket(&a_addr);
	struct l2tpc_failure f = { 0 };
	struct l2tp_udp *u =
		l2tp_udp_new((struct sockaddr *)&a_addr, sizeof(a_addr), false, false, &f);
	struct l2tp_tunnel_config cfg = { .host_name = "lac", .peer_name = "127.0.0.1" };
	struct l2tp_tunnel_events ev = { ev_up, ev_session, ev_closed, NULL };
	struct client c = { 0 };
	struct l2tp_io io;
	uint8_t buf[2048];
	ssize_t n;
	GByteArray *bad;

	g_assert_nonnull(u);
	l2tp_udp_io_init(u, &io);
	c.t = l2tp_tunnel_new(&cfg, &io, &ev, &c);
	l2tp_udp_set_receiver(u, on_datagram, &c);
	g_assert_cmpint(l2tp_tunnel_start(c.t), ==, 0);
	n = lo_recv(a, buf, sizeof(buf), &client_addr);
	g_assert_cmpint(n, >, 0);

	/* A control header for our tunnel, then an AVP whose length runs past the end. */
	bad = l2tp_msg_build_new(L2TP_MSG_SCCRP);
	g_byte_array_append(bad, (const uint8_t *)"\x80\x40\x00\x00", 4);
	l2tp_msg_stamp(bad, l2tp_tunnel_local_id(c.t), 0, 0, 1);
	log_lines = 0;
	l2tpc_log_set_sink(count_sink, NULL);
	for (int i = 0; i < 300; i++) {
		g_assert_cmpint(sendto(a, bad->data, bad->len, 0, (struct sockaddr *)&client_addr,
				       sizeof(client_addr)),
				==, (ssize_t)bad->len);
		if (i % 50 == 49)
			while (g_main_context_iteration(NULL, FALSE))
				;
	}
	for (int i = 0; i < 20; i++) {
		while (g_main_context_iteration(NULL, FALSE))
			;
		g_usleep(5000);
	}
	g_assert_cmpint(c.datagrams, >=, 100); /* the flood did arrive */
	g_assert_cmpuint(log_lines, <=, L2TP_MALFORMED_LOGGED + 1);
	g_assert_cmpuint(log_lines, >=, 1); /* and was not silent either */
	l2tp_tunnel_free(c.t);
	g_assert_cmpuint(log_lines, <=, L2TP_MALFORMED_LOGGED + 2); /* the total, once */
	l2tpc_log_set_sink(NULL, NULL);
	g_byte_array_unref(bad);
	l2tp_udp_free(u);
	close(a);
}

/* The moved-port watcher reads only two ports from a raw socket's datagram (untrusted). */
static void test_parse_raw(void)
{
	/* IPv4 header (IHL 5, proto 17) + UDP 1702 -> 1701 */
	static const uint8_t v4[28] = { 0x45, 0,    0,	  28,	0, 0, 0,   0, 64, 17,
					0,    0,    192,  0,	2, 1, 192, 0, 2,  2,
					0x06, 0xa6, 0x06, 0xa5, 0, 8, 0,   0 };
	/* IHL 6 (one option word) */
	static const uint8_t v4opt[32] = { 0x46, 0,   0,    32,	  0,	0,    0, 0, 64, 17, 0,
					   0,	 192, 0,    2,	  1,	192,  0, 2, 2,	1,  1,
					   1,	 1,   0x06, 0xa6, 0x06, 0xa5, 0, 8, 0,	0 };
	static const uint8_t v6[8] = { 0x06, 0xa6, 0x06, 0xa5, 0, 8, 0, 0 };
	uint8_t bad[28];
	uint16_t sp = 0, dp = 0;

	g_assert_cmpint(l2tp_udp_parse_raw(AF_INET, v4, sizeof(v4), &sp, &dp), ==, 0);
	g_assert_cmpuint(sp, ==, 1702);
	g_assert_cmpuint(dp, ==, 1701);
	g_assert_cmpint(l2tp_udp_parse_raw(AF_INET, v4opt, sizeof(v4opt), &sp, &dp), ==, 0);
	g_assert_cmpuint(sp, ==, 1702);
	g_assert_cmpint(l2tp_udp_parse_raw(AF_INET6, v6, sizeof(v6), &sp, &dp), ==, 0);
	g_assert_cmpuint(dp, ==, 1701);
	/* truncated at every length, wrong version, short IHL, not UDP, unknown family */
	for (size_t n = 0; n < sizeof(v4); n++)
		g_assert_cmpint(l2tp_udp_parse_raw(AF_INET, v4, n, &sp, &dp), ==, -EINVAL);
	for (size_t n = 0; n < sizeof(v6); n++)
		g_assert_cmpint(l2tp_udp_parse_raw(AF_INET6, v6, n, &sp, &dp), ==, -EINVAL);
	g_assert_cmpint(l2tp_udp_parse_raw(AF_INET, v4opt, 28, &sp, &dp), ==, -EINVAL);
	memcpy(bad, v4, sizeof(bad));
	bad[0] = 0x65;
	g_assert_cmpint(l2tp_udp_parse_raw(AF_INET, bad, sizeof(bad), &sp, &dp), ==, -EINVAL);
	bad[0] = 0x44;
	g_assert_cmpint(l2tp_udp_parse_raw(AF_INET, bad, sizeof(bad), &sp, &dp), ==, -EINVAL);
	bad[0] = 0x45;
	bad[9] = 6;
	g_assert_cmpint(l2tp_udp_parse_raw(AF_INET, bad, sizeof(bad), &sp, &dp), ==, -EINVAL);
	g_assert_cmpint(l2tp_udp_parse_raw(AF_UNIX, v4, sizeof(v4), &sp, &dp), ==, -EINVAL);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/l2tp-udp/answer-from-other-port", test_answer_from_other_port);
	g_test_add_func("/l2tp-udp/other-host-ignored", test_other_host_ignored);
	g_test_add_func("/l2tp-udp/port-1701-busy", test_port_1701_busy);
	g_test_add_func("/l2tp-udp/parse-raw", test_parse_raw);
	g_test_add_func("/l2tp-udp/malformed-flood-bounded-log", test_malformed_flood_bounded_log);
	return g_test_run();
}
