/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net-xfrm: removing the kernel IPsec state a dead charon left for one connection.
 *
 * charon installs our ESP SAs and the udp/1701 policies in the kernel and removes them when it
 * tears a CHILD_SA down. When a private charon is killed it never does: the SAs and policies
 * outlive it, and the policies keep steering udp/1701 to the gateway into SAs that nobody
 * rekeys. net_xfrm_remove() deletes, over XFRM netlink, exactly the SAs between the two
 * addresses and the policies whose selector is UDP between them; per-socket policies (charon's
 * IKE bypass, a fail-closed L2TP socket) are not in the dump and die with their sockets.
 */
#pragma once

/**
 * Deletes the xfrm states between @local and @remote (either direction, any protocol) and the
 * xfrm policies (in, out, fwd) whose selector is UDP between them. Addresses are IPv4 or IPv6
 * text. Returns how many entries were deleted, or -errno.
 */
int net_xfrm_remove(const char *local, const char *remote);
