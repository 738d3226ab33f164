/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vici-sync: a blocking VICI exchange, for the synchronous cleanups that run before any main
 * loop (or inside a callback that must not re-enter one): the stale cleanup that stops an
 * orphaned private charon (ipsec-drain.h).
 *
 * Every call has a deadline on the monotonic clock (g_get_monotonic_time()). Packets are
 * framed by vici-packet.h and parsed by vici-msg.h, the codec the asynchronous client and the
 * `vici-msg` fuzz target use; nothing else here reads charon's bytes.
 */
#pragma once

#include <glib.h>

#include "vici-msg.h"

/** An EVENT packet that arrived before the reply; @event is valid during the call only. */
typedef void (*vici_sync_event_fn)(const struct vici_msg *event, void *user_data);

/**
 * Connects to the VICI socket @socket_path (a path, or a "unix://" URI as in charon). Returns
 * the socket (close it with close()) or -errno.
 */
int vici_sync_connect(const char *socket_path);

/**
 * Sends @request (a whole packet from vici_builder_finish(); not taken) on @fd and reads
 * packets until one that is not an EVENT: events go to @on_event (may be NULL). Returns 0 with
 * the reply in *@reply (free with vici_msg_free()), -ETIMEDOUT at @deadline_us, -EBADMSG for
 * bytes that are not VICI, -ECONNRESET when charon closed the socket, or another -errno.
 */
int vici_sync_call(int fd, GBytes *request, gint64 deadline_us, vici_sync_event_fn on_event,
		   void *user_data, struct vici_msg **reply);
