// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "l2tp-auth.h"
#include "l2tp-reliable.h"
#include "l2tp-result.h"
#include "l2tp-tunnel.h"
#include "l2tpc-log.h"
#include "l2tpc-i18n.h"

struct l2tp_tunnel {
	enum l2tp_tunnel_state state;
	struct l2tp_io io;
	struct l2tp_tunnel_events ev;
	void *user_data;

	char *host_name, *peer_name, *vendor_name;
	uint8_t *secret;
	size_t secret_len;
	uint32_t hello_ms; /* 0: disabled */
	uint16_t recv_window;

	uint16_t local_id, peer_id;
	uint8_t challenge[L2TP_CHALLENGE_LEN]; /* ours, sent in SCCRQ if a secret is set */
	unsigned int malformed; /* malformed control messages dropped (L2TP_MALFORMED_LOGGED) */
	struct l2tp_reliable rel;
	struct l2tpc_failure failure;
	bool closed_emitted;
	bool user_stop;		    /* l2tp_tunnel_stop(): closed waits for the StopCCN's ack */
	uint64_t stop_ack_deadline; /* ... or until this; 0: not waiting */

	void *timer;
	uint64_t last_rx;	/* RFC 2661 5.5: HELLO after this much silence */
	uint64_t hold_deadline; /* STOPPING ends here */

	struct l2tp_session *session;
	bool session_was_up;
	bool data_seq; /* RFC 2661 5.4: mirror of the server's S bit */
	uint16_t data_ns;
	l2tp_data_fn data_fn;
	void *data_user_data;
};

static void tunnel_reschedule(struct l2tp_tunnel *t);

const char *l2tp_tunnel_state_name(enum l2tp_tunnel_state state)
{
	switch (state) {
	case L2TP_TUNNEL_IDLE:
		return "idle";
	case L2TP_TUNNEL_WAIT_CTL_REPLY:
		return "wait-ctl-reply";
	case L2TP_TUNNEL_ESTABLISHED:
		return "established";
	case L2TP_TUNNEL_STOPPING:
		return "stopping";
	case L2TP_TUNNEL_CLOSED:
		return "closed";
	}
	return "unknown";
}

static uint64_t tunnel_now(struct l2tp_tunnel *t)
{
	return t->io.now_ms(t->io.user_data);
}

static void tunnel_random(struct l2tp_tunnel *t, void *buf, size_t len)
{
	l2tp_io_random(&t->io, buf, len);
}

/* RFC 2661 5.3: 0 is never assigned. A new ID on every attempt: xl2tpd ignores a repeated SCCRQ
 * with the same Assigned Tunnel ID from the same address. */
static uint16_t tunnel_random_id(struct l2tp_tunnel *t)
{
	uint16_t id = 0;

	while (id == 0)
		tunnel_random(t, &id, sizeof(id));
	return id;
}

static int tunnel_transmit(const uint8_t *pkt, size_t len, void *user_data)
{
	struct l2tp_tunnel *t = user_data;

	return t->io.transmit(pkt, len, t->io.user_data);
}

struct l2tp_tunnel *l2tp_tunnel_new(const struct l2tp_tunnel_config *cfg, const struct l2tp_io *io,
				    const struct l2tp_tunnel_events *events, void *user_data)
{
	struct l2tp_tunnel *t = g_new0(struct l2tp_tunnel, 1);

	t->io = *io;
	t->ev = *events;
	t->user_data = user_data;
	t->host_name =
		g_strdup(cfg->host_name && *cfg->host_name ? cfg->host_name : g_get_host_name());
	t->peer_name = g_strdup(cfg->peer_name && *cfg->peer_name ? cfg->peer_name : "");
	t->vendor_name = g_strdup(cfg->vendor_name ? cfg->vendor_name : "l2tpc");
	if (cfg->secret && cfg->secret_len) {
		t->secret = g_memdup2(cfg->secret, cfg->secret_len);
		t->secret_len = cfg->secret_len;
	}
	if (cfg->hello_interval_s == L2TP_HELLO_DISABLED)
		t->hello_ms = 0;
	else
		t->hello_ms = 1000u * (cfg->hello_interval_s ? cfg->hello_interval_s
							     : L2TP_HELLO_INTERVAL_S);
	t->recv_window = cfg->recv_window ? cfg->recv_window : L2TP_DEFAULT_WINDOW;
	l2tp_reliable_init(&t->rel, cfg->retries, tunnel_transmit, t);
	t->rel.recv_window = t->recv_window;
	return t;
}

void l2tp_tunnel_free(struct l2tp_tunnel *t)
{
	if (!t)
		return;
	if (t->malformed > L2TP_MALFORMED_LOGGED)
		l2tpc_info("l2tp",
			   "tunnel %u: %u malformed control messages from %s dropped in all",
			   t->local_id, t->malformed, t->peer_name);
	if (t->timer)
		t->io.timer_cancel(t->timer, t->io.user_data);
	l2tp_reliable_clear(&t->rel);
	l2tp_session_free(t->session);
	if (t->secret) {
		explicit_bzero(t->secret, t->secret_len);
		g_free(t->secret);
	}
	l2tpc_failure_clear(&t->failure);
	g_free(t->host_name);
	g_free(t->peer_name);
	g_free(t->vendor_name);
	g_free(t);
}

static void tunnel_emit_closed(struct l2tp_tunnel *t)
{
	if (t->closed_emitted)
		return;
	t->closed_emitted = true;
	/* debug only: the owner of the tunnel says the failure to the user */
	if (l2tpc_failure_is_set(&t->failure))
		l2tpc_debug("l2tp", "%s", t->failure.sentence);
	t->ev.closed(t, &t->failure, t->user_data);
}

static void tunnel_enter_state(struct l2tp_tunnel *t, enum l2tp_tunnel_state state)
{
	if (t->state == state)
		return;
	l2tpc_debug("l2tp", "tunnel %u: %s -> %s", t->local_id, l2tp_tunnel_state_name(t->state),
		    l2tp_tunnel_state_name(state));
	t->state = state;
	switch (state) {
	case L2TP_TUNNEL_ESTABLISHED:
		t->last_rx = tunnel_now(t);
		t->ev.tunnel_up(t, t->local_id, t->peer_id, t->user_data);
		break;
	case L2TP_TUNNEL_STOPPING:
		/* RFC 2661 5.7/5.8: keep state and reliable delivery for a full cycle. */
		t->hold_deadline = tunnel_now(t) + L2TP_TEARDOWN_HOLD_MS;
		if (t->session)
			l2tp_session_abort(t->session);
		/* Our own hang-up: the owner takes IPsec away once closed fires, so first let
		 * the CDN and StopCCN be acknowledged; with a server window of 1 the StopCCN is
		 * not even sent before the CDN's ack. */
		if (t->user_stop && !l2tp_reliable_all_acked(&t->rel)) {
			t->stop_ack_deadline = tunnel_now(t) + L2TP_STOP_ACK_WAIT_MS;
			break;
		}
		tunnel_emit_closed(t);
		break;
	case L2TP_TUNNEL_CLOSED:
		if (t->session)
			l2tp_session_abort(t->session);
		l2tp_reliable_clear(&t->rel);
		t->stop_ack_deadline = 0;
		tunnel_emit_closed(t);
		break;
	default:
		break;
	}
}

/* After our own hang-up: closed fires once everything we sent is acknowledged, or after
 * L2TP_STOP_ACK_WAIT_MS (a server that no longer answers). */
static void tunnel_check_stop_acked(struct l2tp_tunnel *t)
{
	if (!t->stop_ack_deadline)
		return;
	if (!l2tp_reliable_all_acked(&t->rel) && tunnel_now(t) < t->stop_ack_deadline &&
	    t->state == L2TP_TUNNEL_STOPPING)
		return;
	if (l2tp_reliable_all_acked(&t->rel))
		l2tpc_debug("l2tp", "tunnel %u: our CDN and StopCCN were acknowledged",
			    t->local_id);
	else
		l2tpc_info("l2tp",
			   "tunnel %u: the server did not acknowledge our StopCCN within "
			   "%u ms; closing anyway",
			   t->local_id, L2TP_STOP_ACK_WAIT_MS);
	t->stop_ack_deadline = 0;
	tunnel_emit_closed(t);
}

static void tunnel_send(struct l2tp_tunnel *t, GByteArray *msg, uint16_t peer_session_id)
{
	l2tp_reliable_send(&t->rel, msg, peer_session_id, tunnel_now(t));
}

/*
 * The one failure path of the tunnel: record the sentence, tell the server with StopCCN and
 * hold state (RFC 2661 5.7). @klass/@sentence may be NONE/NULL for our own clean hang-up.
 */
static void tunnel_fail(struct l2tp_tunnel *t, enum l2tpc_failure_class klass, uint16_t result,
			uint16_t error, const char *to_peer, const char *sentence)
{
	if (t->state == L2TP_TUNNEL_STOPPING || t->state == L2TP_TUNNEL_CLOSED)
		return;
	if (sentence)
		l2tpc_failure_set(&t->failure, klass, "%s", sentence);
	if (t->state == L2TP_TUNNEL_IDLE) {
		tunnel_enter_state(t, L2TP_TUNNEL_CLOSED);
		return;
	}
	/* RFC 2661 6.4: StopCCN carries our Assigned Tunnel ID; it ends every session. */
	tunnel_send(t, l2tp_msg_build_stopccn(t->local_id, result, error, to_peer), 0);
	tunnel_enter_state(t, L2TP_TUNNEL_STOPPING);
}

static void tunnel_fsm_error(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	g_autofree char *to_peer =
		g_strdup_printf(_("unexpected %s in state %s"), l2tp_msg_type_name(m->type),
				l2tp_tunnel_state_name(t->state));
	g_autofree char *sentence = g_strdup_printf(
		_("The L2TP server %s sent an unexpected %s while the tunnel was in state %s, so "
		  "the tunnel was closed; reconnect, and report it with a debug log if it keeps "
		  "happening."),
		t->peer_name, l2tp_msg_type_name(m->type), l2tp_tunnel_state_name(t->state));

	tunnel_fail(t, L2TPC_FAILURE_L2TP, L2TP_STOPCCN_FSM_ERROR, L2TP_ERROR_NONE, to_peer,
		    sentence);
}

int l2tp_tunnel_start(struct l2tp_tunnel *t)
{
	struct l2tp_sccrq_params p = {
		.host_name = t->host_name,
		.recv_window = t->recv_window,
		.vendor_name = t->vendor_name,
		/* Windows accepts only sync; advertise both like every LAC (RFC 2661 4.4.3). */
		.framing_caps = L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC,
	};

	if (t->state != L2TP_TUNNEL_IDLE)
		return -EALREADY;
	t->local_id = tunnel_random_id(t);
	p.tunnel_id = t->local_id;
	if (t->secret) {
		tunnel_random(t, t->challenge, sizeof(t->challenge));
		p.challenge = t->challenge;
		p.challenge_len = sizeof(t->challenge);
	}
	l2tpc_info("l2tp", "requesting tunnel %u from %s as \"%s\"", t->local_id, t->peer_name,
		   t->host_name);
	t->state = L2TP_TUNNEL_WAIT_CTL_REPLY;
	tunnel_send(t, l2tp_msg_build_sccrq(&p), 0);
	tunnel_reschedule(t);
	return 0;
}

/* RFC 2661 5.1.1 / 4.4.3: check the server's answer to our challenge; answer its challenge.
 * Returns false after failing the tunnel. */
static bool tunnel_authenticate(struct l2tp_tunnel *t, const struct l2tp_msg *m,
				uint8_t response[L2TP_CHALLENGE_RESP_LEN], bool *respond)
{
	enum l2tp_auth_verdict v = l2tp_auth_check_sccrp(m, t->secret, t->secret_len, t->challenge,
							 sizeof(t->challenge), response, respond);
	g_autofree char *sentence = NULL;

	if (v == L2TP_AUTH_OK)
		return true;
	sentence = l2tp_auth_sentence(v, t->peer_name);
	tunnel_fail(t, L2TPC_FAILURE_L2TP, L2TP_STOPCCN_NOT_AUTHORIZED, L2TP_ERROR_NONE,
		    l2tp_auth_to_peer(v), sentence);
	return false;
}

/* RFC 2661 6.2: the server accepts; check it, lock onto its port, answer with SCCCN (6.3). */
static void tunnel_on_sccrp(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	uint8_t response[L2TP_CHALLENGE_RESP_LEN];
	uint16_t peer_id = 0, window = 0;
	uint8_t ver = 0, rev = 0;
	bool respond;
	g_autofree char *host = NULL;

	if (!l2tp_msg_get_u16(m, L2TP_AVP_ASSIGNED_TUNNEL_ID, &peer_id) || peer_id == 0) {
		g_autofree char *s = g_strdup_printf(
			_("The L2TP server %s accepted the tunnel without assigning a tunnel ID; "
			  "report this server bug to its administrator."),
			t->peer_name);
		tunnel_fail(t, L2TPC_FAILURE_L2TP, L2TP_STOPCCN_GENERAL_ERROR, L2TP_ERROR_BAD_VALUE,
			    "SCCRP without Assigned Tunnel ID", s);
		return;
	}
	t->peer_id = peer_id;
	if (l2tp_msg_get_u16(m, L2TP_AVP_RECV_WINDOW_SIZE, &window) && window == 0)
		window = 1; /* RFC 2661 5.8 calls 0 invalid; send one at a time */
	l2tp_reliable_set_peer(&t->rel, peer_id, window);
	if (l2tp_msg_get_protocol_version(m, &ver, &rev) && ver != 1) {
		g_autofree char *s = g_strdup_printf(
			_("The L2TP server %s speaks L2TP protocol version %u.%u, not 1.0 (RFC "
			  "2661); this client cannot talk to it."),
			t->peer_name, ver, rev);
		tunnel_fail(t, L2TPC_FAILURE_L2TP, L2TP_STOPCCN_BAD_VERSION, L2TP_ERROR_NONE,
			    "protocol version 1.0 only", s);
		return;
	}
	if (!tunnel_authenticate(t, m, response, &respond))
		return;
	host = l2tp_msg_dup_string(m, L2TP_AVP_HOST_NAME);
	l2tpc_info("l2tp", "tunnel %u accepted by \"%s\" as tunnel %u (window %u)", t->local_id,
		   host ? host : "", peer_id, t->rel.peer_window);
	/* RFC 2661 8.1: the server may answer from another port; that port is now fixed. */
	if (t->io.peer_confirmed)
		t->io.peer_confirmed(t->io.user_data);
	tunnel_send(t, l2tp_msg_build_scccn(respond ? response : NULL), 0);
	explicit_bzero(response, sizeof(response));
	tunnel_enter_state(t, L2TP_TUNNEL_ESTABLISHED);
}

/* RFC 2661 5.7: the server clears the tunnel: ack at once, keep state for the hold time. */
static void tunnel_on_stopccn(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	g_autofree char *sentence = l2tp_result_sentence(m, t->peer_name);

	l2tp_reliable_flush_ack(&t->rel);
	l2tpc_failure_set(&t->failure,
			  t->session_was_up ? L2TPC_FAILURE_PEER_DISCONNECT : L2TPC_FAILURE_L2TP,
			  "%s", sentence);
	tunnel_enter_state(t, L2TP_TUNNEL_STOPPING);
}

/* RFC 2661 4.1 / 4.4.1: refuse a call we never place; a LAC does not take ICRQ/OCRQ. */
static void tunnel_refuse_call(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	uint16_t their_sid = 0;

	if (!l2tp_msg_get_u16(m, L2TP_AVP_ASSIGNED_SESSION_ID, &their_sid) || their_sid == 0)
		return;
	l2tpc_info("l2tp", "refusing %s from %s: a LAC places no calls for the server",
		   l2tp_msg_type_name(m->type), t->peer_name);
	tunnel_send(t,
		    l2tp_msg_build_cdn(0, L2TP_CDN_GENERAL_ERROR, L2TP_ERROR_VENDOR,
				       "l2tpc accepts no incoming or outgoing calls"),
		    their_sid);
}

static void tunnel_dispatch_session(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	if (m->hdr.session_id == 0 && (m->type == L2TP_MSG_ICRQ || m->type == L2TP_MSG_OCRQ)) {
		tunnel_refuse_call(t, m);
		return;
	}
	if (!t->session || m->hdr.session_id != l2tp_session_local_id(t->session)) {
		l2tpc_debug("l2tp", "%s for unknown session %u ignored",
			    l2tp_msg_type_name(m->type), m->hdr.session_id);
		return;
	}
	if (m->unknown_mandatory)
		l2tp_session_fail_unknown_avp(t->session, m);
	else
		l2tp_session_receive(t->session, m);
}

static void tunnel_fail_unknown_avp(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	g_autofree char *to_peer = g_strdup_printf(_("unknown mandatory AVP vendor %u type %u"),
						   m->unknown_vendor, m->unknown_type);
	g_autofree char *s = g_strdup_printf(
		_("The L2TP server %s sent a mandatory attribute this client does not know (vendor "
		  "%u, type %u, in %s), so the tunnel was closed as RFC 2661 requires; ask the "
		  "server's administrator to turn that vendor extension off for this client."),
		t->peer_name, m->unknown_vendor, m->unknown_type, l2tp_msg_type_name(m->type));

	tunnel_fail(t, L2TPC_FAILURE_L2TP, L2TP_STOPCCN_GENERAL_ERROR, L2TP_ERROR_UNKNOWN_MANDATORY,
		    to_peer, s);
}

/* switch (state) x switch (message) for the control connection, RFC 2661 7.2. */
static void tunnel_dispatch(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	if (!l2tp_msg_type_known(m->type)) {
		/* RFC 2661 4.4.1: unknown type with M=1 clears the tunnel, with M=0 ignore it. */
		if (m->type_mandatory) {
			g_autofree char *s = g_strdup_printf(
				_("The L2TP server %s sent a control message of unknown type %u "
				  "marked mandatory, so the tunnel was closed as RFC 2661 "
				  "requires; "
				  "ask the server's administrator about this extension."),
				t->peer_name, m->type);
			tunnel_fail(t, L2TPC_FAILURE_L2TP, L2TP_STOPCCN_GENERAL_ERROR,
				    L2TP_ERROR_BAD_VALUE, "unknown mandatory message type", s);
		}
		return;
	}
	/* RFC 2661 4.1: an unrecognised M=1 AVP in a tunnel message clears the tunnel (in a
	 * session message only the session: see tunnel_dispatch_session()). */
	if (m->unknown_mandatory && !l2tp_msg_type_is_session(m->type) &&
	    (t->state == L2TP_TUNNEL_WAIT_CTL_REPLY || t->state == L2TP_TUNNEL_ESTABLISHED)) {
		tunnel_fail_unknown_avp(t, m);
		return;
	}
	switch (t->state) {
	case L2TP_TUNNEL_WAIT_CTL_REPLY:
		switch (m->type) {
		case L2TP_MSG_SCCRP:
			tunnel_on_sccrp(t, m);
			return;
		case L2TP_MSG_STOPCCN:
			tunnel_on_stopccn(t, m);
			return;
		default:
			tunnel_fsm_error(t, m);
			return;
		}
	case L2TP_TUNNEL_ESTABLISHED:
		switch (m->type) {
		case L2TP_MSG_HELLO: /* RFC 2661 6.5: acknowledged by the transport */
			return;
		case L2TP_MSG_STOPCCN:
			tunnel_on_stopccn(t, m);
			return;
		case L2TP_MSG_SCCRQ:
		case L2TP_MSG_SCCRP:
		case L2TP_MSG_SCCCN:
			tunnel_fsm_error(t, m);
			return;
		default:
			tunnel_dispatch_session(t, m);
			return;
		}
	case L2TP_TUNNEL_STOPPING:
		/* RFC 2661 5.7: only acknowledgements from here on, and promptly. */
		l2tp_reliable_flush_ack(&t->rel);
		return;
	case L2TP_TUNNEL_IDLE:
	case L2TP_TUNNEL_CLOSED:
		return;
	}
}

/* RFC 2661 5.4: data for our session; the S bit of what the server sends decides ours. */
static void tunnel_receive_data(struct l2tp_tunnel *t, const uint8_t *pkt,
				const struct l2tp_header *h)
{
	if (t->state != L2TP_TUNNEL_ESTABLISHED || !t->session ||
	    l2tp_session_get_state(t->session) != L2TP_SESSION_ESTABLISHED ||
	    h->tunnel_id != t->local_id || h->session_id != l2tp_session_local_id(t->session)) {
		l2tpc_trace("l2tp", "stray data packet for %u/%u dropped", h->tunnel_id,
			    h->session_id);
		return;
	}
	t->last_rx = tunnel_now(t);
	if (!l2tp_session_sequencing_required(t->session))
		t->data_seq = h->has_seq;
	if (t->data_fn)
		t->data_fn(pkt + h->payload_off, h->length - h->payload_off, t->data_user_data);
}

static void tunnel_handle_timeout(struct l2tp_tunnel *t)
{
	g_autofree char *s = NULL;

	if (t->state == L2TP_TUNNEL_STOPPING) {
		tunnel_enter_state(t, L2TP_TUNNEL_CLOSED);
		return;
	}
	if (t->state == L2TP_TUNNEL_WAIT_CTL_REPLY)
		s = g_strdup_printf(
			_("The L2TP server %s did not answer the tunnel request (no reply after %u "
			  "retransmissions); check that the IPsec connection is up and that the "
			  "server runs an L2TP service on UDP port 1701."),
			t->peer_name, t->rel.retries);
	else
		s = g_strdup_printf(_("The L2TP server %s stopped acknowledging control messages "
				      "(no reply after "
				      "%u retransmissions); check the network path to the server "
				      "and reconnect."),
				    t->peer_name, t->rel.retries);
	/* RFC 2661 5.8: clear the tunnel; nobody is listening for a StopCCN. */
	l2tpc_failure_set(&t->failure, L2TPC_FAILURE_L2TP, "%s", s);
	tunnel_enter_state(t, L2TP_TUNNEL_CLOSED);
}

static void tunnel_on_timer(void *arg)
{
	struct l2tp_tunnel *t = arg;
	uint64_t now = tunnel_now(t);

	t->timer = NULL;
	if (l2tp_reliable_tick(&t->rel, now) == -ETIMEDOUT)
		tunnel_handle_timeout(t);
	/* RFC 2661 5.5: HELLO after an idle period, unless something is already in flight (its
	 * retransmissions detect a dead peer just as well). */
	if (t->state == L2TP_TUNNEL_ESTABLISHED && t->hello_ms && now >= t->last_rx + t->hello_ms) {
		if (l2tp_reliable_all_acked(&t->rel))
			tunnel_send(t, l2tp_msg_build_hello(), 0);
		t->last_rx = now;
	}
	tunnel_check_stop_acked(t);
	if (t->state == L2TP_TUNNEL_STOPPING && now >= t->hold_deadline)
		tunnel_enter_state(t, L2TP_TUNNEL_CLOSED);
	if (t->state == L2TP_TUNNEL_CLOSED) {
		/* Last thing we do: the owner may free the tunnel in here. */
		if (t->ev.finished)
			t->ev.finished(t, t->user_data);
		return;
	}
	tunnel_reschedule(t);
}

static void tunnel_reschedule(struct l2tp_tunnel *t)
{
	uint64_t now = tunnel_now(t), next = l2tp_reliable_next_deadline(&t->rel);

	if (t->timer) {
		t->io.timer_cancel(t->timer, t->io.user_data);
		t->timer = NULL;
	}
	if (t->state == L2TP_TUNNEL_ESTABLISHED && t->hello_ms) {
		uint64_t hello = t->last_rx + t->hello_ms;

		next = next ? MIN(next, hello) : hello;
	}
	if (t->state == L2TP_TUNNEL_STOPPING)
		next = next ? MIN(next, t->hold_deadline) : t->hold_deadline;
	if (t->stop_ack_deadline)
		next = next ? MIN(next, t->stop_ack_deadline) : t->stop_ack_deadline;
	if (t->state == L2TP_TUNNEL_CLOSED && !next)
		return;
	if (t->state == L2TP_TUNNEL_IDLE || !next)
		return;
	t->timer =
		t->io.timer_arm(next > now ? next - now : 0, tunnel_on_timer, t, t->io.user_data);
}

/* A CLOSED tunnel whose closing happened outside a timer still owes `finished`: run it from a
 * zero-delay timer so the owner is never called back from inside its own call. */
static void tunnel_after_event(struct l2tp_tunnel *t)
{
	tunnel_check_stop_acked(t);
	if (t->state == L2TP_TUNNEL_CLOSED) {
		if (t->timer)
			t->io.timer_cancel(t->timer, t->io.user_data);
		t->timer = t->io.timer_arm(0, tunnel_on_timer, t, t->io.user_data);
		return;
	}
	tunnel_reschedule(t);
}

/* One control message whose header is ours: through the reliable transport, then (if it is
 * its turn) the state machines. */
static void tunnel_receive_control(struct l2tp_tunnel *t, const uint8_t *pkt, size_t len,
				   const struct l2tp_header *h)
{
	struct l2tp_msg m;
	const char *why = NULL;
	enum l2tp_rx_verdict v;
	int r;

	r = l2tp_msg_parse(pkt, len, t->secret, t->secret_len, &m, &why);
	if (r == -ENOKEY) {
		/* The server hides AVPs, so it expects a shared secret we do not have. */
		if (l2tp_reliable_receive(&t->rel, h, false, tunnel_now(t)) == L2TP_RX_NEW) {
			g_autofree char *s =
				g_strdup_printf(_("The L2TP server %s hides message attributes "
						  "with a tunnel secret; "
						  "set the L2TP tunnel secret in the profile."),
						t->peer_name);
			tunnel_fail(t, L2TPC_FAILURE_L2TP, L2TP_STOPCCN_NOT_AUTHORIZED,
				    L2TP_ERROR_NONE, "hidden AVP but no tunnel secret", s);
		}
		return;
	}
	if (r < 0) {
		t->malformed++;
		if (t->malformed <= L2TP_MALFORMED_LOGGED)
			l2tpc_warn("l2tp", "malformed control message from %s dropped: %s",
				   t->peer_name, why);
		if (t->malformed == L2TP_MALFORMED_LOGGED)
			l2tpc_warn("l2tp",
				   "further malformed control messages from %s are dropped "
				   "without a log line",
				   t->peer_name);
		return;
	}
	t->last_rx = tunnel_now(t);
	v = l2tp_reliable_receive(&t->rel, &m.hdr, m.zlb, t->last_rx);
	if (v == L2TP_RX_NEW) {
		l2tpc_debug("l2tp", "received %s Ns=%u Nr=%u session %u",
			    l2tp_msg_type_name(m.type), m.hdr.ns, m.hdr.nr, m.hdr.session_id);
		tunnel_dispatch(t, &m);
	} else if (v == L2TP_RX_DUPLICATE) {
		l2tpc_debug("l2tp", "duplicate %s Ns=%u acknowledged again",
			    l2tp_msg_type_name(m.type), m.hdr.ns);
		if (t->state == L2TP_TUNNEL_STOPPING)
			l2tp_reliable_flush_ack(&t->rel);
	} else if (v == L2TP_RX_OUT_OF_ORDER) {
		bool kept = l2tp_reliable_hold(&t->rel, &m.hdr, pkt, len);

		l2tpc_debug("l2tp", "%s Ns=%u arrived before Ns=%u: %s", l2tp_msg_type_name(m.type),
			    m.hdr.ns, t->rel.nr,
			    kept ? "kept until its turn" : "outside our window, dropped");
	}
	l2tp_msg_clear(&m);
}

void l2tp_tunnel_receive(struct l2tp_tunnel *t, const uint8_t *pkt, size_t len)
{
	struct l2tp_header h;
	GBytes *held;

	if (t->state == L2TP_TUNNEL_IDLE || t->state == L2TP_TUNNEL_CLOSED)
		return;
	if (l2tp_header_parse(pkt, len, &h) < 0)
		return; /* RFC 2661 3.1: other versions are discarded; so is garbage */
	if (!h.control) {
		tunnel_receive_data(t, pkt, &h);
		return;
	}
	/* Header Tunnel ID is ours; some servers send 0 when refusing the SCCRQ. */
	if (h.tunnel_id != t->local_id &&
	    !(h.tunnel_id == 0 && t->state == L2TP_TUNNEL_WAIT_CTL_REPLY))
		return;
	tunnel_receive_control(t, pkt, len, &h);
	/* RFC 2661 5.8: what arrived ahead of its turn follows, in order. */
	while (t->state != L2TP_TUNNEL_CLOSED && (held = l2tp_reliable_take_held(&t->rel))) {
		gsize n;
		const uint8_t *p = g_bytes_get_data(held, &n);

		if (l2tp_header_parse(p, n, &h) == 0)
			tunnel_receive_control(t, p, n, &h);
		g_bytes_unref(held);
	}
	tunnel_after_event(t);
}

static void tunnel_session_send(GByteArray *msg, uint16_t peer_session_id, void *user_data)
{
	tunnel_send(user_data, msg, peer_session_id);
}

static void tunnel_session_established(struct l2tp_session *s, void *user_data)
{
	struct l2tp_tunnel *t = user_data;
	struct l2tp_session_info info = {
		.local_tunnel_id = t->local_id,
		.peer_tunnel_id = t->peer_id,
		.local_session_id = l2tp_session_local_id(s),
		.peer_session_id = l2tp_session_peer_id(s),
		.sequencing_required = l2tp_session_sequencing_required(s),
	};

	t->session_was_up = true;
	t->data_seq = info.sequencing_required;
	l2tpc_info("l2tp", "call up: session %u, server session %u", info.local_session_id,
		   info.peer_session_id);
	t->ev.session_up(t, &info, t->user_data);
}

/* The only session ended: the client has nothing left to carry, so close the tunnel too
 * (RFC 2661 5.6: "typically is"). */
static void tunnel_session_closed(struct l2tp_session *s, void *user_data)
{
	struct l2tp_tunnel *t = user_data;
	const struct l2tpc_failure *f = l2tp_session_failure(s);

	if (t->state != L2TP_TUNNEL_ESTABLISHED)
		return;
	if (l2tpc_failure_is_set(f))
		l2tpc_failure_copy(&t->failure, f);
	tunnel_fail(t, L2TPC_FAILURE_NONE, L2TP_STOPCCN_CLEAR, L2TP_ERROR_NONE, NULL, NULL);
}

static const struct l2tp_session_ops tunnel_session_ops = {
	.send = tunnel_session_send,
	.established = tunnel_session_established,
	.closed = tunnel_session_closed,
};

int l2tp_tunnel_start_session(struct l2tp_tunnel *t, const struct l2tp_session_config *cfg)
{
	uint32_t serial;

	if (t->state != L2TP_TUNNEL_ESTABLISHED)
		return -ENOTCONN;
	if (t->session)
		return -EALREADY;
	tunnel_random(t, &serial, sizeof(serial));
	t->session = l2tp_session_new(cfg, tunnel_random_id(t), serial, t->peer_name,
				      &tunnel_session_ops, t);
	l2tp_session_start(t->session);
	tunnel_reschedule(t);
	return 0;
}

void l2tp_tunnel_stop(struct l2tp_tunnel *t)
{
	if (t->state == L2TP_TUNNEL_IDLE) {
		t->state = L2TP_TUNNEL_CLOSED;
		return;
	}
	if (t->state != L2TP_TUNNEL_WAIT_CTL_REPLY && t->state != L2TP_TUNNEL_ESTABLISHED)
		return;
	l2tpc_info("l2tp", "closing tunnel %u", t->local_id);
	t->user_stop = true;
	/* CDN first (RFC 2661 5.6), then StopCCN, which would end the call anyway (5.7). */
	if (t->session && l2tp_session_get_state(t->session) == L2TP_SESSION_ESTABLISHED)
		l2tp_session_hangup(t->session, L2TP_CDN_ADMIN, L2TP_ERROR_NONE,
				    "user disconnected");
	tunnel_fail(t, L2TPC_FAILURE_NONE, L2TP_STOPCCN_CLEAR, L2TP_ERROR_NONE, "user disconnected",
		    NULL);
	tunnel_reschedule(t);
}

void l2tp_tunnel_drop(struct l2tp_tunnel *t)
{
	if (t->state == L2TP_TUNNEL_STOPPING && t->stop_ack_deadline) {
		t->stop_ack_deadline = 0;
		tunnel_emit_closed(t);
		return;
	}
	if (t->state != L2TP_TUNNEL_WAIT_CTL_REPLY && t->state != L2TP_TUNNEL_ESTABLISHED) {
		l2tp_tunnel_stop(t);
		return;
	}
	l2tpc_info("l2tp", "dropping tunnel %u: the server is out of reach", t->local_id);
	/* not user_stop: STOPPING reports closed at once */
	tunnel_fail(t, L2TPC_FAILURE_NONE, L2TP_STOPCCN_CLEAR, L2TP_ERROR_NONE, "user disconnected",
		    NULL);
	tunnel_reschedule(t);
}

void l2tp_tunnel_set_data_handler(struct l2tp_tunnel *t, l2tp_data_fn fn, void *user_data)
{
	t->data_fn = fn;
	t->data_user_data = user_data;
}

int l2tp_tunnel_send_data(struct l2tp_tunnel *t, const uint8_t *ppp, size_t len)
{
	g_autofree uint8_t *pkt = NULL;
	size_t hlen;
	bool seq;

	if (t->state != L2TP_TUNNEL_ESTABLISHED || !t->session ||
	    l2tp_session_get_state(t->session) != L2TP_SESSION_ESTABLISHED)
		return -ENOTCONN;
	if (len > L2TP_MSG_MAX - L2TP_DATA_HDR_MAX)
		return -EMSGSIZE;
	/* RFC 2661 5.4: always with Sequencing Required, else as the server last did. */
	seq = l2tp_session_sequencing_required(t->session) || t->data_seq;
	pkt = g_malloc(L2TP_DATA_HDR_MAX + len);
	hlen = l2tp_header_put_data(pkt, t->peer_id, l2tp_session_peer_id(t->session), seq,
				    t->data_ns);
	if (seq)
		t->data_ns++;
	memcpy(pkt + hlen, ppp, len);
	return t->io.transmit(pkt, hlen + len, t->io.user_data);
}

enum l2tp_tunnel_state l2tp_tunnel_get_state(const struct l2tp_tunnel *t)
{
	return t->state;
}

uint16_t l2tp_tunnel_local_id(const struct l2tp_tunnel *t)
{
	return t->local_id;
}

uint16_t l2tp_tunnel_peer_id(const struct l2tp_tunnel *t)
{
	return t->peer_id;
}

struct l2tp_session *l2tp_tunnel_get_session(const struct l2tp_tunnel *t)
{
	return t->session;
}
