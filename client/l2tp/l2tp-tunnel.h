/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tp-tunnel: the RFC 2661 LAC control connection with its one session.
 *
 * The tunnel runs SCCRQ/SCCRP/SCCCN (with optional tunnel authentication), keeps the control
 * channel alive with HELLO, delivers control messages reliably (l2tp-reliable.h), hosts one
 * incoming-call session (l2tp-session.h) and tears everything down with CDN/StopCCN. It does
 * no I/O of its own: every packet and timer goes through struct l2tp_io (l2tp-io.h).
 *
 * How a connection engine uses it:
 *
 *   u = l2tp_udp_new(&peer, peer_len, use_port_1701, &failure);   // l2tp-udp.h
 *   l2tp_udp_io_init(u, &io);
 *   t = l2tp_tunnel_new(&cfg, &io, &events, engine);
 *   l2tp_udp_set_receiver(u, on_datagram, t);  // on_datagram calls l2tp_tunnel_receive(t, ...)
 *   l2tp_tunnel_start(t);                               // SCCRQ
 *   events.tunnel_up   → l2tp_tunnel_start_session(t, &session_cfg);   // ICRQ
 *   events.session_up  → hand l2tp_udp_fd(u) (now connect()ed to the server), the tunnel and
 *                        session IDs, the peer address and info->sequencing_required to the
 *                        data plane (kernel), or use l2tp_tunnel_set_data_handler() and
 *                        l2tp_tunnel_send_data() for the userspace data path.
 *   events.closed      → the connection is down: tear down PPP; report the failure sentence.
 *   events.finished    → RFC 2661 5.7 hold time over: free the tunnel, then the UDP socket.
 *
 * Callbacks run from inside l2tp_tunnel_receive()/timers: they must not free the tunnel, except
 * from `finished`, after which the tunnel touches nothing.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "l2tp-io.h"
#include "l2tp-session.h"
#include "l2tpc-failure.h"

#define L2TP_HELLO_INTERVAL_S 60 /* RFC 2661 5.5 leaves it open; 60 s is what LNSs use */
#define L2TP_HELLO_DISABLED   UINT32_MAX
#define L2TP_TEARDOWN_HOLD_MS 31000 /* RFC 2661 5.7: "full retransmission cycle is 31 seconds" */
/* After l2tp_tunnel_stop(), closed waits this long at most for the CDN and StopCCN to be
 * acknowledged: two round trips, or one lost message and its 1 s retransmission (5.8). */
#define L2TP_STOP_ACK_WAIT_MS 2000
#define L2TP_CHALLENGE_LEN    16 /* our Challenge AVP length */
/* Malformed control messages logged one by one per tunnel; beyond that a server (or whoever
 * forges its address) flooding us costs one more line, not one per datagram. */
#define L2TP_MALFORMED_LOGGED 5

enum l2tp_tunnel_state {
	L2TP_TUNNEL_IDLE,	    /* created, not started */
	L2TP_TUNNEL_WAIT_CTL_REPLY, /* RFC 2661 7.2: SCCRQ sent */
	L2TP_TUNNEL_ESTABLISHED,    /* RFC 2661 7.2: SCCCN sent */
	L2TP_TUNNEL_STOPPING,	    /* RFC 2661 5.7: StopCCN sent or received; state held */
	L2TP_TUNNEL_CLOSED,	    /* nothing more will happen */
};

struct l2tp_tunnel_config {
	const char *host_name; /* Host Name AVP; NULL → the system host name */
	const uint8_t *secret; /* tunnel secret (copied, wiped on free); NULL → none */
	size_t secret_len;
	const char *peer_name;	   /* the server in sentences, e.g. "192.0.2.1"; NULL → "" */
	unsigned retries;	   /* retransmissions before giving up; 0 → 5 */
	uint32_t hello_interval_s; /* idle time before HELLO; 0 → 60; L2TP_HELLO_DISABLED */
	uint16_t recv_window;	   /* our Receive Window Size; 0 → 4 */
	const char *vendor_name;   /* Vendor Name AVP; NULL → "l2tpc" */
};

/** What the data plane needs once the call is up. */
struct l2tp_session_info {
	uint16_t local_tunnel_id, peer_tunnel_id;
	uint16_t local_session_id, peer_session_id;
	bool sequencing_required; /* we sent Sequencing Required: data always carries Ns */
};

struct l2tp_tunnel;

struct l2tp_tunnel_events {
	/** SCCCN sent: start the session. */
	void (*tunnel_up)(struct l2tp_tunnel *t, uint16_t local_id, uint16_t peer_id,
			  void *user_data);
	/** ICCN sent: start the data plane now (LCP may arrive before the ICCN is acked). */
	void (*session_up)(struct l2tp_tunnel *t, const struct l2tp_session_info *info,
			   void *user_data);
	/** The connection is down, once. @failure has class NONE after l2tp_tunnel_stop(). */
	void (*closed)(struct l2tp_tunnel *t, const struct l2tpc_failure *failure, void *user_data);
	/** Optional: the RFC 2661 5.7 hold is over; the tunnel may be freed here. */
	void (*finished)(struct l2tp_tunnel *t, void *user_data);
};

typedef void (*l2tp_data_fn)(const uint8_t *ppp, size_t len, void *user_data);

/** @cfg, @io and @events are copied. */
struct l2tp_tunnel *l2tp_tunnel_new(const struct l2tp_tunnel_config *cfg, const struct l2tp_io *io,
				    const struct l2tp_tunnel_events *events, void *user_data);
/** Cancels the timer and frees everything, at any time (sends nothing). */
void l2tp_tunnel_free(struct l2tp_tunnel *t);

/** Sends SCCRQ with fresh random tunnel ID (and challenge). Returns 0 or -EALREADY. */
int l2tp_tunnel_start(struct l2tp_tunnel *t);
/** Sends ICRQ with a fresh random session ID. Returns 0, -ENOTCONN before tunnel_up, or
 * -EALREADY if a session exists. @cfg may be NULL (defaults). */
int l2tp_tunnel_start_session(struct l2tp_tunnel *t, const struct l2tp_session_config *cfg);
/** Feeds one datagram received from the server (control or data). Never fails: bad input is
 * logged and dropped, or ends the tunnel with a failure sentence. */
void l2tp_tunnel_receive(struct l2tp_tunnel *t, const uint8_t *pkt, size_t len);
/** User hang-up: CDN (if a call is up), StopCCN, then the 5.7 hold. closed() fires with NONE
 * once the server acknowledged both (the transport may go then), or after
 * L2TP_STOP_ACK_WAIT_MS. */
void l2tp_tunnel_stop(struct l2tp_tunnel *t);
/** Hang-up towards a server known dead or out of reach: one StopCCN (no CDN before it) for a
 * server that may still hear it, and closed() fires at once, without waiting for any ack (also
 * cuts short the wait of a l2tp_tunnel_stop() in progress). */
void l2tp_tunnel_drop(struct l2tp_tunnel *t);

/** Userspace data path: PPP frames (T=0) for our session, from ESTABLISHED on. */
void l2tp_tunnel_set_data_handler(struct l2tp_tunnel *t, l2tp_data_fn fn, void *user_data);
/** Sends one PPP frame as an L2TP data packet; S set when required or mirroring the server
 * (RFC 2661 5.4). Returns 0, -ENOTCONN without an established session, -EMSGSIZE, or the
 * transmit error. */
int l2tp_tunnel_send_data(struct l2tp_tunnel *t, const uint8_t *ppp, size_t len);

const char *l2tp_tunnel_state_name(enum l2tp_tunnel_state state);
/* State, IDs and session: the engine learns them from the events; the unit tests, which
 * drive the tunnel packet by packet, observe them here. */
enum l2tp_tunnel_state l2tp_tunnel_get_state(const struct l2tp_tunnel *t);
uint16_t l2tp_tunnel_local_id(const struct l2tp_tunnel *t);
uint16_t l2tp_tunnel_peer_id(const struct l2tp_tunnel *t);
/** The session, or NULL before l2tp_tunnel_start_session(). */
struct l2tp_session *l2tp_tunnel_get_session(const struct l2tp_tunnel *t);
