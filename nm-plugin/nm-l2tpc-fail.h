/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nm-l2tpc-fail: end a connection attempt with a failure reason NetworkManager keeps.
 */
#pragma once

#include <NetworkManager.h>

/**
 * Ends the attempt with @reason: disconnects @plugin, and makes @reason the only failure the
 * plugin signals (libnm would add a CONNECT_FAILED of its own after it).
 */
void nm_l2tpc_fail(NMVpnServicePlugin *plugin, NMVpnPluginFailure reason);
