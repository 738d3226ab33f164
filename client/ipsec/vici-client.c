// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Asynchronous VICI client (see vici-client.h). One read loop per connection parses framed
 * packets with vici-msg; a queue of calls keeps exactly one request on the wire.
 */
#include <errno.h>
#include <string.h>

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>

#include "l2tpc-log.h"
#include "vici-client.h"
#include "l2tpc-i18n.h"

#define LOG "vici"

enum vici_op_kind {
	VICI_OP_COMMAND,
	VICI_OP_REGISTER,
	VICI_OP_UNREGISTER,
};

struct vici_op {
	enum vici_op_kind kind;
	char *name; /* command or event name, for messages */
	GBytes *packet;
	vici_client_reply_fn done;
	void *user_data;
	guint timer;
	guint timeout_ms;
	struct vici_client *client;
};

struct vici_handler {
	vici_client_event_fn fn;
	void *user_data;
};

struct vici_client {
	int ref;
	bool freed; /* vici_client_free() ran; nothing calls back any more */
	bool dead;
	bool malformed; /* it died of a reply that was not VICI */
	char *path;
	GSocketConnection *conn;
	GCancellable *cancel;
	GQueue ops; /* struct vici_op *, head is on the wire once sent */
	bool head_sent;
	bool writing;
	GHashTable *handlers; /* event name -> struct vici_handler */
	vici_client_closed_fn closed_fn;
	void *closed_data;
	uint8_t header[VICI_HEADER_LEN];
	uint8_t *body;
	size_t body_len;
	/* connect */
	vici_client_reply_fn connect_done;
	void *connect_data;
	guint connect_timer;
};

static void vici_client_read_header(struct vici_client *c);
static void vici_client_pump(struct vici_client *c);

static struct vici_client *vici_client_ref(struct vici_client *c)
{
	c->ref++;
	return c;
}

static void vici_op_free(struct vici_op *op)
{
	if (op->timer)
		g_source_remove(op->timer);
	if (op->packet)
		g_bytes_unref(op->packet);
	g_free(op->name);
	g_free(op);
}

static void vici_client_unref(struct vici_client *c)
{
	if (--c->ref > 0)
		return;
	g_queue_clear_full(&c->ops, (GDestroyNotify)vici_op_free);
	if (c->connect_timer)
		g_source_remove(c->connect_timer);
	g_clear_object(&c->conn);
	g_clear_object(&c->cancel);
	g_hash_table_unref(c->handlers);
	g_free(c->body);
	g_free(c->path);
	g_free(c);
}

struct vici_client *vici_client_new(const char *socket_path)
{
	struct vici_client *c = g_new0(struct vici_client, 1);

	c->ref = 1;
	if (g_str_has_prefix(socket_path, "unix://"))
		socket_path += strlen("unix://");
	c->path = g_strdup(socket_path);
	c->cancel = g_cancellable_new();
	g_queue_init(&c->ops);
	c->handlers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return c;
}

const char *vici_client_get_path(const struct vici_client *c)
{
	return c->path;
}

bool vici_client_is_connected(const struct vici_client *c)
{
	return c->conn && !c->dead;
}

void vici_client_set_closed_handler(struct vici_client *c, vici_client_closed_fn fn,
				    void *user_data)
{
	c->closed_fn = fn;
	c->closed_data = user_data;
}

/* Tears the connection down and fails every pending call with @reason (one sentence). */
static void vici_client_die(struct vici_client *c, const char *reason)
{
	struct vici_op *op;
	g_autofree char *why = g_strdup(reason);

	if (c->dead)
		return;
	c->dead = true;
	l2tpc_debug(LOG, "%s: %s", c->path, why);
	g_cancellable_cancel(c->cancel);
	if (c->conn)
		g_io_stream_close(G_IO_STREAM(c->conn), NULL, NULL);
	vici_client_ref(c);
	if (c->connect_timer) {
		g_source_remove(c->connect_timer);
		c->connect_timer = 0;
	}
	if (c->connect_done && !c->freed) {
		vici_client_reply_fn fn = c->connect_done;

		c->connect_done = NULL;
		fn(c, NULL, why, c->connect_data);
	}
	while (!c->freed && (op = g_queue_pop_head(&c->ops))) {
		if (op->done)
			op->done(c, NULL, why, op->user_data);
		vici_op_free(op);
	}
	if (!c->freed && c->closed_fn)
		c->closed_fn(c, why, c->closed_data);
	vici_client_unref(c);
}

void vici_client_free(struct vici_client *c)
{
	if (!c)
		return;
	c->freed = true;
	c->dead = true;
	g_cancellable_cancel(c->cancel);
	if (c->conn)
		g_io_stream_close(G_IO_STREAM(c->conn), NULL, NULL);
	g_queue_clear_full(&c->ops, (GDestroyNotify)vici_op_free);
	g_queue_init(&c->ops);
	vici_client_unref(c);
}

/* ---- connect ---- */

static gboolean vici_client_connect_timeout(gpointer data)
{
	struct vici_client *c = data;

	c->connect_timer = 0;
	vici_client_die(c, _("charon's VICI socket did not accept the connection in time."));
	return G_SOURCE_REMOVE;
}

static void vici_client_connected(GObject *src, GAsyncResult *res, gpointer data)
{
	struct vici_client *c = data;
	g_autoptr(GError) err = NULL;
	GSocketConnection *conn = g_socket_client_connect_finish(G_SOCKET_CLIENT(src), res, &err);

	if (c->dead) {
		g_clear_object(&conn);
		vici_client_unref(c);
		return;
	}
	if (!conn) {
		g_autofree char *why = NULL;

		if (g_error_matches(err, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
			why = g_strdup_printf(
				_("No VICI socket at %s (charon or its vici plugin is "
				  "not running)."),
				c->path);
		else if (g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
			why = g_strdup_printf(_("Nothing listens on the VICI socket %s (charon "
						"stopped)."),
					      c->path);
		else
			why = g_strdup_printf(_("Cannot connect to the VICI socket %s: %s."),
					      c->path, err->message);
		vici_client_die(c, why);
		vici_client_unref(c);
		return;
	}
	c->conn = conn;
	if (c->connect_timer) {
		g_source_remove(c->connect_timer);
		c->connect_timer = 0;
	}
	vici_client_read_header(c);
	if (c->connect_done) {
		vici_client_reply_fn fn = c->connect_done;

		c->connect_done = NULL;
		fn(c, NULL, NULL, c->connect_data);
	}
	if (!c->dead)
		vici_client_pump(c);
	vici_client_unref(c);
}

void vici_client_connect(struct vici_client *c, guint timeout_ms, vici_client_reply_fn done,
			 void *user_data)
{
	g_autoptr(GSocketClient) sc = g_socket_client_new();
	g_autoptr(GSocketAddress) addr = g_unix_socket_address_new(c->path);

	g_return_if_fail(!c->conn && !c->connect_done);
	c->connect_done = done;
	c->connect_data = user_data;
	c->connect_timer = g_timeout_add(timeout_ms, vici_client_connect_timeout, c);
	g_socket_client_connect_async(sc, G_SOCKET_CONNECTABLE(addr), c->cancel,
				      vici_client_connected, vici_client_ref(c));
}

/* ---- reading ---- */

static void vici_client_dispatch(struct vici_client *c, const struct vici_msg *msg)
{
	struct vici_op *op = g_queue_peek_head(&c->ops);
	const char *error = NULL;
	g_autofree char *owned_error = NULL;

	if (msg->type == VICI_EVENT) {
		struct vici_handler *h = g_hash_table_lookup(c->handlers, msg->name);

		if (h)
			h->fn(c, msg, h->user_data);
		else
			l2tpc_trace(LOG, "unhandled event %s", msg->name);
		return;
	}
	if (!op || !c->head_sent) {
		vici_client_die(c, _("charon sent a VICI reply nobody asked for."));
		return;
	}
	switch (msg->type) {
	case VICI_CMD_RESPONSE:
		if (op->kind != VICI_OP_COMMAND)
			goto unexpected;
		break;
	case VICI_CMD_UNKNOWN:
		if (op->kind != VICI_OP_COMMAND)
			goto unexpected;
		error = owned_error = g_strdup_printf(
			_("charon does not know the VICI command '%s' (its vici plugin is too "
			  "old)."),
			op->name);
		break;
	case VICI_EVENT_CONFIRM:
		if (op->kind == VICI_OP_COMMAND)
			goto unexpected;
		break;
	case VICI_EVENT_UNKNOWN:
		if (op->kind == VICI_OP_COMMAND)
			goto unexpected;
		if (op->kind == VICI_OP_REGISTER)
			g_hash_table_remove(c->handlers, op->name);
		error = owned_error = g_strdup_printf(
			_("charon does not know the VICI event '%s' (its vici plugin is too old)."),
			op->name);
		break;
	default:
		goto unexpected;
	}
	g_queue_pop_head(&c->ops);
	c->head_sent = false;
	if (op->done)
		op->done(c, error || msg->type != VICI_CMD_RESPONSE ? NULL : msg, error,
			 op->user_data);
	vici_op_free(op);
	if (!c->dead)
		vici_client_pump(c);
	return;
unexpected:
	c->malformed = true;
	vici_client_die(c, _("charon answered a VICI request with a packet of the wrong type."));
}

static void vici_client_body_read(GObject *src, GAsyncResult *res, gpointer data)
{
	struct vici_client *c = data;
	g_autoptr(GError) err = NULL;
	gsize got = 0;
	struct vici_msg *msg = NULL;
	const char *why = NULL;
	bool ok = g_input_stream_read_all_finish(G_INPUT_STREAM(src), res, &got, &err);

	if (c->dead) {
		vici_client_unref(c);
		return;
	}
	if (!ok || got != c->body_len) {
		vici_client_die(c,
				_("charon closed the VICI connection in the middle of a packet."));
	} else if (vici_msg_parse(c->body, c->body_len, &msg, &why) < 0) {
		g_autofree char *s =
			g_strdup_printf(_("charon sent a malformed VICI packet (%s)."), why);

		c->malformed = true;
		vici_client_die(c, s);
	} else {
		g_clear_pointer(&c->body, g_free);
		if (l2tpc_log_enabled(L2TPC_LOG_TRACE)) {
			g_autofree char *s = vici_msg_to_string(msg, NULL);

			l2tpc_trace(LOG, "<- %s", s);
		}
		vici_client_dispatch(c, msg);
		vici_msg_free(msg);
		if (!c->dead)
			vici_client_read_header(c);
	}
	vici_client_unref(c);
}

static void vici_client_header_read(GObject *src, GAsyncResult *res, gpointer data)
{
	struct vici_client *c = data;
	g_autoptr(GError) err = NULL;
	gsize got = 0;
	bool ok = g_input_stream_read_all_finish(G_INPUT_STREAM(src), res, &got, &err);
	GInputStream *in;

	if (c->dead) {
		vici_client_unref(c);
		return;
	}
	if (!ok || got != VICI_HEADER_LEN) {
		vici_client_die(c, got == 0 && ok
					   ? _("charon closed the VICI connection (the daemon "
					       "stopped or restarted).")
					   : _("The VICI connection to charon broke."));
	} else if (vici_packet_frame_length(c->header, &c->body_len) < 0) {
		vici_client_die(c, _("charon sent a VICI packet with an invalid length."));
	} else {
		in = g_io_stream_get_input_stream(G_IO_STREAM(c->conn));
		c->body = g_malloc(c->body_len);
		g_input_stream_read_all_async(in, c->body, c->body_len, G_PRIORITY_DEFAULT,
					      c->cancel, vici_client_body_read, vici_client_ref(c));
	}
	vici_client_unref(c);
}

static void vici_client_read_header(struct vici_client *c)
{
	GInputStream *in = g_io_stream_get_input_stream(G_IO_STREAM(c->conn));

	g_input_stream_read_all_async(in, c->header, sizeof(c->header), G_PRIORITY_DEFAULT,
				      c->cancel, vici_client_header_read, vici_client_ref(c));
}

/* ---- writing ---- */

static void vici_client_written(GObject *src, GAsyncResult *res, gpointer data)
{
	struct vici_client *c = data;
	g_autoptr(GError) err = NULL;
	bool ok = g_output_stream_write_all_finish(G_OUTPUT_STREAM(src), res, NULL, &err);

	c->writing = false;
	if (!c->dead && !ok)
		vici_client_die(c, _("charon closed the VICI connection (the daemon stopped or "
				     "restarted)."));
	vici_client_unref(c);
}

/* Sends the head of the queue if nothing is on the wire. */
static void vici_client_pump(struct vici_client *c)
{
	struct vici_op *op = g_queue_peek_head(&c->ops);
	GOutputStream *out;
	gsize len;
	const void *data;

	if (!op || c->head_sent || !c->conn || c->dead)
		return;
	g_assert(!c->writing);
	c->head_sent = true;
	c->writing = true;
	l2tpc_debug(LOG, "-> %s %s",
		    op->kind == VICI_OP_COMMAND	   ? "command"
		    : op->kind == VICI_OP_REGISTER ? "register"
						   : "unregister",
		    op->name);
	out = g_io_stream_get_output_stream(G_IO_STREAM(c->conn));
	data = g_bytes_get_data(op->packet, &len);
	/* op->packet stays alive (and is wiped) until the op is freed after its reply. */
	g_output_stream_write_all_async(out, data, len, G_PRIORITY_DEFAULT, c->cancel,
					vici_client_written, vici_client_ref(c));
}

static gboolean vici_op_timeout(gpointer data)
{
	struct vici_op *op = data;
	struct vici_client *c = op->client;
	g_autofree char *why = g_strdup_printf(_("charon did not answer the VICI request '%s' "
						 "within %u s (the daemon hangs or dropped an "
						 "oversized reply)."),
					       op->name, (op->timeout_ms + 999) / 1000);

	op->timer = 0;
	vici_client_die(c, why);
	return G_SOURCE_REMOVE;
}

/* A call queued on a dead connection fails on its own, without a timeout. */
static gboolean vici_op_closed(gpointer data)
{
	struct vici_op *op = data;
	struct vici_client *c = op->client;
	g_autofree char *why = g_strdup_printf(_("The VICI connection to charon is closed; '%s' "
						 "was not sent."),
					       op->name);

	op->timer = 0;
	g_queue_remove(&c->ops, op);
	vici_client_ref(c);
	if (op->done)
		op->done(c, NULL, why, op->user_data);
	vici_op_free(op);
	vici_client_unref(c);
	return G_SOURCE_REMOVE;
}

static void vici_client_queue(struct vici_client *c, enum vici_op_kind kind, const char *name,
			      GBytes *packet, guint timeout_ms, vici_client_reply_fn done,
			      void *user_data)
{
	struct vici_op *op = g_new0(struct vici_op, 1);

	op->kind = kind;
	op->name = g_strdup(name);
	op->packet = packet;
	op->done = done;
	op->user_data = user_data;
	op->client = c;
	op->timeout_ms = timeout_ms;
	if (c->dead) {
		/* Report on the next iteration, like every other failure, never re-entrantly. */
		op->timer = g_idle_add(vici_op_closed, op);
		g_queue_push_tail(&c->ops, op);
		return;
	}
	op->timer = g_timeout_add(timeout_ms, vici_op_timeout, op);
	g_queue_push_tail(&c->ops, op);
	vici_client_pump(c);
}

void vici_client_call(struct vici_client *c, GBytes *request, guint timeout_ms,
		      vici_client_reply_fn done, void *user_data)
{
	gsize len;
	const uint8_t *p = g_bytes_get_data(request, &len);
	g_autofree char *name = NULL;

	/* The request was built by vici_builder: header, type 0, u8 name length, name. */
	g_return_if_fail(len > VICI_HEADER_LEN + 2 && p[VICI_HEADER_LEN] == VICI_CMD_REQUEST);
	name = g_strndup((const char *)p + VICI_HEADER_LEN + 2, p[VICI_HEADER_LEN + 1]);
	vici_client_queue(c, VICI_OP_COMMAND, name, request, timeout_ms, done, user_data);
}

void vici_client_command(struct vici_client *c, const char *command, guint timeout_ms,
			 vici_client_reply_fn done, void *user_data)
{
	GBytes *pkt = NULL;

	if (vici_builder_finish(vici_builder_new(VICI_CMD_REQUEST, command), &pkt, NULL) < 0)
		g_return_if_reached();
	vici_client_call(c, pkt, timeout_ms, done, user_data);
}

void vici_client_register(struct vici_client *c, const char *event, vici_client_event_fn on_event,
			  void *event_data, guint timeout_ms, vici_client_reply_fn done,
			  void *user_data)
{
	struct vici_handler *h = g_new0(struct vici_handler, 1);
	GBytes *pkt = NULL;

	if (vici_builder_finish(vici_builder_new(VICI_EVENT_REGISTER, event), &pkt, NULL) < 0) {
		g_free(h);
		g_return_if_reached();
	}
	h->fn = on_event;
	h->user_data = event_data;
	g_hash_table_replace(c->handlers, g_strdup(event), h);
	vici_client_queue(c, VICI_OP_REGISTER, event, pkt, timeout_ms, done, user_data);
}

void vici_client_unregister(struct vici_client *c, const char *event, guint timeout_ms,
			    vici_client_reply_fn done, void *user_data)
{
	GBytes *pkt = NULL;

	if (vici_builder_finish(vici_builder_new(VICI_EVENT_UNREGISTER, event), &pkt, NULL) < 0)
		g_return_if_reached();
	g_hash_table_remove(c->handlers, event);
	vici_client_queue(c, VICI_OP_UNREGISTER, event, pkt, timeout_ms, done, user_data);
}

const char *vici_client_reply_error(const struct vici_msg *reply)
{
	const char *errmsg;

	if (vici_node_is_yes(vici_msg_get(reply, "success")))
		return NULL;
	errmsg = vici_msg_get_str(reply, "errmsg");
	return errmsg && *errmsg ? errmsg : _("charon reported a failure without a reason");
}

bool vici_client_malformed(const struct vici_client *c)
{
	return c->malformed;
}
