/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tp-session: the LAC side of one incoming call (RFC 2661 5.2.1, 7.4.1).
 *
 *   ICRQ ->            (WAIT_REPLY)
 *            <- ICRP
 *   ICCN ->            (ESTABLISHED: the data plane may start; LCP can arrive any moment)
 *   CDN <-> either way (CLOSED)
 *
 * Owned and driven by l2tp-tunnel.c, which feeds it the in-order control messages addressed to
 * its session and queues what it sends; it never touches I/O itself. Owners of a connection use
 * the tunnel API (l2tp-tunnel.h), not this one; this header is here for the tunnel and tests.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "l2tp-msg.h"
#include "l2tpc-failure.h"

#define L2TP_DEFAULT_CONNECT_SPEED 100000000 /* bps in ICCN; Windows assumes 9600 if absent */

enum l2tp_session_state {
	L2TP_SESSION_IDLE,
	L2TP_SESSION_WAIT_REPLY,  /* RFC 2661 7.4.1 wait-reply: ICRQ sent */
	L2TP_SESSION_ESTABLISHED, /* ICCN sent (not necessarily acknowledged) */
	L2TP_SESSION_CLOSED,	  /* CDN sent or received */
};

/** What goes into ICRQ and ICCN. Zeroed means: 100 Mbit/s, no Rx speed, no sequencing. */
struct l2tp_session_config {
	uint32_t tx_connect_speed;  /* Tx Connect Speed (bps); 0 → L2TP_DEFAULT_CONNECT_SPEED */
	bool send_rx_connect_speed; /* Rx Connect Speed AVP; WatchGuard fails with it */
	uint32_t rx_connect_speed;  /* 0 → same as tx */
	bool sequencing_required;   /* Sequencing Required AVP: data always carries Ns */
	uint32_t bearer_type;	    /* ICRQ Bearer Type bits; 0 → omitted */
};

struct l2tp_session;

struct l2tp_session_ops {
	/** Queue @msg (ownership passes) on the tunnel's reliable transport with header Session
	 * ID @peer_session_id. */
	void (*send)(GByteArray *msg, uint16_t peer_session_id, void *user_data);
	/** ICCN was sent: the session is up. */
	void (*established)(struct l2tp_session *s, void *user_data);
	/** The session ended; l2tp_session_failure() says why (class NONE after our own hang-up).
	 */
	void (*closed)(struct l2tp_session *s, void *user_data);
};

/**
 * Creates a session with our Assigned Session ID @local_id (non-zero) and Call Serial Number
 * @serial. @peer_name names the server in failure sentences. The config is copied.
 */
struct l2tp_session *l2tp_session_new(const struct l2tp_session_config *cfg, uint16_t local_id,
				      uint32_t serial, const char *peer_name,
				      const struct l2tp_session_ops *ops, void *user_data);
void l2tp_session_free(struct l2tp_session *s);

/** Sends ICRQ (RFC 2661 6.6). */
void l2tp_session_start(struct l2tp_session *s);
/** One in-order control message for this session (header Session ID == our local ID). */
void l2tp_session_receive(struct l2tp_session *s, const struct l2tp_msg *m);
/** Hangs up with a CDN (RFC 2661 6.12) unless already closed; no failure is recorded. */
void l2tp_session_hangup(struct l2tp_session *s, uint16_t result, uint16_t error, const char *msg);
/** RFC 2661 4.1: an unrecognised AVP with M=1 in a session message ends the session. */
void l2tp_session_fail_unknown_avp(struct l2tp_session *s, const struct l2tp_msg *m);
/** The tunnel went away underneath (StopCCN, timeout): close without sending a CDN. */
void l2tp_session_abort(struct l2tp_session *s);

enum l2tp_session_state l2tp_session_get_state(const struct l2tp_session *s);
const char *l2tp_session_state_name(enum l2tp_session_state state);
uint16_t l2tp_session_local_id(const struct l2tp_session *s);
uint16_t l2tp_session_peer_id(const struct l2tp_session *s);
bool l2tp_session_sequencing_required(const struct l2tp_session *s);
const struct l2tpc_failure *l2tp_session_failure(const struct l2tp_session *s);
