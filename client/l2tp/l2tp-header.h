/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tp-header: the L2TPv2 header of control and data messages (RFC 2661 3.1). Pure code: no
 * socket, no clock. l2tp_header_parse() reads any header; the writers put the two forms this
 * client sends.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RFC 2661 3.1 header bits. */
#define L2TP_HDR_T	  0x8000
#define L2TP_HDR_L	  0x4000
#define L2TP_HDR_S	  0x0800
#define L2TP_HDR_O	  0x0200
#define L2TP_HDR_P	  0x0100
#define L2TP_HDR_VER_MASK 0x000f
#define L2TP_VERSION	  2
#define L2TP_CTRL_FLAGS	  0xc802 /* T, L, S, version 2; never O or P (Windows drops them) */
#define L2TP_CTRL_HDR_LEN 12
#define L2TP_DATA_HDR_MAX 16 /* flags, length, ids, Ns, Nr */
#define L2TP_MSG_MAX	  0xffff

struct l2tp_header {
	bool control;	 /* T */
	bool has_length; /* L */
	bool has_seq;	 /* S */
	bool priority;	 /* P (data only) */
	uint16_t length; /* Length field, or the datagram length when L=0 */
	uint16_t tunnel_id;
	uint16_t session_id;
	uint16_t ns, nr;    /* valid if has_seq */
	size_t payload_off; /* first octet after the header and any Offset padding */
};

/**
 * Parses an L2TPv2 header (RFC 2661 3.1). Reserved bits are ignored; Offset padding skipped.
 * Returns 0; -EPROTONOSUPPORT for a version other than 2 (silently discard, RFC 2661 3.1);
 * -EBADMSG if the header is truncated, Length is out of range, or a control header lacks L or S.
 */
int l2tp_header_parse(const uint8_t *pkt, size_t len, struct l2tp_header *h);
/** Writes a 12-octet control header (0xC802) to @out. */
void l2tp_header_put_control(uint8_t *out, uint16_t length, uint16_t tunnel_id, uint16_t session_id,
			     uint16_t ns, uint16_t nr);
/**
 * Writes a data header the way the Linux kernel does: 0x0002, or 0x0802 with Ns (and Nr = 0)
 * when @seq. Returns the header length (6 or 10); @out needs L2TP_DATA_HDR_MAX octets.
 */
size_t l2tp_header_put_data(uint8_t *out, uint16_t tunnel_id, uint16_t session_id, bool seq,
			    uint16_t ns);
