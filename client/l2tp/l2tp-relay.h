/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tp-relay: the userspace L2TP data path, for kernels without l2tp_ppp.
 *
 * pppd runs on the slave side of a pty and speaks async HDLC there (pppd(8): "sync" is only for
 * synchronous serial hardware, and a pty does not keep write boundaries, so framing must be
 * in-band). The relay owns the master side: bytes from pppd are HDLC-decoded into PPP frames and
 * handed to a send function (the tunnel's l2tp_tunnel_send_data(), which adds the L2TP data
 * header and the S bit); frames the tunnel receives are given to l2tp_relay_deliver(), which
 * HDLC-encodes them for pppd. Both directions carry frames with the FF 03 address/control
 * header (RFC 2661 section 1; receivers strip it, Microsoft peers omit it, so it is added when
 * missing). A frame that cannot be written at once is dropped: PPP copes with loss, a blocking
 * write could stall the control plane.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "l2tpc-failure.h"

struct l2tp_relay;

/** Sends one PPP frame (FF 03 first) into the tunnel; returns 0 or -errno. */
typedef int (*l2tp_relay_send_fn)(const uint8_t *frame, size_t len, void *user_data);

/**
 * Opens a pty (slave in raw mode, held open so the master never sees a hangup before pppd
 * attaches) and starts relaying on the GLib main context. Returns 0 or -errno with @f set.
 */
int l2tp_relay_new(l2tp_relay_send_fn send, void *user_data, struct l2tp_relay **out,
		   struct l2tpc_failure *f);

/** The pty slave for pppd's options (e.g. /dev/pts/3). */
const char *l2tp_relay_pty_path(const struct l2tp_relay *r);

/**
 * Hands one PPP frame from the network to pppd. Until pppd has sent its first frame (it flushes
 * its tty's input while setting the tty up) up to 16 frames are held and written then. Returns
 * 0, -EAGAIN (dropped) or -errno.
 */
int l2tp_relay_deliver(struct l2tp_relay *r, const uint8_t *frame, size_t len);

struct l2tp_relay_stats {
	uint64_t to_net_frames, to_ppp_frames, to_ppp_dropped, send_errors;
	uint64_t bad_fcs, runts, too_long;
};
/** Counters for the tests (unit and tests/ppp) to prove frames crossed or were dropped. */
void l2tp_relay_get_stats(const struct l2tp_relay *r, struct l2tp_relay_stats *st);

/** Stops relaying and closes the pty. NULL is fine. */
void l2tp_relay_free(struct l2tp_relay *r);
