/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tp-dataplane: moves PPP frames of one established session, in the kernel when it can.
 *
 * The control plane (l2tp-tunnel, l2tp-session, l2tp-udp) owns the connected UDP socket and
 * the IDs; once the session is established (after ICCN, before LCP arrives) it opens the data
 * plane here. Three paths, chosen at run time in this order (docs/dataplane.md):
 *   netlink   generic-netlink family "l2tp" creates tunnel and session on the UDP socket, then
 *             a PPPoL2TP socket attaches to the session (needs l2tp_netlink + CONFIG_L2TP_V3);
 *   legacy    a PPPoL2TP tunnel socket (session 0/0) on the UDP fd creates the tunnel, a second
 *             one the session (needs only l2tp_ppp);
 *   userspace pppd on a pty, frames relayed through the tunnel's data handler (no l2tp_ppp).
 * One log line says which path was taken and why. The kernel paths give an AF_PPPOX socket for
 * pppd's "pppol2tp N"; the userspace path gives a pty and takes frames via
 * l2tp_dataplane_deliver(). Data sequencing follows the LNS (RFC 2661 5.4): the kernel mirrors
 * the S bit of received data in LAC mode, so only Sequencing Required forces send_seq.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "l2tp-relay.h"
#include "l2tpc-failure.h"

enum l2tp_dataplane_kind {
	L2TP_DATAPLANE_NETLINK,
	L2TP_DATAPLANE_LEGACY,
	L2TP_DATAPLANE_USERSPACE,
};

enum l2tp_dataplane_mode {
	L2TP_DATAPLANE_AUTO = 0,     /* netlink, then legacy, then userspace */
	L2TP_DATAPLANE_ONLY_NETLINK, /* for tests and the "dataplane" profile key */
	L2TP_DATAPLANE_ONLY_LEGACY,
	L2TP_DATAPLANE_ONLY_USERSPACE,
};

struct l2tp_nl;

/**
 * What the kernel offers, looked up before the session exists: both lookups can make the kernel
 * load a module (a modprobe run each, slow on a cold machine) and should not sit between ICCN
 * and pppd. Filled by l2tp_dataplane_probe_run(), which may run in another thread.
 */
struct l2tp_dataplane_probe {
	bool done;
	struct l2tp_nl *nl; /* generic netlink "l2tp", resolved; NULL: nl_err says why */
	int nl_err;
	int pppox_err; /* 0: PPPoL2TP sockets exist (l2tp_ppp); else socket()'s -errno */
};

/** Looks up what @mode may use (nothing for ONLY_USERSPACE). */
void l2tp_dataplane_probe_run(enum l2tp_dataplane_mode mode, struct l2tp_dataplane_probe *out);
/** True when @mode with what @probe found will give pppd a PPPoL2TP socket (a kernel path). */
bool l2tp_dataplane_probe_kernel(enum l2tp_dataplane_mode mode,
				 const struct l2tp_dataplane_probe *probe);
void l2tp_dataplane_probe_clear(struct l2tp_dataplane_probe *probe);

struct l2tp_dataplane_params {
	int udp_fd; /* bound and connected to the LNS; not taken (the control plane owns it) */
	uint16_t tunnel_id, peer_tunnel_id;
	uint16_t session_id, peer_session_id;
	struct sockaddr_storage peer; /* the LNS address the UDP socket is connected to */
	socklen_t peer_len;
	bool send_seq; /* the LNS sent Sequencing Required: always set the S bit */
	unsigned mtu;  /* informational, for the log */
	enum l2tp_dataplane_mode mode;
	/* userspace path: where frames from pppd go (the tunnel's l2tp_tunnel_send_data()) */
	l2tp_relay_send_fn send;
	void *send_data;
	/* optional: l2tp_dataplane_probe_run()'s result; open() takes its netlink handle */
	struct l2tp_dataplane_probe *probe;
};

struct l2tp_dataplane;

/**
 * Opens the data plane. Returns 0, or -errno with @f set to the sentence of the last path that
 * failed (all paths failed, or the forced one did).
 */
int l2tp_dataplane_open(const struct l2tp_dataplane_params *p, struct l2tp_dataplane **out,
			struct l2tpc_failure *f);

enum l2tp_dataplane_kind l2tp_dataplane_get_kind(const struct l2tp_dataplane *dp);
const char *l2tp_dataplane_kind_name(enum l2tp_dataplane_kind kind);

/** Kernel paths: the PPPoL2TP session socket for pppd ("pppol2tp N"); -1 on userspace. */
int l2tp_dataplane_pppox_fd(const struct l2tp_dataplane *dp);
/** Userspace path: the pty slave for pppd; NULL on kernel paths. */
const char *l2tp_dataplane_pty_path(const struct l2tp_dataplane *dp);
/** Userspace path: one PPP frame from the network (L2TP header removed) to pppd. */
int l2tp_dataplane_deliver(struct l2tp_dataplane *dp, const uint8_t *frame, size_t len);

/**
 * Tears down what open created: closes the PPPoL2TP sockets, deletes the netlink session and
 * tunnel, stops the relay. The kernel session ends once pppd has closed its copy too; a legacy
 * tunnel ends when the control plane closes the UDP socket. NULL is fine.
 */
void l2tp_dataplane_close(struct l2tp_dataplane *dp);
