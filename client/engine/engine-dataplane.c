// SPDX-License-Identifier: GPL-2.0-or-later
/* engine-dataplane: hands the established session to the kernel (or the userspace relay). */
#include <errno.h>
#include <string.h>

#include "engine-dataplane.h"
#include "l2tp-dataplane.h"
#include "l2tp-udp.h"

struct engine_dataplane {
	enum l2tp_dataplane_mode mode;
	GThread *probe_thread; /* fills probe; joined before the data plane opens */
	struct l2tp_dataplane_probe probe;
	struct l2tp_udp *udp;	    /* borrowed while open */
	struct l2tp_tunnel *tunnel; /* borrowed while open */
	struct l2tp_dataplane *dp;
};

static const enum l2tp_dataplane_mode modes[] = {
	[L2TP_DATAPLANE_NETLINK] = L2TP_DATAPLANE_ONLY_NETLINK,
	[L2TP_DATAPLANE_LEGACY] = L2TP_DATAPLANE_ONLY_LEGACY,
	[L2TP_DATAPLANE_USERSPACE] = L2TP_DATAPLANE_ONLY_USERSPACE,
};

struct engine_dataplane *engine_dataplane_new(int kind)
{
	struct engine_dataplane *dp = g_new0(struct engine_dataplane, 1);

	dp->mode =
		kind >= 0 && (size_t)kind < G_N_ELEMENTS(modes) ? modes[kind] : L2TP_DATAPLANE_AUTO;
	return dp;
}

static int relay_send(const uint8_t *frame, size_t len, void *ud)
{
	struct engine_dataplane *dp = ud;

	return dp->tunnel ? l2tp_tunnel_send_data(dp->tunnel, frame, len) : -ENOTCONN;
}

static void data_from_tunnel(const uint8_t *ppp, size_t len, void *ud)
{
	struct engine_dataplane *dp = ud;

	if (dp->dp)
		l2tp_dataplane_deliver(dp->dp, ppp, len);
}

static gpointer engine_dataplane_probe_thread(gpointer data)
{
	struct engine_dataplane *dp = data;

	l2tp_dataplane_probe_run(dp->mode, &dp->probe);
	return NULL;
}

/* The kernel lookups (and the module loads they may cause) run while IPsec comes up. */
void engine_dataplane_probe_start(struct engine_dataplane *dp)
{
	if (!dp->probe_thread && !dp->probe.done)
		dp->probe_thread = g_thread_new("l2tpc-probe", engine_dataplane_probe_thread, dp);
}

static void engine_dataplane_probe_join(struct engine_dataplane *dp)
{
	if (dp->probe_thread)
		g_thread_join(g_steal_pointer(&dp->probe_thread));
}

bool engine_dataplane_kernel_expected(struct engine_dataplane *dp)
{
	engine_dataplane_probe_join(dp);
	return l2tp_dataplane_probe_kernel(dp->mode, &dp->probe);
}

int engine_dataplane_open(struct engine_dataplane *dp, struct l2tp_udp *udp,
			  struct l2tp_tunnel *tunnel, const struct l2tp_session_info *info,
			  unsigned mtu, struct l2tpc_failure *f)
{
	struct l2tp_dataplane_params p = { 0 };
	socklen_t len = 0;
	const struct sockaddr *peer = l2tp_udp_peer(udp, &len);
	int ret;

	p.udp_fd = l2tp_udp_fd(udp);
	p.tunnel_id = info->local_tunnel_id;
	p.peer_tunnel_id = info->peer_tunnel_id;
	p.session_id = info->local_session_id;
	p.peer_session_id = info->peer_session_id;
	if (len > sizeof(p.peer))
		len = sizeof(p.peer);
	memcpy(&p.peer, peer, len);
	p.peer_len = len;
	p.send_seq = info->sequencing_required;
	p.mtu = mtu;
	p.mode = dp->mode;
	engine_dataplane_probe_join(dp);
	p.probe = &dp->probe;
	p.send = relay_send;
	p.send_data = dp;
	dp->udp = udp;
	dp->tunnel = tunnel;
	ret = l2tp_dataplane_open(&p, &dp->dp, f);
	if (ret < 0)
		return ret;
	/* Data the kernel does not take (userspace path, or LCP before the kernel session
	 * exists) comes up through the tunnel and goes to pppd here. */
	l2tp_tunnel_set_data_handler(tunnel, data_from_tunnel, dp);
	return 0;
}

int engine_dataplane_ppp_fd(const struct engine_dataplane *dp)
{
	return dp->dp ? l2tp_dataplane_pppox_fd(dp->dp) : -1;
}

/*
 * The L2TP socket pppd must hold with the session socket (ppp_supervisor_config.tunnel_fd), or
 * -1. Only a kernel data path sends through the socket without us; only with IPsec does the
 * socket carry a policy that must outlive a killed l2tpc (docs/l2tp.md "Never in clear text").
 */
int engine_dataplane_tunnel_fd(const struct engine_dataplane *dp)
{
	if (!dp->dp || l2tp_dataplane_pppox_fd(dp->dp) < 0 || !l2tp_udp_esp_only(dp->udp))
		return -1;
	return l2tp_udp_fd(dp->udp);
}

const char *engine_dataplane_pty(const struct engine_dataplane *dp)
{
	return dp->dp ? l2tp_dataplane_pty_path(dp->dp) : NULL;
}

const char *engine_dataplane_name(const struct engine_dataplane *dp)
{
	return dp->dp ? l2tp_dataplane_kind_name(l2tp_dataplane_get_kind(dp->dp)) : "none";
}

void engine_dataplane_close(struct engine_dataplane *dp)
{
	if (dp->tunnel)
		l2tp_tunnel_set_data_handler(dp->tunnel, NULL, NULL);
	dp->tunnel = NULL;
	g_clear_pointer(&dp->dp, l2tp_dataplane_close);
}

void engine_dataplane_free(struct engine_dataplane *dp)
{
	if (!dp)
		return;
	engine_dataplane_close(dp);
	engine_dataplane_probe_join(dp);
	l2tp_dataplane_probe_clear(&dp->probe);
	g_free(dp);
}
