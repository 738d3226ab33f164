// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include <glib.h>

#include "ppp-hdlc.h"

struct frames {
	GPtrArray *list; /* GBytes */
};

static void collect(const uint8_t *frame, size_t len, void *user_data)
{
	struct frames *f = user_data;

	g_ptr_array_add(f->list, g_bytes_new(frame, len));
}

static void frames_init(struct frames *f)
{
	f->list = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
}

/* RFC 1662 appendix C.2: FCS-16 of "123456789" is 0x906e (after the final complement). */
static void test_fcs_vector(void)
{
	const uint8_t check[] = "123456789";

	g_assert_cmphex(ppp_hdlc_fcs16(0xffff, check, 9) ^ 0xffff, ==, 0x906e);
}

/* An LCP Configure-Request as pppd sends it first: FF 03 C0 21 01 01 00 04. */
static const uint8_t lcp_confreq[] = { 0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04 };

static void test_encode_escapes(void)
{
	uint8_t out[PPP_HDLC_ENCODED_MAX(sizeof(lcp_confreq))];
	size_t n = ppp_hdlc_encode(lcp_confreq, sizeof(lcp_confreq), out);

	g_assert_cmpuint(out[0], ==, 0x7e);
	g_assert_cmpuint(out[n - 1], ==, 0x7e);
	/* FF, then 03 escaped as 7D 23 */
	g_assert_cmpuint(out[1], ==, 0xff);
	g_assert_cmpuint(out[2], ==, 0x7d);
	g_assert_cmpuint(out[3], ==, 0x23);
	/* no raw control character, flag or escape between the flags except escape markers */
	for (size_t i = 1; i < n - 1; i++) {
		g_assert_cmpuint(out[i], !=, 0x7e);
		if (out[i] == 0x7d)
			i++;
		else
			g_assert_cmpuint(out[i], >=, 0x20);
	}
}

static void test_roundtrip_all_bytes(void)
{
	uint8_t frame[300];
	uint8_t enc[PPP_HDLC_ENCODED_MAX(sizeof(frame))];
	struct ppp_hdlc_decoder d;
	struct frames f;
	size_t n;

	for (size_t i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)i;
	n = ppp_hdlc_encode(frame, sizeof(frame), enc);
	frames_init(&f);
	ppp_hdlc_decoder_init(&d);
	/* byte by byte, as a pty may deliver it */
	for (size_t i = 0; i < n; i++)
		ppp_hdlc_decoder_feed(&d, enc + i, 1, collect, &f);
	g_assert_cmpuint(f.list->len, ==, 1);
	g_assert_cmpmem(g_bytes_get_data(f.list->pdata[0], NULL),
			g_bytes_get_size(f.list->pdata[0]), frame, sizeof(frame));
	g_assert_cmpuint(d.frames, ==, 1);
	g_ptr_array_unref(f.list);
}

static void test_two_frames_shared_flag_and_raw_controls(void)
{
	/* pppd after LCP agreed ACCM 0 sends control characters unescaped; accept them. */
	const uint8_t ipv4[] = { 0x00, 0x21, 0x45, 0x00, 0x01, 0x02, 0x03 };
	uint8_t stream[64];
	size_t pos = 0;
	uint16_t fcs = ppp_hdlc_fcs16(0xffff, ipv4, sizeof(ipv4)) ^ 0xffff;
	struct ppp_hdlc_decoder d;
	struct frames f;

	stream[pos++] = 0x7e;
	for (int k = 0; k < 2; k++) {
		memcpy(stream + pos, ipv4, sizeof(ipv4));
		pos += sizeof(ipv4);
		stream[pos++] = fcs & 0xff;
		stream[pos++] = fcs >> 8;
		stream[pos++] = 0x7e; /* one flag ends this frame and starts the next */
	}
	frames_init(&f);
	ppp_hdlc_decoder_init(&d);
	ppp_hdlc_decoder_feed(&d, stream, pos, collect, &f);
	g_assert_cmpuint(f.list->len, ==, 2);
	for (int k = 0; k < 2; k++)
		g_assert_cmpmem(g_bytes_get_data(f.list->pdata[k], NULL),
				g_bytes_get_size(f.list->pdata[k]), ipv4, sizeof(ipv4));
	g_ptr_array_unref(f.list);
}

static void test_bad_fcs_abort_runt_overflow(void)
{
	uint8_t enc[PPP_HDLC_ENCODED_MAX(sizeof(lcp_confreq))];
	size_t n = ppp_hdlc_encode(lcp_confreq, sizeof(lcp_confreq), enc);
	const uint8_t runt[] = { 0x7e, 0xc0, 0x21, 0x7e };
	const uint8_t aborted[] = { 0x7e, 0xc0, 0x21, 0x01, 0x01, 0x7d, 0x7e };
	g_autofree uint8_t *big = g_malloc(PPP_HDLC_MAX_FRAME + 10);
	struct ppp_hdlc_decoder d;
	struct frames f;

	frames_init(&f);
	ppp_hdlc_decoder_init(&d);
	enc[4] ^= 0x01; /* corrupt one payload bit */
	ppp_hdlc_decoder_feed(&d, enc, n, collect, &f);
	ppp_hdlc_decoder_feed(&d, runt, sizeof(runt), collect, &f);
	ppp_hdlc_decoder_feed(&d, aborted, sizeof(aborted), collect, &f);
	memset(big, 0x41, PPP_HDLC_MAX_FRAME + 10);
	big[0] = 0x7e;
	ppp_hdlc_decoder_feed(&d, big, PPP_HDLC_MAX_FRAME + 10, collect, &f);
	ppp_hdlc_decoder_feed(&d, (const uint8_t *)"\x7e", 1, collect, &f);
	g_assert_cmpuint(f.list->len, ==, 0);
	g_assert_cmpuint(d.bad_fcs, ==, 1);
	g_assert_cmpuint(d.runts, ==, 2);
	g_assert_cmpuint(d.too_long, ==, 1);

	/* the decoder recovers: a good frame afterwards is delivered */
	n = ppp_hdlc_encode(lcp_confreq, sizeof(lcp_confreq), enc);
	ppp_hdlc_decoder_feed(&d, enc, n, collect, &f);
	g_assert_cmpuint(f.list->len, ==, 1);
	g_ptr_array_unref(f.list);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ppp-hdlc/fcs-vector", test_fcs_vector);
	g_test_add_func("/ppp-hdlc/encode-escapes", test_encode_escapes);
	g_test_add_func("/ppp-hdlc/roundtrip-all-bytes", test_roundtrip_all_bytes);
	g_test_add_func("/ppp-hdlc/shared-flag-raw-controls",
			test_two_frames_shared_flag_and_raw_controls);
	g_test_add_func("/ppp-hdlc/bad-fcs-abort-runt-overflow", test_bad_fcs_abort_runt_overflow);
	return g_test_run();
}
