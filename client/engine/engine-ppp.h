/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * engine-ppp: the engine's PPP step. One pppd (client/ppp/ppp-supervisor) with the profile's
 * options, started either on the open data path or early, while IKE runs, on a kernel data path
 * the probe predicted (its plugin then waits for the session socket, engine_ppp_attach()).
 * Private to client/engine/.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

#include "engine-event.h"
#include "engine.h"
#include "l2tpc-failure.h"
#include "ppp-supervisor.h"

struct l2tpc_profile;
struct engine_ppp;

/** The link pppd runs on. */
struct engine_ppp_link {
	const char *pty; /* the userspace path's pty, or NULL */
	int data_fd;	 /* the PPPoL2TP session socket, or -1 */
	int tunnel_fd;	 /* the L2TP socket pppd holds with it, or -1 (engine-dataplane.h) */
	gint64 rtt_us;	 /* one control round trip (engine_l2tp_call_rtt_us()), 0 unknown */
};

/**
 * @pppd_path and @plugin may be NULL (pppd from PATH, the installed plugin); borrowed. Reports
 * ENGINE_EV_PPP_AUTH_OK, _PPP_UP (IPCP) and _PPP_DOWN (pppd exited, once per successful start,
 * with why; after engine_ppp_stop() without a failure unless authentication failed first).
 */
struct engine_ppp *engine_ppp_new(const struct l2tpc_profile *profile, const char *pppd_path,
				  const char *plugin, engine_event_fn report, void *ud);
/** Kills a pppd still running (SIGKILL) and frees. */
void engine_ppp_free(struct engine_ppp *p);

/** Starts pppd on @link; @link NULL: early, the session socket follows with engine_ppp_attach().
 * 0, or -errno with @f set (then no ENGINE_EV_PPP_DOWN follows). */
int engine_ppp_start(struct engine_ppp *p, const struct engine_ppp_link *link,
		     struct l2tpc_failure *f);
/** Hands the early pppd its session socket; 0, or -errno with @f set. */
int engine_ppp_attach(struct engine_ppp *p, const struct engine_ppp_link *link,
		      struct l2tpc_failure *f);
/** Asks pppd to end (SIGTERM, then SIGKILL); ENGINE_EV_PPP_DOWN follows. */
void engine_ppp_stop(struct engine_ppp *p);
/** engine_ppp_stop() towards a server known dead or out of reach (ppp_supervisor_drop()). */
void engine_ppp_drop(struct engine_ppp *p);
/** True once pppd's LCP echo requests went unanswered: the server is dead. */
bool engine_ppp_peer_dead(const struct engine_ppp *p);
/** True once a start was tried (pppd never starts twice). */
bool engine_ppp_started(const struct engine_ppp *p);
/** True from a successful start until ENGINE_EV_PPP_DOWN. */
bool engine_ppp_running(const struct engine_ppp *p);
/** Fills @ip's interface, addresses and DNS servers from what IPCP gave. */
void engine_ppp_ip_config(const struct ppp_supervisor_ip4 *ip4, struct l2tpc_ip_config *ip);
/** pppd's pid while it runs, else 0. */
int engine_ppp_pid(const struct engine_ppp *p);
