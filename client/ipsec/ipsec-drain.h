/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec-drain: ending a dead l2tpc's IKE SAs so that the gateway hears of it, before the
 * stale cleanup removes its connection or stops the private charon it left.
 *
 * A charon that is stopped, or told to terminate, while an IKEv1 Main Mode is in flight
 * (state CONNECTING) destroys that IKE SA without a word to the gateway. If its last message
 * (MM5) had already left, the gateway finishes the exchange and keeps an IKE SA with us until
 * its dead-peer detection or lifetime ends it: strongSwan does not replace an IKEv1 SA by a new
 * one from the same address, and charon only sends INITIAL_CONTACT when the remote identity is
 * configured (ours is not). So the cleanup first waits, bounded, for such an exchange to land;
 * once ESTABLISHED, a terminate makes charon send the DELETE for the IKE SA (and its ESP SA).
 *
 * It talks to charon with a blocking exchange (vici-sync.h): the stale cleanups are
 * synchronous (engine-cleanup.c) or run in a callback that must not re-enter the main loop.
 */
#pragma once

#include <stdbool.h>

#include <glib.h>

#include "vici-msg.h"

/*
 * How long the cleanup waits for a Main Mode in flight. The exchange was under way when its
 * l2tpc died: what is left is at most the remaining round trips (three on a link of 1 s RTT)
 * and the DH computation. A lost message is resent after 2 s and again after 4.8 s (our private
 * charon's retransmit_timeout 2.0, base 1.4; 4 s for a system charon on strongSwan's
 * defaults), so 5 s covers one loss. `down` waits only while an exchange is in flight.
 */
#define IPSEC_DRAIN_WAIT_MS 5000
#define IPSEC_DRAIN_POLL_MS 200	 /* list-sas again while one is CONNECTING */
#define IPSEC_DRAIN_CALL_MS 3000 /* one request (terminate: IKEv1 DELETEs are not answered) */

/**
 * Reads a `list-sa` event: adds the connection name of each IKE SA it lists that belongs to
 * @name (NULL: to any l2tpc-* connection) to @names (once per name), and returns how many of
 * those are CONNECTING. Pure: the `vici-msg` fuzz target feeds it whatever it parses.
 */
guint ipsec_drain_scan(const struct vici_msg *event, const char *name, GPtrArray *names);

/**
 * Ends the IKE SAs of connection @name (NULL: every l2tpc-* one) in the charon at @socket_path:
 * waits while one is CONNECTING (at most IPSEC_DRAIN_WAIT_MS), then, with @terminate,
 * terminates each over VICI (charon sends the DELETEs). Returns the number of connections with
 * an IKE SA, -ETIMEDOUT when one was still in flight at the bound (it is left to the caller's
 * terminate or stop, which cannot tell the gateway), or -errno when charon could not be asked.
 * Logs what it does; blocks for at most IPSEC_DRAIN_WAIT_MS plus a few requests.
 */
int ipsec_drain(const char *socket_path, const char *name, bool terminate);
