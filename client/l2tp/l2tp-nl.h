/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tp-nl: the kernel's L2TP generic netlink family (l2tp_netlink), one of the two kernel data
 * paths behind l2tp-dataplane and internal to it. Each function returns 0 or -errno; the
 * caller turns errors into sentences.
 */
#pragma once

#include "l2tp-dataplane.h"

/* generic netlink "l2tp" (l2tp_netlink) */
struct l2tp_nl;
/** Resolves the family; -ENOENT if the kernel has none (no l2tp_netlink / CONFIG_L2TP_V3). */
int l2tp_nl_open(struct l2tp_nl **out);
void l2tp_nl_close(struct l2tp_nl *nl);
int l2tp_nl_tunnel_create(struct l2tp_nl *nl, const struct l2tp_dataplane_params *p);
int l2tp_nl_session_create(struct l2tp_nl *nl, const struct l2tp_dataplane_params *p);
int l2tp_nl_session_delete(struct l2tp_nl *nl, uint16_t tunnel_id, uint16_t session_id);
int l2tp_nl_tunnel_delete(struct l2tp_nl *nl, uint16_t tunnel_id);
