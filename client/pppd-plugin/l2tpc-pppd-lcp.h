/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tpc-pppd-lcp: part of the pppd plugin. Sends our LCP Configure-Request again soon after the
 * server's first one arrives, when ours is still unanswered then.
 *
 * Over L2TP both pppds start when the call is connected, and a frame that reaches the server's
 * kernel session before its pppd has attached is dropped there (xl2tpd and most LNSs hand the
 * session to pppd only after the call is up). When our pppd is the quicker one, our first
 * Configure-Request is lost that way and LCP waits for our restart timer (lcp-restart, 1 s).
 * The server's Configure-Request proves its pppd is listening; if it had our request, its
 * Configure-Ack is at most one round trip behind. Option "l2tpc-lcp-resend-ms N" (set by l2tpc
 * from the L2TP control round trip) says how long to wait for that Ack before sending ours
 * again; without it nothing changes. It is a retransmission with the same identifier, as the
 * restart timer would send it (RFC 1661 4.6), so a duplicate does no harm.
 */
#pragma once

/** Registers the option and the receive snoop hook; call from plugin_init(). */
void l2tpc_pppd_lcp_init(void);
/** Sets the wait when it only became known after pppd started (PPP_CHANNEL_DATA_FD). */
void l2tpc_pppd_lcp_set_resend_ms(int ms);
