/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test harness for the L2TP control plane: a fake clock with timers, a recorder of every packet
 * the tunnel transmits, and a scripted LNS that answers through the real codec. Shared by
 * test-l2tp-tunnel.c, test-l2tp-session.c and the fuzz target; header-only on purpose.
 */
#pragma once

/* Header-only helpers: not every includer uses every one. */
#pragma GCC diagnostic ignored "-Wunused-function"

#include <string.h>
#include <glib.h>

#include "l2tp-io.h"
#include "l2tp-msg.h"
#include "l2tp-reliable.h"
#include "l2tp-tunnel.h"

struct fake_timer {
	uint64_t due;
	l2tp_timer_fn fn;
	void *arg;
};

struct lns {
	uint64_t now;
	GPtrArray *timers; /* struct fake_timer *, armed */
	GPtrArray *sent;   /* GByteArray *, everything the tunnel transmitted */
	GArray *sent_at;   /* uint64_t, when */
	uint32_t rand_state;
	int peer_confirmed;
	struct l2tp_io io;
	struct l2tp_tunnel *t;
	bool auto_session; /* start the session from tunnel_up */
	struct l2tp_session_config scfg;
	int tunnel_up, session_up, closed, finished;
	struct l2tp_session_info info;
	enum l2tpc_failure_class closed_class;
	char *closed_sentence;
	GPtrArray *data_rx;    /* GByteArray *, frames handed to the data handler */
	uint16_t ns, tid, sid; /* the LNS's own Ns, tunnel and session IDs */
};

static int lns_io_transmit(const uint8_t *pkt, size_t len, void *ud)
{
	struct lns *l = ud;
	GByteArray *b = g_byte_array_new();

	g_byte_array_append(b, pkt, (guint)len);
	g_ptr_array_add(l->sent, b);
	g_array_append_val(l->sent_at, l->now);
	return 0;
}

static uint64_t lns_io_now(void *ud)
{
	return ((struct lns *)ud)->now;
}

static void *lns_io_arm(uint64_t delay, l2tp_timer_fn fn, void *arg, void *ud)
{
	struct lns *l = ud;
	struct fake_timer *ft = g_new0(struct fake_timer, 1);

	ft->due = l->now + delay;
	ft->fn = fn;
	ft->arg = arg;
	g_ptr_array_add(l->timers, ft);
	return ft;
}

static void lns_io_cancel(void *timer, void *ud)
{
	struct lns *l = ud;

	g_assert_true(g_ptr_array_remove(l->timers, timer));
}

static void lns_io_confirmed(void *ud)
{
	((struct lns *)ud)->peer_confirmed++;
}

static void lns_io_random(void *buf, size_t len, void *ud)
{
	struct lns *l = ud;
	uint8_t *p = buf;

	for (size_t i = 0; i < len; i++) {
		l->rand_state = l->rand_state * 1103515245u + 12345u;
		p[i] = (uint8_t)(l->rand_state >> 16);
	}
}

static void lns_ev_tunnel_up(struct l2tp_tunnel *t, uint16_t local, uint16_t peer, void *ud)
{
	struct lns *l = ud;

	l->tunnel_up++;
	if (l->auto_session)
		g_assert_cmpint(l2tp_tunnel_start_session(t, &l->scfg), ==, 0);
}

static void lns_ev_session_up(struct l2tp_tunnel *t, const struct l2tp_session_info *info, void *ud)
{
	struct lns *l = ud;

	l->session_up++;
	l->info = *info;
}

static void lns_ev_closed(struct l2tp_tunnel *t, const struct l2tpc_failure *f, void *ud)
{
	struct lns *l = ud;

	l->closed++;
	l->closed_class = f->klass;
	g_free(l->closed_sentence);
	l->closed_sentence = g_strdup(f->sentence);
}

static void lns_ev_finished(struct l2tp_tunnel *t, void *ud)
{
	((struct lns *)ud)->finished++;
}

static void lns_data(const uint8_t *ppp, size_t len, void *ud)
{
	struct lns *l = ud;
	GByteArray *b = g_byte_array_new();

	g_byte_array_append(b, ppp, (guint)len);
	g_ptr_array_add(l->data_rx, b);
}

static const struct l2tp_tunnel_events lns_events = {
	.tunnel_up = lns_ev_tunnel_up,
	.session_up = lns_ev_session_up,
	.closed = lns_ev_closed,
	.finished = lns_ev_finished,
};

/** A tunnel wired to a fake LNS; @cfg may be NULL. Not started. */
static struct lns *lns_new(const struct l2tp_tunnel_config *cfg)
{
	struct lns *l = g_new0(struct lns, 1);
	struct l2tp_tunnel_config def = { .host_name = "lac.test", .peer_name = "192.0.2.1" };

	l->timers = g_ptr_array_new_with_free_func(g_free);
	l->sent = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
	l->sent_at = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	l->data_rx = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
	l->rand_state = 42;
	l->now = 1000000;
	l->tid = 0x7777;
	l->sid = 0x8888;
	l->auto_session = true;
	l->io = (struct l2tp_io){
		.transmit = lns_io_transmit,
		.now_ms = lns_io_now,
		.timer_arm = lns_io_arm,
		.timer_cancel = lns_io_cancel,
		.peer_confirmed = lns_io_confirmed,
		.random = lns_io_random,
		.user_data = l,
	};
	l->t = l2tp_tunnel_new(cfg ? cfg : &def, &l->io, &lns_events, l);
	l2tp_tunnel_set_data_handler(l->t, lns_data, l);
	return l;
}

static void lns_free(struct lns *l)
{
	l2tp_tunnel_free(l->t);
	g_ptr_array_unref(l->timers);
	g_ptr_array_unref(l->sent);
	g_array_unref(l->sent_at);
	g_ptr_array_unref(l->data_rx);
	g_free(l->closed_sentence);
	g_free(l);
}

/** Advances the fake clock by @ms, firing due timers in order. */
static void lns_advance(struct lns *l, uint64_t ms)
{
	uint64_t end = l->now + ms;

	for (;;) {
		struct fake_timer *next = NULL;

		for (guint i = 0; i < l->timers->len; i++) {
			struct fake_timer *ft = g_ptr_array_index(l->timers, i);

			if (ft->due <= end && (!next || ft->due < next->due))
				next = ft;
		}
		if (!next)
			break;
		l->now = MAX(l->now, next->due);
		l2tp_timer_fn fn = next->fn;
		void *arg = next->arg;
		g_ptr_array_remove(l->timers, next);
		fn(arg);
	}
	l->now = end;
}

static GByteArray *lns_sent(struct lns *l, int i)
{
	if (i < 0)
		i += (int)l->sent->len;
	g_assert_cmpint(i, >=, 0);
	g_assert_cmpint(i, <, (int)l->sent->len);
	return g_ptr_array_index(l->sent, i);
}

/** Parses sent packet @i (negative: from the end) with @secret (may be NULL). */
static void lns_parse_sent(struct lns *l, int i, struct l2tp_msg *m, const char *secret)
{
	GByteArray *b = lns_sent(l, i);

	g_assert_cmpint(l2tp_msg_parse(b->data, b->len, (const uint8_t *)secret,
				       secret ? strlen(secret) : 0, m, NULL),
			==, 0);
}

/** Message type of sent packet @i (L2TP_MSG_ZLB for a ZLB). */
static uint16_t lns_sent_type(struct lns *l, int i)
{
	struct l2tp_msg m;
	uint16_t type;

	lns_parse_sent(l, i, &m, NULL);
	type = m.type;
	l2tp_msg_clear(&m);
	return type;
}

/* The LNS acknowledges everything the LAC sent so far. */
static uint16_t lns_expected_nr(struct lns *l)
{
	uint16_t nr = 0;
	bool any = false;

	for (guint i = 0; i < l->sent->len; i++) {
		struct l2tp_header h;
		GByteArray *b = g_ptr_array_index(l->sent, i);

		if (l2tp_header_parse(b->data, b->len, &h) == 0 && h.control &&
		    h.length > L2TP_CTRL_HDR_LEN) {
			uint16_t cand = (uint16_t)(h.ns + 1);

			if (!any || !l2tp_seq_before(cand, nr))
				nr = cand;
			any = true;
		}
	}
	return nr;
}

/** Stamps @b as the LNS would (header Tunnel ID = ours, next LNS Ns, Nr acking all) and feeds
 * it to the tunnel. Takes ownership of @b. */
static void lns_send_ns(struct lns *l, GByteArray *b, uint16_t session_id, uint16_t ns)
{
	l2tp_msg_stamp(b, l2tp_tunnel_local_id(l->t), session_id, ns, lns_expected_nr(l));
	l2tp_tunnel_receive(l->t, b->data, b->len);
	g_byte_array_unref(b);
}

static void lns_send(struct lns *l, GByteArray *b, uint16_t session_id)
{
	lns_send_ns(l, b, session_id, l->ns++);
}

static void lns_send_zlb(struct lns *l)
{
	uint8_t zlb[L2TP_CTRL_HDR_LEN];

	l2tp_msg_build_zlb(zlb, l2tp_tunnel_local_id(l->t), 0, l->ns, lns_expected_nr(l));
	l2tp_tunnel_receive(l->t, zlb, sizeof(zlb));
}

/** An SCCRP with the LNS's tunnel ID (and window @rws if non-zero). */
static GByteArray *lns_sccrp(struct lns *l, uint16_t rws)
{
	GByteArray *b = l2tp_msg_build_new(L2TP_MSG_SCCRP);

	l2tp_avp_put(b, true, 0, L2TP_AVP_PROTOCOL_VERSION, "\x01\x00", 2);
	l2tp_avp_put_u32(b, true, L2TP_AVP_FRAMING_CAPS, L2TP_FRAMING_SYNC);
	l2tp_avp_put_string(b, true, L2TP_AVP_HOST_NAME, "lns.test");
	l2tp_avp_put_u16(b, true, L2TP_AVP_ASSIGNED_TUNNEL_ID, l->tid);
	if (rws)
		l2tp_avp_put_u16(b, true, L2TP_AVP_RECV_WINDOW_SIZE, rws);
	return b;
}

static GByteArray *lns_icrp(struct lns *l)
{
	GByteArray *b = l2tp_msg_build_new(L2TP_MSG_ICRP);

	l2tp_avp_put_u16(b, true, L2TP_AVP_ASSIGNED_SESSION_ID, l->sid);
	return b;
}

static uint16_t lns_local_sid(struct lns *l)
{
	struct l2tp_session *s = l2tp_tunnel_get_session(l->t);

	return s ? l2tp_session_local_id(s) : 0;
}

/* Bring-up stages, each building on the previous. */
enum lns_stage {
	LNS_WAIT_CTL_REPLY, /* SCCRQ sent */
	LNS_TUNNEL_UP,	    /* SCCRP answered; no session yet */
	LNS_SESSION_WAIT,   /* ICRQ sent */
	LNS_SESSION_UP,	    /* ICRP answered with ICCN */
};

static void lns_bring_up(struct lns *l, enum lns_stage stage)
{
	l->auto_session = false;
	g_assert_cmpint(l2tp_tunnel_start(l->t), ==, 0);
	if (stage == LNS_WAIT_CTL_REPLY)
		return;
	lns_send(l, lns_sccrp(l, 0), 0);
	g_assert_cmpint(l->tunnel_up, ==, 1);
	lns_send_zlb(l);
	if (stage == LNS_TUNNEL_UP)
		return;
	g_assert_cmpint(l2tp_tunnel_start_session(l->t, &l->scfg), ==, 0);
	if (stage == LNS_SESSION_WAIT)
		return;
	lns_send(l, lns_icrp(l), lns_local_sid(l));
	g_assert_cmpint(l->session_up, ==, 1);
	lns_send_zlb(l);
}

/** A data packet from the LNS for our session, with or without sequence numbers. */
static void lns_send_data(struct lns *l, const void *ppp, size_t len, bool seq, uint16_t ns)
{
	uint8_t pkt[256];
	size_t h = l2tp_header_put_data(pkt, l2tp_tunnel_local_id(l->t), lns_local_sid(l), seq, ns);

	memcpy(pkt + h, ppp, len);
	l2tp_tunnel_receive(l->t, pkt, h + len);
}

/*
 * Fuzz input format, shared by tests/fuzz/fuzz-l2tp-control.c and the seed generator in
 * test-l2tp-session.c:
 *   octet 0: bits 0-1 the stage to reach first (enum lns_stage); bit 2 a tunnel secret
 *            ("fuzz-secret", stage forced to WAIT_CTL_REPLY); bit 3 Sequencing Required
 *   then records: delay (1 octet, x50 ms), length (2 octets, big-endian), datagram
 * After each datagram one PPP frame is sent the other way; at the end the clock runs 40 s.
 */
#define LNS_FUZZ_SECRET "fuzz-secret"

static struct lns *lns_fuzz_setup(uint8_t flags)
{
	struct l2tp_tunnel_config cfg = { .host_name = "lac", .peer_name = "192.0.2.1" };
	struct lns *l;

	if (flags & 4) {
		cfg.secret = (const uint8_t *)LNS_FUZZ_SECRET;
		cfg.secret_len = strlen(LNS_FUZZ_SECRET);
	}
	l = lns_new(&cfg);
	l->scfg.sequencing_required = flags & 8;
	lns_bring_up(l, (flags & 4) ? LNS_WAIT_CTL_REPLY : (enum lns_stage)(flags & 3));
	return l;
}

static void lns_fuzz_run(const uint8_t *data, size_t size)
{
	struct lns *l;
	size_t off = 1;

	if (size < 1)
		return;
	l = lns_fuzz_setup(data[0]);
	while (off + 3 <= size) {
		size_t len = l2tp_get_be16(data + off + 1);

		lns_advance(l, 50u * data[off]);
		off += 3;
		if (len > size - off)
			len = size - off;
		l2tp_tunnel_receive(l->t, data + off, len);
		off += len;
		(void)l2tp_tunnel_send_data(l->t, (const uint8_t *)"\xc0\x21\x01\x01\x00\x04", 6);
	}
	lns_advance(l, 40000);
	lns_free(l);
}
