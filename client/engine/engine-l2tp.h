/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * engine-l2tp: the engine's L2TP step. The UDP socket to the gateway's port 1701 (opened before
 * IPsec, which binds it to the SA), the control connection (SCCRQ) and the call (ICRQ), and the
 * hang-up; the tunnel itself is client/l2tp/l2tp-tunnel. Private to client/engine/.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "engine-event.h"
#include "net-resolve.h"
#include "l2tp-tunnel.h"
#include "l2tpc-failure.h"

struct l2tpc_profile;
struct l2tp_udp;
struct engine_l2tp;

/**
 * Opens the UDP socket to port 1701 of @gw (copied), from port 1701 unless the profile or
 * @ephemeral_port asks for another; it passes nothing until IPsec binds it when the profile uses
 * IPsec. Returns NULL with @f set. Reports ENGINE_EV_TUNNEL_UP (SCCCN sent), _SESSION_UP (ICCN
 * sent: the data path can open) and _TUNNEL_CLOSED (once per start; no failure after
 * engine_l2tp_stop()).
 */
struct engine_l2tp *engine_l2tp_new(const struct l2tpc_profile *profile, const struct net_addr *gw,
				    bool ephemeral_port, engine_event_fn report, void *ud,
				    struct l2tpc_failure *f);
void engine_l2tp_free(struct engine_l2tp *l);

/** Sends SCCRQ; 0, or -errno with @f set (then no ENGINE_EV_TUNNEL_CLOSED follows). */
int engine_l2tp_start(struct engine_l2tp *l, struct l2tpc_failure *f);
/** Sends ICRQ once the tunnel is up; 0, or -errno with @f set. */
int engine_l2tp_start_session(struct engine_l2tp *l, struct l2tpc_failure *f);
/** CDN and StopCCN; ENGINE_EV_TUNNEL_CLOSED follows. */
void engine_l2tp_stop(struct engine_l2tp *l);
/** engine_l2tp_stop() towards a server known dead or out of reach (l2tp_tunnel_drop()). */
void engine_l2tp_drop(struct engine_l2tp *l);
/** True from a successful start until ENGINE_EV_TUNNEL_CLOSED. */
bool engine_l2tp_open(const struct engine_l2tp *l);

struct l2tp_udp *engine_l2tp_udp(const struct engine_l2tp *l);
/** The tunnel, NULL before the start. */
struct l2tp_tunnel *engine_l2tp_tunnel(const struct engine_l2tp *l);
uint16_t engine_l2tp_local_port(const struct engine_l2tp *l);
/** ICRQ to ICRP: one control round trip with the server's processing, 0 when not measured. */
gint64 engine_l2tp_call_rtt_us(const struct engine_l2tp *l);
