/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * engine-event: the events of a connection's state machine (engine.c). Each step (engine-*.c)
 * reports what happened to it as one of these, through the engine_event_fn it was given; the
 * engine adds START, STOP and SETTLED of its own. Private to client/engine/.
 */
#pragma once

#include <stdint.h>

#include "l2tpc-failure.h"

struct net_addr;
struct l2tp_session_info;
struct ppp_supervisor_ip4;

enum engine_event_type {
	ENGINE_EV_START,	    /* l2tpc_engine_start() */
	ENGINE_EV_STOP,		    /* l2tpc_engine_stop(), or a failure's teardown */
	ENGINE_EV_FAIL,		    /* a step failed outside its completion: the L2TP port moved */
	ENGINE_EV_RESOLVED,	    /* engine-resolve: .gw, or NULL with .failure */
	ENGINE_EV_IPSEC_INITIATING, /* engine-ipsec: IKE runs in charon now */
	ENGINE_EV_IPSEC_UP,	    /* engine-ipsec: up finished (.failure NULL: the SA is up) */
	ENGINE_EV_IPSEC_SETTLED,    /* the engine's wait after the SA is up is over */
	ENGINE_EV_IPSEC_DOWN,	    /* engine-ipsec: down finished */
	ENGINE_EV_IPSEC_LOST,	    /* engine-ipsec: the SA went away on its own */
	ENGINE_EV_TUNNEL_UP,	    /* engine-l2tp: SCCCN sent; .tunnel_ids */
	ENGINE_EV_SESSION_UP,	    /* engine-l2tp: ICCN sent; .session */
	ENGINE_EV_TUNNEL_CLOSED,    /* engine-l2tp: the tunnel is down (.failure NULL: we asked) */
	ENGINE_EV_PPP_AUTH_OK,	    /* engine-ppp: authenticated */
	ENGINE_EV_PPP_UP,	    /* engine-ppp: IPCP up; .ip4 */
	ENGINE_EV_PPP_DOWN,	    /* engine-ppp: pppd exited (.failure NULL: we asked) */
};

struct engine_event {
	enum engine_event_type type;
	const struct l2tpc_failure *failure;	 /* NULL: none */
	const struct net_addr *gw;		 /* RESOLVED */
	const struct l2tp_session_info *session; /* SESSION_UP */
	const struct ppp_supervisor_ip4 *ip4;	 /* PPP_UP */
	uint16_t tunnel_ids[2];			 /* TUNNEL_UP: ours, the server's */
};

/** How a step reports; @ev and what it points to live only during the call. */
typedef void (*engine_event_fn)(const struct engine_event *ev, void *ud);

/** Reports an event of @type with @failure only (unset counts as none). */
void engine_event_report(engine_event_fn fn, void *ud, enum engine_event_type type,
			 const struct l2tpc_failure *failure);
