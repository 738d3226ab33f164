// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>

#include "l2tp-reliable.h"
#include "l2tpc-log.h"

struct rel_msg {
	GByteArray *pkt;
	uint16_t ns;
	uint16_t peer_session_id;
};

struct rel_held {
	uint16_t ns;
	GBytes *pkt;
};

static void rel_msg_free(gpointer p)
{
	struct rel_msg *m = p;

	g_byte_array_unref(m->pkt);
	g_free(m);
}

static void rel_held_free(gpointer p)
{
	struct rel_held *h = p;

	g_bytes_unref(h->pkt);
	g_free(h);
}

void l2tp_reliable_init(struct l2tp_reliable *r, unsigned retries, l2tp_transmit_fn tx,
			void *tx_data)
{
	*r = (struct l2tp_reliable){
		.tx = tx,
		.tx_data = tx_data,
		.retries = retries ? retries : L2TP_RTX_RETRIES,
		.rtx_initial_ms = L2TP_RTX_INITIAL_MS,
		.rtx_cap_ms = L2TP_RTX_CAP_MS,
		.ack_delay_ms = L2TP_ACK_DELAY_MS,
		.peer_window = L2TP_DEFAULT_WINDOW,
		.rtx_interval = L2TP_RTX_INITIAL_MS,
		.early_rtx_ms = L2TP_RTX_EARLY_MS,
		.recv_window = L2TP_DEFAULT_WINDOW,
	};
	g_queue_init(&r->sent);
	g_queue_init(&r->waiting);
	g_queue_init(&r->held);
}

void l2tp_reliable_clear(struct l2tp_reliable *r)
{
	g_queue_clear_full(&r->sent, rel_msg_free);
	g_queue_clear_full(&r->waiting, rel_msg_free);
	g_queue_clear_full(&r->held, rel_held_free);
	r->rtx_deadline = 0;
	r->early_deadline = 0;
	r->ack_deadline = 0;
}

void l2tp_reliable_set_peer(struct l2tp_reliable *r, uint16_t peer_tunnel_id, uint16_t window)
{
	r->peer_tunnel_id = peer_tunnel_id;
	r->peer_window = window ? window : L2TP_DEFAULT_WINDOW;
}

/* Every transmission carries the current Nr (RFC 2661 5.8: refreshed on retransmission), so it
 * acknowledges everything received: no separate ZLB is owed afterwards. */
static void rel_transmit(struct l2tp_reliable *r, struct rel_msg *m)
{
	int err;

	l2tp_msg_stamp(m->pkt, r->peer_tunnel_id, m->peer_session_id, m->ns, r->nr);
	err = r->tx(m->pkt->data, m->pkt->len, r->tx_data);
	if (err < 0)
		l2tpc_debug("l2tp", "control message Ns=%u not sent (%s); will retransmit", m->ns,
			    g_strerror(-err));
	r->ack_deadline = 0;
}

static void rel_fill_window(struct l2tp_reliable *r, uint64_t now)
{
	while (!g_queue_is_empty(&r->waiting) && r->sent.length < r->peer_window) {
		struct rel_msg *m = g_queue_pop_head(&r->waiting);

		g_queue_push_tail(&r->sent, m);
		rel_transmit(r, m);
		if (!r->rtx_deadline) {
			r->rtx_interval = r->rtx_initial_ms;
			r->rtx_deadline = now + r->rtx_interval;
			/* only the tunnel's very first message: see L2TP_RTX_EARLY_MS */
			if (m->ns == 0 && !r->peer_tunnel_id && r->early_rtx_ms &&
			    r->early_rtx_ms < r->rtx_interval) {
				r->early_step_ms = r->early_rtx_ms;
				r->early_deadline = now + r->early_step_ms;
			}
		}
	}
}

void l2tp_reliable_send(struct l2tp_reliable *r, GByteArray *msg, uint16_t peer_session_id,
			uint64_t now)
{
	struct rel_msg *m = g_new0(struct rel_msg, 1);

	m->pkt = msg;
	m->ns = r->ns_next++;
	m->peer_session_id = peer_session_id;
	g_queue_push_tail(&r->waiting, m);
	rel_fill_window(r, now);
}

/* RFC 2661 5.8: Nr acknowledges every Ns before it. An Nr outside [oldest unacked, last sent + 1]
 * acknowledges nothing we have in flight and is ignored. */
static void rel_process_nr(struct l2tp_reliable *r, uint16_t nr, uint64_t now)
{
	struct rel_msg *head = g_queue_peek_head(&r->sent);
	unsigned acked;

	if (!head)
		return;
	acked = (uint16_t)(nr - head->ns);
	if (acked == 0 || acked > r->sent.length)
		return;
	for (unsigned i = 0; i < acked; i++)
		rel_msg_free(g_queue_pop_head(&r->sent));
	/* Progress: restart the back-off for whatever is still in flight. */
	r->early_deadline = 0;
	r->rtx_count = 0;
	r->rtx_interval = r->rtx_initial_ms;
	r->rtx_deadline = g_queue_is_empty(&r->sent) ? 0 : now + r->rtx_interval;
	rel_fill_window(r, now);
}

static void rel_owe_ack(struct l2tp_reliable *r, uint64_t now)
{
	if (!r->ack_deadline)
		r->ack_deadline = now + r->ack_delay_ms;
}

enum l2tp_rx_verdict l2tp_reliable_receive(struct l2tp_reliable *r, const struct l2tp_header *h,
					   bool zlb, uint64_t now)
{
	rel_process_nr(r, h->nr, now);
	/* RFC 2661 5.8: a ZLB takes no sequence slot and is never acknowledged (acking it would
	 * ping-pong ZLBs forever). */
	if (zlb)
		return L2TP_RX_ZLB;
	if (h->ns == r->nr) {
		r->nr++;
		rel_owe_ack(r, now);
		return L2TP_RX_NEW;
	}
	if (l2tp_seq_before(h->ns, r->nr)) {
		/* RFC 2661 5.8: duplicates MUST be acknowledged (our ack may have been lost). */
		rel_owe_ack(r, now);
		return L2TP_RX_DUPLICATE;
	}
	return L2TP_RX_OUT_OF_ORDER;
}

bool l2tp_reliable_hold(struct l2tp_reliable *r, const struct l2tp_header *h, const uint8_t *pkt,
			size_t len)
{
	uint16_t ahead = (uint16_t)(h->ns - r->nr);
	GList *l;
	struct rel_held *k;

	/* RFC 2661 5.8: the peer never has more than our window outstanding; anything further
	 * ahead is not a message we can take. */
	if (ahead == 0 || ahead >= r->recv_window)
		return false;
	for (l = r->held.head; l; l = l->next) {
		struct rel_held *o = l->data;

		if (o->ns == h->ns)
			return false; /* a retransmission of one we hold */
		if (l2tp_seq_before(h->ns, o->ns))
			break;
	}
	k = g_new0(struct rel_held, 1);
	k->ns = h->ns;
	k->pkt = g_bytes_new(pkt, len);
	if (l)
		g_queue_insert_before(&r->held, l, k);
	else
		g_queue_push_tail(&r->held, k);
	return true;
}

GBytes *l2tp_reliable_take_held(struct l2tp_reliable *r)
{
	struct rel_held *k;
	GBytes *pkt;

	/* Drop what became old meanwhile (delivered by a retransmission of its own). */
	while ((k = g_queue_peek_head(&r->held)) && l2tp_seq_before(k->ns, r->nr))
		rel_held_free(g_queue_pop_head(&r->held));
	if (!k || k->ns != r->nr)
		return NULL;
	g_queue_pop_head(&r->held);
	pkt = g_steal_pointer(&k->pkt);
	g_free(k);
	return pkt;
}

void l2tp_reliable_flush_ack(struct l2tp_reliable *r)
{
	struct rel_msg *next = g_queue_peek_head(&r->waiting);
	uint8_t zlb[L2TP_CTRL_HDR_LEN];

	if (!r->ack_deadline)
		return;
	/* The ZLB's Ns is that of the next message we will send (RFC 2661 5.8). */
	l2tp_msg_build_zlb(zlb, r->peer_tunnel_id, 0, next ? next->ns : r->ns_next, r->nr);
	r->ack_deadline = 0;
	(void)r->tx(zlb, sizeof(zlb), r->tx_data);
}

int l2tp_reliable_tick(struct l2tp_reliable *r, uint64_t now)
{
	if (r->ack_deadline && now >= r->ack_deadline)
		l2tp_reliable_flush_ack(r);
	if (r->early_deadline && now >= r->early_deadline) {
		r->early_deadline = 0;
		for (GList *l = r->sent.head; l; l = l->next)
			rel_transmit(r, l->data);
		r->early_step_ms *= 2;
		if (r->rtx_deadline && now + r->early_step_ms < r->rtx_deadline)
			r->early_deadline = now + r->early_step_ms;
	}
	if (!r->rtx_deadline || now < r->rtx_deadline)
		return 0;
	if (r->rtx_count >= r->retries) {
		r->rtx_deadline = 0;
		return -ETIMEDOUT;
	}
	r->rtx_count++;
	for (GList *l = r->sent.head; l; l = l->next)
		rel_transmit(r, l->data);
	/* RFC 2661 5.8: exponential back-off, capped. */
	r->rtx_interval = MIN(r->rtx_interval * 2, r->rtx_cap_ms);
	r->rtx_deadline = now + r->rtx_interval;
	return 0;
}

uint64_t l2tp_reliable_next_deadline(const struct l2tp_reliable *r)
{
	uint64_t d = 0;
	const uint64_t all[] = { r->ack_deadline, r->rtx_deadline, r->early_deadline };

	for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
		if (all[i] && (!d || all[i] < d))
			d = all[i];
	return d;
}

bool l2tp_reliable_all_acked(const struct l2tp_reliable *r)
{
	return r->sent.length == 0 && r->waiting.length == 0;
}
