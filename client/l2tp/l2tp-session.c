// SPDX-License-Identifier: GPL-2.0-or-later
#include "l2tp-session.h"
#include "l2tp-result.h"
#include "l2tpc-log.h"
#include "l2tpc-i18n.h"

struct l2tp_session {
	enum l2tp_session_state state;
	struct l2tp_session_config cfg;
	uint16_t local_id, peer_id;
	uint32_t serial;
	char *peer_name;
	struct l2tpc_failure failure;
	const struct l2tp_session_ops *ops;
	void *user_data;
};

const char *l2tp_session_state_name(enum l2tp_session_state state)
{
	switch (state) {
	case L2TP_SESSION_IDLE:
		return "idle";
	case L2TP_SESSION_WAIT_REPLY:
		return "wait-reply";
	case L2TP_SESSION_ESTABLISHED:
		return "established";
	case L2TP_SESSION_CLOSED:
		return "closed";
	}
	return "unknown";
}

struct l2tp_session *l2tp_session_new(const struct l2tp_session_config *cfg, uint16_t local_id,
				      uint32_t serial, const char *peer_name,
				      const struct l2tp_session_ops *ops, void *user_data)
{
	struct l2tp_session *s = g_new0(struct l2tp_session, 1);

	if (cfg)
		s->cfg = *cfg;
	if (!s->cfg.tx_connect_speed)
		s->cfg.tx_connect_speed = L2TP_DEFAULT_CONNECT_SPEED;
	if (!s->cfg.rx_connect_speed)
		s->cfg.rx_connect_speed = s->cfg.tx_connect_speed;
	s->local_id = local_id;
	s->serial = serial;
	s->peer_name = g_strdup(peer_name);
	s->ops = ops;
	s->user_data = user_data;
	return s;
}

void l2tp_session_free(struct l2tp_session *s)
{
	if (!s)
		return;
	l2tpc_failure_clear(&s->failure);
	g_free(s->peer_name);
	g_free(s);
}

static void session_enter_state(struct l2tp_session *s, enum l2tp_session_state state)
{
	if (s->state == state)
		return;
	l2tpc_debug("l2tp", "session %u: %s -> %s", s->local_id, l2tp_session_state_name(s->state),
		    l2tp_session_state_name(state));
	s->state = state;
	if (state == L2TP_SESSION_ESTABLISHED)
		s->ops->established(s, s->user_data);
	else if (state == L2TP_SESSION_CLOSED)
		s->ops->closed(s, s->user_data);
}

static void session_send_cdn(struct l2tp_session *s, uint16_t result, uint16_t error,
			     const char *msg)
{
	s->ops->send(l2tp_msg_build_cdn(s->local_id, result, error, msg), s->peer_id, s->user_data);
}

void l2tp_session_start(struct l2tp_session *s)
{
	if (s->state != L2TP_SESSION_IDLE)
		return;
	/* RFC 2661 6.6: header Session ID 0, our ID in Assigned Session ID. */
	s->ops->send(l2tp_msg_build_icrq(s->local_id, s->serial, s->cfg.bearer_type), 0,
		     s->user_data);
	session_enter_state(s, L2TP_SESSION_WAIT_REPLY);
}

/* The one failure path for our side: a CDN that tells the server why, one sentence for the
 * user, then closed. */
static void session_fail(struct l2tp_session *s, uint16_t result, uint16_t error,
			 const char *to_peer, const char *sentence)
{
	if (s->state == L2TP_SESSION_CLOSED)
		return;
	l2tpc_failure_set(&s->failure, L2TPC_FAILURE_L2TP, "%s", sentence);
	if (s->state != L2TP_SESSION_IDLE)
		session_send_cdn(s, result, error, to_peer);
	session_enter_state(s, L2TP_SESSION_CLOSED);
}

static void session_fsm_error(struct l2tp_session *s, const struct l2tp_msg *m)
{
	g_autofree char *to_peer =
		g_strdup_printf(_("unexpected %s in session state %s"), l2tp_msg_type_name(m->type),
				l2tp_session_state_name(s->state));
	g_autofree char *sentence = g_strdup_printf(
		_("The L2TP server %s sent an unexpected %s while the call was in state %s, so the "
		  "call was ended; reconnect, and report it with a debug log if it keeps "
		  "happening."),
		s->peer_name, l2tp_msg_type_name(m->type), l2tp_session_state_name(s->state));

	session_fail(s, L2TP_CDN_GENERAL_ERROR, L2TP_ERROR_VENDOR, to_peer, sentence);
}

void l2tp_session_fail_unknown_avp(struct l2tp_session *s, const struct l2tp_msg *m)
{
	uint16_t peer_id = 0;
	g_autofree char *to_peer = g_strdup_printf(_("unknown mandatory AVP vendor %u type %u"),
						   m->unknown_vendor, m->unknown_type);
	g_autofree char *sentence = g_strdup_printf(
		_("The L2TP server %s sent a mandatory attribute this client does not know (vendor "
		  "%u, type %u, in %s), so the call was ended as RFC 2661 requires; ask the "
		  "server's administrator to turn that vendor extension off for this client."),
		s->peer_name, m->unknown_vendor, m->unknown_type, l2tp_msg_type_name(m->type));

	/* RFC 2661 6.12: the CDN's header carries the server's session ID. An ICRP is where the
	 * server assigns it: read it first, or the CDN would go to session 0 and the server
	 * would never match it to the call. */
	if (s->state == L2TP_SESSION_WAIT_REPLY && m->type == L2TP_MSG_ICRP &&
	    l2tp_msg_get_u16(m, L2TP_AVP_ASSIGNED_SESSION_ID, &peer_id) && peer_id)
		s->peer_id = peer_id;
	session_fail(s, L2TP_CDN_GENERAL_ERROR, L2TP_ERROR_UNKNOWN_MANDATORY, to_peer, sentence);
}

/* RFC 2661 6.7: ICRP carries the server's Assigned Session ID; we answer with ICCN (6.8). */
static void session_on_icrp(struct l2tp_session *s, const struct l2tp_msg *m)
{
	struct l2tp_iccn_params p = {
		.tx_speed = s->cfg.tx_connect_speed,
		.framing_type = L2TP_FRAMING_SYNC, /* Windows only supports synchronous framing */
		.send_rx_speed = s->cfg.send_rx_connect_speed,
		.rx_speed = s->cfg.rx_connect_speed,
		.sequencing_required = s->cfg.sequencing_required,
	};
	uint16_t peer_id = 0;

	if (!l2tp_msg_get_u16(m, L2TP_AVP_ASSIGNED_SESSION_ID, &peer_id) || peer_id == 0) {
		g_autofree char *sentence = g_strdup_printf(
			_("The L2TP server %s accepted the call without assigning a session ID, so "
			  "it cannot be used; report this server bug to its administrator."),
			s->peer_name);
		session_fail(s, L2TP_CDN_GENERAL_ERROR, L2TP_ERROR_BAD_VALUE,
			     "ICRP without Assigned Session ID", sentence);
		return;
	}
	s->peer_id = peer_id;
	s->ops->send(l2tp_msg_build_iccn(&p), s->peer_id, s->user_data);
	/* RFC 2661 7.4.1: the LAC is established once ICCN is sent; LCP may arrive before the
	 * server's ZLB does, so the data plane starts now. */
	session_enter_state(s, L2TP_SESSION_ESTABLISHED);
}

/* RFC 2661 5.6: the server hangs up. Its ZLB is sent by the reliable transport. */
static void session_on_cdn(struct l2tp_session *s, const struct l2tp_msg *m)
{
	g_autofree char *sentence = l2tp_result_sentence(m, s->peer_name);

	l2tpc_failure_set(&s->failure,
			  s->state == L2TP_SESSION_ESTABLISHED ? L2TPC_FAILURE_PEER_DISCONNECT
							       : L2TPC_FAILURE_L2TP,
			  "%s", sentence);
	session_enter_state(s, L2TP_SESSION_CLOSED);
}

static void session_on_sli(struct l2tp_session *s, const struct l2tp_msg *m)
{
	uint32_t send_accm, recv_accm;

	/* RFC 2661 6.14 / MS-L2TPIE 3.1.5.9: the ACCM only matters to an async HDLC link and a
	 * LAC over L2TP MUST ignore it. Meraki sends SLI; it is acknowledged and dropped. */
	if (l2tp_msg_get_accm(m, &send_accm, &recv_accm))
		l2tpc_debug("l2tp", "session %u: SLI send ACCM %08x receive ACCM %08x ignored",
			    s->local_id, send_accm, recv_accm);
}

/* RFC 2661 6.14 defines WEN as LAC -> LNS, but deployed LNSs send it during a call too (and
 * SLI, 6.15). It reports line error counters: nothing in it ends the call, so it is logged,
 * acknowledged by the transport and otherwise ignored, as Windows does. */
static void session_on_wen(struct l2tp_session *s, const struct l2tp_msg *m)
{
	struct l2tp_call_errors ce;

	if (l2tp_msg_get_call_errors(m, &ce))
		l2tpc_info("l2tp",
			   "session %u: the server reports line errors (CRC %u, framing %u, "
			   "overruns %u/%u, timeouts %u, alignment %u); the call goes on",
			   s->local_id, ce.crc, ce.framing, ce.hw_overruns, ce.buf_overruns,
			   ce.timeouts, ce.alignment);
	else
		l2tpc_info("l2tp", "session %u: WAN-Error-Notify without Call Errors ignored",
			   s->local_id);
}

void l2tp_session_receive(struct l2tp_session *s, const struct l2tp_msg *m)
{
	switch (s->state) {
	case L2TP_SESSION_WAIT_REPLY: /* RFC 2661 7.4.1, LAC wait-reply */
		switch (m->type) {
		case L2TP_MSG_ICRP:
			session_on_icrp(s, m);
			return;
		case L2TP_MSG_CDN:
			session_on_cdn(s, m);
			return;
		case L2TP_MSG_SLI:
			session_on_sli(s, m);
			return;
		case L2TP_MSG_WEN:
			session_on_wen(s, m);
			return;
		default:
			session_fsm_error(s, m);
			return;
		}
	case L2TP_SESSION_ESTABLISHED: /* RFC 2661 7.4.1, LAC established */
		switch (m->type) {
		case L2TP_MSG_CDN:
			session_on_cdn(s, m);
			return;
		case L2TP_MSG_SLI:
			session_on_sli(s, m);
			return;
		case L2TP_MSG_WEN:
			session_on_wen(s, m);
			return;
		case L2TP_MSG_ICRP:
			/* A second ICRP with a new Ns: the server lost track of the call. */
		default:
			session_fsm_error(s, m);
			return;
		}
	case L2TP_SESSION_IDLE:
	case L2TP_SESSION_CLOSED:
		/* Nothing to do: the transport has acknowledged it (e.g. the CDN crossing ours). */
		l2tpc_debug("l2tp", "session %u: %s ignored in state %s", s->local_id,
			    l2tp_msg_type_name(m->type), l2tp_session_state_name(s->state));
		return;
	}
}

void l2tp_session_hangup(struct l2tp_session *s, uint16_t result, uint16_t error, const char *msg)
{
	if (s->state == L2TP_SESSION_CLOSED)
		return;
	if (s->state != L2TP_SESSION_IDLE)
		session_send_cdn(s, result, error, msg);
	session_enter_state(s, L2TP_SESSION_CLOSED);
}

void l2tp_session_abort(struct l2tp_session *s)
{
	session_enter_state(s, L2TP_SESSION_CLOSED);
}

enum l2tp_session_state l2tp_session_get_state(const struct l2tp_session *s)
{
	return s->state;
}

uint16_t l2tp_session_local_id(const struct l2tp_session *s)
{
	return s->local_id;
}

uint16_t l2tp_session_peer_id(const struct l2tp_session *s)
{
	return s->peer_id;
}

bool l2tp_session_sequencing_required(const struct l2tp_session *s)
{
	return s->cfg.sequencing_required;
}

const struct l2tpc_failure *l2tp_session_failure(const struct l2tp_session *s)
{
	return &s->failure;
}
