// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Session tests: ICRQ/ICRP/ICCN, CDN both ways, SLI, refused calls, teardown in every state,
 * the data path hooks (RFC 2661 5.4 S-bit mirroring, data before the ICCN is acked). Driven
 * through the tunnel against the scripted LNS of l2tp-test-lns.h.
 */
#include <glib.h>

#include "l2tp-hidden.h"
#include "l2tp-result.h"
#include "l2tp-test-lns.h"

static void test_call_setup(void)
{
	static const struct {
		struct l2tp_session_config cfg;
		uint32_t tx;
		bool rx, seq;
	} cases[] = {
		{ { 0 }, L2TP_DEFAULT_CONNECT_SPEED, false, false },
		{ { .tx_connect_speed = 9600, .send_rx_connect_speed = true }, 9600, true, false },
		{ { .sequencing_required = true }, L2TP_DEFAULT_CONNECT_SPEED, false, true },
	};

	for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
		struct lns *l = lns_new(NULL);
		struct l2tp_msg m;
		uint16_t sid;
		uint32_t u32, serial;

		l->scfg = cases[c].cfg;
		lns_bring_up(l, LNS_SESSION_WAIT);
		lns_parse_sent(l, -1, &m, NULL);
		g_assert_cmpuint(m.type, ==, L2TP_MSG_ICRQ);
		g_assert_cmpuint(m.hdr.session_id, ==, 0);
		g_assert_true(l2tp_msg_get_u16(&m, L2TP_AVP_ASSIGNED_SESSION_ID, &sid));
		g_assert_cmpuint(sid, !=, 0);
		g_assert_cmpuint(sid, ==, lns_local_sid(l));
		g_assert_true(l2tp_msg_get_u32(&m, L2TP_AVP_CALL_SERIAL_NUMBER, &serial));
		l2tp_msg_clear(&m);
		g_assert_cmpstr(l2tp_session_state_name(
					l2tp_session_get_state(l2tp_tunnel_get_session(l->t))),
				==, "wait-reply");

		lns_send(l, lns_icrp(l), sid);
		g_assert_cmpint(l->session_up, ==, 1);
		g_assert_cmpuint(l->info.local_session_id, ==, sid);
		g_assert_cmpuint(l->info.peer_session_id, ==, l->sid);
		g_assert_cmpuint(l->info.local_tunnel_id, ==, l2tp_tunnel_local_id(l->t));
		g_assert_cmpuint(l->info.peer_tunnel_id, ==, l->tid);
		g_assert_cmpint(l->info.sequencing_required, ==, cases[c].seq);
		lns_parse_sent(l, -1, &m, NULL);
		g_assert_cmpuint(m.type, ==, L2TP_MSG_ICCN);
		g_assert_cmpuint(m.hdr.session_id, ==, l->sid);
		g_assert_true(l2tp_msg_get_u32(&m, L2TP_AVP_TX_CONNECT_SPEED, &u32));
		g_assert_cmpuint(u32, ==, cases[c].tx);
		g_assert_true(l2tp_msg_get_u32(&m, L2TP_AVP_FRAMING_TYPE, &u32));
		g_assert_cmpuint(u32, ==, L2TP_FRAMING_SYNC);
		g_assert_cmpint(l2tp_msg_has(&m, L2TP_AVP_RX_CONNECT_SPEED), ==, cases[c].rx);
		g_assert_cmpint(l2tp_msg_has(&m, L2TP_AVP_SEQUENCING_REQUIRED), ==, cases[c].seq);
		l2tp_msg_clear(&m);
		lns_free(l);
	}
}

/* StopCCN or CDN from the LNS in every state → one clean teardown carrying the codes. */
static void test_teardown_every_state(void)
{
	static const struct {
		enum lns_stage stage;
		uint16_t msg;
		enum l2tpc_failure_class klass;
		uint16_t we_send_last; /* after the teardown */
	} cases[] = {
		{ LNS_WAIT_CTL_REPLY, L2TP_MSG_STOPCCN, L2TPC_FAILURE_L2TP, L2TP_MSG_ZLB },
		{ LNS_TUNNEL_UP, L2TP_MSG_STOPCCN, L2TPC_FAILURE_L2TP, L2TP_MSG_ZLB },
		{ LNS_SESSION_WAIT, L2TP_MSG_STOPCCN, L2TPC_FAILURE_L2TP, L2TP_MSG_ZLB },
		{ LNS_SESSION_UP, L2TP_MSG_STOPCCN, L2TPC_FAILURE_PEER_DISCONNECT, L2TP_MSG_ZLB },
		{ LNS_SESSION_WAIT, L2TP_MSG_CDN, L2TPC_FAILURE_L2TP, L2TP_MSG_STOPCCN },
		{ LNS_SESSION_UP, L2TP_MSG_CDN, L2TPC_FAILURE_PEER_DISCONNECT, L2TP_MSG_STOPCCN },
	};

	for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
		struct lns *l = lns_new(NULL);
		GByteArray *b;

		g_test_message("teardown case %zu", c);
		lns_bring_up(l, cases[c].stage);
		if (cases[c].msg == L2TP_MSG_STOPCCN) {
			b = l2tp_msg_build_stopccn(l->tid, L2TP_STOPCCN_GENERAL_ERROR,
						   L2TP_ERROR_NO_RESOURCES, "too many tunnels");
			lns_send(l, b, 0);
		} else {
			b = l2tp_msg_build_cdn(l->sid, L2TP_CDN_ADMIN, L2TP_ERROR_VENDOR,
					       "idle timeout");
			lns_send(l, b, lns_local_sid(l));
		}
		lns_advance(l, 200);
		g_assert_cmpint(l->closed, ==, 1);
		g_assert_cmpint(l->closed_class, ==, cases[c].klass);
		g_assert_cmpuint(lns_sent_type(l, -1), ==, cases[c].we_send_last);
		if (cases[c].msg == L2TP_MSG_STOPCCN) {
			g_assert_nonnull(strstr(l->closed_sentence, "StopCCN result 2"));
			g_assert_nonnull(strstr(l->closed_sentence, "error 4"));
			g_assert_nonnull(strstr(l->closed_sentence, "too many tunnels"));
		} else {
			g_assert_nonnull(strstr(l->closed_sentence, "CDN result 3"));
			g_assert_nonnull(strstr(l->closed_sentence, "error 6"));
			g_assert_nonnull(strstr(l->closed_sentence, "idle timeout"));
		}
		g_assert_true(g_str_has_suffix(l->closed_sentence, "."));
		g_assert_cmpint(l2tp_tunnel_get_state(l->t), ==, L2TP_TUNNEL_STOPPING);
		if (l2tp_tunnel_get_session(l->t))
			g_assert_cmpint(l2tp_session_get_state(l2tp_tunnel_get_session(l->t)), ==,
					L2TP_SESSION_CLOSED);
		lns_send_zlb(l);
		lns_advance(l, L2TP_TEARDOWN_HOLD_MS);
		g_assert_cmpint(l->finished, ==, 1);
		g_assert_cmpint(l->closed, ==, 1);
		lns_free(l);
	}
}

/* Every unexpected (state, message) pair goes to the failure path with a reason. */
static void test_unexpected_pairs(void)
{
	static const struct {
		enum lns_stage stage;
		uint16_t type;
		bool to_session;
		uint16_t we_send; /* first thing sent in answer */
	} cases[] = {
		{ LNS_WAIT_CTL_REPLY, L2TP_MSG_HELLO, false, L2TP_MSG_STOPCCN },
		{ LNS_WAIT_CTL_REPLY, L2TP_MSG_ICRP, false, L2TP_MSG_STOPCCN },
		{ LNS_TUNNEL_UP, L2TP_MSG_SCCRP, false, L2TP_MSG_STOPCCN },
		{ LNS_TUNNEL_UP, L2TP_MSG_SCCRQ, false, L2TP_MSG_STOPCCN },
		{ LNS_SESSION_WAIT, L2TP_MSG_ICCN, true, L2TP_MSG_CDN },
		{ LNS_SESSION_WAIT, L2TP_MSG_OCRP, true, L2TP_MSG_CDN },
		{ LNS_SESSION_UP, L2TP_MSG_ICRP, true, L2TP_MSG_CDN },
		{ LNS_SESSION_UP, L2TP_MSG_OCCN, true, L2TP_MSG_CDN },
	};

	for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
		struct lns *l = lns_new(NULL);
		guint n;
		struct l2tp_msg m;
		struct l2tp_result_code rc;

		g_test_message("unexpected case %zu", c);
		lns_bring_up(l, cases[c].stage);
		n = l->sent->len;
		GByteArray *b = l2tp_msg_build_new(cases[c].type);
		if (cases[c].type == L2TP_MSG_ICRP)
			l2tp_avp_put_u16(b, true, L2TP_AVP_ASSIGNED_SESSION_ID, l->sid);
		lns_send(l, b, cases[c].to_session ? lns_local_sid(l) : 0);
		g_assert_cmpint(l->closed, ==, 1);
		g_assert_cmpint(l->closed_class, ==, L2TPC_FAILURE_L2TP);
		g_assert_nonnull(strstr(l->closed_sentence, "unexpected"));
		g_assert_nonnull(strstr(l->closed_sentence, l2tp_msg_type_name(cases[c].type)));
		lns_parse_sent(l, (int)n, &m, NULL);
		g_assert_cmpuint(m.type, ==, cases[c].we_send);
		g_assert_true(l2tp_msg_get_result_code(&m, &rc));
		g_assert_cmpuint(rc.result, ==,
				 cases[c].we_send == L2TP_MSG_CDN ? L2TP_CDN_GENERAL_ERROR
								  : L2TP_STOPCCN_FSM_ERROR);
		g_assert_nonnull(g_strstr_len(rc.message, (gssize)rc.message_len, "unexpected"));
		l2tp_msg_clear(&m);
		if (cases[c].we_send == L2TP_MSG_CDN)
			g_assert_cmpuint(lns_sent_type(l, -1), ==, L2TP_MSG_STOPCCN);
		lns_free(l);
	}
}

/* Cisco Meraki sends SLI, deployed LNSs send WEN (with or without Call Errors) during a call:
 * each is acknowledged and informational in both session states, never a call failure. */
static void test_sli_wen_informational(void)
{
	static const struct {
		uint16_t type;
		bool with_avp;
	} msgs[] = {
		{ L2TP_MSG_SLI, true },
		{ L2TP_MSG_WEN, true },
		{ L2TP_MSG_WEN, false },
	};

	for (size_t c = 0; c < G_N_ELEMENTS(msgs); c++)
		for (enum lns_stage st = LNS_SESSION_WAIT; st <= LNS_SESSION_UP; st++) {
			struct lns *l = lns_new(NULL);
			GByteArray *b;
			uint8_t accm[10] = { 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff };
			uint8_t errors[26] = {
				0, 0, 0, 0, 0, 7, 0, 0, 0, 1
			}; /* CRC 7, framing 1 */
			struct l2tp_msg m;

			g_test_message("%s with%s AVP in stage %d",
				       l2tp_msg_type_name(msgs[c].type),
				       msgs[c].with_avp ? "" : "out", st);
			lns_bring_up(l, st);
			b = l2tp_msg_build_new(msgs[c].type);
			if (msgs[c].with_avp && msgs[c].type == L2TP_MSG_SLI)
				l2tp_avp_put(b, true, 0, L2TP_AVP_ACCM, accm, sizeof(accm));
			else if (msgs[c].with_avp)
				l2tp_avp_put(b, true, 0, L2TP_AVP_CALL_ERRORS, errors,
					     sizeof(errors));
			lns_send(l, b, lns_local_sid(l));
			lns_advance(l, 200);
			g_assert_cmpint(l->closed, ==, 0);
			lns_parse_sent(l, -1, &m, NULL);
			g_assert_true(m.zlb);
			g_assert_cmpuint(m.hdr.nr, ==, l->ns);
			l2tp_msg_clear(&m);
			if (st == LNS_SESSION_WAIT) {
				lns_send(l, lns_icrp(l), lns_local_sid(l));
				g_assert_cmpint(l->session_up, ==, 1);
			}
			lns_free(l);
		}
}

/* A LAC takes no calls: ICRQ/OCRQ from the LNS get a CDN addressed to their session. */
static void test_refuse_calls(void)
{
	static const uint16_t types[] = { L2TP_MSG_ICRQ, L2TP_MSG_OCRQ };

	for (size_t c = 0; c < G_N_ELEMENTS(types); c++) {
		struct lns *l = lns_new(NULL);
		GByteArray *b = l2tp_msg_build_new(types[c]);
		struct l2tp_msg m;
		struct l2tp_result_code rc;

		lns_bring_up(l, LNS_SESSION_UP);
		l2tp_avp_put_u16(b, true, L2TP_AVP_ASSIGNED_SESSION_ID, 0x4444);
		l2tp_avp_put_u32(b, true, L2TP_AVP_CALL_SERIAL_NUMBER, 1);
		lns_send(l, b, 0);
		lns_parse_sent(l, -1, &m, NULL);
		g_assert_cmpuint(m.type, ==, L2TP_MSG_CDN);
		g_assert_cmpuint(m.hdr.session_id, ==, 0x4444);
		g_assert_true(l2tp_msg_get_result_code(&m, &rc));
		g_assert_cmpuint(rc.result, ==, 2);
		g_assert_cmpuint(rc.error, ==, 6);
		l2tp_msg_clear(&m);
		/* Our own call is untouched. */
		g_assert_cmpint(l->closed, ==, 0);
		g_assert_cmpint(l2tp_session_get_state(l2tp_tunnel_get_session(l->t)), ==,
				L2TP_SESSION_ESTABLISHED);
		lns_free(l);
	}
}

static void test_unknown_mandatory_in_session(void)
{
	struct lns *l = lns_new(NULL);
	GByteArray *b;
	struct l2tp_msg m;
	struct l2tp_result_code rc;
	guint n;

	lns_bring_up(l, LNS_SESSION_WAIT);
	n = l->sent->len;
	b = lns_icrp(l);
	l2tp_avp_put(b, true, 3561, 2, "\x00\x01", 2);
	lns_send(l, b, lns_local_sid(l));
	lns_parse_sent(l, (int)n, &m, NULL);
	g_assert_cmpuint(m.type, ==, L2TP_MSG_CDN);
	/* RFC 2661 6.12: addressed to the session the ICRP assigned, in our tunnel's header */
	g_assert_cmpuint(m.hdr.session_id, ==, l->sid);
	g_assert_cmpuint(m.hdr.tunnel_id, ==, l->tid);
	g_assert_true(l2tp_msg_get_result_code(&m, &rc));
	g_assert_cmpuint(rc.error, ==, L2TP_ERROR_UNKNOWN_MANDATORY);
	l2tp_msg_clear(&m);
	g_assert_nonnull(strstr(l->closed_sentence, "vendor 3561, type 2"));
	lns_free(l);
}

/* PPP data arriving before the LNS acks our ICCN is delivered; S mirrors the LNS (5.4). */
static void test_data_path(void)
{
	struct lns *l = lns_new(NULL);
	struct l2tp_header h;
	GByteArray *d;

	l->auto_session = false;
	lns_bring_up(l, LNS_SESSION_WAIT);
	/* Before ICRP: no session ID known to the LNS; stray data is dropped. */
	lns_send_data(l, "\xff\x03\xc0\x21", 4, false, 0);
	g_assert_cmpuint(l->data_rx->len, ==, 0);
	g_assert_cmpint(l2tp_tunnel_send_data(l->t, (const uint8_t *)"x", 1), ==, -ENOTCONN);
	lns_send(l, lns_icrp(l), lns_local_sid(l));
	/* ICCN not acked yet: LCP arrives and is delivered. */
	lns_send_data(l, "\xff\x03\xc0\x21\x01", 5, true, 0);
	g_assert_cmpuint(l->data_rx->len, ==, 1);
	d = g_ptr_array_index(l->data_rx, 0);
	g_assert_cmpmem(d->data, d->len, "\xff\x03\xc0\x21\x01", 5);

	/* The LNS used S: so do we, with our own data Ns. */
	g_assert_cmpint(l2tp_tunnel_send_data(l->t, (const uint8_t *)"\xc0\x21", 2), ==, 0);
	g_assert_cmpint(l2tp_tunnel_send_data(l->t, (const uint8_t *)"\xc0\x21", 2), ==, 0);
	d = lns_sent(l, -1);
	g_assert_cmpint(l2tp_header_parse(d->data, d->len, &h), ==, 0);
	g_assert_false(h.control);
	g_assert_true(h.has_seq);
	g_assert_cmpuint(h.ns, ==, 1);
	g_assert_cmpuint(h.tunnel_id, ==, l->tid);
	g_assert_cmpuint(h.session_id, ==, l->sid);
	g_assert_cmpmem(d->data + h.payload_off, d->len - h.payload_off, "\xc0\x21", 2);
	/* The LNS dropped S: we stop too. */
	lns_send_data(l, "\x80\x21", 2, false, 0);
	g_assert_cmpint(l2tp_tunnel_send_data(l->t, (const uint8_t *)"\x80\x21", 2), ==, 0);
	d = lns_sent(l, -1);
	g_assert_cmpint(l2tp_header_parse(d->data, d->len, &h), ==, 0);
	g_assert_false(h.has_seq);
	g_assert_cmphex(l2tp_get_be16(d->data), ==, 0x0002);
	/* Data for another session or tunnel is not ours. */
	uint8_t pkt[16];
	size_t hl = l2tp_header_put_data(pkt, l2tp_tunnel_local_id(l->t), 0x1, false, 0);
	pkt[hl] = 0x21;
	l2tp_tunnel_receive(l->t, pkt, hl + 1);
	g_assert_cmpuint(l->data_rx->len, ==, 2);
	lns_free(l);

	/* Sequencing Required: S always, whatever the LNS does. */
	l = lns_new(NULL);
	l->scfg.sequencing_required = true;
	lns_bring_up(l, LNS_SESSION_UP);
	lns_send_data(l, "\x80\x21", 2, false, 0);
	g_assert_cmpint(l2tp_tunnel_send_data(l->t, (const uint8_t *)"\x80\x21", 2), ==, 0);
	d = lns_sent(l, -1);
	g_assert_cmpint(l2tp_header_parse(d->data, d->len, &h), ==, 0);
	g_assert_true(h.has_seq);
	lns_free(l);
}

static void test_result_sentences(void)
{
	static const struct {
		uint16_t type, result, error;
		const char *msg, *want;
	} cases[] = {
		{ L2TP_MSG_STOPCCN, 4, 0, NULL, "check the L2TP tunnel secret" },
		{ L2TP_MSG_STOPCCN, 2, 7, NULL, "another server" },
		{ L2TP_MSG_CDN, 4, 0, "full", "try again later" },
		{ L2TP_MSG_CDN, 11, 0, NULL, "PPP did not start" },
	};

	for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
		g_autoptr(GByteArray) b =
			cases[c].type == L2TP_MSG_CDN
				? l2tp_msg_build_cdn(1, cases[c].result, cases[c].error,
						     cases[c].msg)
				: l2tp_msg_build_stopccn(1, cases[c].result, cases[c].error,
							 cases[c].msg);
		struct l2tp_msg m;
		g_autofree char *s = NULL;

		l2tp_msg_stamp(b, 1, 0, 0, 0);
		g_assert_cmpint(l2tp_msg_parse(b->data, b->len, NULL, 0, &m, NULL), ==, 0);
		s = l2tp_result_sentence(&m, "gw");
		g_assert_nonnull(strstr(s, cases[c].want));
		g_assert_true(g_str_has_prefix(s, "The L2TP server gw "));
		l2tp_msg_clear(&m);
	}
}

/* ---- seed corpus for tests/fuzz/fuzz-l2tp-control.c ---- */

static void seed_rec(GByteArray *seed, uint8_t delay, const uint8_t *pkt, size_t len)
{
	uint8_t h[3] = { delay, (uint8_t)(len >> 8), (uint8_t)len };

	g_byte_array_append(seed, h, 3);
	g_byte_array_append(seed, pkt, (guint)len);
}

/* Stamps @b as the LNS, records it in @seed and feeds it, so later seeds see the right state. */
static void seed_msg(GByteArray *seed, struct lns *l, GByteArray *b, uint16_t sid, bool new_ns)
{
	l2tp_msg_stamp(b, l2tp_tunnel_local_id(l->t), sid, new_ns ? l->ns++ : (uint16_t)(l->ns - 1),
		       lns_expected_nr(l));
	seed_rec(seed, 1, b->data, b->len);
	l2tp_tunnel_receive(l->t, b->data, b->len);
	g_byte_array_unref(b);
}

static void seed_data(GByteArray *seed, struct lns *l, bool seq, bool with_len)
{
	uint8_t pkt[32];
	size_t h = l2tp_header_put_data(pkt, l2tp_tunnel_local_id(l->t), lns_local_sid(l), seq, 3);

	if (with_len) { /* L bit and Offset: what xl2tpd's "length bit = yes" sends */
		memmove(pkt + 4, pkt + 2, h - 2);
		pkt[0] |= 0x40;
		h += 2;
		pkt[1] |= 0x02;
		pkt[h] = 0;
		pkt[h + 1] = 1;
		pkt[h + 2] = 0xee;
		h += 3;
	}
	memcpy(pkt + h, "\xff\x03\xc0\x21\x01\x01\x00\x04", 8);
	if (with_len)
		l2tp_put_be16(pkt + 2, (uint16_t)(h + 8));
	seed_rec(seed, 2, pkt, h + 8);
	l2tp_tunnel_receive(l->t, pkt, h + 8);
}

static GByteArray *seed_generate(const char *name)
{
	GByteArray *seed = g_byte_array_new();
	uint8_t flags = 0;
	struct lns *l;

	if (g_str_has_prefix(name, "auth-"))
		flags = 4;
	else if (g_str_has_prefix(name, "tunnel-"))
		flags = LNS_TUNNEL_UP;
	else if (g_str_has_prefix(name, "call-"))
		flags = LNS_SESSION_WAIT | (strstr(name, "seq") ? 8 : 0);
	else if (g_str_has_prefix(name, "up-"))
		flags = LNS_SESSION_UP;
	g_byte_array_append(seed, &flags, 1);
	l = lns_fuzz_setup(flags);

	if (!strcmp(name, "wait-sccrp")) {
		seed_msg(seed, l, lns_sccrp(l, 8), 0, true);
	} else if (!strcmp(name, "wait-softether-resend")) {
		seed_msg(seed, l, lns_sccrp(l, 16), 0, true);
		seed_msg(seed, l, lns_sccrp(l, 16), 0, false);
		seed_msg(seed, l, lns_sccrp(l, 16), 0, false);
	} else if (!strcmp(name, "wait-stopccn-8")) {
		GByteArray *b = l2tp_msg_build_new(L2TP_MSG_STOPCCN);
		l2tp_avp_put_u16(b, true, L2TP_AVP_ASSIGNED_TUNNEL_ID, l->tid);
		l2tp_avp_put(b, true, 0, L2TP_AVP_RESULT_CODE, "\x00\x06", 2);
		seed_msg(seed, l, b, 0, true);
	} else if (!strcmp(name, "auth-sccrp-hidden")) {
		struct l2tp_msg m;
		const uint8_t *chal;
		size_t clen;
		uint8_t resp[16], rv[16] = { 7 }, tid[2];
		GByteArray *b = l2tp_msg_build_new(L2TP_MSG_SCCRP);

		lns_parse_sent(l, 0, &m, NULL);
		g_assert_true(l2tp_msg_get_bytes(&m, L2TP_AVP_CHALLENGE, &chal, &clen));
		l2tp_hidden_challenge_response(2, (const uint8_t *)LNS_FUZZ_SECRET,
					       strlen(LNS_FUZZ_SECRET), chal, clen, resp);
		l2tp_msg_clear(&m);
		l2tp_put_be16(tid, l->tid);
		l2tp_avp_put(b, true, 0, L2TP_AVP_PROTOCOL_VERSION, "\x01\x00", 2);
		l2tp_avp_put_u32(b, true, L2TP_AVP_FRAMING_CAPS, 3);
		l2tp_avp_put_string(b, true, L2TP_AVP_HOST_NAME, "cisco");
		l2tp_avp_put(b, true, 0, L2TP_AVP_RANDOM_VECTOR, rv, sizeof(rv));
		l2tp_hidden_put(b, true, L2TP_AVP_ASSIGNED_TUNNEL_ID,
				(const uint8_t *)LNS_FUZZ_SECRET, strlen(LNS_FUZZ_SECRET), rv,
				sizeof(rv), tid, 2);
		l2tp_avp_put(b, true, 0, L2TP_AVP_CHALLENGE_RESPONSE, resp, 16);
		l2tp_avp_put(b, true, 0, L2TP_AVP_CHALLENGE, "abcdefgh", 8);
		seed_msg(seed, l, b, 0, true);
		g_assert_cmpint(l->tunnel_up, ==, 1);
	} else if (!strcmp(name, "tunnel-hello-vendor")) {
		GByteArray *b = l2tp_msg_build_hello();
		l2tp_avp_put(b, false, 311, 1, "0123456789abcdef", 16);
		seed_msg(seed, l, b, 0, true);
		seed_msg(seed, l, l2tp_msg_build_hello(), 0, false);
	} else if (!strcmp(name, "tunnel-refuse-icrq")) {
		GByteArray *b = l2tp_msg_build_new(L2TP_MSG_ICRQ);
		l2tp_avp_put_u16(b, true, L2TP_AVP_ASSIGNED_SESSION_ID, 0x4444);
		l2tp_avp_put_u32(b, true, L2TP_AVP_CALL_SERIAL_NUMBER, 9);
		seed_msg(seed, l, b, 0, true);
	} else if (!strcmp(name, "tunnel-unknown-type")) {
		GByteArray *b = l2tp_msg_build_new(99);
		seed_msg(seed, l, b, 0, true);
	} else if (!strcmp(name, "call-icrp") || !strcmp(name, "call-icrp-seq")) {
		seed_msg(seed, l, lns_icrp(l), lns_local_sid(l), true);
		seed_data(seed, l, true, false);
		g_assert_cmpint(l->session_up, ==, 1);
	} else if (!strcmp(name, "call-cdn")) {
		seed_msg(seed, l, l2tp_msg_build_cdn(l->sid, 4, 0, "busy"), lns_local_sid(l), true);
	} else if (!strcmp(name, "up-sli")) {
		GByteArray *b = l2tp_msg_build_new(L2TP_MSG_SLI);
		l2tp_avp_put(b, true, 0, L2TP_AVP_ACCM, "\0\0\0\0\0\0\xff\xff\xff\xff", 10);
		seed_msg(seed, l, b, lns_local_sid(l), true);
	} else if (!strcmp(name, "up-data")) {
		seed_data(seed, l, true, false);
		seed_data(seed, l, false, false);
		seed_data(seed, l, false, true);
		g_assert_cmpuint(l->data_rx->len, ==, 3);
	} else if (!strcmp(name, "up-cdn")) {
		seed_msg(seed, l, l2tp_msg_build_cdn(l->sid, 3, 6, "idle"), lns_local_sid(l), true);
	} else if (!strcmp(name, "up-stopccn-resent")) {
		seed_msg(seed, l, l2tp_msg_build_stopccn(l->tid, 6, 0, "bye"), 0, true);
		seed_msg(seed, l, l2tp_msg_build_stopccn(l->tid, 6, 0, "bye"), 0, false);
	} else {
		g_assert_not_reached();
	}
	lns_free(l);
	return seed;
}

/* The committed corpus is exactly what the builders produce; L2TPC_WRITE_CORPUS=1 rewrites it. */
static void test_fuzz_seeds(void)
{
	static const char *const names[] = {
		"wait-sccrp",
		"wait-softether-resend",
		"wait-stopccn-8",
		"auth-sccrp-hidden",
		"tunnel-hello-vendor",
		"tunnel-refuse-icrq",
		"tunnel-unknown-type",
		"call-icrp",
		"call-icrp-seq",
		"call-cdn",
		"up-sli",
		"up-data",
		"up-cdn",
		"up-stopccn-resent",
	};
	g_autofree char *dir =
		g_build_filename(TEST_SRCDIR, "..", "fuzz", "corpus", "l2tp-control", NULL);

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autoptr(GByteArray) seed = seed_generate(names[i]);
		g_autofree char *path = g_build_filename(dir, names[i], NULL);
		g_autofree char *have = NULL;
		gsize have_len = 0;

		if (g_getenv("L2TPC_WRITE_CORPUS"))
			g_assert_true(g_file_set_contents(path, (const char *)seed->data, seed->len,
							  NULL));
		g_assert_true(g_file_get_contents(path, &have, &have_len, NULL));
		g_assert_cmpmem(have, have_len, seed->data, seed->len);
		/* And it runs through the fuzz path cleanly. */
		lns_fuzz_run(seed->data, seed->len);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/l2tp-session/call-setup", test_call_setup);
	g_test_add_func("/l2tp-session/teardown-every-state", test_teardown_every_state);
	g_test_add_func("/l2tp-session/unexpected-pairs", test_unexpected_pairs);
	g_test_add_func("/l2tp-session/sli-wen-informational", test_sli_wen_informational);
	g_test_add_func("/l2tp-session/refuse-calls", test_refuse_calls);
	g_test_add_func("/l2tp-session/unknown-mandatory", test_unknown_mandatory_in_session);
	g_test_add_func("/l2tp-session/data-path", test_data_path);
	g_test_add_func("/l2tp-session/result-sentences", test_result_sentences);
	g_test_add_func("/l2tp-session/fuzz-seeds", test_fuzz_seeds);
	return g_test_run();
}
