// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "ppp-channel.h"

static void test_secrets_roundtrip(void)
{
	struct ppp_channel_msg in, out;
	uint8_t buf[PPP_CHANNEL_MAX_MSG];
	int n;

	ppp_channel_msg_init(&in, PPP_CHANNEL_SECRETS);
	strcpy(in.user, "CORP\\alice");
	strcpy(in.password, "s3cret \"with\" spaces");
	n = ppp_channel_encode(&in, buf, sizeof(buf));
	g_assert_cmpint(n, >, PPP_CHANNEL_HEADER_LEN);
	/* header: type 1, body length */
	g_assert_cmpuint(buf[0], ==, 0);
	g_assert_cmpuint(buf[1], ==, PPP_CHANNEL_SECRETS);
	g_assert_cmpuint((buf[2] << 8 | buf[3]), ==, n - PPP_CHANNEL_HEADER_LEN);
	g_assert_cmpint(ppp_channel_decode(buf, (size_t)n, &out), ==, n);
	g_assert_cmpuint(out.type, ==, PPP_CHANNEL_SECRETS);
	g_assert_cmpstr(out.user, ==, "CORP\\alice");
	g_assert_cmpstr(out.password, ==, "s3cret \"with\" spaces");
	ppp_channel_msg_wipe(&out);
	g_assert_cmpuint(out.password[0], ==, 0);
	g_assert_cmpuint(out.type, ==, 0);
}

static void test_ip_up_roundtrip(void)
{
	struct ppp_channel_msg in, out;
	uint8_t buf[PPP_CHANNEL_MAX_MSG];
	const uint8_t local[4] = { 192, 0, 2, 10 }, peer[4] = { 192, 0, 2, 1 };
	const uint8_t dns1[4] = { 198, 51, 100, 53 }, dns2[4] = { 198, 51, 100, 54 };
	int n;

	ppp_channel_msg_init(&in, PPP_CHANNEL_IP_UP);
	strcpy(in.ifname, "ppp0");
	memcpy(in.local4, local, 4);
	memcpy(in.peer4, peer, 4);
	in.has_local4 = in.has_peer4 = true;
	memcpy(in.dns4[0], dns1, 4);
	memcpy(in.dns4[1], dns2, 4);
	in.n_dns4 = 2;
	in.mtu = 1400;
	in.has_mtu = true;
	n = ppp_channel_encode(&in, buf, sizeof(buf));
	g_assert_cmpint(n, >, 0);
	g_assert_cmpint(ppp_channel_decode(buf, (size_t)n, &out), ==, n);
	g_assert_cmpstr(out.ifname, ==, "ppp0");
	g_assert_true(out.has_local4 && out.has_peer4 && out.has_mtu);
	g_assert_cmpmem(out.local4, 4, local, 4);
	g_assert_cmpmem(out.peer4, 4, peer, 4);
	g_assert_cmpuint(out.n_dns4, ==, 2);
	g_assert_cmpmem(out.dns4[0], 4, dns1, 4);
	g_assert_cmpmem(out.dns4[1], 4, dns2, 4);
	g_assert_cmpuint(out.mtu, ==, 1400);
}

static void test_small_messages_roundtrip(void)
{
	static const struct {
		uint16_t type;
	} types[] = { { PPP_CHANNEL_HELLO },   { PPP_CHANNEL_PHASE },	{ PPP_CHANNEL_AUTH },
		      { PPP_CHANNEL_IPV6_UP }, { PPP_CHANNEL_IP_DOWN }, { PPP_CHANNEL_EXIT },
		      { PPP_CHANNEL_DATA_FD }, { PPP_CHANNEL_DROP } };

	for (size_t i = 0; i < G_N_ELEMENTS(types); i++) {
		struct ppp_channel_msg in, out;
		uint8_t buf[PPP_CHANNEL_MAX_MSG];
		int n;

		ppp_channel_msg_init(&in, types[i].type);
		in.version = 1;
		strcpy(in.pppd_version, "2.4.9");
		in.pid = 4242;
		in.phase = PPP_CHANNEL_PHASE_AUTHENTICATE;
		in.auth_ok = false;
		in.exit_status = 19;
		strcpy(in.ifname, "ppp7");
		memset(in.local_ifid, 0x11, 8);
		memset(in.peer_ifid, 0x22, 8);
		in.has_local_ifid = in.has_peer_ifid = true;
		in.lcp_resend_ms = 70;
		in.has_lcp_resend_ms = true;
		strcpy(in.text, "detail");
		n = ppp_channel_encode(&in, buf, sizeof(buf));
		g_assert_cmpint(n, >, 0);
		g_assert_cmpint(ppp_channel_decode(buf, (size_t)n, &out), ==, n);
		g_assert_cmpuint(out.type, ==, types[i].type);
		g_assert_cmpstr(out.text, ==, "detail");
		switch (types[i].type) {
		case PPP_CHANNEL_HELLO:
			g_assert_true(out.has_version && out.has_pid);
			g_assert_cmpuint(out.pid, ==, 4242);
			g_assert_cmpstr(out.pppd_version, ==, "2.4.9");
			break;
		case PPP_CHANNEL_PHASE:
			g_assert_true(out.has_phase);
			g_assert_cmpstr(ppp_channel_phase_name(out.phase), ==, "authenticate");
			break;
		case PPP_CHANNEL_AUTH:
			g_assert_true(out.has_auth_ok);
			g_assert_false(out.auth_ok);
			break;
		case PPP_CHANNEL_IPV6_UP:
			g_assert_cmpstr(out.ifname, ==, "ppp7");
			g_assert_cmpuint(out.peer_ifid[7], ==, 0x22);
			break;
		case PPP_CHANNEL_EXIT:
			g_assert_true(out.has_exit_status);
			g_assert_cmpuint(out.exit_status, ==, 19);
			break;
		case PPP_CHANNEL_DROP:
			g_assert_cmpstr(ppp_channel_type_name(out.type), ==, "drop");
			break;
		case PPP_CHANNEL_DATA_FD:
			g_assert_true(out.has_lcp_resend_ms);
			g_assert_cmpuint(out.lcp_resend_ms, ==, 70);
			g_assert_cmpstr(ppp_channel_type_name(out.type), ==, "data-fd");
			break;
		}
		if (types[i].type != PPP_CHANNEL_DATA_FD)
			g_assert_false(out.has_lcp_resend_ms);
	}
}

static void test_partial_and_stream(void)
{
	struct ppp_channel_msg in, out;
	uint8_t buf[PPP_CHANNEL_MAX_MSG];
	int n, n2;

	ppp_channel_msg_init(&in, PPP_CHANNEL_PHASE);
	in.phase = 8;
	n = ppp_channel_encode(&in, buf, sizeof(buf));
	/* a second message right behind it, as on a stream socket */
	n2 = ppp_channel_encode(&in, buf + n, sizeof(buf) - (size_t)n);
	for (int cut = 0; cut < n; cut++)
		g_assert_cmpint(ppp_channel_decode(buf, (size_t)cut, &out), ==, -EAGAIN);
	g_assert_cmpint(ppp_channel_decode(buf, (size_t)(n + n2), &out), ==, n);
	g_assert_cmpint(ppp_channel_decode(buf + n, (size_t)n2, &out), ==, n2);
	g_assert_cmpuint(out.phase, ==, 8);
}

static void test_malformed(void)
{
	static const struct {
		const char *name;
		uint8_t bytes[16];
		size_t len;
	} bad[] = {
		/* attribute header cut short inside the body */
		{ "short-attr", { 0, 3, 0, 2, 0, 6 }, 6 },
		/* attribute longer than the body */
		{ "attr-overrun", { 0, 3, 0, 5, 0, 6, 0, 9, 1 }, 9 },
		/* phase must be 4 bytes */
		{ "phase-size", { 0, 3, 0, 6, 0, 6, 0, 2, 0, 1 }, 10 },
		/* zero byte inside a string */
		{ "nul-in-string", { 0, 1, 0, 7, 0, 1, 0, 3, 'a', 0, 'b' }, 11 },
		/* auth flag must be 0 or 1 */
		{ "auth-value", { 0, 4, 0, 5, 0, 7, 0, 1, 7 }, 9 },
		/* body length beyond the maximum message */
		{ "too-long", { 0, 3, 0xff, 0xff }, 4 },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		struct ppp_channel_msg out;

		g_test_message("%s", bad[i].name);
		g_assert_cmpint(ppp_channel_decode(bad[i].bytes, bad[i].len, &out), ==, -EBADMSG);
	}
}

static void test_unknown_attr_skipped_and_limits(void)
{
	/* PHASE with an unknown attribute 99 before the phase */
	const uint8_t msg[] = { 0, 3, 0, 14, 0, 99, 0, 2, 0xaa, 0xbb, 0, 6, 0, 4, 0, 0, 0, 7 };
	struct ppp_channel_msg m;
	uint8_t buf[PPP_CHANNEL_MAX_MSG];

	g_assert_cmpint(ppp_channel_decode(msg, sizeof(msg), &m), ==, (int)sizeof(msg));
	g_assert_cmpuint(m.phase, ==, 7);

	/* a user name that fills the field has no room for the terminator: refused */
	ppp_channel_msg_init(&m, PPP_CHANNEL_SECRETS);
	memset(m.user, 'u', sizeof(m.user));
	g_assert_cmpint(ppp_channel_encode(&m, buf, sizeof(buf)), ==, -EINVAL);
	/* too small a buffer */
	ppp_channel_msg_init(&m, PPP_CHANNEL_SECRETS);
	strcpy(m.password, "pw");
	g_assert_cmpint(ppp_channel_encode(&m, buf, 8), ==, -ENOSPC);
	/* unknown types are not encoded */
	ppp_channel_msg_init(&m, 77);
	g_assert_cmpint(ppp_channel_encode(&m, buf, sizeof(buf)), ==, -EINVAL);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ppp-channel/secrets-roundtrip", test_secrets_roundtrip);
	g_test_add_func("/ppp-channel/ip-up-roundtrip", test_ip_up_roundtrip);
	g_test_add_func("/ppp-channel/small-messages", test_small_messages_roundtrip);
	g_test_add_func("/ppp-channel/partial-and-stream", test_partial_and_stream);
	g_test_add_func("/ppp-channel/malformed", test_malformed);
	g_test_add_func("/ppp-channel/unknown-attr-and-limits",
			test_unknown_attr_skipped_and_limits);
	return g_test_run();
}
