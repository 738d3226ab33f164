/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * engine-dataplane: the engine's data path step. A probe (in a short-lived thread, while IPsec
 * comes up) predicts whether the session will get a kernel data path; once the call is up, the
 * session goes to the kernel (PPPoL2TP) or to the userspace relay (a pty for pppd). Private to
 * client/engine/.
 */
#pragma once

#include <stdbool.h>

#include "l2tp-tunnel.h"
#include "l2tpc-failure.h"

struct l2tp_udp;
struct engine_dataplane;

/** @kind: -1 for auto, else enum l2tp_dataplane_kind (engine options' dataplane). */
struct engine_dataplane *engine_dataplane_new(int kind);
/** Closes the data path and joins the probe. */
void engine_dataplane_free(struct engine_dataplane *dp);

/** Starts the kernel lookups (and the module loads they may cause) in a thread. */
void engine_dataplane_probe_start(struct engine_dataplane *dp);
/** Waits for the probe; true if the session will get a kernel data path (a PPPoL2TP socket). */
bool engine_dataplane_kernel_expected(struct engine_dataplane *dp);

/** Opens the data path of the session @info of @tunnel over @udp (both borrowed until close). */
int engine_dataplane_open(struct engine_dataplane *dp, struct l2tp_udp *udp,
			  struct l2tp_tunnel *tunnel, const struct l2tp_session_info *info,
			  unsigned mtu, struct l2tpc_failure *f);
/** The PPPoL2TP session socket for pppd, or -1 (userspace path, or not open). */
int engine_dataplane_ppp_fd(const struct engine_dataplane *dp);
/** The L2TP socket pppd must hold with the session socket, or -1 (see the .c). */
int engine_dataplane_tunnel_fd(const struct engine_dataplane *dp);
/** The pty for pppd on the userspace path, else NULL. */
const char *engine_dataplane_pty(const struct engine_dataplane *dp);
/** "netlink", "legacy", "userspace", or "none" before open. */
const char *engine_dataplane_name(const struct engine_dataplane *dp);
/** Closes the data path (the probe stays); nothing when not open. */
void engine_dataplane_close(struct engine_dataplane *dp);
