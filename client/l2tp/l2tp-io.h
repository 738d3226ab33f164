/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tp-io: the seams through which the L2TP control plane touches the world.
 *
 * The tunnel and session state machines never open a socket or read a clock themselves: they
 * transmit through @transmit and time through @now_ms/@timer_arm/@timer_cancel. The real
 * implementation is l2tp_udp_io_init() (l2tp-udp.h: a UDP socket and g_timeout on the
 * monotonic clock); unit tests and the fuzz target plug in a packet recorder and a fake clock
 * and drive whole exchanges in-process.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef void (*l2tp_timer_fn)(void *arg);

struct l2tp_io {
	/** Sends one datagram to the peer; returns 0 or -errno (a loss is not fatal: L2TP
	 * retransmits). Required. */
	int (*transmit)(const uint8_t *pkt, size_t len, void *user_data);
	/** Monotonic milliseconds. Required. */
	uint64_t (*now_ms)(void *user_data);
	/** Arms a one-shot timer that calls @fn(@arg) after @delay_ms; returns a handle for
	 * @timer_cancel (never NULL). Required. */
	void *(*timer_arm)(uint64_t delay_ms, l2tp_timer_fn fn, void *arg, void *user_data);
	/** Cancels an armed timer that has not fired. Required. */
	void (*timer_cancel)(void *timer, void *user_data);
	/** Optional: called while the first valid SCCRP is being handled, so the transport can
	 * lock onto the address and port that SCCRP came from (RFC 2661 8.1: the LNS may answer
	 * from a port other than 1701). */
	void (*peer_confirmed)(void *user_data);
	/** Optional: fills @buf with random octets; NULL means getrandom(2). */
	void (*random)(void *buf, size_t len, void *user_data);
	void *user_data;
};

/** Fills @buf with random octets through @io->random, or getrandom(2) when that is NULL. */
void l2tp_io_random(const struct l2tp_io *io, void *buf, size_t len);
