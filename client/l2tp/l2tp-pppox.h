/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tp-pppox: PPPoL2TP sockets (l2tp_ppp), the other kernel data path behind l2tp-dataplane
 * and internal to it.
 */
#pragma once

#include <stdbool.h>

#include "l2tp-dataplane.h"

/**
 * Connects a new PPPoL2TP socket: with session 0/0 it creates (legacy) the tunnel on the UDP
 * fd, otherwise it attaches to or creates the session. Returns the socket or -errno
 * (-EAFNOSUPPORT/-EPROTONOSUPPORT: no l2tp_ppp).
 */
int l2tp_pppox_connect(const struct l2tp_dataplane_params *p, bool tunnel_socket);
