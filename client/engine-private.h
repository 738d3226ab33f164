/* SPDX-License-Identifier: GPL-2.0-or-later */
/* engine-private: the engine's state, shared by engine*.c only. */
#pragma once

#include <stdbool.h>

#include <gio/gio.h>

#include "net-local.h"
#include "engine.h"
#include "l2tp-dataplane.h"
#include "l2tp-tunnel.h"
#include "net-route.h"
#include "ppp-supervisor.h"

struct l2tp_udp;
struct l2tp_dataplane;
struct engine_ipsec;

struct l2tpc_engine {
	const struct l2tpc_profile *profile;
	struct l2tpc_engine_options opts; /* rundir owned */
	struct l2tpc_engine_ops ops;
	void *ud;

	enum l2tpc_phase phase;
	struct l2tpc_failure failure;	       /* the first cause */
	struct l2tpc_failure failure_fallback; /* used if teardown finds no better cause */
	char *ipsec_name;
	GCancellable *cancel;

	struct net_addr gw, local;
	int gw_lock_fd; /* gateway-lock.h; -1 when not held */
	struct net_route_set routes_host, routes_default;

	struct engine_ipsec *ipsec;
	struct l2tp_udp *udp;
	struct l2tp_io io;
	struct l2tp_tunnel *tunnel;
	struct l2tp_dataplane *dp;
	GThread *probe_thread; /* fills probe; joined before the data plane opens */
	struct l2tp_dataplane_probe probe;
	struct ppp_supervisor *ppp;
	guint l2tp_start_id; /* the first SCCRQ waits L2TP_AFTER_IPSEC_MS after the SA is up */
	gint64 icrq_sent_us, icrp_seen_us; /* one control round trip, for pppd's LCP resend */
	struct l2tpc_ip_config ip;

	bool resolving;
	bool tunnel_open, tunnel_stopping;
	bool ppp_running, ppp_stopping;
	bool tearing_down, stopped_reported;
};

void engine_set_phase(struct l2tpc_engine *e, enum l2tpc_phase phase, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);
void engine_fail(struct l2tpc_engine *e, const struct l2tpc_failure *f);
void engine_ppp_start_early(struct l2tpc_engine *e);

/* engine-routes.c */
int engine_gateway_lock(struct l2tpc_engine *e, struct l2tpc_failure *f);
void engine_gateway_unlock(struct l2tpc_engine *e);
int engine_routes_host(struct l2tpc_engine *e, struct l2tpc_failure *f);
void engine_routes_host_undo(struct l2tpc_engine *e);
int engine_routes_default(struct l2tpc_engine *e, struct l2tpc_failure *f);
void engine_routes_default_undo(struct l2tpc_engine *e);
/** The server's PPP address is the gateway's: check the gateway stays outside the tunnel. */
int engine_routes_check_peer(struct l2tpc_engine *e, const struct in_addr *peer,
			     struct l2tpc_failure *f);

/* engine-dataplane.c */
void engine_dataplane_probe_start(struct l2tpc_engine *e);
void engine_dataplane_probe_stop(struct l2tpc_engine *e);
/* Waits for the probe; true if the session will get a kernel data path (a PPPoL2TP socket). */
bool engine_dataplane_kernel_expected(struct l2tpc_engine *e);
int engine_dataplane_open(struct l2tpc_engine *e, const struct l2tp_session_info *info,
			  struct l2tpc_failure *f);
int engine_dataplane_ppp_fd(struct l2tpc_engine *e);
int engine_dataplane_tunnel_fd(struct l2tpc_engine *e);
/** The pty for pppd on the userspace path, else NULL. */
const char *engine_dataplane_pty(struct l2tpc_engine *e);
const char *engine_dataplane_name(struct l2tpc_engine *e);
void engine_dataplane_close(struct l2tpc_engine *e);
