// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The userspace data path's relay on a real pty: frames from the server that arrive before pppd
 * has set its tty up are held and handed over once pppd speaks (pppd flushes its tty's input
 * while setting it up, so a frame written earlier would be lost and LCP would wait a restart
 * timer for the server's retransmission).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "l2tp-relay.h"
#include "ppp-hdlc.h"

struct fixture {
	struct l2tp_relay *relay;
	int slave;	   /* "pppd" */
	GPtrArray *to_net; /* GBytes sent into the tunnel */
	GPtrArray *to_ppp; /* GBytes decoded from what the slave reads */
};

static int capture_send(const uint8_t *frame, size_t len, void *ud)
{
	struct fixture *fx = ud;

	g_ptr_array_add(fx->to_net, g_bytes_new(frame, len));
	return 0;
}

static void collect_frame(const uint8_t *frame, size_t len, void *ud)
{
	struct fixture *fx = ud;

	g_ptr_array_add(fx->to_ppp, g_bytes_new(frame, len));
}

static void fixture_setup(struct fixture *fx, gconstpointer data)
{
	struct l2tpc_failure f = { 0 };

	fx->to_net = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	fx->to_ppp = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	g_assert_cmpint(l2tp_relay_new(capture_send, fx, &fx->relay, &f), ==, 0);
	fx->slave = open(l2tp_relay_pty_path(fx->relay), O_RDWR | O_NOCTTY | O_NONBLOCK);
	g_assert_cmpint(fx->slave, >=, 0);
}

static void fixture_teardown(struct fixture *fx, gconstpointer data)
{
	close(fx->slave);
	l2tp_relay_free(fx->relay);
	g_ptr_array_unref(fx->to_net);
	g_ptr_array_unref(fx->to_ppp);
}

/* Reads what "pppd" can read now and decodes the frames into fx->to_ppp. */
static void pppd_read(struct fixture *fx)
{
	struct ppp_hdlc_decoder dec;
	uint8_t buf[8192];
	ssize_t n;

	ppp_hdlc_decoder_init(&dec);
	/* the tty layer hands written bytes to the reader from a work queue */
	g_usleep(50000);
	while ((n = read(fx->slave, buf, sizeof(buf))) > 0)
		ppp_hdlc_decoder_feed(&dec, buf, (size_t)n, collect_frame, fx);
	g_assert_true(n < 0 && errno == EAGAIN);
}

/* "pppd" sends one frame; the main loop runs until the relay has passed it on. */
static void pppd_send(struct fixture *fx, const uint8_t *frame, size_t len)
{
	uint8_t enc[PPP_HDLC_ENCODED_MAX(64)];
	size_t n = ppp_hdlc_encode(frame, len, enc);
	guint before = fx->to_net->len;
	gint64 deadline = g_get_monotonic_time() + 5 * G_TIME_SPAN_SECOND;

	g_assert_cmpint(write(fx->slave, enc, n), ==, (ssize_t)n);
	while (fx->to_net->len == before && g_get_monotonic_time() < deadline)
		g_main_context_iteration(NULL, FALSE);
	g_assert_cmpuint(fx->to_net->len, ==, before + 1);
}

static const uint8_t lcp_req_server[] = { 0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04 };
static const uint8_t lcp_req_ours[] = { 0xff, 0x03, 0xc0, 0x21, 0x01, 0x07, 0x00, 0x04 };

static void assert_frame(GBytes *b, const uint8_t *want, size_t len)
{
	gsize n;
	const uint8_t *got = g_bytes_get_data(b, &n);

	g_assert_cmpmem(got, n, want, len);
}

static void test_held_until_pppd_speaks(struct fixture *fx, gconstpointer data)
{
	struct l2tp_relay_stats st;

	/* the server's Configure-Request comes before pppd has its tty set up */
	g_assert_cmpint(l2tp_relay_deliver(fx->relay, lcp_req_server, sizeof(lcp_req_server)), ==,
			0);
	pppd_read(fx);
	g_assert_cmpuint(fx->to_ppp->len, ==, 0);

	/* pppd's own Configure-Request goes out; then the held frame reaches pppd */
	pppd_send(fx, lcp_req_ours, sizeof(lcp_req_ours));
	assert_frame(fx->to_net->pdata[0], lcp_req_ours, sizeof(lcp_req_ours));
	pppd_read(fx);
	g_assert_cmpuint(fx->to_ppp->len, ==, 1);
	assert_frame(fx->to_ppp->pdata[0], lcp_req_server, sizeof(lcp_req_server));

	/* from now on frames go straight through */
	g_assert_cmpint(l2tp_relay_deliver(fx->relay, lcp_req_server, sizeof(lcp_req_server)), ==,
			0);
	pppd_read(fx);
	g_assert_cmpuint(fx->to_ppp->len, ==, 2);
	l2tp_relay_get_stats(fx->relay, &st);
	g_assert_cmpuint(st.to_ppp_frames, ==, 2);
	g_assert_cmpuint(st.to_ppp_dropped, ==, 0);
}

static void test_hold_is_bounded(struct fixture *fx, gconstpointer data)
{
	struct l2tp_relay_stats st;
	uint8_t frame[sizeof(lcp_req_server)];

	/* a server that floods before pppd is up: the oldest frames are dropped, 16 are kept */
	for (unsigned i = 0; i < 20; i++) {
		memcpy(frame, lcp_req_server, sizeof(frame));
		frame[5] = (uint8_t)i; /* LCP identifier */
		g_assert_cmpint(l2tp_relay_deliver(fx->relay, frame, sizeof(frame)), ==, 0);
	}
	pppd_send(fx, lcp_req_ours, sizeof(lcp_req_ours));
	pppd_read(fx);
	g_assert_cmpuint(fx->to_ppp->len, ==, 16);
	memcpy(frame, lcp_req_server, sizeof(frame));
	frame[5] = 4;
	assert_frame(fx->to_ppp->pdata[0], frame, sizeof(frame));
	l2tp_relay_get_stats(fx->relay, &st);
	g_assert_cmpuint(st.to_ppp_dropped, ==, 4);
	g_assert_cmpuint(st.to_ppp_frames, ==, 16);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/l2tp-relay/held-until-pppd-speaks", struct fixture, NULL, fixture_setup,
		   test_held_until_pppd_speaks, fixture_teardown);
	g_test_add("/l2tp-relay/hold-is-bounded", struct fixture, NULL, fixture_setup,
		   test_hold_is_bounded, fixture_teardown);
	return g_test_run();
}
