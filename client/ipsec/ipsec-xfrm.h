/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec-xfrm: the one thing l2tpc removes from the kernel's IPsec state itself.
 *
 * To offer IPComp (ipsec-ipcomp=yes) charon reserves a CPI for the inbound IPComp SA: a larval
 * "proto comp" state from the gateway to us, reqid 0. When the server declines IPComp (IKEv1
 * quick mode without the IPCOMP_SUPPORTED notify), strongSwan 5.9 leaves that reservation in
 * place after the connection is gone, until the kernel drops it (net.core.xfrm_acq_expires,
 * 30 s). A disconnect must leave nothing behind, so after charon's teardown l2tpc deletes such
 * reservations between the gateway and us. There is one connection per gateway
 * (gateway-lock.h), so no other connection's state can match.
 */
#pragma once

#include <sys/socket.h>

/**
 * Deletes every IPComp state with reqid 0 from @gateway to @local (same family) over
 * NETLINK_XFRM. Returns the number deleted or -errno.
 */
int ipsec_xfrm_drop_comp_reservations(const struct sockaddr *gateway, const struct sockaddr *local);
