// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Ending a dead l2tpc's IKE SAs with a DELETE (see ipsec-drain.h).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "ipsec-conn.h"
#include "ipsec-drain.h"
#include "l2tpc-log.h"
#include "vici-builder.h"
#include "vici-client.h"
#include "vici-sync.h"

#define LOG "ipsec"

static bool ipsec_drain_ours(const char *sa_name, const char *name)
{
	if (!sa_name)
		return false;
	return name ? strcmp(sa_name, name) == 0 : g_str_has_prefix(sa_name, IPSEC_CONN_PREFIX);
}

guint ipsec_drain_scan(const struct vici_msg *event, const char *name, GPtrArray *names)
{
	const struct vici_node *root = event ? event->root : NULL;
	guint connecting = 0;

	if (!event || event->type != VICI_EVENT || g_strcmp0(event->name, "list-sa") != 0)
		return 0;
	/* one section per IKE SA, named after its connection */
	for (guint i = 0; i < vici_node_count(root); i++) {
		const struct vici_node *sa = vici_node_child(root, i);

		if (sa->type != VICI_NODE_SECTION || !ipsec_drain_ours(sa->name, name))
			continue;
		if (!g_ptr_array_find_with_equal_func(names, sa->name, g_str_equal, NULL))
			g_ptr_array_add(names, g_strdup(sa->name));
		if (g_strcmp0(vici_node_get_str(sa, "state"), "CONNECTING") == 0)
			connecting++;
	}
	return connecting;
}

struct ipsec_drain_list {
	const char *name;
	GPtrArray *names;
	guint connecting;
};

static void ipsec_drain_on_sa(const struct vici_msg *event, void *data)
{
	struct ipsec_drain_list *l = data;

	l->connecting += ipsec_drain_scan(event, l->name, l->names);
}

/* One request @pkt on @fd: 0 when charon said yes, else -errno (logged). */
static int ipsec_drain_send(int fd, GBytes *pkt, const char *what, struct ipsec_drain_list *l)
{
	_vici_msg_auto_ struct vici_msg *reply = NULL;
	int r;

	if (!pkt)
		return -EINVAL;
	r = vici_sync_call(fd, pkt, g_get_monotonic_time() + IPSEC_DRAIN_CALL_MS * 1000,
			   l ? ipsec_drain_on_sa : NULL, l, &reply);
	if (r < 0) {
		l2tpc_debug(LOG, "drain: %s: %s", what, g_strerror(-r));
		return r;
	}
	if (reply->type == VICI_EVENT_CONFIRM)
		return 0;
	if (reply->type != VICI_CMD_RESPONSE) {
		l2tpc_debug(LOG, "drain: %s: charon answered %s", what,
			    vici_packet_type_name(reply->type));
		return -EPROTO;
	}
	/* list-sas answers with an empty message, a command with success=yes or an errmsg */
	if (!l && vici_client_reply_error(reply)) {
		l2tpc_debug(LOG, "drain: %s: %s", what, vici_client_reply_error(reply));
		return -EPROTO;
	}
	return 0;
}

/* ipsec_drain_send with the request built from @b. */
static int ipsec_drain_call(int fd, struct vici_builder *b, const char *what,
			    struct ipsec_drain_list *l)
{
	g_autoptr(GBytes) pkt = NULL;

	if (vici_builder_finish(b, &pkt, NULL) < 0)
		return -EINVAL;
	return ipsec_drain_send(fd, pkt, what, l);
}

/* Lists the IKE SAs of @l->name into @l: 0 or -errno. */
static int ipsec_drain_list(int fd, struct ipsec_drain_list *l)
{
	struct vici_builder *b = vici_builder_new(VICI_CMD_REQUEST, "list-sas");

	if (l->name)
		vici_builder_add_str(b, "ike", l->name);
	l->connecting = 0;
	return ipsec_drain_call(fd, b, "list-sas", l);
}

static void ipsec_drain_terminate(int fd, const char *name)
{
	g_autoptr(GBytes) pkt = ipsec_conn_build_terminate(name, IPSEC_DRAIN_CALL_MS / 2);

	if (ipsec_drain_send(fd, pkt, "terminate", NULL) == 0)
		l2tpc_info(LOG, "%s: IKE SA ended, the server told", name);
}

int ipsec_drain(const char *socket_path, const char *name, bool terminate)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	struct ipsec_drain_list l = { .name = name, .names = names };
	gint64 start = g_get_monotonic_time();
	gint64 until = start + IPSEC_DRAIN_WAIT_MS * 1000;
	const char *who = name ? name : "the orphaned private charon";
	bool waited = false;
	int fd = vici_sync_connect(socket_path);
	int r;

	if (fd < 0) {
		l2tpc_debug(LOG, "drain: cannot reach charon at %s: %s", socket_path,
			    g_strerror(-fd));
		return fd;
	}
	/* charon streams list-sas results as list-sa events, sent only to registered clients */
	r = ipsec_drain_call(fd, vici_builder_new(VICI_EVENT_REGISTER, "list-sa"), "register",
			     NULL);
	while (r == 0) {
		r = ipsec_drain_list(fd, &l);
		if (r < 0 || !l.connecting)
			break;
		if (g_get_monotonic_time() >= until) {
			l2tpc_warn(
				LOG,
				"%s: the IKE exchange with the server was still under way after "
				"%d s; the server may keep its IKE SA with this computer until its "
				"dead-peer detection ends it, which needs nothing from you.",
				who, IPSEC_DRAIN_WAIT_MS / 1000);
			r = -ETIMEDOUT;
			break;
		}
		if (!waited)
			l2tpc_info(
				LOG,
				"%s: an IKE exchange is under way; waiting up to %d s for it, to "
				"end it with a DELETE the server hears",
				who, IPSEC_DRAIN_WAIT_MS / 1000);
		waited = true;
		g_usleep(IPSEC_DRAIN_POLL_MS * 1000);
	}
	if (waited && r == 0)
		l2tpc_info(LOG, "%s: the IKE exchange ended after %d ms", who,
			   (int)((g_get_monotonic_time() - start) / 1000));
	if (terminate && (r == 0 || r == -ETIMEDOUT))
		for (guint i = 0; i < names->len; i++)
			ipsec_drain_terminate(fd, names->pdata[i]);
	close(fd);
	return r < 0 ? r : (int)names->len;
}
