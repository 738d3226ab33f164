// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tp-auth: every verdict on an SCCRP (RFC 2661 4.4.3, 5.1.1), the answer to the server's
 * challenge, and a sentence that says what to do for each failure.
 */
#include <string.h>

#include "l2tp-auth.h"
#include "l2tp-hidden.h"

static const uint8_t secret[] = "tunnel-secret";
static const uint8_t ours[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static const uint8_t theirs[16] = { 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };

enum {
	RESP_NONE,
	RESP_RIGHT,
	RESP_WRONG
};

static GByteArray *sccrp(int resp, bool challenge)
{
	GByteArray *b = l2tp_msg_build_new(L2TP_MSG_SCCRP);
	uint8_t r[L2TP_CHALLENGE_RESP_LEN];

	l2tp_hidden_challenge_response(L2TP_MSG_SCCRP, secret, sizeof(secret) - 1, ours,
				       sizeof(ours), r);
	if (resp == RESP_WRONG)
		r[0] ^= 0xff;
	if (resp != RESP_NONE)
		l2tp_avp_put(b, true, 0, L2TP_AVP_CHALLENGE_RESPONSE, r, sizeof(r));
	if (challenge)
		l2tp_avp_put(b, true, 0, L2TP_AVP_CHALLENGE, theirs, sizeof(theirs));
	l2tp_msg_stamp(b, 1, 0, 0, 0);
	return b;
}

static void test_verdicts(void)
{
	static const struct {
		bool have_secret;
		int resp;
		bool challenge;
		enum l2tp_auth_verdict want;
		bool respond;
	} rows[] = {
		{ false, RESP_NONE, false, L2TP_AUTH_OK, false },
		{ false, RESP_NONE, true, L2TP_AUTH_NO_SECRET, false },
		{ true, RESP_RIGHT, false, L2TP_AUTH_OK, false },
		{ true, RESP_RIGHT, true, L2TP_AUTH_OK, true },
		{ true, RESP_WRONG, false, L2TP_AUTH_WRONG_RESPONSE, false },
		{ true, RESP_NONE, false, L2TP_AUTH_NO_RESPONSE, false },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		g_autoptr(GByteArray) b = sccrp(rows[i].resp, rows[i].challenge);
		const uint8_t *s = rows[i].have_secret ? secret : NULL;
		size_t slen = rows[i].have_secret ? sizeof(secret) - 1 : 0;
		uint8_t response[L2TP_CHALLENGE_RESP_LEN], want[L2TP_CHALLENGE_RESP_LEN];
		bool respond = true;
		struct l2tp_msg m;

		g_assert_cmpint(l2tp_msg_parse(b->data, b->len, s, slen, &m, NULL), ==, 0);
		g_assert_cmpint(
			l2tp_auth_check_sccrp(&m, s, slen, ours, sizeof(ours), response, &respond),
			==, rows[i].want);
		g_assert_cmpint(respond, ==, rows[i].respond);
		if (respond) {
			/* the answer SCCCN carries uses the SCCCN message type (RFC 2661 4.4.3) */
			l2tp_hidden_challenge_response(L2TP_MSG_SCCCN, secret, sizeof(secret) - 1,
						       theirs, sizeof(theirs), want);
			g_assert_cmpmem(response, sizeof(response), want, sizeof(want));
		}
		l2tp_msg_clear(&m);
	}
}

static void test_sentences(void)
{
	for (enum l2tp_auth_verdict v = L2TP_AUTH_WRONG_RESPONSE; v <= L2TP_AUTH_NO_SECRET; v++) {
		g_autofree char *s = l2tp_auth_sentence(v, "192.0.2.1");

		g_assert_nonnull(strstr(s, "192.0.2.1"));
		g_assert_nonnull(strstr(s, "secret"));
		g_assert_true(g_str_has_suffix(s, "."));
		g_assert_nonnull(l2tp_auth_to_peer(v));
	}
	g_assert_null(l2tp_auth_sentence(L2TP_AUTH_OK, "192.0.2.1"));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/l2tp-auth/verdicts", test_verdicts);
	g_test_add_func("/l2tp-auth/sentences", test_sentences);
	return g_test_run();
}
