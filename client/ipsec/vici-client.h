/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vici-client: an asynchronous VICI client on the GLib main loop (GIO unix socket).
 *
 * charon answers one request at a time per connection, so calls are queued and sent one after
 * another; events for registered names arrive at any moment, interleaved with the replies, and go
 * to their handler. Every call has a timeout measured from the moment it is queued. When a call
 * times out, the daemon closes the socket, or it sends something we cannot parse, the
 * connection is dead: every pending call fails with one sentence, then the closed handler runs.
 * A timed-out connection is never reused, since a late reply would be taken for the next one's.
 * Long commands (`initiate`) belong on a connection of their own.
 *
 * Callbacks run on the main loop thread. vici_client_free() may be called from inside any of
 * them; it drops the pending calls without running their callbacks.
 */
#pragma once

#include <glib.h>

#include "vici-builder.h"
#include "vici-msg.h"

struct vici_client;

/**
 * Result of a call. On success @reply is the CMD_RESPONSE (NULL for connect, register and
 * unregister) and @error is NULL; on failure @reply is NULL and @error is one sentence. @reply
 * is owned by the client and valid during the callback only.
 */
typedef void (*vici_client_reply_fn)(struct vici_client *c, const struct vici_msg *reply,
				     const char *error, void *user_data);
/** An event for a registered name; @event is valid during the callback only. */
typedef void (*vici_client_event_fn)(struct vici_client *c, const struct vici_msg *event,
				     void *user_data);
/** The connection died; @reason is the sentence the pending calls got. */
typedef void (*vici_client_closed_fn)(struct vici_client *c, const char *reason, void *user_data);

/** A client for the unix socket at @socket_path (a path, or a "unix://" URI as in charon). */
struct vici_client *vici_client_new(const char *socket_path);
/** Closes the connection and frees the client; pending callbacks are not run. */
void vici_client_free(struct vici_client *c);
const char *vici_client_get_path(const struct vici_client *c);
bool vici_client_is_connected(const struct vici_client *c);

void vici_client_set_closed_handler(struct vici_client *c, vici_client_closed_fn fn,
				    void *user_data);

/** Connects; @done gets NULL/NULL on success or an error sentence. */
void vici_client_connect(struct vici_client *c, guint timeout_ms, vici_client_reply_fn done,
			 void *user_data);

/**
 * Queues a request built with vici_builder_new(VICI_CMD_REQUEST, name) and finished with
 * vici_builder_finish(); takes ownership of @request. @done gets the response, or an error
 * when charon does not know the command, the call timed out or the connection died.
 */
void vici_client_call(struct vici_client *c, GBytes *request, guint timeout_ms,
		      vici_client_reply_fn done, void *user_data);
/** vici_client_call() for a command without arguments. */
void vici_client_command(struct vici_client *c, const char *command, guint timeout_ms,
			 vici_client_reply_fn done, void *user_data);

/**
 * Registers @on_event for the events named @event (events may reach the handler before @done
 * reports the confirmation). @done gets an error if charon does not know the event.
 */
void vici_client_register(struct vici_client *c, const char *event, vici_client_event_fn on_event,
			  void *event_data, guint timeout_ms, vici_client_reply_fn done,
			  void *user_data);
/** Unregisters; the handler is removed at once, charon confirms later. @done may be NULL. */
void vici_client_unregister(struct vici_client *c, const char *event, guint timeout_ms,
			    vici_client_reply_fn done, void *user_data);

/**
 * Reads a command reply's "success"/"errmsg" pair: returns NULL if success=yes, else the
 * errmsg (or a stock phrase when charon gave none).
 */
const char *vici_client_reply_error(const struct vici_msg *reply);

/** True when the connection died because charon sent something that is not VICI (a reply
 * that does not parse, or of the wrong type): it answered, so never "did not answer". */
bool vici_client_malformed(const struct vici_client *c);
