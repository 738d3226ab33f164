/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tp-reliable: the reliable delivery of control messages (RFC 2661 5.8, appendix B).
 *
 * Ns/Nr bookkeeping modulo 2^16, the peer's receive window, retransmission with exponential
 * back-off, duplicate detection (dropped but acknowledged), in-order delivery, and a short
 * delayed acknowledgement so that a reply can carry the ack instead of a ZLB. No clock of its
 * own: callers pass "now" and ask for the next deadline, so the tunnel owns the only timer.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "l2tp-msg.h"

#define L2TP_RTX_INITIAL_MS 1000 /* RFC 2661 5.8: "a recommended default is 1 second" */
/* Extra, uncounted early retransmissions of the tunnel's first message (SCCRQ), at 50 ms and
 * then doubling (50, 150, 350, 750 ms after it) until the first RFC timeout. Right after IKEv1
 * Quick Mode the responder installs its SAs only when QM3 arrives, so the LNS's SCCRP to an
 * immediate SCCRQ is often dropped there; without these the tunnel waits the full first 1 s
 * retransmission timeout (measured in bench/: 1.0 s of a ~3 s connect; a single early resend at
 * 200 ms still cost 0.2 s on most connects). The RFC schedule of the counted retransmissions is
 * unchanged. */
#define L2TP_RTX_EARLY_MS   50
#define L2TP_RTX_CAP_MS	    8000 /* RFC 2661 5.8: any cap "MUST be no less than 8 seconds" */
#define L2TP_RTX_RETRIES    5	 /* RFC 2661 5.8: "a recommended default is 5" */
#define L2TP_ACK_DELAY_MS   100	 /* RFC 2661 5.8 allows piggy-backing; 100 ms lets replies */
#define L2TP_DEFAULT_WINDOW 4	 /* RFC 2661 4.4.3: Receive Window Size absent → 4 */

/** True if @a comes before @b in 16-bit sequence space (RFC 2661 5.8: within 32768 before). */
static inline bool l2tp_seq_before(uint16_t a, uint16_t b)
{
	uint16_t d = (uint16_t)(b - a);

	return d >= 1 && d <= 32768;
}

typedef int (*l2tp_transmit_fn)(const uint8_t *pkt, size_t len, void *user_data);

enum l2tp_rx_verdict {
	L2TP_RX_NEW,	      /* in order: hand to the state machines */
	L2TP_RX_DUPLICATE,    /* already seen: dropped, acknowledgement scheduled */
	L2TP_RX_OUT_OF_ORDER, /* ahead of Nr: not delivered yet; see l2tp_reliable_hold() */
	L2TP_RX_ZLB,	      /* acknowledgement only; never acknowledged itself */
};

struct l2tp_reliable {
	l2tp_transmit_fn tx;
	void *tx_data;
	unsigned retries;
	uint32_t rtx_initial_ms, rtx_cap_ms, ack_delay_ms;
	uint16_t peer_tunnel_id; /* header Tunnel ID of what we send (0 until SCCRP) */
	uint16_t peer_window;
	uint16_t ns_next;	 /* Ns of the next message queued */
	uint16_t nr;		 /* Ns we expect next from the peer */
	GQueue sent;		 /* transmitted, not yet acknowledged */
	GQueue waiting;		 /* queued behind the peer's window */
	uint64_t rtx_deadline;	 /* 0: none */
	uint32_t early_rtx_ms;	 /* L2TP_RTX_EARLY_MS; 0: no early retransmission */
	uint64_t early_deadline; /* 0: none */
	uint32_t early_step_ms;	 /* gap to the next early retransmission (doubles) */
	uint32_t rtx_interval;
	unsigned rtx_count;
	uint64_t ack_deadline; /* 0: no acknowledgement owed */
	uint16_t recv_window;  /* ours, as sent in SCCRQ: how far ahead of Nr a message is kept */
	GQueue held;	       /* received ahead of their turn, by Ns */
};

/** @retries 0 means L2TP_RTX_RETRIES. */
void l2tp_reliable_init(struct l2tp_reliable *r, unsigned retries, l2tp_transmit_fn tx,
			void *tx_data);
/** Drops every queued message. */
void l2tp_reliable_clear(struct l2tp_reliable *r);
/** From the SCCRP: the peer's Assigned Tunnel ID and Receive Window Size (0 → 4). */
void l2tp_reliable_set_peer(struct l2tp_reliable *r, uint16_t peer_tunnel_id, uint16_t window);

/**
 * Queues a control message built by l2tp-msg.h (takes ownership of @msg), assigns its Ns and
 * sends it now if the peer's window allows. @peer_session_id goes into the header.
 */
void l2tp_reliable_send(struct l2tp_reliable *r, GByteArray *msg, uint16_t peer_session_id,
			uint64_t now);
/** Feeds the header of a received control message (and whether it was a ZLB). */
enum l2tp_rx_verdict l2tp_reliable_receive(struct l2tp_reliable *r, const struct l2tp_header *h,
					   bool zlb, uint64_t now);
/**
 * RFC 2661 5.8: keeps a copy of a message that arrived ahead of its turn (verdict
 * L2TP_RX_OUT_OF_ORDER) if it lies within our receive window, so that a lost or reordered
 * message costs one retransmission of that message only. Returns true if kept.
 */
bool l2tp_reliable_hold(struct l2tp_reliable *r, const struct l2tp_header *h, const uint8_t *pkt,
			size_t len);
/** The kept message whose turn it is now (its Ns is the next expected), or NULL. Caller owns
 * it and feeds it through l2tp_reliable_receive() like any other. */
GBytes *l2tp_reliable_take_held(struct l2tp_reliable *r);
/** Sends an owed acknowledgement now (ZLB) instead of waiting for the delay. */
void l2tp_reliable_flush_ack(struct l2tp_reliable *r);
/**
 * Runs what is due at @now: the delayed ZLB, retransmissions. Returns -ETIMEDOUT once a message
 * went unacknowledged through all retries (RFC 2661 5.8: clear the tunnel), else 0.
 */
int l2tp_reliable_tick(struct l2tp_reliable *r, uint64_t now);
/** Earliest time l2tp_reliable_tick() has work, 0 if none. */
uint64_t l2tp_reliable_next_deadline(const struct l2tp_reliable *r);
/** True when nothing is waiting for an acknowledgement. */
bool l2tp_reliable_all_acked(const struct l2tp_reliable *r);
