// SPDX-License-Identifier: GPL-2.0-or-later
/* engine-dataplane: hands the established session to the kernel (or the userspace relay). */
#include <errno.h>
#include <string.h>

#include "engine-private.h"
#include "l2tp-dataplane.h"
#include "l2tp-udp.h"
#include "l2tpc-log.h"
#include "profile.h"

static const enum l2tp_dataplane_mode modes[] = {
	[L2TP_DATAPLANE_NETLINK] = L2TP_DATAPLANE_ONLY_NETLINK,
	[L2TP_DATAPLANE_LEGACY] = L2TP_DATAPLANE_ONLY_LEGACY,
	[L2TP_DATAPLANE_USERSPACE] = L2TP_DATAPLANE_ONLY_USERSPACE,
};

static int relay_send(const uint8_t *frame, size_t len, void *ud)
{
	struct l2tpc_engine *e = ud;

	return e->tunnel ? l2tp_tunnel_send_data(e->tunnel, frame, len) : -ENOTCONN;
}

static void data_from_tunnel(const uint8_t *ppp, size_t len, void *ud)
{
	struct l2tpc_engine *e = ud;

	if (e->dp)
		l2tp_dataplane_deliver(e->dp, ppp, len);
}

static enum l2tp_dataplane_mode engine_dataplane_mode(const struct l2tpc_engine *e)
{
	return e->opts.dataplane >= 0 && (size_t)e->opts.dataplane < G_N_ELEMENTS(modes)
		       ? modes[e->opts.dataplane]
		       : L2TP_DATAPLANE_AUTO;
}

static gpointer engine_dataplane_probe_thread(gpointer data)
{
	struct l2tpc_engine *e = data;

	l2tp_dataplane_probe_run(engine_dataplane_mode(e), &e->probe);
	return NULL;
}

/* The kernel lookups (and the module loads they may cause) run while IPsec comes up. */
void engine_dataplane_probe_start(struct l2tpc_engine *e)
{
	if (!e->probe_thread && !e->probe.done)
		e->probe_thread = g_thread_new("l2tpc-probe", engine_dataplane_probe_thread, e);
}

static void engine_dataplane_probe_join(struct l2tpc_engine *e)
{
	if (e->probe_thread)
		g_thread_join(g_steal_pointer(&e->probe_thread));
}

bool engine_dataplane_kernel_expected(struct l2tpc_engine *e)
{
	engine_dataplane_probe_join(e);
	return l2tp_dataplane_probe_kernel(engine_dataplane_mode(e), &e->probe);
}

void engine_dataplane_probe_stop(struct l2tpc_engine *e)
{
	engine_dataplane_probe_join(e);
	l2tp_dataplane_probe_clear(&e->probe);
}

int engine_dataplane_open(struct l2tpc_engine *e, const struct l2tp_session_info *info,
			  struct l2tpc_failure *f)
{
	struct l2tp_dataplane_params p = { 0 };
	int ret;

	p.udp_fd = l2tp_udp_fd(e->udp);
	p.tunnel_id = info->local_tunnel_id;
	p.peer_tunnel_id = info->peer_tunnel_id;
	p.session_id = info->local_session_id;
	p.peer_session_id = info->peer_session_id;
	{
		socklen_t len = 0;
		const struct sockaddr *peer = l2tp_udp_peer(e->udp, &len);

		if (len > sizeof(p.peer))
			len = sizeof(p.peer);
		memcpy(&p.peer, peer, len);
		p.peer_len = len;
	}
	p.send_seq = info->sequencing_required;
	p.mtu = e->profile->mtu;
	p.mode = engine_dataplane_mode(e);
	engine_dataplane_probe_join(e);
	p.probe = &e->probe;
	p.send = relay_send;
	p.send_data = e;
	ret = l2tp_dataplane_open(&p, &e->dp, f);
	if (ret < 0)
		return ret;
	/* Data the kernel does not take (userspace path, or LCP before the kernel session
	 * exists) comes up through the tunnel and goes to pppd here. */
	l2tp_tunnel_set_data_handler(e->tunnel, data_from_tunnel, e);
	return 0;
}

int engine_dataplane_ppp_fd(struct l2tpc_engine *e)
{
	return e->dp ? l2tp_dataplane_pppox_fd(e->dp) : -1;
}

/*
 * The L2TP socket pppd must hold with the session socket (ppp_supervisor_config.tunnel_fd), or
 * -1. Only a kernel data path sends through the socket without us; only with IPsec does the
 * socket carry a policy that must outlive a killed l2tpc (docs/l2tp.md "Never in clear text").
 */
int engine_dataplane_tunnel_fd(struct l2tpc_engine *e)
{
	if (!e->dp || l2tp_dataplane_pppox_fd(e->dp) < 0 || !l2tp_udp_esp_only(e->udp))
		return -1;
	return l2tp_udp_fd(e->udp);
}

const char *engine_dataplane_pty(struct l2tpc_engine *e)
{
	return e->dp ? l2tp_dataplane_pty_path(e->dp) : NULL;
}

const char *engine_dataplane_name(struct l2tpc_engine *e)
{
	return e->dp ? l2tp_dataplane_kind_name(l2tp_dataplane_get_kind(e->dp)) : "none";
}

void engine_dataplane_close(struct l2tpc_engine *e)
{
	if (e->tunnel)
		l2tp_tunnel_set_data_handler(e->tunnel, NULL, NULL);
	g_clear_pointer(&e->dp, l2tp_dataplane_close);
}
