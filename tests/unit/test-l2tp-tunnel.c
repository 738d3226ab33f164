// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tunnel and reliable-transport tests: whole exchanges against a scripted LNS on a fake clock
 * (l2tp-test-lns.h), plus the transport alone for window, wrap and acknowledgement rules.
 */
#include <errno.h>
#include <glib.h>

#include "l2tp-hidden.h"
#include "l2tp-reliable.h"
#include "l2tp-test-lns.h"

/* ---- reliable transport alone ---- */

struct rec {
	GPtrArray *pkts;
};

static int rec_tx(const uint8_t *pkt, size_t len, void *ud)
{
	struct rec *r = ud;
	GByteArray *b = g_byte_array_new();

	g_byte_array_append(b, pkt, (guint)len);
	g_ptr_array_add(r->pkts, b);
	return 0;
}

static struct l2tp_header rec_hdr(struct rec *r, guint i)
{
	struct l2tp_header h;
	GByteArray *b = g_ptr_array_index(r->pkts, i);

	g_assert_cmpint(l2tp_header_parse(b->data, b->len, &h), ==, 0);
	return h;
}

#define HDR(a, b) (&(struct l2tp_header){ .control = true, .has_seq = true, .ns = (a), .nr = (b) })

static void test_seq_compare(void)
{
	static const struct {
		uint16_t a, b;
		bool before;
	} cases[] = {
		{ 0, 1, true },
		{ 1, 0, false },
		{ 65535, 0, true },
		{ 0, 65535, false },
		{ 5, 5, false },
		{ 65500, 10, true },
		/* RFC 2661 5.8 example: last received 15 (Nr 16): 32784..65535 and 0..15 are old.
		 */
		{ 32784, 16, true },
		{ 32783, 16, false },
		{ 15, 16, true },
		{ 0, 32768, true },
		{ 0, 32769, false },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		g_assert_cmpint(l2tp_seq_before(cases[i].a, cases[i].b), ==, cases[i].before);
}

static void test_window_limit(void)
{
	struct rec r = { g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref) };
	struct l2tp_reliable rel;

	l2tp_reliable_init(&rel, 0, rec_tx, &r);
	l2tp_reliable_set_peer(&rel, 9, 2);
	for (int i = 0; i < 5; i++)
		l2tp_reliable_send(&rel, l2tp_msg_build_hello(), 0, 0);
	/* Window 2: only Ns 0 and 1 leave. */
	g_assert_cmpuint(r.pkts->len, ==, 2);
	/* Ack of Ns 0 opens one slot. */
	g_assert_cmpint(l2tp_reliable_receive(&rel, HDR(0, 1), true, 10), ==, L2TP_RX_ZLB);
	g_assert_cmpuint(r.pkts->len, ==, 3);
	g_assert_cmpuint(rec_hdr(&r, 2).ns, ==, 2);
	/* A stale Nr acknowledges nothing; a wild one is ignored. */
	l2tp_reliable_receive(&rel, HDR(0, 1), true, 20);
	l2tp_reliable_receive(&rel, HDR(0, 40000), true, 20);
	g_assert_cmpuint(r.pkts->len, ==, 3);
	/* Nr 5 would ack Ns 3 and 4, never sent: ignored. Nr 3 acks 1 and 2. */
	l2tp_reliable_receive(&rel, HDR(0, 5), true, 30);
	g_assert_cmpuint(r.pkts->len, ==, 3);
	l2tp_reliable_receive(&rel, HDR(0, 3), true, 30);
	g_assert_cmpuint(r.pkts->len, ==, 5);
	l2tp_reliable_receive(&rel, HDR(0, 5), true, 30);
	g_assert_true(l2tp_reliable_all_acked(&rel));
	/* Absent window means 4 (RFC 2661 4.4.3). */
	l2tp_reliable_set_peer(&rel, 9, 0);
	g_assert_cmpuint(rel.peer_window, ==, 4);
	l2tp_reliable_clear(&rel);
	g_ptr_array_unref(r.pkts);
}

static void test_ns_wrap(void)
{
	struct rec r = { g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref) };
	struct l2tp_reliable rel;

	l2tp_reliable_init(&rel, 0, rec_tx, &r);
	rel.ns_next = 65535;
	rel.nr = 65535;
	l2tp_reliable_send(&rel, l2tp_msg_build_hello(), 0, 0);
	l2tp_reliable_send(&rel, l2tp_msg_build_hello(), 0, 0);
	g_assert_cmpuint(rec_hdr(&r, 0).ns, ==, 65535);
	g_assert_cmpuint(rec_hdr(&r, 1).ns, ==, 0);
	/* Peer's Ns 65535 then 0 are both new; Nr wraps to 1. */
	g_assert_cmpint(l2tp_reliable_receive(&rel, HDR(65535, 0), false, 1), ==, L2TP_RX_NEW);
	g_assert_cmpint(l2tp_reliable_receive(&rel, HDR(0, 1), false, 2), ==, L2TP_RX_NEW);
	g_assert_cmpuint(rel.nr, ==, 1);
	g_assert_true(l2tp_reliable_all_acked(&rel)); /* Nr 1 acked 65535 and 0 */
	/* 65535 again is a duplicate across the wrap; 5 is out of order. */
	g_assert_cmpint(l2tp_reliable_receive(&rel, HDR(65535, 1), false, 3), ==,
			L2TP_RX_DUPLICATE);
	g_assert_cmpint(l2tp_reliable_receive(&rel, HDR(5, 1), false, 3), ==, L2TP_RX_OUT_OF_ORDER);
	l2tp_reliable_clear(&rel);
	g_ptr_array_unref(r.pkts);
}

static void test_zlb_never_acked(void)
{
	struct rec r = { g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref) };
	struct l2tp_reliable rel;

	l2tp_reliable_init(&rel, 0, rec_tx, &r);
	g_assert_cmpint(l2tp_reliable_receive(&rel, HDR(0, 0), true, 0), ==, L2TP_RX_ZLB);
	g_assert_cmpuint(l2tp_reliable_next_deadline(&rel), ==, 0);
	l2tp_reliable_tick(&rel, 5000);
	g_assert_cmpuint(r.pkts->len, ==, 0);
	/* A real message is acked after the delay, by one ZLB with Nr 1. */
	l2tp_reliable_receive(&rel, HDR(0, 0), false, 100);
	g_assert_cmpuint(l2tp_reliable_next_deadline(&rel), ==, 100 + L2TP_ACK_DELAY_MS);
	l2tp_reliable_tick(&rel, 199);
	g_assert_cmpuint(r.pkts->len, ==, 0);
	l2tp_reliable_tick(&rel, 200);
	g_assert_cmpuint(r.pkts->len, ==, 1);
	g_assert_cmpuint(rec_hdr(&r, 0).length, ==, L2TP_CTRL_HDR_LEN);
	g_assert_cmpuint(rec_hdr(&r, 0).nr, ==, 1);
	l2tp_reliable_clear(&rel);
	g_ptr_array_unref(r.pkts);
}

/* ---- tunnel against the scripted LNS ---- */

static void test_bring_up(void)
{
	struct lns *l = lns_new(NULL);
	struct l2tp_msg m;
	uint16_t u16;
	uint32_t u32;
	g_autofree char *host = NULL;

	g_assert_cmpstr(l2tp_tunnel_state_name(l2tp_tunnel_get_state(l->t)), ==, "idle");
	lns_bring_up(l, LNS_WAIT_CTL_REPLY);
	g_assert_cmpint(l2tp_tunnel_get_state(l->t), ==, L2TP_TUNNEL_WAIT_CTL_REPLY);
	lns_parse_sent(l, 0, &m, NULL);
	g_assert_cmpuint(m.type, ==, L2TP_MSG_SCCRQ);
	g_assert_cmphex(l2tp_get_be16(lns_sent(l, 0)->data), ==, 0xc802);
	g_assert_cmpuint(m.hdr.tunnel_id, ==, 0);
	g_assert_cmpuint(m.hdr.ns, ==, 0);
	host = l2tp_msg_dup_string(&m, L2TP_AVP_HOST_NAME);
	g_assert_cmpstr(host, ==, "lac.test");
	g_assert_true(l2tp_msg_get_u16(&m, L2TP_AVP_ASSIGNED_TUNNEL_ID, &u16));
	g_assert_cmpuint(u16, !=, 0);
	g_assert_cmpuint(u16, ==, l2tp_tunnel_local_id(l->t));
	g_assert_true(l2tp_msg_get_u32(&m, L2TP_AVP_FRAMING_CAPS, &u32));
	g_assert_true(l2tp_msg_get_u16(&m, L2TP_AVP_RECV_WINDOW_SIZE, &u16));
	g_assert_cmpuint(u16, ==, 4);
	g_assert_false(l2tp_msg_has(&m, L2TP_AVP_CHALLENGE));
	g_assert_false(l2tp_msg_has(&m, L2TP_AVP_TIE_BREAKER));
	l2tp_msg_clear(&m);

	lns_send(l, lns_sccrp(l, 0), 0);
	g_assert_cmpint(l->tunnel_up, ==, 1);
	g_assert_cmpint(l->peer_confirmed, ==, 1);
	g_assert_cmpint(l2tp_tunnel_get_state(l->t), ==, L2TP_TUNNEL_ESTABLISHED);
	g_assert_cmpuint(l2tp_tunnel_peer_id(l->t), ==, l->tid);
	/* SCCCN carries the ack (Nr 1) at once: no separate ZLB later. */
	lns_parse_sent(l, -1, &m, NULL);
	g_assert_cmpuint(m.type, ==, L2TP_MSG_SCCCN);
	g_assert_cmpuint(m.hdr.tunnel_id, ==, l->tid);
	g_assert_cmpuint(m.hdr.ns, ==, 1);
	g_assert_cmpuint(m.hdr.nr, ==, 1);
	l2tp_msg_clear(&m);
	lns_send_zlb(l);
	lns_advance(l, 1000);
	g_assert_cmpuint(l->sent->len, ==, 2);
	lns_free(l);
}

static void test_retransmit_schedule(void)
{
	static const struct {
		unsigned retries;
		uint64_t sends[12];
		guint n;
		uint64_t give_up;
	} cases[] = {
		/* RFC 2661 5.8: 1 s, doubling, capped at 8 s; five retries → 31 s. Plus the
		 * uncounted early SCCRQs at 50, 150, 350, 750 ms (L2TP_RTX_EARLY_MS, doubling
		 * gaps) that shift nothing. */
		{ 0, { 0, 50, 150, 350, 750, 1000, 3000, 7000, 15000, 23000 }, 10, 31000 },
		{ 2, { 0, 50, 150, 350, 750, 1000, 3000 }, 7, 7000 },
		{ 7,
		  { 0, 50, 150, 350, 750, 1000, 3000, 7000, 15000, 23000, 31000, 39000 },
		  12,
		  47000 },
	};

	for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
		struct l2tp_tunnel_config cfg = { .peer_name = "192.0.2.1",
						  .retries = cases[c].retries };
		struct lns *l = lns_new(&cfg);
		uint64_t t0 = l->now;

		lns_bring_up(l, LNS_WAIT_CTL_REPLY);
		lns_advance(l, cases[c].give_up - 1);
		g_assert_cmpint(l->closed, ==, 0);
		g_assert_cmpuint(l->sent->len, ==, cases[c].n);
		for (guint i = 0; i < cases[c].n; i++) {
			g_assert_cmpuint(g_array_index(l->sent_at, uint64_t, i) - t0, ==,
					 cases[c].sends[i]);
			g_assert_cmpuint(lns_sent_type(l, (int)i), ==, L2TP_MSG_SCCRQ);
		}
		lns_advance(l, 1);
		g_assert_cmpint(l->closed, ==, 1);
		g_assert_cmpint(l->finished, ==, 1);
		g_assert_cmpint(l->closed_class, ==, L2TPC_FAILURE_L2TP);
		g_assert_nonnull(strstr(l->closed_sentence, "did not answer the tunnel request"));
		g_assert_nonnull(strstr(l->closed_sentence, "192.0.2.1"));
		g_assert_cmpint(l2tp_tunnel_get_state(l->t), ==, L2TP_TUNNEL_CLOSED);
		lns_free(l);
	}
}

static void test_retransmit_refreshes_nr(void)
{
	struct lns *l = lns_new(NULL);
	struct l2tp_msg m;

	lns_bring_up(l, LNS_WAIT_CTL_REPLY);
	/* A HELLO with Ns 1 arrives before the SCCRP (Ns 0): kept, not acknowledged. */
	lns_send_ns(l, l2tp_msg_build_hello(), 0, 1);
	lns_advance(l, 1000);
	lns_parse_sent(l, -1, &m, NULL);
	g_assert_cmpuint(m.type, ==, L2TP_MSG_SCCRQ);
	g_assert_cmpuint(m.hdr.ns, ==, 0);
	g_assert_cmpuint(m.hdr.nr, ==, 0);
	l2tp_msg_clear(&m);
	lns_free(l);
}

static void test_delayed_ack(void)
{
	struct lns *l = lns_new(NULL);
	struct l2tp_msg m;
	guint n;

	lns_bring_up(l, LNS_TUNNEL_UP);
	n = l->sent->len;
	lns_send(l, l2tp_msg_build_hello(), 0);
	lns_advance(l, L2TP_ACK_DELAY_MS - 1);
	g_assert_cmpuint(l->sent->len, ==, n);
	lns_advance(l, 1);
	g_assert_cmpuint(l->sent->len, ==, n + 1);
	lns_parse_sent(l, -1, &m, NULL);
	g_assert_true(m.zlb);
	g_assert_cmpuint(m.hdr.nr, ==, 2);
	l2tp_msg_clear(&m);

	/* A HELLO followed within the delay by our ICRQ: the ICRQ carries the ack. */
	lns_send(l, l2tp_msg_build_hello(), 0);
	lns_advance(l, 50);
	g_assert_cmpint(l2tp_tunnel_start_session(l->t, NULL), ==, 0);
	lns_advance(l, 500);
	g_assert_cmpuint(l->sent->len, ==, n + 2);
	lns_parse_sent(l, -1, &m, NULL);
	g_assert_cmpuint(m.type, ==, L2TP_MSG_ICRQ);
	g_assert_cmpuint(m.hdr.nr, ==, 3);
	l2tp_msg_clear(&m);
	lns_free(l);
}

static void test_hello(void)
{
	static const struct {
		uint32_t interval_s;
		uint64_t first_hello_ms; /* 0: never */
	} cases[] = {
		{ 0, 60000 },
		{ 5, 5000 },
		{ L2TP_HELLO_DISABLED, 0 },
	};

	for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
		struct l2tp_tunnel_config cfg = { .hello_interval_s = cases[c].interval_s };
		struct lns *l = lns_new(&cfg);
		guint n;

		lns_bring_up(l, LNS_SESSION_UP);
		n = l->sent->len;
		if (!cases[c].first_hello_ms) {
			lns_advance(l, 600000);
			g_assert_cmpuint(l->sent->len, ==, n);
			lns_free(l);
			continue;
		}
		/* Data counts as activity and pushes the HELLO back (RFC 2661 5.5). */
		lns_advance(l, cases[c].first_hello_ms / 2);
		lns_send_data(l, "\xc0\x21", 2, false, 0);
		lns_advance(l, cases[c].first_hello_ms - 1);
		g_assert_cmpuint(l->sent->len, ==, n);
		lns_advance(l, 1);
		g_assert_cmpuint(l->sent->len, ==, n + 1);
		g_assert_cmpuint(lns_sent_type(l, -1), ==, L2TP_MSG_HELLO);
		/* Unanswered HELLO → retransmitted, then the tunnel is declared dead. */
		lns_advance(l, 31000);
		g_assert_cmpint(l->closed, ==, 1);
		g_assert_nonnull(strstr(l->closed_sentence, "stopped acknowledging"));
		lns_free(l);
	}
}

static void test_stopccn_hold(void)
{
	struct lns *l = lns_new(NULL);
	GByteArray *stop;
	struct l2tp_msg m;
	guint n;

	lns_bring_up(l, LNS_TUNNEL_UP);
	n = l->sent->len;
	stop = l2tp_msg_build_stopccn(l->tid, 6, 0, "maintenance");
	g_byte_array_ref(stop);
	lns_send_ns(l, stop, 0, l->ns);
	/* ZLB at once, closed at once, state kept. */
	g_assert_cmpuint(l->sent->len, ==, n + 1);
	lns_parse_sent(l, -1, &m, NULL);
	g_assert_true(m.zlb);
	g_assert_cmpuint(m.hdr.nr, ==, l->ns + 1);
	l2tp_msg_clear(&m);
	g_assert_cmpint(l->closed, ==, 1);
	g_assert_cmpint(l2tp_tunnel_get_state(l->t), ==, L2TP_TUNNEL_STOPPING);
	g_assert_nonnull(strstr(l->closed_sentence, "result 6"));
	g_assert_nonnull(strstr(l->closed_sentence, "maintenance"));
	/* Our ZLB was lost: the retransmitted StopCCN is acked again. */
	lns_advance(l, 1000);
	lns_send_ns(l, stop, 0, l->ns);
	g_assert_cmpuint(l->sent->len, ==, n + 2);
	g_assert_cmpuint(lns_sent_type(l, -1), ==, L2TP_MSG_ZLB);
	lns_advance(l, L2TP_TEARDOWN_HOLD_MS - 1000 - 1);
	g_assert_cmpint(l->finished, ==, 0);
	lns_advance(l, 1);
	g_assert_cmpint(l->finished, ==, 1);
	g_assert_cmpint(l->closed, ==, 1);
	g_assert_cmpint(l2tp_tunnel_get_state(l->t), ==, L2TP_TUNNEL_CLOSED);
	lns_free(l);
}

static void test_user_stop(void)
{
	struct lns *l = lns_new(NULL);
	struct l2tp_msg m;
	struct l2tp_result_code rc;

	lns_bring_up(l, LNS_SESSION_UP);
	l2tp_tunnel_stop(l->t);
	g_assert_cmpuint(lns_sent_type(l, -2), ==, L2TP_MSG_CDN);
	lns_parse_sent(l, -1, &m, NULL);
	g_assert_cmpuint(m.type, ==, L2TP_MSG_STOPCCN);
	g_assert_true(l2tp_msg_get_result_code(&m, &rc));
	g_assert_cmpuint(rc.result, ==, L2TP_STOPCCN_CLEAR);
	l2tp_msg_clear(&m);
	/* closed (after which the owner takes IPsec down) waits for the server's ack */
	g_assert_cmpint(l->closed, ==, 0);
	lns_advance(l, 30);
	lns_send_zlb(l);
	g_assert_cmpint(l->closed, ==, 1);
	g_assert_cmpint(l->closed_class, ==, L2TPC_FAILURE_NONE);
	lns_advance(l, L2TP_TEARDOWN_HOLD_MS);
	g_assert_cmpint(l->finished, ==, 1);
	lns_free(l);

	/* A server that no longer answers: closed after the bounded wait all the same. */
	l = lns_new(NULL);
	lns_bring_up(l, LNS_SESSION_UP);
	l2tp_tunnel_stop(l->t);
	lns_advance(l, L2TP_STOP_ACK_WAIT_MS - 1);
	g_assert_cmpint(l->closed, ==, 0);
	lns_advance(l, 1);
	g_assert_cmpint(l->closed, ==, 1);
	g_assert_cmpint(l->closed_class, ==, L2TPC_FAILURE_NONE);
	lns_free(l);
}

/* Receive Window Size 1 (RFC 2661 5.8): our StopCCN may leave only once the CDN is acked, and
 * the owner must not take IPsec away before that; closed comes once the StopCCN is acked. */
static void test_user_stop_window_1(void)
{
	struct lns *l = lns_new(NULL);
	guint n;

	l2tp_tunnel_start(l->t);
	lns_send(l, lns_sccrp(l, 1), 0);
	lns_send_zlb(l);
	l2tp_tunnel_start_session(l->t, NULL);
	lns_send(l, lns_icrp(l), lns_local_sid(l));
	g_assert_cmpint(l->session_up, ==, 1);
	lns_send_zlb(l);
	n = l->sent->len;

	l2tp_tunnel_stop(l->t);
	g_assert_cmpuint(l->sent->len, ==, n + 1);
	g_assert_cmpuint(lns_sent_type(l, -1), ==, L2TP_MSG_CDN);
	g_assert_cmpint(l->closed, ==, 0);
	lns_advance(l, 40); /* where the engine used to take IPsec down */
	g_assert_cmpint(l->closed, ==, 0);
	lns_send_zlb(l); /* acks the CDN: the StopCCN leaves now */
	g_assert_cmpuint(l->sent->len, ==, n + 2);
	g_assert_cmpuint(lns_sent_type(l, -1), ==, L2TP_MSG_STOPCCN);
	g_assert_cmpint(l->closed, ==, 0);
	lns_advance(l, 20);
	lns_send_zlb(l);
	g_assert_cmpint(l->closed, ==, 1);
	g_assert_cmpint(l->closed_class, ==, L2TPC_FAILURE_NONE);
	lns_free(l);
}

/* RFC 2661 5.8: a message ahead of its turn within our window is kept and delivered once the
 * one before it arrives: no retransmission needed. Beyond the window it is dropped. */
static void test_out_of_order_kept(void)
{
	struct lns *l = lns_new(NULL);
	uint16_t ns;
	struct l2tp_msg m;
	GByteArray *cdn;

	lns_bring_up(l, LNS_SESSION_WAIT);
	ns = l->ns;
	/* The HELLO (Ns+1) overtakes the ICRP (Ns): kept, not acknowledged. */
	lns_send_ns(l, l2tp_msg_build_hello(), 0, (uint16_t)(ns + 1));
	lns_advance(l, 200);
	g_assert_cmpint(l->session_up, ==, 0);
	g_assert_cmpuint(l->tunnel_up, ==, 1);
	/* A copy far beyond our window (4) is dropped, a retransmission of the kept one too. */
	lns_send_ns(l, l2tp_msg_build_hello(), 0, (uint16_t)(ns + 9));
	lns_send_ns(l, l2tp_msg_build_hello(), 0, (uint16_t)(ns + 1));
	/* Then the ICRP: answered, and the HELLO behind it delivered at once; the next ack
	 * covers both. */
	lns_send_ns(l, lns_icrp(l), lns_local_sid(l), ns);
	g_assert_cmpint(l->session_up, ==, 1);
	g_assert_cmpuint(lns_sent_type(l, -1), ==, L2TP_MSG_ICCN);
	lns_advance(l, L2TP_ACK_DELAY_MS);
	lns_parse_sent(l, -1, &m, NULL);
	g_assert_true(m.zlb);
	g_assert_cmpuint(m.hdr.nr, ==, (uint16_t)(ns + 2));
	l2tp_msg_clear(&m);
	/* Ns+9 was never kept: Ns+2 is the next in line and is taken as usual. */
	l->ns = (uint16_t)(ns + 2);
	cdn = l2tp_msg_build_cdn(l->sid, L2TP_CDN_ADMIN, 0, NULL);
	lns_send(l, cdn, lns_local_sid(l));
	g_assert_cmpint(l->closed, ==, 1);
	lns_free(l);
}

/* Tunnel authentication (RFC 2661 5.1.1): our challenge, the LNS's challenge (Cisco). */
enum auth_case {
	AUTH_OK,
	AUTH_WRONG,
	AUTH_MISSING,
	AUTH_NO_SECRET,
	AUTH_HIDDEN
};

static void run_auth(enum auth_case which)
{
	static const char secret[] = "tunnel-secret";
	struct l2tp_tunnel_config cfg = { .peer_name = "192.0.2.1",
					  .secret = (const uint8_t *)secret,
					  .secret_len = strlen(secret) };
	struct lns *l = lns_new(which == AUTH_NO_SECRET ? NULL : &cfg);
	GByteArray *b = l2tp_msg_build_new(L2TP_MSG_SCCRP);
	const uint8_t lns_chal[8] = { 9, 8, 7, 6, 5, 4, 3, 2 };
	uint8_t resp[16], rv[16] = { 1 };
	const uint8_t *chal, *got;
	size_t chal_len = 0, got_len;
	struct l2tp_msg m;
	struct l2tp_result_code rc;

	lns_bring_up(l, LNS_WAIT_CTL_REPLY);
	lns_parse_sent(l, 0, &m, NULL);
	if (which == AUTH_NO_SECRET) {
		g_assert_false(l2tp_msg_has(&m, L2TP_AVP_CHALLENGE));
	} else {
		g_assert_true(l2tp_msg_get_bytes(&m, L2TP_AVP_CHALLENGE, &chal, &chal_len));
		g_assert_cmpuint(chal_len, ==, 16);
		l2tp_hidden_challenge_response(2, (const uint8_t *)secret, strlen(secret), chal,
					       chal_len, resp);
		if (which == AUTH_WRONG)
			resp[0] ^= 1;
	}
	l2tp_avp_put(b, true, 0, L2TP_AVP_PROTOCOL_VERSION, "\x01\x00", 2);
	l2tp_avp_put_u32(b, true, L2TP_AVP_FRAMING_CAPS, 1);
	l2tp_avp_put_string(b, true, L2TP_AVP_HOST_NAME, "cisco");
	if (which == AUTH_HIDDEN) {
		/* The Assigned Tunnel ID arrives hidden and must be revealed. */
		uint8_t tid[2];
		l2tp_put_be16(tid, l->tid);
		l2tp_avp_put(b, true, 0, L2TP_AVP_RANDOM_VECTOR, rv, sizeof(rv));
		l2tp_hidden_put(b, true, L2TP_AVP_ASSIGNED_TUNNEL_ID, (const uint8_t *)secret,
				strlen(secret), rv, sizeof(rv), tid, 2);
	} else {
		l2tp_avp_put_u16(b, true, L2TP_AVP_ASSIGNED_TUNNEL_ID, l->tid);
	}
	if (which != AUTH_MISSING && which != AUTH_NO_SECRET)
		l2tp_avp_put(b, true, 0, L2TP_AVP_CHALLENGE_RESPONSE, resp, 16);
	if (which == AUTH_OK || which == AUTH_NO_SECRET || which == AUTH_HIDDEN)
		l2tp_avp_put(b, true, 0, L2TP_AVP_CHALLENGE, lns_chal, sizeof(lns_chal));
	l2tp_msg_clear(&m);
	lns_send(l, b, 0);

	lns_parse_sent(l, -1, &m, NULL);
	switch (which) {
	case AUTH_OK:
	case AUTH_HIDDEN:
		g_assert_cmpint(l->tunnel_up, ==, 1);
		g_assert_cmpuint(m.type, ==, L2TP_MSG_SCCCN);
		g_assert_true(l2tp_msg_get_bytes(&m, L2TP_AVP_CHALLENGE_RESPONSE, &got, &got_len));
		l2tp_hidden_challenge_response(3, (const uint8_t *)secret, strlen(secret), lns_chal,
					       sizeof(lns_chal), resp);
		g_assert_cmpmem(got, got_len, resp, 16);
		g_assert_cmpuint(l2tp_tunnel_peer_id(l->t), ==, l->tid);
		break;
	case AUTH_WRONG:
	case AUTH_MISSING:
	case AUTH_NO_SECRET:
		g_assert_cmpint(l->tunnel_up, ==, 0);
		g_assert_cmpuint(m.type, ==, L2TP_MSG_STOPCCN);
		g_assert_true(l2tp_msg_get_result_code(&m, &rc));
		g_assert_cmpuint(rc.result, ==, L2TP_STOPCCN_NOT_AUTHORIZED);
		g_assert_cmpint(l->closed, ==, 1);
		g_assert_cmpint(l->closed_class, ==, L2TPC_FAILURE_L2TP);
		g_assert_nonnull(strstr(l->closed_sentence,
					which == AUTH_WRONG	? "wrong response"
					: which == AUTH_MISSING ? "did not answer"
								: "set the L2TP tunnel secret"));
		break;
	}
	l2tp_msg_clear(&m);
	lns_free(l);
}

static void test_auth(void)
{
	for (enum auth_case c = AUTH_OK; c <= AUTH_HIDDEN; c++) {
		g_test_message("auth case %d", c);
		run_auth(c);
	}
}

static void test_hidden_without_secret(void)
{
	struct lns *l = lns_new(NULL);
	GByteArray *b = lns_sccrp(l, 0);
	uint8_t rv[4] = { 1, 2, 3, 4 };

	lns_bring_up(l, LNS_WAIT_CTL_REPLY);
	l2tp_avp_put(b, true, 0, L2TP_AVP_RANDOM_VECTOR, rv, sizeof(rv));
	l2tp_hidden_put(b, true, L2TP_AVP_VENDOR_NAME, (const uint8_t *)"x", 1, rv, sizeof(rv),
			(const uint8_t *)"acme", 4);
	lns_send(l, b, 0);
	g_assert_cmpint(l->closed, ==, 1);
	g_assert_nonnull(strstr(l->closed_sentence, "hides message attributes"));
	g_assert_cmpuint(lns_sent_type(l, -1), ==, L2TP_MSG_STOPCCN);
	lns_free(l);
}

static void test_unknown_mandatory(void)
{
	static const struct {
		const char *name;
		uint16_t vendor, type;
		bool mandatory;
		bool msg_type; /* put it as the message type instead */
		bool closes;
	} cases[] = {
		{ "vendor AVP M=0 (ignored)", 9, 1, false, false, false },
		{ "vendor AVP M=1", 9, 1, true, false, true },
		{ "IETF type 20 M=1", 0, 20, true, false, true },
		{ "message type 99 M=0", 0, 99, false, true, false },
		{ "message type 99 M=1", 0, 99, true, true, true },
	};

	for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
		struct lns *l = lns_new(NULL);
		GByteArray *b;
		struct l2tp_msg m;
		struct l2tp_result_code rc;

		g_test_message("case %s", cases[c].name);
		lns_bring_up(l, LNS_TUNNEL_UP);
		if (cases[c].msg_type) {
			uint8_t hdr12[12] = { 0 }, v[2] = { 0, 99 };
			b = g_byte_array_new();
			g_byte_array_append(b, hdr12, 12);
			l2tp_avp_put(b, cases[c].mandatory, 0, 0, v, 2);
		} else {
			b = l2tp_msg_build_hello();
			l2tp_avp_put(b, cases[c].mandatory, cases[c].vendor, cases[c].type, "ab",
				     2);
		}
		lns_send(l, b, 0);
		lns_advance(l, 200);
		g_assert_cmpint(l->closed, ==, cases[c].closes);
		lns_parse_sent(l, -1, &m, NULL);
		if (cases[c].closes) {
			g_assert_cmpuint(m.type, ==, L2TP_MSG_STOPCCN);
			g_assert_true(l2tp_msg_get_result_code(&m, &rc));
			g_assert_cmpuint(rc.result, ==, L2TP_STOPCCN_GENERAL_ERROR);
			g_assert_cmpuint(rc.error, ==,
					 cases[c].msg_type ? L2TP_ERROR_BAD_VALUE
							   : L2TP_ERROR_UNKNOWN_MANDATORY);
		} else {
			/* Still acknowledged. */
			g_assert_true(m.zlb);
			g_assert_cmpuint(m.hdr.nr, ==, l->ns);
		}
		l2tp_msg_clear(&m);
		lns_free(l);
	}
}

/* SoftEther resends every 500 ms: every duplicate is acked, nothing else changes. */
static void test_softether_resends(void)
{
	struct lns *l = lns_new(NULL);
	guint sccn = 0;

	lns_bring_up(l, LNS_WAIT_CTL_REPLY);
	for (int i = 0; i < 6; i++) {
		lns_send_ns(l, lns_sccrp(l, 16), 0, 0);
		lns_advance(l, 500);
	}
	l->ns = 1;
	g_assert_cmpint(l->tunnel_up, ==, 1);
	g_assert_cmpint(l->closed, ==, 0);
	for (guint i = 0; i < l->sent->len; i++)
		sccn += lns_sent_type(l, (int)i) == L2TP_MSG_SCCCN;
	/* One SCCCN only (the LNS never acked it, so it may be retransmitted: count Ns). */
	g_assert_cmpuint(sccn, >=, 1);
	for (guint i = 0; i < l->sent->len; i++) {
		struct l2tp_msg m;

		lns_parse_sent(l, (int)i, &m, NULL);
		if (m.type == L2TP_MSG_SCCCN)
			g_assert_cmpuint(m.hdr.ns, ==, 1);
		if (i > 1) /* every later packet acks Ns 0 */
			g_assert_cmpuint(m.hdr.nr, ==, 1);
		l2tp_msg_clear(&m);
	}
	/* Each of the 5 duplicates got an ack: a ZLB or a piggy-backed retransmission. */
	g_assert_cmpuint(l->sent->len, >=, 2 + 5);
	g_assert_cmpint(l2tp_tunnel_get_state(l->t), ==, L2TP_TUNNEL_ESTABLISHED);
	lns_free(l);
}

static void test_random_ids(void)
{
	GHashTable *seen = g_hash_table_new(NULL, NULL);

	for (int i = 0; i < 4; i++) {
		struct lns *l = lns_new(NULL);

		l->io.random = NULL; /* getrandom(2) */
		l2tp_tunnel_free(l->t);
		l->t = l2tp_tunnel_new(&(struct l2tp_tunnel_config){ 0 }, &l->io, &lns_events, l);
		l2tp_tunnel_start(l->t);
		g_assert_cmpuint(l2tp_tunnel_local_id(l->t), !=, 0);
		g_hash_table_add(seen, GUINT_TO_POINTER(l2tp_tunnel_local_id(l->t)));
		lns_free(l);
	}
	/* Four draws from 65535 values: all equal would mean no randomness. */
	g_assert_cmpuint(g_hash_table_size(seen), >, 1);
	g_hash_table_unref(seen);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/l2tp-reliable/seq-compare", test_seq_compare);
	g_test_add_func("/l2tp-reliable/window-limit", test_window_limit);
	g_test_add_func("/l2tp-reliable/ns-wrap", test_ns_wrap);
	g_test_add_func("/l2tp-reliable/zlb-never-acked", test_zlb_never_acked);
	g_test_add_func("/l2tp-tunnel/bring-up", test_bring_up);
	g_test_add_func("/l2tp-tunnel/retransmit-schedule", test_retransmit_schedule);
	g_test_add_func("/l2tp-tunnel/retransmit-refreshes-nr", test_retransmit_refreshes_nr);
	g_test_add_func("/l2tp-tunnel/delayed-ack", test_delayed_ack);
	g_test_add_func("/l2tp-tunnel/hello", test_hello);
	g_test_add_func("/l2tp-tunnel/stopccn-hold", test_stopccn_hold);
	g_test_add_func("/l2tp-tunnel/user-stop", test_user_stop);
	g_test_add_func("/l2tp-tunnel/user-stop-window-1", test_user_stop_window_1);
	g_test_add_func("/l2tp-tunnel/out-of-order-kept", test_out_of_order_kept);
	g_test_add_func("/l2tp-tunnel/auth", test_auth);
	g_test_add_func("/l2tp-tunnel/hidden-without-secret", test_hidden_without_secret);
	g_test_add_func("/l2tp-tunnel/unknown-mandatory", test_unknown_mandatory);
	g_test_add_func("/l2tp-tunnel/softether-resends", test_softether_resends);
	g_test_add_func("/l2tp-tunnel/random-ids", test_random_ids);
	return g_test_run();
}
