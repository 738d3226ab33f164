/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net-xfrm: removing the kernel IPsec state charon left for one connection.
 *
 * charon installs our ESP SAs and the udp/1701 policies in the kernel and removes them when it
 * tears a CHILD_SA down. When a private charon is killed it never does: the SAs and policies
 * outlive it, and the policies keep steering udp/1701 to the gateway into SAs that nobody
 * rekeys. net_xfrm_remove() deletes, over XFRM netlink, exactly the SAs between the two
 * addresses and the policies whose selector is UDP between them; per-socket policies (charon's
 * IKE bypass, a fail-closed L2TP socket) are not in the dump and die with their sockets.
 *
 * A live charon leaves one thing too. To offer IPComp (ipsec-ipcomp=yes) it reserves a CPI for
 * the inbound IPComp SA: a larval "proto comp" state from the gateway to us, reqid 0. When the
 * server declines IPComp (IKEv1 quick mode without the IPCOMP_SUPPORTED notify), strongSwan 5.9
 * leaves that reservation in place after the connection is gone, until the kernel drops it
 * (net.core.xfrm_acq_expires, 30 s). A disconnect must leave nothing behind, so after charon's
 * teardown net_xfrm_drop_comp_reservations() deletes such reservations between the gateway and
 * us. There is one connection per gateway (gateway-lock.h), so no other connection's state can
 * match.
 */
#pragma once

#include <sys/socket.h>

/**
 * Deletes the xfrm states between @local and @remote (either direction, any protocol) and the
 * xfrm policies (in, out, fwd) whose selector is UDP between them. Addresses are IPv4 or IPv6
 * text; a NULL @local is the address routing picks towards @remote. Returns how many entries
 * were deleted, or -errno.
 */
int net_xfrm_remove(const char *local, const char *remote);

/**
 * Deletes every IPComp state with reqid 0 from @gateway to @local (same family). Returns the
 * number deleted or -errno.
 */
int net_xfrm_drop_comp_reservations(const struct sockaddr *gateway, const struct sockaddr *local);
