// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "l2tp-hidden.h"

#define MD5_LEN 16

static void md5_parts(uint8_t out[MD5_LEN], const void *a, size_t alen, const void *b, size_t blen,
		      const void *c, size_t clen)
{
	g_autoptr(GChecksum) ck = g_checksum_new(G_CHECKSUM_MD5);
	gsize olen = MD5_LEN;

	if (alen)
		g_checksum_update(ck, a, (gssize)alen);
	if (blen)
		g_checksum_update(ck, b, (gssize)blen);
	if (clen)
		g_checksum_update(ck, c, (gssize)clen);
	g_checksum_get_digest(ck, out, &olen);
}

/*
 * RFC 2661 4.3: b1 = MD5(type ‖ S ‖ RV), c1 = p1 ^ b1, bi = MD5(S ‖ c(i-1)). Runs in both
 * directions: @cipher always names the ciphertext side (the input when revealing, the output
 * when hiding) because the next key block is derived from the previous ciphertext block.
 */
static void hidden_xor(uint16_t type, const uint8_t *secret, size_t secret_len, const uint8_t *rv,
		       size_t rv_len, const uint8_t *in, uint8_t *out, size_t len, bool hiding)
{
	uint8_t type_be[2], b[MD5_LEN];
	const uint8_t *cipher_prev = NULL;

	l2tp_put_be16(type_be, type);
	for (size_t off = 0; off < len; off += MD5_LEN) {
		size_t n = MIN((size_t)MD5_LEN, len - off);

		if (off == 0)
			md5_parts(b, type_be, 2, secret, secret_len, rv, rv_len);
		else
			md5_parts(b, secret, secret_len, cipher_prev, MD5_LEN, NULL, 0);
		for (size_t i = 0; i < n; i++)
			out[off + i] = in[off + i] ^ b[i];
		cipher_prev = hiding ? out + off : in + off;
	}
	explicit_bzero(b, sizeof(b));
}

int l2tp_hidden_reveal(uint16_t type, const uint8_t *secret, size_t secret_len, const uint8_t *rv,
		       size_t rv_len, const uint8_t *in, size_t in_len, uint8_t *out,
		       size_t *out_len)
{
	g_autofree uint8_t *plain = NULL;
	size_t orig;

	if (in_len < 2)
		return -EBADMSG;
	plain = g_malloc(in_len);
	hidden_xor(type, secret, secret_len, rv, rv_len, in, plain, in_len, false);
	orig = l2tp_get_be16(plain);
	/* The original length is cipher output: check it before trusting it. */
	if (orig > in_len - 2) {
		explicit_bzero(plain, in_len);
		return -EBADMSG;
	}
	memcpy(out, plain + 2, orig);
	*out_len = orig;
	explicit_bzero(plain, in_len);
	return 0;
}

void l2tp_hidden_hide(uint16_t type, const uint8_t *secret, size_t secret_len, const uint8_t *rv,
		      size_t rv_len, const uint8_t *value, size_t len, const uint8_t *pad,
		      size_t pad_len, uint8_t *out)
{
	size_t total = 2 + len + pad_len;
	g_autofree uint8_t *plain = g_malloc(total);

	l2tp_put_be16(plain, (uint16_t)len);
	if (len)
		memcpy(plain + 2, value, len);
	if (pad_len)
		memcpy(plain + 2 + len, pad, pad_len);
	hidden_xor(type, secret, secret_len, rv, rv_len, plain, out, total, true);
	explicit_bzero(plain, total);
}

int l2tp_hidden_put(GByteArray *b, bool mandatory, uint16_t type, const uint8_t *secret,
		    size_t secret_len, const uint8_t *rv, size_t rv_len, const uint8_t *value,
		    size_t len)
{
	g_autofree uint8_t *ct = NULL;
	guint start = b->len;
	int r;

	if (len + 2 > L2TP_AVP_MAX_LEN - L2TP_AVP_HDR_LEN)
		return -EMSGSIZE;
	ct = g_malloc(len + 2);
	l2tp_hidden_hide(type, secret, secret_len, rv, rv_len, value, len, NULL, 0, ct);
	r = l2tp_avp_put(b, mandatory, L2TP_VENDOR_IETF, type, ct, len + 2);
	if (r == 0)
		b->data[start] |= L2TP_AVP_FLAG_HIDDEN >> 8;
	return r;
}

void l2tp_hidden_challenge_response(uint8_t msg_type, const uint8_t *secret, size_t secret_len,
				    const uint8_t *challenge, size_t challenge_len,
				    uint8_t out[L2TP_CHALLENGE_RESP_LEN])
{
	md5_parts(out, &msg_type, 1, secret, secret_len, challenge, challenge_len);
}
