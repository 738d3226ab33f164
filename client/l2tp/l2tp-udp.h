/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tp-udp: the real I/O under the L2TP control plane.
 *
 * One UDP socket per tunnel (IPv4 or IPv6, by the server's address family), bound to port 1701
 * or to an ephemeral port. It stays unconnected until the tunnel accepts the server's SCCRP
 * (struct l2tp_io.peer_confirmed), then connect()s to the address and port that SCCRP came from,
 * because an LNS may answer from a port other than 1701 (RFC 2661 8.1) and the kernel data path
 * needs a connected socket. Until then only datagrams from the server's IP address are let in.
 * A GSource on the default main context delivers datagrams; timers are g_timeout sources on
 * the monotonic clock. UDP checksums stay on (RFC 2661 8.1).
 *
 * See l2tp-tunnel.h for how an engine wires this to a tunnel and, later, to the data plane
 * (l2tp_udp_fd() is the socket to hand to the kernel once the session is up).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "l2tp-io.h"
#include "l2tpc-failure.h"

#define L2TP_UDP_PORT 1701 /* RFC 2661 8.1 */

struct l2tp_udp;

typedef void (*l2tp_udp_recv_fn)(const uint8_t *pkt, size_t len, void *user_data);
/** The server sent to our L2TP port from @port, outside the ports the IPsec SA covers. */
typedef void (*l2tp_udp_moved_fn)(uint16_t port, void *user_data);

/**
 * Creates the socket for a tunnel to @peer (its port is normally 1701). @port_1701 binds the
 * local end to 1701 (what Windows does and some servers' IPsec policies expect); otherwise an
 * ephemeral port (several clients behind one NAT need that). @esp_only (IPsec on) makes the
 * kernel block every datagram on the socket, both ways, from before bind() until
 * l2tp_udp_require_esp(). Returns NULL with @failure set.
 */
struct l2tp_udp *l2tp_udp_new(const struct sockaddr *peer, socklen_t peer_len, bool port_1701,
			      bool esp_only, struct l2tpc_failure *failure);
/** Closes the socket (which also ends any kernel tunnel bound to it) and removes its source. */
void l2tp_udp_free(struct l2tp_udp *u);

/** Datagrams from the server go to @fn (called from the default main context). */
void l2tp_udp_set_receiver(struct l2tp_udp *u, l2tp_udp_recv_fn fn, void *user_data);
/** Fills @io with this socket, the monotonic clock and g_timeout timers; @io->user_data = @u. */
void l2tp_udp_io_init(struct l2tp_udp *u, struct l2tp_io *io);
/** Sends one datagram to the server (struct l2tp_io.transmit). */
int l2tp_udp_transmit(const uint8_t *pkt, size_t len, void *user_data);
/** connect()s to the source of the last datagram received (struct l2tp_io.peer_confirmed). */
int l2tp_udp_lock_peer(struct l2tp_udp *u);

/**
 * Lets the socket carry only ESP transport-mode traffic of the SA with @reqid, both ways: a
 * per-socket kernel policy, so nothing the socket carries (control messages, and the data the
 * kernel sends through it) can cross the wire in clear text, whatever the code above does.
 */
int l2tp_udp_require_esp(struct l2tp_udp *u, uint32_t reqid, struct l2tpc_failure *failure);
/**
 * The SA with that reqid also carries IPComp (ipsec-ipcomp=yes, RFC 3173): the socket policy
 * then names IPComp inside ESP, as charon's own policies do. Call before l2tp_udp_require_esp().
 */
void l2tp_udp_set_ipcomp(struct l2tp_udp *u, bool ipcomp);
/** Blocks every datagram both ways (the SA is about to go: nothing may follow it in clear). */
int l2tp_udp_block(struct l2tp_udp *u);
bool l2tp_udp_esp_only(const struct l2tp_udp *u);
/**
 * Until l2tp_udp_unwatch_moves(): reports (once) a datagram from the server's address to our
 * port from a source port outside @lo..@hi, the server ports the SA covers. The socket's
 * policy drops such a datagram, so without this the tunnel would only time out; this names the
 * port at once. Nothing seen here reaches the tunnel. No-op for 0..65535.
 */
int l2tp_udp_watch_moves(struct l2tp_udp *u, uint16_t lo, uint16_t hi, l2tp_udp_moved_fn fn,
			 void *user_data);
void l2tp_udp_unwatch_moves(struct l2tp_udp *u);
/**
 * The UDP ports of a datagram read from a raw IPPROTO_UDP socket of @family (IPv4: with its
 * IP header; IPv6: from the UDP header on). Pure; returns 0 or -EINVAL.
 */
int l2tp_udp_parse_raw(int family, const uint8_t *pkt, size_t len, uint16_t *sport,
		       uint16_t *dport);

/** The socket, for the data plane. Still owned by @u. */
int l2tp_udp_fd(const struct l2tp_udp *u);
/** Whether the socket locked onto the server's answering port (RFC 2661 8.1); for the unit
 * tests, which check when that happens. */
bool l2tp_udp_is_connected(const struct l2tp_udp *u);
/** The server's address and port as currently used (its answering port once connected). */
const struct sockaddr *l2tp_udp_peer(const struct l2tp_udp *u, socklen_t *len);
uint16_t l2tp_udp_local_port(const struct l2tp_udp *u);
